// Roles and permissions: a custom role made, changed and removed; the permissions of an
// object set and removed, their previous ones captured for the inverse.

#include "providers/vsphere/authorization.h"
#include "providers/vsphere/ops/lookup.h"
#include "tests/vsphere/ops/ops_fixture.h"

namespace vcshift::vsphere {
namespace {

class PermissionsOpsTest : public OpsTest {
 protected:
  // The permissions set on the entity itself, as "principal=value".
  static std::vector<std::string> On(Side side, const MoRef& entity) {
    auto roles = RoleList(SessionOf(side));
    EXPECT_TRUE(roles);
    auto found = PermissionsOn(SessionOf(side), entity, roles ? *roles : std::vector<RoleEntry>{});
    EXPECT_TRUE(found);
    std::vector<std::string> all;
    for (const auto& permission : found ? *found : std::vector<InventoryPermission>{}) {
      all.push_back(permission.principal + "=" + (permission.group ? "group:" : "user:") +
                    (permission.propagate ? "propagate:" : "here:") + permission.role);
    }
    std::sort(all.begin(), all.end());
    return all;
  }
  static std::optional<RoleEntry> Role(Side side, const std::string& name) {
    auto roles = RoleList(SessionOf(side));
    for (const auto& role : roles ? *roles : std::vector<RoleEntry>{}) {
      if (role.name == name) return role;
    }
    return std::nullopt;
  }
};

const std::string kPrivileges = "System.Anonymous,System.Read,System.View,VirtualMachine.Interact.PowerOn";

// A role is made once (then AlreadyDone), changed (capturing the privileges before), and
// removed by the inverse; a system role is never touched.
TEST_F(PermissionsOpsTest, ARoleAndItsInverses) {
  const Action add = Make(ActionKind::AddRole, Side::Source, "AppOperator-ops", {{"privileges", kPrivileges}},
                          {{"privileges", kPrivileges}});
  ASSERT_EQ(Outcome(Run(add)), "Done");
  EXPECT_EQ(Outcome(Run(add)), "AlreadyDone");
  const std::string more = kPrivileges + ",VirtualMachine.Interact.PowerOff";
  const Action update = Make(ActionKind::UpdateRole, Side::Source, "AppOperator-ops", {{"privileges", more}},
                             {{"privileges", kPrivileges}});
  const ActionResult updated = Run(update);
  ASSERT_EQ(Outcome(updated), "Done");
  EXPECT_EQ(updated.captured.at("privileges"), kPrivileges);
  EXPECT_EQ(Role(Side::Source, "AppOperator-ops")->privileges.size(), 5u);
  EXPECT_EQ(Outcome(Run(InverseOf(update, updated))), "Done");
  EXPECT_EQ(Role(Side::Source, "AppOperator-ops")->privileges.size(), 4u);
  EXPECT_EQ(Outcome(Run(InverseOf(add, {}))), "Done");
  EXPECT_FALSE(Role(Side::Source, "AppOperator-ops"));
  EXPECT_EQ(Outcome(Run(InverseOf(add, {}))), "AlreadyDone");
  EXPECT_EQ(Run(Make(ActionKind::RemoveRole, Side::Source, "ReadOnly", {{"privileges", ""}})).fault, "InvalidArgument");
  EXPECT_TRUE(Role(Side::Source, "ReadOnly"));
}

// Permissions are set one principal at a time, others on the object left alone; the
// inverse puts back what was there ("" removes).
TEST_F(PermissionsOpsTest, PermissionsAndTheirInverse) {
  auto found = FindTyped(SessionOf(Side::Source), "vm", "DC1/vm-2");
  ASSERT_TRUE(found && found->type == "VirtualMachine");
  const MoRef vm = *found;
  const Action other = Make(ActionKind::SetPermissions, Side::Source, "DC1/vm-2",
                            {{"type", "vm"}, {"permission.VSPHERE.LOCAL\\keep", "user:propagate:ReadOnly"}});
  ASSERT_EQ(Outcome(Run(other)), "Done");
  const Action set = Make(ActionKind::SetPermissions, Side::Source, "DC1/vm-2",
                          {{"type", "vm"}, {"permission.VSPHERE.LOCAL\\ops", "group:here:Admin"}},
                          {{"type", "vm"}, {"permission.VSPHERE.LOCAL\\ops", ""}});
  const ActionResult done = Run(set);
  ASSERT_EQ(Outcome(done), "Done");
  EXPECT_EQ(done.captured.at("permission.VSPHERE.LOCAL\\ops"), "");
  EXPECT_EQ(On(Side::Source, vm), (std::vector<std::string>{"VSPHERE.LOCAL\\keep=user:propagate:ReadOnly",
                                                            "VSPHERE.LOCAL\\ops=group:here:Admin"}));
  EXPECT_EQ(Outcome(Run(set)), "AlreadyDone");
  EXPECT_EQ(Outcome(Run(InverseOf(set, done))), "Done");
  EXPECT_EQ(On(Side::Source, vm), (std::vector<std::string>{"VSPHERE.LOCAL\\keep=user:propagate:ReadOnly"}));
  const Action folder = Make(ActionKind::SetPermissions, Side::Source, "DC1/vm/",
                             {{"type", "folder"}, {"permission.VSPHERE.LOCAL\\web", "group:propagate:ReadOnly"}});
  EXPECT_EQ(Outcome(Run(folder)), "Done");
  EXPECT_EQ(On(Side::Source, Find(Side::Source, "DC1/vm")).size(), 1u);
}

TEST_F(PermissionsOpsTest, AMissingObjectOrRoleIsNotFound) {
  EXPECT_EQ(Run(Make(ActionKind::SetPermissions, Side::Source, "DC1/vm-99", {{"type", "vm"}})).fault, "NotFound");
  EXPECT_EQ(Run(Make(ActionKind::SetPermissions, Side::Source, "DC1/vm-1",
                     {{"type", "vm"}, {"permission.VSPHERE.LOCAL\\x", "user:propagate:Nobody"}}))
                .fault,
            "NotFound");
}

TEST_F(PermissionsOpsTest, SetEntityPermissionsFaultIsReported) {
  Inject("source", R"({"method":"SetEntityPermissions","kind":"soap_fault","fault":"NoPermission","message":"denied"})");
  const ActionResult result = Run(Make(ActionKind::SetPermissions, Side::Source, "DC1/vm-1",
                                       {{"type", "vm"}, {"permission.VSPHERE.LOCAL\\x", "user:propagate:ReadOnly"}}));
  EXPECT_EQ(result.fault, "NoPermission") << Outcome(result);
}

}  // namespace
}  // namespace vcshift::vsphere
