// VMs into VM folders.

#include "tests/vsphere/ops/ops_fixture.h"

namespace vcshift::vsphere {
namespace {

class VmOpsTest : public OpsTest {};

TEST_F(VmOpsTest, MoveVmToFolderCapturesTheFolderBeforeAndItsInverseMovesItBack) {
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateFolder, Side::Source, "DC1/vm/Apps", {{"type", "vm"}, {"path", "Apps"}}))), "Done");
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateFolder, Side::Source, "DC1/vm/Apps/Db", {{"type", "vm"}, {"path", "Apps/Db"}}))), "Done");
  const std::string before = Find(Side::Source, "DC1/vm/vm-3").empty() ? "Web" : "";
  const Action move = Make(ActionKind::MoveVmToFolder, Side::Source, "DC1/vm-3", {{"folder", "Apps/Db"}}, {{"folder", ""}});
  const ActionResult moved = Run(move);
  ASSERT_EQ(Outcome(moved), "Done");
  EXPECT_EQ(moved.captured.at("folder"), before);
  EXPECT_EQ(Find(Side::Source, "DC1/vm/Apps/Db/vm-3").type, "VirtualMachine");
  EXPECT_EQ(Outcome(Run(move)), "AlreadyDone");
  const Action back = InverseOf(move, moved);
  EXPECT_EQ(Outcome(Run(back)), "Done");
  EXPECT_EQ(Find(Side::Source, "DC1/vm/" + (before.empty() ? "" : before + "/") + "vm-3").type, "VirtualMachine");
  EXPECT_EQ(Outcome(Run(back)), "AlreadyDone");
}

TEST_F(VmOpsTest, AnUnknownVmOrFolderIsNotFound) {
  EXPECT_EQ(Run(Make(ActionKind::MoveVmToFolder, Side::Source, "DC1/vm-99", {{"folder", "Web"}})).fault, "NotFound");
  EXPECT_EQ(Run(Make(ActionKind::MoveVmToFolder, Side::Source, "DC1/vm-1", {{"folder", "Nowhere"}})).fault, "NotFound");
}

TEST_F(VmOpsTest, MoveVmFaultIsReported) {
  Inject("source", R"({"method":"MoveIntoFolder_Task","kind":"task_error","fault":"InvalidState","message":"The VM is being migrated."})");
  const ActionResult result = Run(Make(ActionKind::MoveVmToFolder, Side::Source, "DC1/vm-4", {{"folder", "Web"}}));
  EXPECT_EQ(result.fault, "InvalidState") << Outcome(result);
  EXPECT_NE(result.message.find("The VM is being migrated."), std::string::npos) << result.message;
}

}  // namespace
}  // namespace vcshift::vsphere
