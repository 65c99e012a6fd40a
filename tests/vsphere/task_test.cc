// Tasks awaited through a property collector filter and WaitForUpdatesEx, and faults of
// operations, against the simulated vCenters.

#include "providers/vsphere/task.h"

#include <gtest/gtest.h>

#include "providers/vsphere/properties.h"
#include "providers/vsphere/session.h"
#include "providers/vsphere/vim25_values.h"
#include "soapH.h"
#include "tests/support/command.h"
#include "tests/support/simulator.h"

namespace vcshift::vsphere {
namespace {

using Clock = std::chrono::steady_clock;
using testing::SimulatedVCenter;
using testing::Simulator;

class TaskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    VCSHIFT_REQUIRE_SIMULATOR(sim_);
    const SimulatedVCenter& vc = sim_.vcenter("source");
    ConnectOptions options;
    options.url = vc.url;
    options.user = vc.user;
    options.password = vc.password;
    options.tls.thumbprint = vc.thumbprint;
    auto session = Session::Open(options);
    ASSERT_TRUE(session) << Describe(session.fault());
    session_ = std::move(*session);
  }

  void Inject(const std::string& rule) {
    const auto answer = testing::RunCommand("curl -s -X POST --data '" + rule + "' " +
                                            sim_.vcenter("source").control + "/faults");
    ASSERT_NE(answer.out.find("\"rules\""), std::string::npos) << answer.out;
  }

  Result<MoRef> CreateDatacenter(const std::string& name) {
    MoRef made;
    auto status = session_->Invoke("CreateDatacenter", Effect::Changes, name, [&](Channel& channel) {
      _vim25__CreateDatacenter request;
      request._USCOREthis = NewMor(channel.soap(), session_->content().root_folder);
      request.name = name;
      _vim25__CreateDatacenterResponse response;
      const int rc = soap_call___vim25__CreateDatacenter(channel.soap(), channel.endpoint(), channel.action(),
                                                         &request, response);
      made = ToMoRef(response.returnval);
      return rc;
    });
    if (!status) return status.fault();
    return made;
  }

  Result<MoRef> Rename(const MoRef& entity, const std::string& name) {
    MoRef task;
    auto status = session_->Invoke("Rename_Task", Effect::Changes, entity.value, [&](Channel& channel) {
      _vim25__Rename_USCORETask request;
      request._USCOREthis = NewMor(channel.soap(), entity);
      request.newName = name;
      _vim25__Rename_USCORETaskResponse response;
      const int rc = soap_call___vim25__Rename_USCORETask(channel.soap(), channel.endpoint(), channel.action(),
                                                          &request, response);
      task = ToMoRef(response.returnval);
      return rc;
    });
    if (!status) return status.fault();
    return task;
  }

  std::string NameOf(const MoRef& entity) {
    std::string name;
    RetrieveProperties(*session_, {entity}, entity.type, {"name"},
                       [&](const MoRef&, const std::string&, const xsd__anyType* value) {
                         if (auto* text = dynamic_cast<const xsd__string*>(value)) name = text->__item;
                       });
    return name;
  }

  Simulator sim_;
  std::unique_ptr<Session> session_;
};

TEST_F(TaskTest, ATaskIsAwaitedToSuccess) {
  auto dc = CreateDatacenter("DC-task");
  ASSERT_TRUE(dc) << Describe(dc.fault());
  auto task = Rename(*dc, "DC-renamed");
  ASSERT_TRUE(task) << Describe(task.fault());
  EXPECT_EQ(task->type, "Task");
  auto outcome = AwaitTask(*session_, *task, Clock::now() + std::chrono::seconds(30), "Rename_Task", "DC-task");
  ASSERT_TRUE(outcome) << Describe(outcome.fault());
  EXPECT_EQ(NameOf(*dc), "DC-renamed");
}

TEST_F(TaskTest, RunTaskStartsAndAwaits) {
  auto dc = CreateDatacenter("DC-run");
  ASSERT_TRUE(dc) << Describe(dc.fault());
  auto outcome = RunTask(*session_, "Rename_Task", "DC-run", Clock::now() + std::chrono::seconds(30),
                         [&](Channel& channel, MoRef& task) {
                           _vim25__Rename_USCORETask request;
                           request._USCOREthis = NewMor(channel.soap(), *dc);
                           request.newName = "DC-ran";
                           _vim25__Rename_USCORETaskResponse response;
                           const int rc = soap_call___vim25__Rename_USCORETask(
                               channel.soap(), channel.endpoint(), channel.action(), &request, response);
                           task = ToMoRef(response.returnval);
                           return rc;
                         });
  ASSERT_TRUE(outcome) << Describe(outcome.fault());
  EXPECT_EQ(NameOf(*dc), "DC-ran");
}

