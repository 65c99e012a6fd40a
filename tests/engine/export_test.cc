// Export then plan against the same vCenter: "No changes." (convergence).

#include "engine/export.h"

#include <gtest/gtest.h>

#include "bench/world.h"
#include "engine/planner.h"
#include "engine/render_text.h"
#include "engine/validation.h"
#include "tests/engine/inventory_fixtures.h"

namespace vcshift::testing {
namespace {

void ExpectConverged(const Inventory& inventory) {
  const std::string exported = ExportDesiredState(inventory);
  const LoadResult loaded = LoadDesiredStateText(exported, "exported.yaml");
  ASSERT_TRUE(loaded.state) << Format(loaded.diagnostics.front()) << "\n" << exported.substr(0, 2000);
  EXPECT_TRUE(loaded.diagnostics.empty()) << Format(loaded.diagnostics.front());
  const PlanResult result = MakePlan(*loaded.state, inventory, inventory);
  ASSERT_TRUE(result.plan) << Format(result.diagnostics.front());
  EXPECT_EQ(RenderText(*result.plan), "No changes.\n");
}

TEST(Export, SampleWorldConverges) {
  Inventory inventory = SampleSource();
  inventory.vms[0].folder = "Web";
  inventory.clusters[0].evc_mode = "intel-haswell";
  inventory.switches[0].port_groups[1].vlan_trunk = {{200, 299}};
  ExpectConverged(inventory);
}

TEST(Export, LargeGeneratedWorldConverges) {
  ExpectConverged(bench::MakeWorld({4, 10, 25, 20}).source);  // 1,000 hosts, 20,000 VMs
}

// Standalone hosts (one in a folder, on the switch) and a switch without an uplink policy
// (govmomi's stock simulator) export as the format has them and converge.
TEST(Export, StandaloneHostsAndASwitchWithoutUplinksConverge) {
  Inventory inventory = SampleSource();
  inventory.datacenters[0].host_folders = {"Edge"};
  inventory.hosts[1].cluster = "";
  inventory.hosts[1].folder = "Edge";
  InventoryDvs bare;  // as govmomi's stock simulator makes one: no uplink policy, no members
  bare.datacenter = "DC1";
  bare.name = "DVS0";
  bare.port_groups = {{"DC0_DVPG0", 0, {}, 0, "static", "loadbalance_srcid", {}, {}}};
  inventory.switches.push_back(bare);
  const std::string exported = ExportDesiredState(inventory);
  EXPECT_NE(exported.find("    standalone_hosts:\n      - {name: esx-02.sim.local, folder: Edge}\n"), std::string::npos)
      << exported;
  const std::string member =
      "          - {name: esx-02.sim.local, uplinks: {vmnic0: uplink1, vmnic1: uplink2}, vmkernel: {vmk0: pg-mgmt}}\n";
  EXPECT_NE(exported.find(member), std::string::npos) << exported;
  EXPECT_EQ(exported.find("uplinks: []"), std::string::npos) << exported;
  ExpectConverged(inventory);
}

// A VM whose name reads as a glob ("db[1]" would match "db1") is exported escaped, so that
// each VM's folder, pool and values stay its own.
TEST(Export, NamesThatReadAsGlobsAreExportedEscaped) {
  Inventory inventory = SampleSource();
  inventory.vms[0].name = "db[1]";
  inventory.vms[0].folder = "Web";
  inventory.vms[0].custom_attributes = {{"Owner", "team-a"}};
  inventory.vms[1].name = "db1";
  inventory.vms[1].custom_attributes = {{"Owner", "team-b"}};
  inventory.vms[2].name = "app*";
  inventory.vms[2].folder = "Web";
  inventory.custom_attribute_defs = {{"Owner", "vm"}};
  const std::string exported = ExportDesiredState(inventory);
  EXPECT_NE(exported.find(R"(vms: [app\*, "db\\[1]"])"), std::string::npos) << exported;
  ExpectConverged(inventory);
}

TEST(Export, OneDatacenter) {
  Inventory inventory = SampleSource();
  inventory.datacenters.push_back({"DC2", {}, {}});
  const std::string exported = ExportDesiredState(inventory, {"DC2", "admin@corp", "", "", false});
  EXPECT_NE(exported.find("  - name: DC2\n"), std::string::npos) << exported;
  EXPECT_EQ(exported.find("DC1"), std::string::npos);
  EXPECT_NE(exported.find("user: admin@corp\n"), std::string::npos);
}

TEST(Export, AChangeAfterExportIsPlanned) {
  Inventory inventory = SampleSource();
  const LoadResult loaded = LoadDesiredStateText(ExportDesiredState(inventory), "exported.yaml");
  inventory.clusters[0].drs.automation_level = "manual";
  const PlanResult result = MakePlan(*loaded.state, inventory, inventory);
  ASSERT_TRUE(result.plan);
  ASSERT_EQ(result.plan->actions.size(), 1u);
  EXPECT_EQ(result.plan->actions[0].changes,
            (std::vector<FieldChange>{{"drs.automation_level", "manual", "fullyAutomated"}}));
}

}  // namespace
}  // namespace vcshift::testing
