// Roles and permissions in the desired state (issue 17, step 2): what export writes,
// what the loader reads back, and what validate refuses.

#include "engine/permissions.h"

#include <gtest/gtest.h>

#include "engine/export.h"
#include "engine/planner.h"
#include "engine/render_text.h"
#include "engine/validation.h"
#include "tests/engine/inventory_fixtures.h"

namespace vcshift {
namespace {

using testing::SampleSource;

const std::string kConnections =
    "version: 1\nconnections:\n  source: {url: https://127.0.0.1:8989/sdk, user: u}\n"
    "  target: {url: https://127.0.0.1:8990/sdk, user: u}\n";

// The sample source with a custom role and permissions on the cluster, a host, a VM and
// the VM folder Web.
Inventory WithPermissions(Inventory inventory) {
  inventory.roles = {{"AppOperator", {"VirtualMachine.Interact.PowerOff", "VirtualMachine.Interact.PowerOn"}}};
  inventory.datacenters[0].vm_folders = {"Web"};
  inventory.datacenters[0].folder_permissions = {
      {"vm", "Web", {{"VSPHERE.LOCAL\\web-team", true, "AppOperator", true, true}}}};
  inventory.clusters[0].permissions = {{"VSPHERE.LOCAL\\app-admins", true, "AppOperator", true, true}};
  inventory.hosts[0].permissions = {{"VSPHERE.LOCAL\\ops", false, "ReadOnly", false, false}};
  inventory.vms[0].permissions = {{"VSPHERE.LOCAL\\alice", false, "AppOperator", true, false}};
  return inventory;
}

std::string Principals(const std::vector<PermissionSpec>& permissions) {
  std::string out;
  for (const auto& p : permissions) {
    out += p.principal + (p.group ? " group" : "") + " as " + p.role + (p.propagate ? " propagating" : "") + ";";
  }
  return out;
}

// The first diagnostic of loading `yaml` as desired.yaml, formatted.
std::string FirstDiagnostic(const std::string& yaml) {
  const LoadResult loaded = LoadDesiredStateText(yaml, "desired.yaml");
  EXPECT_FALSE(loaded.diagnostics.empty()) << yaml;
  return loaded.diagnostics.empty() ? "" : Format(loaded.diagnostics.front());
}

TEST(Permissions, ExportWritesRolesAndPermissionsAndTheLoaderReadsThemBack) {
  const std::string exported = ExportDesiredState(WithPermissions(SampleSource()));
  const LoadResult loaded = LoadDesiredStateText(exported, "exported.yaml");
  ASSERT_TRUE(loaded.state) << Format(loaded.diagnostics.front()) << exported;
  EXPECT_TRUE(loaded.diagnostics.empty()) << Format(loaded.diagnostics.front()) << exported;
  const DesiredState& state = *loaded.state;
  ASSERT_EQ(state.roles.mode, Managed<std::vector<RoleSpec>>::Mode::Set) << exported;
  ASSERT_EQ(state.roles.value.size(), 1u);
  EXPECT_EQ(state.roles.value[0].name, "AppOperator");
  EXPECT_EQ(state.roles.value[0].privileges,
            (std::vector<std::string>{"VirtualMachine.Interact.PowerOff", "VirtualMachine.Interact.PowerOn"}));
  const DatacenterSpec& dc = state.datacenters.at(0);
  EXPECT_EQ(Principals(dc.clusters.at(0).permissions.value),
            "VSPHERE.LOCAL\\app-admins group as AppOperator propagating;")
      << exported;
  ASSERT_EQ(dc.host_permissions.value.size(), 1u) << exported;
  EXPECT_EQ(dc.host_permissions.value[0].objects, std::vector<std::string>{"esx-01.sim.local"});
  EXPECT_EQ(Principals(dc.host_permissions.value[0].permissions), "VSPHERE.LOCAL\\ops as ReadOnly;");
  ASSERT_EQ(dc.vm_permissions.value.size(), 1u) << exported;
  EXPECT_EQ(dc.vm_permissions.value[0].objects, std::vector<std::string>{"vm-1"});
  EXPECT_EQ(Principals(dc.vm_permissions.value[0].permissions), "VSPHERE.LOCAL\\alice as AppOperator;");
  ASSERT_EQ(dc.folder_permissions.value.size(), 1u) << exported;
  EXPECT_EQ(dc.folder_permissions.value[0].kind, "vm");
  EXPECT_EQ(dc.folder_permissions.value[0].folder, "Web");
  EXPECT_EQ(Principals(dc.folder_permissions.value[0].permissions),
            "VSPHERE.LOCAL\\web-team group as AppOperator propagating;");
}

TEST(Permissions, InheritAndAPrincipalMappingAreRead) {
  const LoadResult loaded = LoadDesiredStateText(
      kConnections +
          "datacenters:\n  - name: DC1\n    clusters:\n      - {name: Cluster1, hosts: [], permissions: inherit}\n"
          "    host_permissions: inherit\n    vm_permissions: inherit\n    folder_permissions: inherit\n"
          "roles: inherit\nprincipal_mapping:\n  - {source: 'CORP\\ops', target: 'VSPHERE.LOCAL\\ops'}\n",
      "desired.yaml");
  ASSERT_TRUE(loaded.state) << Format(loaded.diagnostics.front());
  EXPECT_TRUE(loaded.diagnostics.empty()) << Format(loaded.diagnostics.front());
  using Mode = Managed<std::vector<RoleSpec>>::Mode;
  EXPECT_EQ(loaded.state->roles.mode, Mode::Inherit);
  const DatacenterSpec& dc = loaded.state->datacenters.at(0);
  EXPECT_EQ(dc.clusters.at(0).permissions.mode, Managed<std::vector<PermissionSpec>>::Mode::Inherit);
  EXPECT_EQ(dc.host_permissions.mode, Managed<std::vector<PermissionAssignment>>::Mode::Inherit);
  EXPECT_EQ(dc.vm_permissions.mode, Managed<std::vector<PermissionAssignment>>::Mode::Inherit);
  EXPECT_EQ(dc.folder_permissions.mode, Managed<std::vector<FolderPermissionSpec>>::Mode::Inherit);
  ASSERT_EQ(loaded.state->principal_mapping.size(), 1u);
  EXPECT_EQ(loaded.state->principal_mapping[0].source, "CORP\\ops");
  EXPECT_EQ(loaded.state->principal_mapping[0].target, "VSPHERE.LOCAL\\ops");
}

TEST(Permissions, ValidateRefusesAMisspeltKeyAndARoleDeclaredTwiceWithTheirPlaces) {
  const std::string first = FirstDiagnostic(
      kConnections +
      "datacenters:\n  - name: DC1\n    host_permissions:\n"
      "      - {hosts: [esx-01], permissions: [{principal: 'VSPHERE.LOCAL\\ops', rol: ReadOnly}]}\n");
  EXPECT_EQ(first.rfind("desired.yaml:8:", 0), 0u) << first;
  EXPECT_NE(first.find("rol"), std::string::npos) << first;

  const LoadResult twice = LoadDesiredStateText(
      kConnections + "roles:\n  - {name: AppOperator, privileges: [System.View]}\n"
                     "  - {name: AppOperator, privileges: []}\n",
      "desired.yaml");
  ASSERT_FALSE(twice.diagnostics.empty());
  const std::string message = Format(twice.diagnostics.front());
  EXPECT_NE(message.find("role 'AppOperator' is declared twice"), std::string::npos) << message;
  EXPECT_EQ(message.rfind("desired.yaml:7:", 0), 0u) << message;
}

// Exported roles and permissions planned against the vCenter they came from: nothing
// changes.
TEST(Permissions, AnExportConverges) {
  const Inventory inventory = WithPermissions(SampleSource());
  const LoadResult loaded = LoadDesiredStateText(ExportDesiredState(inventory), "exported.yaml");
  ASSERT_TRUE(loaded.state) << Format(loaded.diagnostics.front());
  const PlanResult result = MakePlan(*loaded.state, inventory, inventory);
  ASSERT_TRUE(result.plan);
  EXPECT_EQ(RenderText(*result.plan), "No changes.\n");
}

// `permissions:` under a switch, a port group, a pool, a vApp and at the top level (the
// root folder): written or inherit.
TEST(Permissions, PermissionsOnSwitchesPortGroupsPoolsVAppsAndTheRootAreRead) {
  const LoadResult loaded = LoadDesiredStateText(
      kConnections +
          "datacenters:\n  - name: DC1\n    clusters:\n      - name: Cluster1\n        hosts: []\n"
          "        resource_pools:\n          - name: Tier1\n            permissions: inherit\n"
          "            resource_pools: [{name: DB, permissions: [{principal: 'VSPHERE.LOCAL\\dba', role: ReadOnly}]}]\n"
          "        vapps: [{name: Shop, permissions: [{principal: 'VSPHERE.LOCAL\\shop', group: true, role: Admin}]}]\n"
          "    distributed_switches:\n      - name: DSwitch1\n        permissions: inherit\n"
          "        port_groups: [{name: pg-vm, permissions: [{principal: 'VSPHERE.LOCAL\\net', role: ReadOnly, "
          "propagate: false}]}]\n"
          "permissions: [{principal: 'VSPHERE.LOCAL\\auditors', group: true, role: ReadOnly}]\n",
      "desired.yaml");
  ASSERT_TRUE(loaded.state) << Format(loaded.diagnostics.front());
  EXPECT_TRUE(loaded.diagnostics.empty()) << Format(loaded.diagnostics.front());
  using Mode = Managed<std::vector<PermissionSpec>>::Mode;
  const DatacenterSpec& dc = loaded.state->datacenters.at(0);
  const PoolSpec& tier1 = dc.clusters.at(0).resource_pools.value.at(0);
  EXPECT_EQ(tier1.permissions.mode, Mode::Inherit);
  EXPECT_EQ(Principals(tier1.children.at(0).permissions.value), "VSPHERE.LOCAL\\dba as ReadOnly propagating;");
  EXPECT_EQ(Principals(dc.clusters.at(0).vapps.value.at(0).permissions.value),
            "VSPHERE.LOCAL\\shop group as Admin propagating;");
  EXPECT_EQ(dc.distributed_switches.at(0).permissions.mode, Mode::Inherit);
  EXPECT_EQ(Principals(dc.distributed_switches.at(0).port_groups.at(0).permissions.value),
            "VSPHERE.LOCAL\\net as ReadOnly;");
  EXPECT_EQ(Principals(loaded.state->root_permissions.value), "VSPHERE.LOCAL\\auditors group as ReadOnly propagating;");
}

// A port group's permission without its role is refused at its place.
TEST(Permissions, ValidateRefusesAPortGroupsPermissionWithoutARoleAtItsPlace) {
  const std::string first = FirstDiagnostic(
      kConnections +
      "datacenters:\n  - name: DC1\n    distributed_switches:\n      - name: DSwitch1\n        port_groups:\n"
      "          - name: pg-vm\n            permissions:\n              - {principal: 'VSPHERE.LOCAL\\net'}\n");
  EXPECT_EQ(first.rfind("desired.yaml:12:17:", 0), 0u) << first;
  EXPECT_NE(first.find("role"), std::string::npos) << first;
}

}  // namespace
}  // namespace vcshift
