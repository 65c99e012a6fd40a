#include "engine/plan_permissions.h"

#include <gtest/gtest.h>

#include "engine/export.h"
#include "engine/plan.h"
#include "engine/planner.h"
#include "engine/render_text.h"
#include "engine/validation.h"
#include "tests/engine/inventory_fixtures.h"
#include "tests/engine/plan_test_support.h"

namespace vcshift {
namespace {

using testing::EmptyTarget;
using testing::Find;
using testing::PlanOf;
using testing::Planned;
using testing::Position;
using testing::SampleSource;
using Params = std::map<std::string, std::string>;

const std::string kConnections =
    "version: 1\nconnections:\n  source: {url: https://127.0.0.1:8989/sdk, user: u}\n"
    "  target: {url: https://127.0.0.1:8990/sdk, user: u}\n";
const std::string kCluster =
    "datacenters:\n  - name: DC1\n    vm_folders: [Web]\n    clusters:\n"
    "      - name: Cluster1\n        hosts: [esx-01.sim.local, esx-02.sim.local]\n";
// Every role and permission of the source, inherited.
const std::string kInherit = kConnections + kCluster + "        permissions: inherit\n" +
                             "    host_permissions: inherit\n    vm_permissions: inherit\n" +
                             "    folder_permissions: inherit\n    permissions: inherit\nroles: inherit\n";

// vCenter puts these in every role it makes.
const std::string kEvery = "System.Anonymous,System.Read,System.View";

// The sample source with a custom role AppOperator, a group's permission in it on Cluster1
// and on the VM folder Web, a ReadOnly one on esx-01 (this object only), AppOperator on
// vm-1 (on esx-01) and an Admin one on vm-2 (on esx-01).
Inventory WithPermissions(Inventory inventory) {
  inventory.roles = {{"AppOperator", {"System.Anonymous", "System.Read", "System.View", "VirtualMachine.Interact.PowerOn"}}};
  inventory.clusters[0].permissions = {{"VSPHERE.LOCAL\\app-admins", true, "AppOperator", true, true}};
  inventory.hosts[0].permissions = {{"VSPHERE.LOCAL\\ops", false, "ReadOnly", false, false}};
  inventory.vms[0].permissions = {{"VSPHERE.LOCAL\\alice", false, "AppOperator", true, false}};
  inventory.vms[1].permissions = {{"VSPHERE.LOCAL\\root-ops", false, "Admin", false, true}};
  inventory.datacenters[0].folder_permissions = {
      {"vm", "Web", {{"VSPHERE.LOCAL\\web-team", true, "AppOperator", true, true}}}};
  inventory.datacenters[0].permissions = {{"VSPHERE.LOCAL\\audit", true, "ReadOnly", false, true}};
  return inventory;
}

std::string Errors(const PlanResult& result) {
  std::string all;
  for (const auto& diagnostic : result.diagnostics) all += Format(diagnostic) + "\n";
  return all;
}

TEST(PlanPermissions, InheritCarriesTheRolesAndThePermissions) {
  const Plan plan = Planned(kInherit, WithPermissions(SampleSource()), EmptyTarget());
  const Action* role = Find(plan, "add_role:target:AppOperator");
  ASSERT_TRUE(role);
  EXPECT_EQ(role->params, (Params{{"privileges", kEvery + ",VirtualMachine.Interact.PowerOn"}}));
  const Action* cluster = Find(plan, "set_permissions:target:DC1/Cluster1");
  ASSERT_TRUE(cluster);
  EXPECT_EQ(cluster->params,
            (Params{{"type", "cluster"}, {"permission.VSPHERE.LOCAL\\app-admins", "group:propagate:AppOperator"}}));
  EXPECT_EQ(cluster->prior.at("permission.VSPHERE.LOCAL\\app-admins"), "");
  EXPECT_LT(Position(plan, "add_role:target:AppOperator"), Position(plan, cluster->id));
  const Action* host = Find(plan, "set_permissions:target:DC1/Cluster1/esx-01.sim.local");
  ASSERT_TRUE(host);
  EXPECT_EQ(host->params.at("permission.VSPHERE.LOCAL\\ops"), "user:here:ReadOnly");
  EXPECT_EQ(host->changes.front().after, "ReadOnly (this object only)");
  EXPECT_LT(Position(plan, "add_host:target:esx-01.sim.local"), Position(plan, host->id));
  ASSERT_TRUE(Find(plan, "set_permissions:target:DC1/vm-1"));
  const Action* folder = Find(plan, "set_permissions:target:DC1/vm/Web");
  ASSERT_TRUE(folder);
  EXPECT_EQ(folder->params.at("type"), "folder");
  EXPECT_EQ(folder->criticality, Criticality::Finishing);
}

// The datacenter's own permissions: set once the target's datacenter exists; the source's
// datacenter stays, so nothing is captured there.
TEST(PlanPermissions, TheDatacentersOwnPermissionsAreCarried) {
  const Plan plan = Planned(kInherit, WithPermissions(SampleSource()), EmptyTarget());
  const Action* dc = Find(plan, "set_permissions:target:DC1");
  ASSERT_TRUE(dc);
  EXPECT_EQ(dc->params, (Params{{"type", "datacenter"}, {"permission.VSPHERE.LOCAL\\audit", "group:propagate:ReadOnly"}}));
  EXPECT_LT(Position(plan, "create_datacenter:target:DC1"), Position(plan, dc->id));
  EXPECT_FALSE(Find(plan, "set_permissions:source:DC1"));
}

// vCenter drops a leaving host's permissions and its VMs': the source's are captured
// before the host disconnects (all but the Administrator ones removed), and the rollback
// sets them all again after the host is back.
TEST(PlanPermissions, TheSourcePermissionsComeBackWithARollback) {
  const Plan plan = Planned(kInherit, WithPermissions(SampleSource()), EmptyTarget());
  const std::string vm1 = "set_permissions:source:DC1/vm-1";
  const std::string vm2 = "set_permissions:source:DC1/vm-2";
  ASSERT_TRUE(Find(plan, vm1) && Find(plan, vm2));
  EXPECT_EQ(Find(plan, vm1)->params, (Params{{"type", "vm"}, {"permission.VSPHERE.LOCAL\\alice", ""}}));
  EXPECT_EQ(Find(plan, vm2)->params.at("permission.VSPHERE.LOCAL\\root-ops"), "user:propagate:Admin")
      << "the last Admin permission is never removed";
  EXPECT_LT(Position(plan, vm1), Position(plan, "disconnect_host:source:DC1/Cluster1/esx-01.sim.local"));
  const Plan rollback = RollbackPlan(plan);
  EXPECT_LT(Position(rollback, "undo:remove_host:source:DC1/Cluster1/esx-01.sim.local"),
            Position(rollback, "undo:" + vm1));
  const Action* undo = Find(rollback, "undo:" + vm2);
  ASSERT_TRUE(undo);
  EXPECT_EQ(undo->params, (Params{{"type", "vm"}, {"permission.VSPHERE.LOCAL\\root-ops", "user:propagate:Admin"}}));
}

TEST(PlanPermissions, PermissionsLeftBehindAreNoted) {
  const Plan plan = Planned(kConnections + kCluster, WithPermissions(SampleSource()), EmptyTarget());
  std::string notes;
  for (const auto& note : plan.notes) notes += note.message + "\n";
  EXPECT_NE(notes.find("3 permissions of the moving hosts and VMs not carried to the target: "), std::string::npos)
      << notes;
  EXPECT_NE(notes.find("DC1/vm-1: VSPHERE.LOCAL\\alice as AppOperator"), std::string::npos) << notes;
  for (const auto& warning : plan.warnings) {
    EXPECT_NE(warning.kind, "permissions");
    EXPECT_NE(warning.kind, "roles");
  }
}

TEST(PlanPermissions, NothingToDoOnceTheTargetHasThem) {
  Inventory target = WithPermissions(SampleSource());
  target.vcenter = EmptyTarget().vcenter;
  const Plan plan = Planned(kInherit, target, target);
  for (const auto& action : plan.actions) {
    EXPECT_NE(action.kind, ActionKind::AddRole) << action.id;
    EXPECT_NE(action.kind, ActionKind::SetPermissions) << action.id;
  }
}

// principal_mapping names a source principal as the target knows it.
TEST(PlanPermissions, AMappedPrincipalIsSetUnderItsTargetName) {
  const std::string yaml = kInherit + "principal_mapping:\n  - {source: 'VSPHERE.LOCAL\\alice', target: 'CORP\\alice'}\n";
  const Plan plan = Planned(yaml, WithPermissions(SampleSource()), EmptyTarget());
  const Action* vm = Find(plan, "set_permissions:target:DC1/vm-1");
  ASSERT_TRUE(vm);
  EXPECT_EQ(vm->params, (Params{{"type", "vm"}, {"permission.CORP\\alice", "user:here:AppOperator"}}));
  std::string notes;
  for (const auto& note : plan.notes) notes += note.message + "\n";
  EXPECT_EQ(notes.find("alice"), std::string::npos) << "carried under its mapped name: " << notes;
}

// A same-named role with other privileges changes only when declared; inherit leaves it.
TEST(PlanPermissions, ADifferingRoleIsUpdatedOnlyWhenDeclared) {
  Inventory target = EmptyTarget();
  target.roles = {{"AppOperator", {"System.Anonymous", "System.Read", "System.View"}}};
  const std::string declared =
      kConnections + "roles:\n  - {name: AppOperator, privileges: [VirtualMachine.Interact.PowerOn]}\n";
  const Plan plan = Planned(declared, WithPermissions(SampleSource()), target);
  const Action* update = Find(plan, "update_role:target:AppOperator");
  ASSERT_TRUE(update);
  EXPECT_EQ(update->params.at("privileges"), kEvery + ",VirtualMachine.Interact.PowerOn");
  EXPECT_EQ(update->prior.at("privileges"), kEvery);
  const Plan rollback = RollbackPlan(plan);
  const Action* undo = Find(rollback, "undo:update_role:target:AppOperator");
  ASSERT_TRUE(undo);
  EXPECT_EQ(undo->params.at("privileges"), kEvery);
  const Plan inherited = Planned(kConnections + "roles: inherit\n", WithPermissions(SampleSource()), target);
  EXPECT_FALSE(Find(inherited, "update_role:target:AppOperator"));
  ASSERT_FALSE(inherited.notes.empty());
  EXPECT_NE(inherited.notes.back().message.find("custom role 'AppOperator' has other privileges"), std::string::npos);
}

TEST(PlanPermissions, ASystemRoleIsNeverDeclared) {
  const PlanResult result =
      PlanOf(kConnections + "roles:\n  - {name: ReadOnly, privileges: [System.View]}\n", SampleSource(), EmptyTarget());
  EXPECT_FALSE(result.plan);
  EXPECT_NE(Errors(result).find("role 'ReadOnly' is one every vCenter has (a system role)"), std::string::npos)
      << Errors(result);
}

TEST(PlanPermissions, AnUnknownRoleIsRefusedByName) {
  const std::string yaml = kConnections + kCluster +
                           "        permissions: [{principal: 'VSPHERE.LOCAL\\ops', role: Nobody}]\n";
  const PlanResult result = PlanOf(yaml, SampleSource(), EmptyTarget());
  EXPECT_FALSE(result.plan);
  EXPECT_NE(Errors(result).find("role 'Nobody' (of VSPHERE.LOCAL\\ops on cluster 'DC1/Cluster1') is neither on the "
                                "target"),
            std::string::npos)
      << Errors(result);
}

// A declared permission that takes away an object's only Administrator permission is refused.
TEST(PlanPermissions, TheLastAdministratorPermissionIsNeverRemoved) {
  Inventory target = SampleSource();
  target.vcenter = EmptyTarget().vcenter;
  target.clusters[0].permissions = {{"VSPHERE.LOCAL\\root-ops", false, "Admin", false, true}};
  const std::string yaml = kConnections + kCluster +
                           "        permissions: [{principal: 'VSPHERE.LOCAL\\root-ops', role: ReadOnly}]\n";
  const PlanResult result = PlanOf(yaml, target, target);
  EXPECT_FALSE(result.plan);
  EXPECT_NE(Errors(result).find("the last Administrator permission on 'DC1/Cluster1' would go"), std::string::npos)
      << Errors(result);
  const std::string another = kConnections + kCluster +
                              "        permissions: [{principal: 'VSPHERE.LOCAL\\root-ops', role: ReadOnly},"
                              " {principal: 'VSPHERE.LOCAL\\admins', group: true, role: Admin}]\n";
  EXPECT_TRUE(PlanOf(another, target, target).plan) << "another Admin permission stays";
}

TEST(PlanPermissions, PermissionsOnAFolderTheTargetWillNotHaveAreRefused) {
  const std::string yaml = kConnections + "datacenters:\n  - name: DC1\n    folder_permissions:\n"
                           "      - {kind: vm, folder: Gone, permissions: [{principal: 'VSPHERE.LOCAL\\ops', role: ReadOnly}]}\n";
  const PlanResult result = PlanOf(yaml, SampleSource(), EmptyTarget());
  EXPECT_FALSE(result.plan);
  EXPECT_NE(Errors(result).find("permissions on vm folder 'Gone' of DC1: no such folder on the target, nor in vm_folders"),
            std::string::npos)
      << Errors(result);
}

// Export writes the roles and permissions; planned against the vCenter it came from,
// nothing changes.
TEST(PlanPermissions, AnExportConverges) {
  const Inventory inventory = WithPermissions(SampleSource());
  const std::string exported = ExportDesiredState(inventory);
  const LoadResult loaded = LoadDesiredStateText(exported, "exported.yaml");
  ASSERT_TRUE(loaded.state) << Format(loaded.diagnostics.front()) << exported;
  const PlanResult result = MakePlan(*loaded.state, inventory, inventory);
  ASSERT_TRUE(result.plan) << Errors(result);
  EXPECT_EQ(RenderText(*result.plan), "No changes.\n");
}

// The sample source with permissions on DSwitch1, its port group pg-vm, Cluster1's pool
// Tier1 (a group's, and an Admin one) and the root folder.
Inventory WithObjectPermissions(Inventory inventory) {
  inventory = WithPermissions(std::move(inventory));
  inventory.clusters[0].pools = {{"Tier1", {}, {}}};
  inventory.clusters[0].pool_permissions = {
      {"Tier1",
       {{"VSPHERE.LOCAL\\dba", true, "AppOperator", true, true}, {"VSPHERE.LOCAL\\root-ops", false, "Admin", false, true}}}};
  inventory.switches[0].permissions = {{"VSPHERE.LOCAL\\net-admins", true, "ReadOnly", false, true}};
  inventory.switches[0].port_group_permissions = {{"pg-vm", {{"VSPHERE.LOCAL\\app-admins", true, "AppOperator", true, false}}}};
  inventory.root_permissions = {{"VSPHERE.LOCAL\\auditors", true, "ReadOnly", false, false}};
  return inventory;
}

// The export of `source`, pointed at the sample target; `cleanup` appended.
std::string Retargeted(const Inventory& source, const std::string& cleanup = "") {
  std::string text = ExportDesiredState(source);
  const std::string same = "  target: {same_as: source}\n";
  EXPECT_NE(text.find(same), std::string::npos) << text;
  text.replace(text.find(same), same.size(), "  target: {url: https://127.0.0.1:8990/sdk, user: u}\n");
  return text + cleanup;
}

// Permissions on a switch, a port group, a pool and the root folder: exported, then set
// on the target once each object is there (after its creation), each as its own type.
TEST(PlanPermissions, SwitchPortGroupPoolAndRootPermissionsAreCarried) {
  const Inventory source = WithObjectPermissions(SampleSource());
  const std::string exported = ExportDesiredState(source);
  EXPECT_NE(exported.find("permissions:\n  - {principal: 'VSPHERE.LOCAL\\auditors', group: true, role: ReadOnly, "
                          "propagate: false}"),
            std::string::npos)
      << exported;
  const Plan plan = Planned(Retargeted(source), source, EmptyTarget());
  const Action* dvs = Find(plan, "set_permissions:target:DC1/DSwitch1");
  ASSERT_TRUE(dvs);
  EXPECT_EQ(dvs->params, (Params{{"type", "dvs"}, {"permission.VSPHERE.LOCAL\\net-admins", "group:propagate:ReadOnly"}}));
  EXPECT_LT(Position(plan, "create_dvs:target:DC1/DSwitch1"), Position(plan, dvs->id));
  const Action* pg = Find(plan, "set_permissions:target:DC1/DSwitch1/pg-vm");
  ASSERT_TRUE(pg);
  EXPECT_EQ(pg->params, (Params{{"type", "portgroup"}, {"permission.VSPHERE.LOCAL\\app-admins", "group:here:AppOperator"}}));
  EXPECT_LT(Position(plan, "create_dvs_port_group:target:DC1/DSwitch1/pg-vm"), Position(plan, pg->id));
  EXPECT_LT(Position(plan, "add_role:target:AppOperator"), Position(plan, pg->id));
  const Action* pool = Find(plan, "set_permissions:target:DC1/Cluster1/Tier1");
  ASSERT_TRUE(pool);
  EXPECT_EQ(pool->params, (Params{{"type", "pool"},
                                  {"permission.VSPHERE.LOCAL\\dba", "group:propagate:AppOperator"},
                                  {"permission.VSPHERE.LOCAL\\root-ops", "user:propagate:Admin"}}));
  EXPECT_LT(Position(plan, "create_resource_pool:target:DC1/Cluster1/Tier1"), Position(plan, pool->id));
  const Action* root = Find(plan, "set_permissions:target:/");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->params, (Params{{"type", "root"}, {"permission.VSPHERE.LOCAL\\auditors", "group:here:ReadOnly"}}));
  EXPECT_EQ(root->prior.at("permission.VSPHERE.LOCAL\\auditors"), "") << "the rollback removes it again";
  // They stay on the source when the hosts leave: nothing to capture there.
  for (const auto& action : plan.actions) {
    if (action.kind == ActionKind::SetPermissions && action.side == Side::Source) {
      EXPECT_TRUE(action.params.at("type") == "host" || action.params.at("type") == "vm") << action.id;
    }
  }
}

// `permissions: inherit` under a switch, a port group and a pool, and at the top level,
// takes the source's of that object.
TEST(PlanPermissions, InheritTakesTheSourceObjectsPermissions) {
  const std::string yaml = kConnections + kCluster +
                           "        resource_pools: [{name: Tier1, permissions: inherit}]\n"
                           "    distributed_switches:\n      - name: DSwitch1\n        inherit: DSwitch1\n"
                           "        permissions: inherit\n        port_groups: [{name: pg-vm, vlan: 100, permissions: inherit}]\n"
                           "roles: inherit\npermissions: inherit\n";
  const Plan plan = Planned(yaml, WithObjectPermissions(SampleSource()), EmptyTarget());
  ASSERT_TRUE(Find(plan, "set_permissions:target:DC1/DSwitch1"));
  ASSERT_TRUE(Find(plan, "set_permissions:target:DC1/DSwitch1/pg-vm"));
  ASSERT_TRUE(Find(plan, "set_permissions:target:DC1/Cluster1/Tier1"));
  ASSERT_TRUE(Find(plan, "set_permissions:target:/"));
}

// A pool the cleanup destroys on the source takes its permissions along (vCenter deletes
// them with it): they are captured first, and the rollback, re-creating the pool, sets
// them all again.
TEST(PlanPermissions, AnEmptiedPoolsPermissionsComeBackWithARollback) {
  const Inventory source = [] {
    Inventory inventory = WithObjectPermissions(SampleSource());
    for (auto& vm : inventory.vms) vm.resource_pool = "Tier1";
    return inventory;
  }();
  const Plan plan =
      Planned(Retargeted(source, "cleanup: {remove_empty_resource_pools: true}\n"), source, EmptyTarget());
  const std::string capture = "set_permissions:source:DC1/Cluster1/Tier1";
  const Action* kept = Find(plan, capture);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->params, (Params{{"type", "pool"},
                                  {"permission.VSPHERE.LOCAL\\dba", ""},
                                  {"permission.VSPHERE.LOCAL\\root-ops", "user:propagate:Admin"}}));
  EXPECT_EQ(kept->criticality, Criticality::Cleanup);
  EXPECT_LT(Position(plan, "remove_host:source:DC1/Cluster1/esx-01.sim.local"), Position(plan, capture))
      << "captured only once the pool is emptied";
  EXPECT_LT(Position(plan, capture), Position(plan, "destroy_resource_pool:source:DC1/Cluster1/Tier1"));
  const Plan rollback = RollbackPlan(plan);
  EXPECT_LT(Position(rollback, "undo:destroy_resource_pool:source:DC1/Cluster1/Tier1"),
            Position(rollback, "undo:" + capture));
  EXPECT_EQ(Find(rollback, "undo:" + capture)->params.at("permission.VSPHERE.LOCAL\\dba"),
            "group:propagate:AppOperator");
}

// An export of all of them, planned against the vCenter it came from, changes nothing.
TEST(PlanPermissions, AnExportOfObjectPermissionsConverges) {
  const Inventory inventory = WithObjectPermissions(SampleSource());
  const LoadResult loaded = LoadDesiredStateText(ExportDesiredState(inventory), "exported.yaml");
  ASSERT_TRUE(loaded.state) << Format(loaded.diagnostics.front());
  const PlanResult result = MakePlan(*loaded.state, inventory, inventory);
  ASSERT_TRUE(result.plan) << Errors(result);
  EXPECT_EQ(RenderText(*result.plan), "No changes.\n");
}

}  // namespace
}  // namespace vcshift
