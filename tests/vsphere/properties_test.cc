// Reading the simulated world through container views: the property values discovery
// will need arrive as the derived classes types.txt names.

#include "providers/vsphere/properties.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "providers/vsphere/session.h"
#include "soapH.h"
#include "tests/support/child_process.h"
#include "tests/support/simulator.h"
#include "tests/support/temp_dir.h"

namespace vcshift::vsphere {
namespace {

using testing::Simulator;

class PropertiesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    VCSHIFT_REQUIRE_SIMULATOR(sim_);
    const auto& vc = sim_.vcenter("source");
    ConnectOptions options;
    options.url = vc.url;
    options.user = vc.user;
    options.password = vc.password;
    options.tls.thumbprint = vc.thumbprint;
    auto session = Session::Open(options);
    ASSERT_TRUE(session) << Describe(session.fault());
    session_ = std::move(*session);
  }

  // Every object of `type` in the inventory: its `paths`, by object.
  std::map<std::string, std::map<std::string, const xsd__anyType*>> All(const std::string& type,
                                                                          const std::vector<std::string>& paths,
                                                                          const PropertySink& also = {}) {
    std::map<std::string, std::map<std::string, const xsd__anyType*>> seen;
    auto status = RetrieveAll(*session_, session_->content().root_folder, type, paths,
                              [&](const MoRef& object, const std::string& path, const xsd__anyType* value) {
                                seen[object.value][path] = nullptr;
                                if (also) also(object, path, value);
                              });
    EXPECT_TRUE(status) << Describe(status.fault());
    return seen;
  }

  Simulator sim_;
  std::unique_ptr<Session> session_;
};

std::string Text(const xsd__anyType* value) {
  auto* text = dynamic_cast<const xsd__string*>(value);
  return text ? text->__item : "";
}

TEST_F(PropertiesTest, HostsWithTheirStateAndNetwork) {
  std::set<std::string> names, states;
  int vmknics = 0, pnics = 0;
  bool summary = false;
  All("HostSystem", {"name", "runtime.connectionState", "config.network", "summary"},
      [&](const MoRef&, const std::string& path, const xsd__anyType* value) {
        if (path == "name") names.insert(Text(value));
        if (auto* state = dynamic_cast<const vim25__HostSystemConnectionState*>(value)) states.insert(state->__item);
        if (auto* network = dynamic_cast<const vim25__HostNetworkInfo*>(value)) {
          vmknics += static_cast<int>(network->vnic.size());
          pnics += static_cast<int>(network->pnic.size());
        }
        if (auto* list = dynamic_cast<const vim25__HostListSummary*>(value)) {
          summary = list->config && list->config->product && !list->config->product->version.empty();
        }
      });
  EXPECT_EQ(names, (std::set<std::string>{"esx-01.sim.local", "esx-02.sim.local"}));
  EXPECT_EQ(states, (std::set<std::string>{"connected"}));
  EXPECT_GE(vmknics, 2);
  EXPECT_GE(pnics, 4);
  EXPECT_TRUE(summary) << "HostListSummary with its product version";
}

TEST_F(PropertiesTest, ClusterGroupsAndRulesAreTheirDerivedTypes) {
  std::set<std::string> groups, rules;
  bool drs = false;
  All("ClusterComputeResource", {"name", "configurationEx"},
      [&](const MoRef&, const std::string&, const xsd__anyType* value) {
        auto* config = dynamic_cast<const vim25__ClusterConfigInfoEx*>(value);
        if (!config) return;
        drs = config->drsConfig && config->drsConfig->enabled && *config->drsConfig->enabled;
        for (const auto* group : config->group) {
          if (auto* vms = dynamic_cast<const vim25__ClusterVmGroup*>(group)) groups.insert(vms->name);
        }
        for (const auto* rule : config->rule) {
          if (auto* apart = dynamic_cast<const vim25__ClusterAntiAffinityRuleSpec*>(rule)) {
            rules.insert(*apart->name);
          }
        }
      });
  EXPECT_TRUE(drs);
  EXPECT_EQ(groups, (std::set<std::string>{"web"}));
  EXPECT_EQ(rules, (std::set<std::string>{"web-apart"}));
}

TEST_F(PropertiesTest, VirtualMachinesAndTheirNetworkCards) {
  std::set<std::string> names;
  int nics = 0;
  All("VirtualMachine", {"name", "config.hardware.device"},
      [&](const MoRef&, const std::string& path, const xsd__anyType* value) {
        if (path == "name") names.insert(Text(value));
        if (auto* devices = dynamic_cast<const vim25__ArrayOfVirtualDevice*>(value)) {
          for (const auto* device : devices->VirtualDevice) {
            if (dynamic_cast<const vim25__VirtualEthernetCard*>(device)) ++nics;
          }
        }
      });
  EXPECT_TRUE(names.count("vm-1") && names.count("vm-4")) << names.size();
  EXPECT_GE(nics, 4);
}

// vcsim answers everything in one page, whatever maxObjects says; fake_sdk.py's "paged"
// vCenter answers in two, and refuses any call without its session cookie.
TEST(Properties, ALargeInventoryComesInPagesWithTheSessionCookie) {
  vcshift::testing::TempDir dir("vsphere-paged");
  vcshift::testing::ChildProcess server({VCSHIFT_PYTHON3, VCSHIFT_FAKE_SDK, "paged", dir.path().string()});
  std::string why;
  const std::string port = server.ReadLine(std::chrono::seconds(30), why);
  ASSERT_FALSE(port.empty()) << why;
  ConnectOptions options;
  options.url = "https://127.0.0.1:" + port + "/sdk";
  options.tls.insecure = true;
  auto session = Session::Open(options);
  ASSERT_TRUE(session) << Describe(session.fault());
  std::set<std::string> names;
  auto status = RetrieveAll(**session, (*session)->content().root_folder, "Folder", {"name"},
                            [&](const MoRef&, const std::string&, const xsd__anyType* value) {
                              names.insert(Text(value));
                            });
  ASSERT_TRUE(status) << Describe(status.fault());
  EXPECT_EQ(names, (std::set<std::string>{"a", "b", "c"}));
}

}  // namespace
}  // namespace vcshift::vsphere
