// Datacenters and folders: created, recognised when already there, undone, refused when
// they hold something, and vCenter's faults reported with their type.

#include <thread>
#include <vector>

#include "tests/vsphere/ops/ops_fixture.h"

namespace vcshift::vsphere {
namespace {

using Status = ActionResult::Status;

class DatacenterOpsTest : public OpsTest {};

TEST_F(DatacenterOpsTest, CreateDatacenterOnceThenAlreadyDoneThenUndone) {
  const Action create = Make(ActionKind::CreateDatacenter, Side::Target, "DC-new");
  const ActionResult first = Run(create);
  EXPECT_EQ(Outcome(first), "Done");
  EXPECT_EQ(Find(Side::Target, "DC-new").type, "Datacenter");
  EXPECT_EQ(Outcome(Run(create)), "AlreadyDone");

  const Action undo = InverseOf(create, first);
  EXPECT_EQ(Outcome(Run(undo)), "Done");
  EXPECT_TRUE(Find(Side::Target, "DC-new").empty());
  EXPECT_EQ(Outcome(Run(undo)), "AlreadyDone");
}

TEST_F(DatacenterOpsTest, ADatacenterHoldingHostsIsNotDestroyed) {
  const ActionResult result = Run(Make(ActionKind::DestroyDatacenter, Side::Source, "DC1"));
  EXPECT_EQ(result.status, Status::Failed);
  EXPECT_EQ(result.fault, "ResourceInUse");
  EXPECT_NE(result.message.find("DC1"), std::string::npos) << result.message;
  EXPECT_EQ(Find(Side::Source, "DC1").type, "Datacenter");
}

TEST_F(DatacenterOpsTest, CreateDatacenterFaultIsReportedWithItsType) {
  Inject("target", R"({"method":"CreateDatacenter","kind":"soap_fault","fault":"NoPermission","message":"Permission to perform this operation was denied."})");
  const ActionResult result = Run(Make(ActionKind::CreateDatacenter, Side::Target, "DC-denied"));
  EXPECT_EQ(result.status, Status::Failed);
  EXPECT_EQ(result.fault, "NoPermission");
  EXPECT_NE(result.message.find("Permission to perform this operation was denied."), std::string::npos)
      << result.message;
  EXPECT_FALSE(result.transient);
}

TEST_F(DatacenterOpsTest, AConnectionDroppedAfterTheChangeIsTransientAndTheRerunSeesItDone) {
  Inject("target", R"({"method":"CreateDatacenter","kind":"drop","execute":true})");
  const Action create = Make(ActionKind::CreateDatacenter, Side::Target, "DC-dropped");
  const ActionResult result = Run(create);
  EXPECT_EQ(result.status, Status::Failed);
  EXPECT_TRUE(result.transient) << result.fault << " " << result.message;
  EXPECT_EQ(Outcome(Run(create)), "AlreadyDone") << "the first attempt took effect; it is not made twice";
}

TEST_F(DatacenterOpsTest, FoldersParentsFirstThenAlreadyDoneThenUndone) {
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateDatacenter, Side::Target, "DC-f"))), "Done");
  const Action prod = Make(ActionKind::CreateFolder, Side::Target, "DC-f/host/Prod", {{"type", "host"}, {"path", "Prod"}});
  const Action web =
      Make(ActionKind::CreateFolder, Side::Target, "DC-f/host/Prod/Web", {{"type", "host"}, {"path", "Prod/Web"}});
  const Action vms = Make(ActionKind::CreateFolder, Side::Target, "DC-f/vm/Apps", {{"type", "vm"}, {"path", "Apps"}});
  const ActionResult made = Run(prod);
  EXPECT_EQ(Outcome(made), "Done");
  EXPECT_EQ(Outcome(Run(web)), "Done");
  EXPECT_EQ(Outcome(Run(vms)), "Done");
  EXPECT_EQ(Find(Side::Target, "DC-f/host/Prod/Web").type, "Folder");
  EXPECT_EQ(Find(Side::Target, "DC-f/vm/Apps").type, "Folder");
  EXPECT_EQ(Outcome(Run(web)), "AlreadyDone");

  const ActionResult refused = Run(InverseOf(prod, made));
  EXPECT_EQ(refused.fault, "ResourceInUse") << "Prod holds Web: " << Outcome(refused);
  EXPECT_EQ(Outcome(Run(Inverse(web))), "Done");
  EXPECT_EQ(Outcome(Run(InverseOf(prod, made))), "Done");
  EXPECT_TRUE(Find(Side::Target, "DC-f/host/Prod").empty());
  EXPECT_EQ(Outcome(Run(Inverse(web))), "AlreadyDone");
}

TEST_F(DatacenterOpsTest, AFolderWithoutItsParentIsRefused) {
  const ActionResult result = Run(Make(ActionKind::CreateFolder, Side::Target, "DC-none/host/X", {{"type", "host"}, {"path", "X"}}));
  EXPECT_EQ(result.fault, "NotFound") << Outcome(result);
}

TEST_F(DatacenterOpsTest, CreateFolderFaultIsReported) {
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateDatacenter, Side::Target, "DC-ff"))), "Done");
  Inject("target", R"({"method":"CreateFolder","kind":"soap_fault","fault":"InvalidName","message":"The name Bad is invalid"})");
  const ActionResult result =
      Run(Make(ActionKind::CreateFolder, Side::Target, "DC-ff/vm/Bad", {{"type", "vm"}, {"path", "Bad"}}));
  EXPECT_EQ(result.fault, "InvalidName") << Outcome(result);
  EXPECT_NE(result.message.find("The name Bad is invalid"), std::string::npos) << result.message;
}

// The executor runs independent actions on several threads through one runner.
TEST_F(DatacenterOpsTest, IndependentActionsRunInParallel) {
  constexpr int kActions = 8;
  const auto run_all = [](std::vector<ActionResult>& results) {
    std::vector<std::thread> threads;
    for (int i = 0; i < kActions; ++i) {
      threads.emplace_back([i, &results] {
        results[i] = Run(Make(ActionKind::CreateDatacenter, Side::Target, "DC-par-" + std::to_string(i)));
      });
    }
    for (auto& thread : threads) thread.join();
  };
  std::vector<ActionResult> first(kActions), second(kActions);
  run_all(first);
  run_all(second);
  for (int i = 0; i < kActions; ++i) {
    EXPECT_EQ(Outcome(first[i]), "Done") << i;
    EXPECT_EQ(Outcome(second[i]), "AlreadyDone") << i;
    EXPECT_EQ(Find(Side::Target, "DC-par-" + std::to_string(i)).type, "Datacenter");
  }
}

}  // namespace
}  // namespace vcshift::vsphere