TEST_F(TaskTest, AFailedTaskGivesItsFault) {
  auto dc = CreateDatacenter("DC-busy");
  ASSERT_TRUE(dc) << Describe(dc.fault());
  Inject(R"({"method":"Rename_Task","kind":"task_error","fault":"InvalidState",)"
         R"("message":"The operation is not allowed in the current state.","seconds":1})");
  auto task = Rename(*dc, "DC-never");
  ASSERT_TRUE(task) << Describe(task.fault());
  const auto started = Clock::now();
  auto outcome = AwaitTask(*session_, *task, Clock::now() + std::chrono::seconds(30), "Rename_Task", "DC-busy");
  ASSERT_FALSE(outcome);
  EXPECT_GE(Clock::now() - started, std::chrono::milliseconds(900)) << "it was running for a second";
  EXPECT_EQ(outcome.fault().type, "InvalidState");
  EXPECT_EQ(outcome.fault().message, "The operation is not allowed in the current state.");
  EXPECT_EQ(outcome.fault().object, "DC-busy");
  EXPECT_EQ(outcome.fault().call, "Rename_Task");
}

TEST_F(TaskTest, ATaskErrorKeepsTheFaultsFields) {
  auto dc = CreateDatacenter("DC-cert");
  ASSERT_TRUE(dc) << Describe(dc.fault());
  Inject(R"({"method":"Rename_Task","kind":"task_error","fault":"SSLVerifyFault",)"
         R"("detail":{"selfSigned":true,"thumbprint":"a9:99:3e:36:47:06:81:6a:ba:3e:25:71:78:50:c2:6c:9c:d0:d8:9d"}})");
  auto task = Rename(*dc, "DC-x");
  ASSERT_TRUE(task);
  auto outcome = AwaitTask(*session_, *task, Clock::now() + std::chrono::seconds(30), "AddHost_Task", "esx-01");
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.fault().type, "SSLVerifyFault");
  EXPECT_EQ(outcome.fault().presented_thumbprint, "A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D");
}

TEST_F(TaskTest, ATaskStillRunningAtTheDeadlineIsATimeout) {
  auto dc = CreateDatacenter("DC-slow");
  ASSERT_TRUE(dc);
  Inject(R"({"method":"Rename_Task","kind":"task_error","fault":"InvalidState","seconds":10})");
  auto task = Rename(*dc, "DC-later");
  ASSERT_TRUE(task);
  auto outcome = AwaitTask(*session_, *task, Clock::now() + std::chrono::seconds(2), "Rename_Task", "DC-slow");
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.fault().type, "Timeout");
  EXPECT_NE(outcome.fault().message.find("still running"), std::string::npos) << outcome.fault().message;
}

TEST_F(TaskTest, ADuplicateNameIsAFaultNamingTheObject) {
  auto create_folder = [this](const std::string& name) {
    return session_->Invoke("CreateFolder", Effect::Changes, "", [&](Channel& channel) {
      _vim25__CreateFolder request;
      request._USCOREthis = NewMor(channel.soap(), session_->content().root_folder);
      request.name = name;
      _vim25__CreateFolderResponse response;
      return soap_call___vim25__CreateFolder(channel.soap(), channel.endpoint(), channel.action(), &request, response);
    });
  };
  ASSERT_TRUE(create_folder("Twice"));
  auto again = create_folder("Twice");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.fault().type, "DuplicateName") << Describe(again.fault());
  EXPECT_EQ(again.fault().object, "Twice") << "taken from the fault's name field";
  EXPECT_EQ(again.fault().call, "CreateFolder");
  EXPECT_EQ(Describe(again.fault()).find('<'), std::string::npos) << "no XML in front of a user";
}

TEST_F(TaskTest, AnInjectedSoapFaultOutsideTheSubsetKeepsItsType) {
  Inject(R"({"method":"CreateDatacenter","kind":"soap_fault","fault":"LicenseExpired","message":"License expired"})");
  auto made = CreateDatacenter("DC-licensed");
  ASSERT_FALSE(made);
  EXPECT_EQ(made.fault().type, "LicenseExpired") << Describe(made.fault());
  EXPECT_EQ(made.fault().message, "License expired");
}

}  // namespace
}  // namespace vcshift::vsphere
