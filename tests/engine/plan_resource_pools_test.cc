#include "engine/plan_resource_pools.h"
#include "engine/plan_vapps.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "engine/export.h"
#include "engine/inventory_json.h"
#include "engine/plan.h"
#include "engine/planner.h"
#include "engine/render_text.h"
#include "engine/validation.h"
#include "tests/engine/inventory_fixtures.h"

namespace vcshift {
namespace {

using testing::EmptyTarget;
using testing::SampleSource;

const std::string kConnections =
    "version: 1\nconnections:\n  source: {url: https://127.0.0.1:8989/sdk, user: u}\n"
    "  target: {url: https://127.0.0.1:8990/sdk, user: u}\n";

std::string Desired(const std::string& cluster_extra) {
  return kConnections +
         "datacenters:\n  - name: DC1\n    clusters:\n"
         "      - name: Cluster1\n        hosts: [esx-01.sim.local, esx-02.sim.local]\n" +
         cluster_extra;
}

const std::string kPools =
    "        resource_pools:\n"
    "          - name: Tier1\n"
    "            cpu: {shares: high, reservation: 100}\n"
    "            vms: [vm-1]\n"
    "            resource_pools:\n"
    "              - {name: DB, memory: {shares: 3000, limit: 4096, expandable_reservation: false}, vms: ['vm-[23]']}\n"
    "        vm_overrides:\n"
    "          - {vms: [vm-2], ha: {restart_priority: high, vm_monitoring: vmMonitoringOnly}, drs: {automation_level: "
    "manual}}\n";

PlanResult Planned(const std::string& yaml, const Inventory& source, const Inventory& target) {
  LoadResult loaded = LoadDesiredStateText(yaml, "desired.yaml");
  EXPECT_TRUE(loaded.state) << (loaded.diagnostics.empty() ? "" : Format(loaded.diagnostics.front()));
  return MakePlan(loaded.state.value_or(DesiredState{}), source, target);
}

const Action* Find(const Plan& plan, const std::string& id) {
  const auto it = std::find_if(plan.actions.begin(), plan.actions.end(), [&](const Action& a) { return a.id == id; });
  return it == plan.actions.end() ? nullptr : &*it;
}

size_t PositionOf(const Plan& plan, const std::string& id) {
  const auto it = std::find_if(plan.actions.begin(), plan.actions.end(), [&](const Action& a) { return a.id == id; });
  return static_cast<size_t>(it - plan.actions.begin());
}

// The formatted diagnostic whose message holds `text`; "" when none does.
std::string DiagnosticHolding(const PlanResult& result, const std::string& text) {
  for (const auto& diagnostic : result.diagnostics) {
    if (diagnostic.message.find(text) != std::string::npos) return Format(diagnostic);
  }
  return "";
}

// `exported` (a source's export) planned again once the moves are done: from the source
// with its hosts and VMs gone, against `moved` (that source, as the target).
PlanResult PlannedAfterTheMoves(const std::string& exported, Inventory moved) {
  moved.vcenter = EmptyTarget().vcenter;
  Inventory emptied = SampleSource();
  emptied.hosts.clear();
  emptied.vms.clear();
  return Planned(kConnections + exported.substr(exported.find("datacenters:")), emptied, moved);
}

// A source whose Cluster1 has Tier1 (high CPU shares) with DB below it (custom memory
// shares), vm-1 in Tier1, vm-3 in Tier1/DB, and overrides of vm-2.
Inventory PooledSource() {
  Inventory source = SampleSource();
  InventoryCluster& cluster = source.clusters[0];
  InventoryPool tier{"Tier1", {}, {}};
  tier.cpu.shares = "high";
  InventoryPool db{"Tier1/DB", {}, {}};
  db.memory = {"custom", 3000, 0, 4096, false};
  cluster.pools = {tier, db};
  VmOverride override;
  override.restart_priority = "high";
  override.drs_automation_level = "manual";
  cluster.vm_overrides = {{"vm-2", override}};
  source.vms[0].resource_pool = "Tier1";
  source.vms[2].resource_pool = "Tier1/DB";
  return source;
}

// Pools are made on the target before the hosts arrive, parents first; once a host's
// VMs are there each goes into its pool and gets its overrides; the text plan names
// each VM's destination pool.
TEST(PlanResourcePools, PoolsBeforeTheHostsThenEachVmIntoItsPoolWithItsOverrides) {
  const PlanResult result = Planned(Desired(kPools), SampleSource(), EmptyTarget());
  ASSERT_TRUE(result.plan) << (result.diagnostics.empty() ? "" : Format(result.diagnostics.front()));
  const Plan& plan = *result.plan;
  const Action* tier = Find(plan, "create_resource_pool:target:DC1/Cluster1/Tier1");
  const Action* db = Find(plan, "create_resource_pool:target:DC1/Cluster1/Tier1/DB");
  ASSERT_TRUE(tier && db);
  EXPECT_EQ(tier->params.at("cpu.shares"), "high");
  EXPECT_EQ(tier->params.at("cpu.reservation"), "100");
  EXPECT_EQ(db->params.at("memory.shares"), "3000");
  EXPECT_EQ(db->params.at("memory.expandable_reservation"), "false");
  EXPECT_EQ(db->params.at("pool"), "Tier1/DB");
  ASSERT_TRUE(Find(plan, "add_host:target:esx-01.sim.local") && Find(plan, "add_host:target:esx-02.sim.local"));
  EXPECT_LT(PositionOf(plan, tier->id), PositionOf(plan, db->id));
  EXPECT_LT(PositionOf(plan, db->id), PositionOf(plan, "add_host:target:esx-01.sim.local"));

  const Action* vm1 = Find(plan, "move_vm_to_resource_pool:target:DC1/vm-1");
  const Action* vm3 = Find(plan, "move_vm_to_resource_pool:target:DC1/vm-3");
  ASSERT_TRUE(vm1 && vm3);
  EXPECT_EQ(vm1->params.at("pool"), "Tier1");
  EXPECT_EQ(vm3->params.at("pool"), "Tier1/DB");  // the first pool that matches, parents first
  EXPECT_EQ(vm3->prior.at("pool"), "");            // it arrives in the root pool
  EXPECT_FALSE(Find(plan, "move_vm_to_resource_pool:target:DC1/vm-4"));
  EXPECT_LT(PositionOf(plan, "add_host:target:esx-02.sim.local"), PositionOf(plan, vm3->id));

  const Action* overrides = Find(plan, "configure_vm_overrides:target:DC1/vm-2");
  ASSERT_TRUE(overrides);
  EXPECT_EQ(overrides->params.at("ha.restart_priority"), "high");
  EXPECT_EQ(overrides->params.at("ha.vm_monitoring"), "vmMonitoringOnly");
  EXPECT_EQ(overrides->params.at("drs.automation_level"), "manual");
  EXPECT_EQ(overrides->params.count("ha.isolation_response"), 0u);
  EXPECT_EQ(overrides->prior, (std::map<std::string, std::string>{{"cluster", "DC1/Cluster1"}}));

  const std::string text = RenderText(plan);
  EXPECT_NE(text.find("Tier1/DB"), std::string::npos) << text;
  EXPECT_NE(text.find("resource_pool"), std::string::npos) << text;
}

// `inherit` copies the source cluster's pools and memberships and overrides; a target
// that already holds them plans nothing for them, and a declared allocation that differs
// is a `~` update of that field alone.
TEST(PlanResourcePools, InheritCopiesTheSourcesAndATargetHoldingThemPlansNothing) {
  const std::string inherit = "        resource_pools: inherit\n        vm_overrides: inherit\n";
  const PlanResult result = Planned(Desired(inherit), PooledSource(), EmptyTarget());
  ASSERT_TRUE(result.plan) << (result.diagnostics.empty() ? "" : Format(result.diagnostics.front()));
  const Action* db = Find(*result.plan, "create_resource_pool:target:DC1/Cluster1/Tier1/DB");
  ASSERT_TRUE(db);
  EXPECT_EQ(db->params.at("memory.limit"), "4096");
  ASSERT_TRUE(Find(*result.plan, "move_vm_to_resource_pool:target:DC1/vm-3"));
  EXPECT_EQ(Find(*result.plan, "move_vm_to_resource_pool:target:DC1/vm-3")->params.at("pool"), "Tier1/DB");
  EXPECT_FALSE(Find(*result.plan, "move_vm_to_resource_pool:target:DC1/vm-2"));
  ASSERT_TRUE(Find(*result.plan, "configure_vm_overrides:target:DC1/vm-2"));

  // The target after the moves: the hosts, VMs, pools and overrides are there.
  Inventory moved = PooledSource();
  const std::string exported = ExportDesiredState(PooledSource(), {});
  const PlanResult again = PlannedAfterTheMoves(exported, moved);
  ASSERT_TRUE(again.plan) << (again.diagnostics.empty() ? "" : Format(again.diagnostics.front())) << exported;
  EXPECT_TRUE(again.plan->actions.empty()) << RenderText(*again.plan) << exported;

  moved.clusters[0].pools[0].cpu.reservation = 50;
  const PlanResult update = PlannedAfterTheMoves(exported, moved);
  ASSERT_TRUE(update.plan);
  ASSERT_EQ(update.plan->actions.size(), 1u) << RenderText(*update.plan);
  const Action& configure = update.plan->actions[0];
  EXPECT_EQ(configure.id, "configure_resource_pool:target:DC1/Cluster1/Tier1");
  EXPECT_EQ(configure.params.at("cpu.reservation"), "0");
  EXPECT_EQ(configure.prior.at("cpu.reservation"), "50");
  EXPECT_EQ(configure.params.count("cpu.shares"), 0u);
}

// The export writes the pool tree nested, with allocations and members, and the
// overrides; validating it passes.
TEST(PlanResourcePools, ExportWritesTheTreeAndTheOverrides) {
  const std::string exported = ExportDesiredState(PooledSource(), {});
  EXPECT_NE(exported.find("resource_pools:\n"), std::string::npos) << exported;
  EXPECT_NE(exported.find("name: DB"), std::string::npos) << exported;
  EXPECT_NE(exported.find("shares: 3000"), std::string::npos) << exported;
  EXPECT_NE(exported.find("vms: [vm-3]"), std::string::npos) << exported;
  EXPECT_NE(exported.find("restart_priority: high"), std::string::npos) << exported;
  LoadResult loaded = LoadDesiredStateText(exported, "exported.yaml");
  EXPECT_TRUE(loaded.state) << (loaded.diagnostics.empty() ? "" : Format(loaded.diagnostics.front())) << exported;
}

// The source's pools and vApps that the moves empty are removed only when asked, the
// pools below first, once the hosts are released; a rollback makes them again (with
// their allocations) before the hosts return. A cluster removed takes its pools along.
TEST(PlanResourcePools, EmptiedSourcePoolsAreRemovedOnlyWhenAsked) {
  Inventory source = PooledSource();
  source.clusters[0].vapps = {{"Shop", {}, {}, {}}};
  source.vms[3].resource_pool = "Shop";
  const PlanResult kept = Planned(Desired(""), source, EmptyTarget());
  ASSERT_TRUE(kept.plan);
  EXPECT_FALSE(Find(*kept.plan, "destroy_resource_pool:source:DC1/Cluster1/Tier1"));

  const std::string asked = Desired("") + "cleanup: {remove_empty_resource_pools: true}\n";
  const PlanResult result = Planned(asked, source, EmptyTarget());
  ASSERT_TRUE(result.plan) << (result.diagnostics.empty() ? "" : Format(result.diagnostics.front()));
  const Plan& plan = *result.plan;
  const Action* db = Find(plan, "destroy_resource_pool:source:DC1/Cluster1/Tier1/DB");
  const Action* tier = Find(plan, "destroy_resource_pool:source:DC1/Cluster1/Tier1");
  const Action* shop = Find(plan, "destroy_vapp:source:DC1/Cluster1/Shop");
  ASSERT_TRUE(db && tier && shop) << RenderText(plan);
  EXPECT_EQ(db->criticality, Criticality::Cleanup);
  EXPECT_TRUE(db->reversible);
  EXPECT_LT(PositionOf(plan, db->id), PositionOf(plan, tier->id));
  EXPECT_LT(PositionOf(plan, "remove_host:source:DC1/Cluster1/esx-02.sim.local"), PositionOf(plan, db->id));
  EXPECT_EQ(db->prior.at("memory.shares"), "3000");  // what making it again needs
  std::set<std::string> done;
  for (const auto& action : plan.actions) done.insert(action.id);
  const Plan rollback = RollbackPlan(plan, done);
  const auto remade = std::find_if(rollback.actions.begin(), rollback.actions.end(), [](const Action& a) {
    return a.kind == ActionKind::CreateResourcePool && a.object == "DC1/Cluster1/Tier1/DB";
  });
  ASSERT_NE(remade, rollback.actions.end());
  EXPECT_EQ(remade->params.at("memory.limit"), "4096");
  const auto returned = std::find_if(rollback.actions.begin(), rollback.actions.end(), [](const Action& a) {
    return a.kind == ActionKind::AddHost && a.object.find("esx-02") != std::string::npos;
  });
  ASSERT_NE(returned, rollback.actions.end());
  EXPECT_LT(remade - rollback.actions.begin(), returned - rollback.actions.begin());

  const PlanResult whole = Planned(
      Desired("") + "cleanup: {remove_empty_resource_pools: true, remove_empty_clusters: true}\n", source,
      EmptyTarget());
  ASSERT_TRUE(whole.plan);
  EXPECT_TRUE(Find(*whole.plan, "destroy_cluster:source:DC1/Cluster1"));
  EXPECT_FALSE(Find(*whole.plan, "destroy_resource_pool:source:DC1/Cluster1/Tier1"));
}

// `inherit` needs a source cluster while the target has none yet.
TEST(PlanResourcePools, InheritWithNoSourceClusterIsRefusedWithItsPlace) {
  Inventory standalone = SampleSource();
  for (auto& host : standalone.hosts) host.cluster = "";
  const PlanResult result = Planned(Desired("        resource_pools: inherit\n"), standalone, EmptyTarget());
  EXPECT_FALSE(result.plan);
  const std::string error = DiagnosticHolding(result, "resource_pools: inherit, but none of the hosts");
  EXPECT_EQ(error.rfind("desired.yaml:8:9: error:", 0), 0u) << error;
}

// Two sibling pools of one name are refused where the second is written.
TEST(PlanResourcePools, SiblingPoolsOfOneNameAreRefusedWithTheirPlace) {
  const std::string twice =
      "        resource_pools:\n          - {name: Tier1}\n          - {name: Tier1}\n";
  LoadResult loaded = LoadDesiredStateText(Desired(twice), "desired.yaml");
  ASSERT_FALSE(loaded.state);
  ASSERT_FALSE(loaded.diagnostics.empty());
  EXPECT_EQ(Format(loaded.diagnostics.front()).rfind("desired.yaml:12:13: error:", 0), 0u)
      << Format(loaded.diagnostics.front());
}

}  // namespace
std::string NotesOf(const PlanResult& result) {
  std::string notes;
  if (result.plan) {
    for (const auto& note : result.plan->notes) notes += note.message + "\n";
  }
  return notes;
}

// Nothing lost without a word: a desired state that does not declare the pools and
// overrides is told which VMs leave their pool and which lose their overrides; one that
// carries them (inherit, or a declaration naming the VMs) is not.
TEST(PlanResourcePools, PoolsAndOverridesLeftBehindAreNoted) {
  Inventory source = PooledSource();
  source.clusters[0].vapps = {{"Shop", {}, {}, {}}};
  source.vms[3].resource_pool = "Shop";  // vm-4 in a vApp: the vApps note names it
  const std::string undeclared = NotesOf(Planned(Desired(""), source, EmptyTarget()));
  EXPECT_NE(undeclared.find("2 VMs of the moving hosts not carried into their resource pools on the target: "
                            "DC1/vm-1 (pool DC1/Cluster1/Tier1), DC1/vm-3 (pool DC1/Cluster1/Tier1/DB) (a VM arrives "
                            "in the target cluster's root pool;"),
            std::string::npos)
      << undeclared;
  EXPECT_NE(undeclared.find("1 VM's HA/DRS overrides not carried to the target: DC1/vm-2 (the source drops them"),
            std::string::npos)
      << undeclared;

  for (const std::string& carried :
       {std::string("        resource_pools: inherit\n        vm_overrides: inherit\n"), kPools}) {
    const std::string notes = NotesOf(Planned(Desired(carried), PooledSource(), EmptyTarget()));
    EXPECT_EQ(notes.find("resource pool"), std::string::npos) << carried << notes;
    EXPECT_EQ(notes.find("HA/DRS overrides"), std::string::npos) << carried << notes;
  }

  // A declaration that leaves vm-3 in the root pool and vm-2 without overrides names them.
  const std::string partial = NotesOf(Planned(
      Desired("        resource_pools:\n          - {name: Tier1, vms: [vm-1]}\n        vm_overrides: []\n"),
      PooledSource(), EmptyTarget()));
  EXPECT_NE(partial.find("1 VM of the moving hosts not carried into its resource pool on the target: "
                         "DC1/vm-3 (pool DC1/Cluster1/Tier1/DB) ("),
            std::string::npos)
      << partial;
  EXPECT_NE(partial.find("1 VM's HA/DRS overrides not carried to the target: DC1/vm-2 ("), std::string::npos)
      << partial;
}

// --- vApps (engine/plan_vapps.h) ---

const std::string kVApps =
    "        resource_pools:\n"
    "          - {name: Tier1, cpu: {shares: high}}\n"
    "        vapps:\n"
    "          - name: Shop\n"
    "            resource_pool: Tier1\n"
    "            memory: {shares: high, reservation: 512}\n"
    "            members:\n"
    "              - {vms: [vm-2], start_order: 2, start_delay: 30, wait_for_guest: true, stop_action: guestShutdown}\n"
    "              - {vms: ['vm-[34]'], start_order: 1}\n";




std::string Entry(int order, int start_delay, bool wait, const std::string& stop_action) {
  VAppMember member;
  member.start_order = order;
  member.start_delay = start_delay;
  member.wait_for_guest = wait;
  member.stop_action = stop_action;
  return MemberText(member);
}

// A source whose Cluster1 has the vApp Shop (memory shares high) holding vm-4 with its
// start order entry.
Inventory VAppSource() {
  Inventory source = SampleSource();
  InventoryVApp shop{"Shop", {}, {}, {}};
  shop.memory.shares = "high";
  VAppMember entry;
  entry.start_order = 3;
  entry.stop_action = "suspend";
  shop.members = {{"vm-4", entry}};
  source.clusters[0].vapps = {shop};
  source.vms[3].resource_pool = "Shop";
  return source;
}

// The vApp is made on the target (after the pool it is in) before the hosts arrive; once
// a member's host is there, the VM is moved into it and then given its entry.
TEST(PlanVApps, AVAppBeforeTheHostsThenEachMemberMovedInAndGivenItsEntry) {
  const PlanResult result = Planned(Desired(kVApps), SampleSource(), EmptyTarget());
  ASSERT_TRUE(result.plan) << (result.diagnostics.empty() ? "" : Format(result.diagnostics.front()));
  const Plan& plan = *result.plan;
  const Action* shop = Find(plan, "create_vapp:target:DC1/Cluster1/Tier1/Shop");
  ASSERT_TRUE(shop) << RenderText(plan);
  EXPECT_EQ(shop->params.at("pool"), "Tier1/Shop");
  EXPECT_EQ(shop->params.at("memory.shares"), "high");
  EXPECT_EQ(shop->params.at("memory.reservation"), "512");
  EXPECT_LT(PositionOf(plan, "create_resource_pool:target:DC1/Cluster1/Tier1"), PositionOf(plan, shop->id));
  EXPECT_LT(PositionOf(plan, shop->id), PositionOf(plan, "add_host:target:esx-01.sim.local"));

  const Action* move = Find(plan, "move_vm_to_resource_pool:target:DC1/vm-2");
  const Action* entry = Find(plan, "configure_vapp:target:DC1/vm-2");
  ASSERT_TRUE(move && entry) << RenderText(plan);
  EXPECT_EQ(move->params.at("pool"), "Tier1/Shop");
  EXPECT_EQ(entry->params.at("pool"), "Tier1/Shop");
  EXPECT_EQ(entry->params.at("member.vm-2"), Entry(2, 30, true, "guestShutdown"));
  EXPECT_EQ(entry->prior.at("member.vm-2"), "");  // it arrives with none
  EXPECT_EQ(entry->criticality, Criticality::Finishing);
  EXPECT_LT(PositionOf(plan, move->id), PositionOf(plan, entry->id));
  EXPECT_EQ(Find(plan, "configure_vapp:target:DC1/vm-4")->params.at("member.vm-4"), Entry(1, 120, false, "powerOff"));
  // vm-1 matches neither the vApp nor a pool: it stays in the root pool it arrives in.
  EXPECT_FALSE(Find(plan, "move_vm_to_resource_pool:target:DC1/vm-1"));
  EXPECT_TRUE(plan.warnings.empty() || std::none_of(plan.warnings.begin(), plan.warnings.end(),
                                                    [](const PlanWarning& w) { return w.kind == "vapps"; }));
}

// `inherit` copies the source's vApps with their moving members and entries; the export
// of the source, planned against a target that holds it all, plans nothing; an entry
// that differs there is a `~` of that VM's entry alone.
TEST(PlanVApps, InheritCopiesTheSourcesAndTheExportPlansNothingOnceThere) {
  const PlanResult result = Planned(Desired("        vapps: inherit\n"), VAppSource(), EmptyTarget());
  ASSERT_TRUE(result.plan) << (result.diagnostics.empty() ? "" : Format(result.diagnostics.front()));
  ASSERT_TRUE(Find(*result.plan, "create_vapp:target:DC1/Cluster1/Shop")) << RenderText(*result.plan);
  EXPECT_EQ(Find(*result.plan, "create_vapp:target:DC1/Cluster1/Shop")->params.at("memory.shares"), "high");
  ASSERT_TRUE(Find(*result.plan, "move_vm_to_resource_pool:target:DC1/vm-4"));
  ASSERT_TRUE(Find(*result.plan, "configure_vapp:target:DC1/vm-4"));
  EXPECT_EQ(Find(*result.plan, "configure_vapp:target:DC1/vm-4")->params.at("member.vm-4"),
            Entry(3, 120, false, "suspend"));
  EXPECT_FALSE(Find(*result.plan, "move_vm_to_resource_pool:target:DC1/vm-3"));  // pools unmanaged: left alone

  const std::string exported = ExportDesiredState(VAppSource(), {});
  EXPECT_NE(exported.find("vapps:\n"), std::string::npos) << exported;
  EXPECT_NE(exported.find("start_order: 3"), std::string::npos) << exported;
  Inventory moved = VAppSource();
  const PlanResult again = PlannedAfterTheMoves(exported, moved);
  ASSERT_TRUE(again.plan) << (again.diagnostics.empty() ? "" : Format(again.diagnostics.front())) << exported;
  EXPECT_TRUE(again.plan->actions.empty()) << RenderText(*again.plan) << exported;

  moved.clusters[0].vapps[0].members[0].settings.start_order = 5;
  moved.clusters[0].vapps[0].cpu.reservation = 10;
  const PlanResult update = PlannedAfterTheMoves(exported, moved);
  ASSERT_TRUE(update.plan);
  ASSERT_EQ(update.plan->actions.size(), 2u) << RenderText(*update.plan);
  const Action* allocations = Find(*update.plan, "configure_vapp:target:DC1/Cluster1/Shop");
  ASSERT_TRUE(allocations);
  EXPECT_EQ(allocations->params.at("cpu.reservation"), "0");
  EXPECT_EQ(allocations->prior.at("cpu.reservation"), "10");
  const Action* entry = Find(*update.plan, "configure_vapp:target:DC1/vm-4");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->params.at("member.vm-4"), Entry(3, 120, false, "suspend"));
  EXPECT_EQ(entry->prior.at("member.vm-4"), Entry(5, 120, false, "suspend"));
  EXPECT_NE(RenderText(*update.plan).find("~ "), std::string::npos) << RenderText(*update.plan);
}

// A desired state that does not declare the vApps is told which VMs leave theirs; no
// uncarried warning is left for vApps.
TEST(PlanVApps, MembersLeftBehindAreNotedAndNoWarningIsLeft) {
  const PlanResult undeclared = Planned(Desired(""), VAppSource(), EmptyTarget());
  ASSERT_TRUE(undeclared.plan);
  std::string notes;
  for (const auto& note : undeclared.plan->notes) notes += note.message + "\n";
  EXPECT_NE(notes.find("1 VM of the moving hosts not carried into its vApp on the target: DC1/vm-4 (vApp "
                       "DC1/Cluster1/Shop) (a VM arrives in the target cluster's root pool, without its start order;"),
            std::string::npos)
      << notes;
  for (const auto& warning : undeclared.plan->warnings) EXPECT_NE(warning.kind, "vapps");
  const PlanResult inherited = Planned(Desired("        vapps: inherit\n"), VAppSource(), EmptyTarget());
  ASSERT_TRUE(inherited.plan);
  for (const auto& note : inherited.plan->notes) EXPECT_EQ(note.message.find("vApp"), std::string::npos);
}

// Two vApps of one path are refused where the second is written.
TEST(PlanVApps, TwoVAppsOfOnePathAreRefusedWithTheirPlace) {
  LoadResult loaded = LoadDesiredStateText(Desired("        vapps:\n          - {name: Shop}\n          - {name: Shop}\n"),
                                           "desired.yaml");
  ASSERT_FALSE(loaded.state);
  ASSERT_FALSE(loaded.diagnostics.empty());
  EXPECT_EQ(Format(loaded.diagnostics.front()).rfind("desired.yaml:12:13: error:", 0), 0u)
      << Format(loaded.diagnostics.front());
}

// --- vApps' product and property sections, and vApps inside vApps (engine/vapps.h) ---

namespace {

std::string WithVApps(const std::string& vapps) { return Desired("        vapps:\n" + vapps); }

const std::string kSections =
    "          - name: Shop\n"
    "            products:\n"
    "              - {key: 0, name: Shop, vendor: ACME, version: '2.1', app_url: 'https://shop.example/'}\n"
    "            properties:\n"
    "              - {key: 3, id: db_host, type: string, user_configurable: true, value: 'db-1; port=5432'}\n"
    "          - name: Inner\n"
    "            resource_pool: Shop\n"
    "            start: {start_order: 3, stop_action: none}\n";

VAppMember InnerEntry() {
  VAppMember entry;
  entry.start_order = 3;
  entry.stop_action = "none";  // a vApp's: none or powerOff
  return entry;
}

// Cluster1 with the vApp Shop (a product, a property, vm-4 a member) and Inner inside it
// with its entry in Shop's start order.
Inventory SectionsSource() {
  Inventory source = SampleSource();
  InventoryVApp shop{"Shop", {}, {}, {}};
  shop.products = {{0, "", "", "Shop", "ACME", "2.1", "", "", "", "https://shop.example/"}};
  shop.properties = {{3, "", "", "db_host", "", "", "string", "", true, "", "db-1; port=5432", ""}};
  shop.children = {{"Inner", InnerEntry()}};
  shop.members = {{"vm-4", {}}};
  source.clusters[0].vapps = {shop, {"Shop/Inner", {}, {}, {}}};
  source.vms[3].resource_pool = "Shop";
  return source;
}

}  // namespace

TEST(VAppSections, TheLoaderReadsSectionsAndTheEntryOfAVAppInsideAVApp) {
  LoadResult loaded = LoadDesiredStateText(WithVApps(kSections), "desired.yaml");
  ASSERT_TRUE(loaded.state) << Format(loaded.diagnostics.front());
  const auto& vapps = loaded.state->datacenters[0].clusters[0].vapps.value;
  ASSERT_EQ(vapps.size(), 2u);
  ASSERT_TRUE(vapps[0].products && vapps[0].properties);
  EXPECT_EQ(*vapps[0].products, SectionsSource().clusters[0].vapps[0].products);
  EXPECT_EQ(*vapps[0].properties, SectionsSource().clusters[0].vapps[0].properties);
  EXPECT_FALSE(vapps[0].start);
  EXPECT_FALSE(vapps[1].products) << "not written: left as they are";
  ASSERT_TRUE(vapps[1].start);
  EXPECT_EQ(*vapps[1].start, InnerEntry());
}

TEST(VAppSections, MistakesAreRefusedWhereTheyAreWritten) {
  const auto first = [](const std::string& vapps) {
    LoadResult loaded = LoadDesiredStateText(WithVApps(vapps), "desired.yaml");
    EXPECT_FALSE(loaded.state);
    return loaded.diagnostics.empty() ? std::string() : Format(loaded.diagnostics.front());
  };
  EXPECT_EQ(first("          - name: Shop\n"
                  "            products:\n"
                  "              - {key: 1, name: A}\n"
                  "              - {key: 1, name: B}\n"),
            "desired.yaml:14:17: error: datacenters[0].clusters[0].vapps[0].products[1].key: product section key 1 "
            "is declared twice (first at line 13)");
  EXPECT_EQ(first("          - name: Inner\n"
                  "            resource_pool: Tier1\n"
                  "            start: {start_order: 2}\n"),
            "desired.yaml:13:20: error: datacenters[0].clusters[0].vapps[0].start: a start order entry needs "
            "resource_pool to name a vApp of this cluster's vapps ('Tier1' is not one)");
  EXPECT_EQ(first("          - name: Shop\n"
                  "            properties:\n"
                  "              - {id: ip}\n")
                .rfind("desired.yaml:13:17: error:", 0),
            0u);
}

// A new vApp is made and given its sections (create_vapp, which shows them); a vApp
// inside it is made after it and given its entry there. Their inverses destroy them.
TEST(VAppSections, NewVAppsAreMadeWithTheirSectionsAndEntry) {
  const PlanResult result = Planned(WithVApps(kSections), SampleSource(), EmptyTarget());
  ASSERT_TRUE(result.plan) << (result.diagnostics.empty() ? "" : Format(result.diagnostics.front()));
  const Plan& plan = *result.plan;
  const Action* shop = Find(plan, "create_vapp:target:DC1/Cluster1/Shop");
  const Action* inner = Find(plan, "create_vapp:target:DC1/Cluster1/Shop/Inner");
  ASSERT_TRUE(shop && inner) << RenderText(plan);
  EXPECT_FALSE(Find(plan, "configure_vapp:target:DC1/Cluster1/Shop")) << RenderText(plan);
  EXPECT_EQ(shop->params.at("product.0.key"), "0");
  EXPECT_EQ(shop->params.at("product.0.app_url"), "https://shop.example/");
  EXPECT_EQ(shop->params.at("property.3.value"), "db-1; port=5432");
  EXPECT_EQ(shop->params.at("property.3.user_configurable"), "true");
  EXPECT_EQ(shop->params.count("product.0.class_id"), 0u) << "unset stays unset";
  EXPECT_EQ(shop->prior.count("product.0.key"), 0u) << "its inverse destroys it, sections and all";
  EXPECT_EQ(inner->params.at("start"), MemberText(InnerEntry()));
  EXPECT_LT(PositionOf(plan, shop->id), PositionOf(plan, inner->id));
  const std::string text = RenderText(plan);
  EXPECT_NE(text.find("      property.3.value: db-1; port=5432\n"), std::string::npos) << text;
}

// `inherit` copies the source's sections and entries; the export of the source planned
// against a target holding it all plans nothing; one that differs is updated in one `~`
// per vApp (a section beyond the declared removed), its inverse restoring what was there.
TEST(VAppSections, InheritAndExportCarryThemAndADifferenceIsOneUpdateWithItsInverse) {
  const PlanResult inherited = Planned(Desired("        vapps: inherit\n"), SectionsSource(), EmptyTarget());
  ASSERT_TRUE(inherited.plan) << (inherited.diagnostics.empty() ? "" : Format(inherited.diagnostics.front()));
  const Action* sections = Find(*inherited.plan, "create_vapp:target:DC1/Cluster1/Shop");
  const Action* entry = Find(*inherited.plan, "create_vapp:target:DC1/Cluster1/Shop/Inner");
  ASSERT_TRUE(sections && entry) << RenderText(*inherited.plan);
  EXPECT_EQ(sections->params.at("product.0.vendor"), "ACME");
  EXPECT_EQ(entry->params.at("start"), MemberText(InnerEntry()));

  const std::string exported = ExportDesiredState(SectionsSource(), {});
  EXPECT_NE(exported.find("products:"), std::string::npos) << exported;
  EXPECT_NE(exported.find("version: \"2.1\""), std::string::npos) << exported;
  EXPECT_NE(exported.find("start: {start_order: 3"), std::string::npos) << exported;
  Inventory moved = SectionsSource();
  moved.vcenter = EmptyTarget().vcenter;
  Inventory emptied = SampleSource();
  emptied.hosts.clear();
  emptied.vms.clear();
  const auto from_export = kConnections + exported.substr(exported.find("datacenters:"));
  const PlanResult again = Planned(from_export, emptied, moved);
  ASSERT_TRUE(again.plan) << (again.diagnostics.empty() ? "" : Format(again.diagnostics.front())) << exported;
  EXPECT_TRUE(again.plan->actions.empty()) << RenderText(*again.plan) << exported;

  InventoryVApp& shop = moved.clusters[0].vapps[0];
  shop.properties[0].value = "db-2";
  shop.products.push_back({9, "", "", "Extra", "", "", "", "", "", ""});
  shop.children[0].settings.start_order = 1;
  const PlanResult update = Planned(from_export, emptied, moved);
  ASSERT_TRUE(update.plan);
  ASSERT_EQ(update.plan->actions.size(), 2u) << RenderText(*update.plan);
  const Action* changed = Find(*update.plan, "configure_vapp:target:DC1/Cluster1/Shop");
  ASSERT_TRUE(changed) << RenderText(*update.plan);
  EXPECT_EQ(changed->params.at("property.3.value"), "db-1; port=5432");
  EXPECT_EQ(changed->prior.at("property.3.value"), "db-2");
  EXPECT_EQ(changed->params.at("product.9.key"), "");
  EXPECT_EQ(changed->prior.at("product.9.key"), "9");
  EXPECT_EQ(changed->prior.at("product.9.name"), "Extra");
  EXPECT_EQ(changed->params.count("product.0.key"), 0u) << "an alike section is not declared";
  const Action* reentry = Find(*update.plan, "configure_vapp:target:DC1/Cluster1/Shop/Inner");
  ASSERT_TRUE(reentry);
  EXPECT_EQ(reentry->prior.at("start"), MemberText(shop.children[0].settings));
}

// A vApp a cleanup destroys on the source comes back on rollback with its sections and
// its entry in the vApp it was inside: destroy_vapp's prior holds them.
TEST(VAppSections, ACleanedUpVAppComesBackWithThem) {
  Inventory source = SectionsSource();
  source.vms[2].resource_pool = "Shop/Inner";
  const PlanResult result = Planned(Desired("") + "cleanup: {remove_empty_resource_pools: true}\n", source,
                                    EmptyTarget());
  ASSERT_TRUE(result.plan) << (result.diagnostics.empty() ? "" : Format(result.diagnostics.front()));
  const Action* shop = Find(*result.plan, "destroy_vapp:source:DC1/Cluster1/Shop");
  const Action* inner = Find(*result.plan, "destroy_vapp:source:DC1/Cluster1/Shop/Inner");
  ASSERT_TRUE(shop && inner) << RenderText(*result.plan);
  EXPECT_EQ(shop->prior.at("property.3.value"), "db-1; port=5432");
  EXPECT_EQ(shop->prior.at("product.0.vendor"), "ACME");
  EXPECT_EQ(inner->prior.at("start"), MemberText(InnerEntry()));
  EXPECT_LT(PositionOf(*result.plan, inner->id), PositionOf(*result.plan, shop->id));
}

// The params an action declares, applied to what a vApp has: an edit keeps the fields not
// declared, a key declared "" removes, a new key adds.
TEST(VAppSections, ParamsApplyOverTheSectionsThere) {
  VAppSections there{{{0, "", "", "Shop", "ACME", "1", "", "", "", ""}}, {{3, "", "", "ip", "", "", "", "", false, "", "", ""}}};
  const VAppSections after = WithParams(there, {{"product.0.version", "2"},
                                                {"property.3.key", ""},
                                                {"property.3.id", ""},
                                                {"property.5.key", "5"},
                                                {"property.5.id", "dns"},
                                                {"cluster", "DC1/Cluster1"}});
  ASSERT_EQ(after.products.size(), 1u);
  EXPECT_EQ(after.products[0].version, "2");
  EXPECT_EQ(after.products[0].vendor, "ACME");
  ASSERT_EQ(after.properties.size(), 1u);
  EXPECT_EQ(after.properties[0].key, 5);
  EXPECT_EQ(after.properties[0].id, "dns");
  // What an action's prior holds makes them again as they were.
  const auto params = SectionParams(there.products, there.properties);
  std::map<std::string, std::string> back = params;
  back["property.5.key"] = "";
  EXPECT_EQ(WithParams(after, back), there);
}

// Recorded inventories carry sections and entries; one recorded before (`sections` as
// texts, `checked` naming the kinds once warned of) still loads, and its plan warns of
// neither.
TEST(VAppSections, RecordedInventoriesCarryThemAndOldOnesStillLoad) {
  Inventory source = SectionsSource();
  Diagnostics diagnostics;
  const auto read = InventoryFromJson(InventoryToJson(source), "source.json", diagnostics);
  ASSERT_TRUE(read) << (diagnostics.empty() ? "" : Format(diagnostics.front()));
  EXPECT_EQ(read->clusters[0].vapps, source.clusters[0].vapps);

  Inventory old = SampleSource();
  old.clusters[0].vapps = {{"Shop", {}, {}, {}}};
  std::string text = InventoryToJson(old);
  const std::string products = "\"products\":[]";
  ASSERT_NE(text.find(products), std::string::npos) << text;
  text.replace(text.find(products), products.size(), "\"sections\":[\"product Shop 1.0\",\"property ip\"]");
  const std::string checked = "\"checked\":[";
  ASSERT_NE(text.find(checked), std::string::npos) << text;
  const size_t list = text.find(checked) + checked.size();
  text.insert(list, std::string("\"vapp_sections\",\"nested_vapps\"") + (text[list] == ']' ? "" : ","));
  const auto old_read = InventoryFromJson(text, "old.json", diagnostics);
  ASSERT_TRUE(old_read) << (diagnostics.empty() ? "" : Format(diagnostics.front())) << text;
  EXPECT_EQ(old_read->clusters[0].vapps[0].path, "Shop");
  const PlanResult plan = Planned(WithVApps("          - {name: Shop}\n"), *old_read, EmptyTarget());
  ASSERT_TRUE(plan.plan);
  for (const auto& warning : plan.plan->warnings) {
    EXPECT_NE(warning.kind, "vapp_sections");
    EXPECT_NE(warning.kind, "nested_vapps");
    EXPECT_EQ(warning.message.find("vApp product and property sections"), std::string::npos) << warning.message;
    EXPECT_EQ(warning.message.find("vApps inside vApps"), std::string::npos) << warning.message;
  }
}

}  // namespace vcshift

namespace vcshift {
namespace {

using testing::EmptyTarget;
using testing::SampleSource;

// A source where esx-02 is standalone (in no cluster), with Gold (high CPU shares) and
// Gold/Batch (custom memory shares) below its root pool, vm-3 in Gold/Batch, and the
// vApp Gold/Shop holding vm-4 with its start order entry.
Inventory StandaloneSource() {
  Inventory source = SampleSource();
  InventoryHost& host = source.hosts[1];
  host.cluster = "";
  InventoryPool gold{"Gold", {}, {}};
  gold.cpu.shares = "high";
  InventoryPool batch{"Gold/Batch", {}, {}};
  batch.memory = {"custom", 3000, 0, 4096, false};
  host.pools = {gold, batch};
  InventoryVApp shop{"Gold/Shop", {}, {}, {}};
  shop.cpu.reservation = 200;
  VAppMember entry;
  entry.start_order = 2;
  entry.stop_action = "guestShutdown";
  shop.members = {{"vm-4", entry}};
  host.vapps = {shop};
  source.vms[2].resource_pool = "Gold/Batch";
  source.vms[3].resource_pool = "Gold/Shop";
  return source;
}

std::string StandaloneDesired(const std::string& extra) {
  return kConnections + "datacenters:\n  - name: DC1\n    standalone_hosts:\n      - name: esx-02.sim.local\n" + extra;
}

// A standalone host's pools and vApps are made on the target once its add_host made its
// compute resource (named after it), parents first; then each VM goes into its pool or
// vApp and a member gets its entry. `inherit` copies the source host's.
TEST(PlanStandalonePools, PoolsAfterTheHostsAddThenEachVmIntoItsPool) {
  const PlanResult result =
      Planned(StandaloneDesired("        resource_pools: inherit\n        vapps: inherit\n"), StandaloneSource(),
              EmptyTarget());
  ASSERT_TRUE(result.plan) << (result.diagnostics.empty() ? "" : Format(result.diagnostics.front()));
  const Plan& plan = *result.plan;
  const std::string add = "add_host:target:esx-02.sim.local";
  const Action* gold = Find(plan, "create_resource_pool:target:DC1/esx-02.sim.local/Gold");
  const Action* batch = Find(plan, "create_resource_pool:target:DC1/esx-02.sim.local/Gold/Batch");
  const Action* shop = Find(plan, "create_vapp:target:DC1/esx-02.sim.local/Gold/Shop");
  ASSERT_TRUE(Find(plan, add) && gold && batch && shop) << RenderText(plan);
  EXPECT_EQ(gold->params.at("cluster"), "DC1/esx-02.sim.local");
  EXPECT_EQ(gold->params.at("cpu.shares"), "high");
  EXPECT_EQ(batch->params.at("memory.shares"), "3000");
  EXPECT_EQ(batch->params.at("memory.expandable_reservation"), "false");
  EXPECT_EQ(shop->params.at("cpu.reservation"), "200");
  EXPECT_LT(PositionOf(plan, add), PositionOf(plan, gold->id));
  EXPECT_LT(PositionOf(plan, gold->id), PositionOf(plan, batch->id));
  EXPECT_LT(PositionOf(plan, gold->id), PositionOf(plan, shop->id));

  const Action* vm3 = Find(plan, "move_vm_to_resource_pool:target:DC1/vm-3");
  const Action* vm4 = Find(plan, "move_vm_to_resource_pool:target:DC1/vm-4");
  const Action* entry = Find(plan, "configure_vapp:target:DC1/vm-4");
  ASSERT_TRUE(vm3 && vm4 && entry) << RenderText(plan);
  EXPECT_EQ(vm3->params.at("pool"), "Gold/Batch");
  EXPECT_EQ(vm3->prior.at("pool"), "");  // it arrives in the root pool
  EXPECT_LT(PositionOf(plan, batch->id), PositionOf(plan, vm3->id));
  EXPECT_EQ(vm4->params.at("pool"), "Gold/Shop");
  EXPECT_EQ(entry->params.at("member.vm-4"), Entry(2, 120, false, "guestShutdown"));
  EXPECT_LT(PositionOf(plan, vm4->id), PositionOf(plan, entry->id));
  const std::string text = RenderText(plan);
  EXPECT_NE(text.find("(arrives with esx-02.sim.local in the root pool) -> Gold/Batch"), std::string::npos) << text;
  for (const auto& note : plan.notes) EXPECT_EQ(note.message.find("standalone"), std::string::npos) << note.message;

  // Every action has its inverse: a rollback destroys them again, children first.
  std::set<std::string> done;
  for (const auto& action : plan.actions) done.insert(action.id);
  const Plan rollback = RollbackPlan(plan, done);
  const auto at = [&](ActionKind kind, const std::string& object) {
    const auto it = std::find_if(rollback.actions.begin(), rollback.actions.end(),
                                 [&](const Action& a) { return a.kind == kind && a.object == object; });
    return static_cast<size_t>(it - rollback.actions.begin());
  };
  const size_t destroy_batch = at(ActionKind::DestroyResourcePool, "DC1/esx-02.sim.local/Gold/Batch");
  const size_t destroy_gold = at(ActionKind::DestroyResourcePool, "DC1/esx-02.sim.local/Gold");
  ASSERT_LT(destroy_gold, rollback.actions.size());
  EXPECT_LT(destroy_batch, destroy_gold);
  EXPECT_LT(at(ActionKind::DestroyVApp, "DC1/esx-02.sim.local/Gold/Shop"), destroy_gold);
}

// The export writes a standalone host's pools and vApps under it; planned against a
// target that holds them all, it plans nothing; an allocation that differs there is a
// `~` of that field alone.
TEST(PlanStandalonePools, TheExportPlansNothingOnceThereAndADifferenceIsAnUpdate) {
  const std::string exported = ExportDesiredState(StandaloneSource(), {});
  EXPECT_NE(exported.find("      - name: esx-02.sim.local\n        resource_pools:\n"), std::string::npos) << exported;
  EXPECT_NE(exported.find("vms: [vm-3]"), std::string::npos) << exported;
  EXPECT_NE(exported.find("resource_pool: Gold"), std::string::npos) << exported;
  Inventory moved = StandaloneSource();
  const PlanResult again = PlannedAfterTheMoves(exported, moved);
  ASSERT_TRUE(again.plan) << (again.diagnostics.empty() ? "" : Format(again.diagnostics.front())) << exported;
  EXPECT_TRUE(again.plan->actions.empty()) << RenderText(*again.plan) << exported;

  moved.hosts[1].pools[1].memory.limit = -1;
  const PlanResult update = PlannedAfterTheMoves(exported, moved);
  ASSERT_TRUE(update.plan);
  ASSERT_EQ(update.plan->actions.size(), 1u) << RenderText(*update.plan);
  const Action& configure = update.plan->actions[0];
  EXPECT_EQ(configure.id, "configure_resource_pool:target:DC1/esx-02.sim.local/Gold/Batch");
  EXPECT_EQ(configure.params.at("memory.limit"), "4096");
  EXPECT_EQ(configure.prior.at("memory.limit"), "-1");
}

// Nothing lost without a word: a standalone host whose pools and vApps the desired state
// does not declare has each named in a note (vCenter destroys them with it); declared,
// none is. `inherit` with no standalone source host is refused where it is written.
TEST(PlanStandalonePools, PoolsNotMadeAreNotedAndInheritNeedsAStandaloneSource) {
  const PlanResult undeclared = Planned(StandaloneDesired(""), StandaloneSource(), EmptyTarget());
  ASSERT_TRUE(undeclared.plan);
  std::string notes;
  for (const auto& note : undeclared.plan->notes) notes += note.message + "\n";
  EXPECT_NE(notes.find("3 resource pools and vApps of the moving standalone hosts not made on the target: "
                       "DC1/esx-02.sim.local/Gold, DC1/esx-02.sim.local/Gold/Batch, DC1/esx-02.sim.local/Gold/Shop "
                       "(vCenter destroys them with the host"),
            std::string::npos)
      << notes;
  EXPECT_FALSE(Find(*undeclared.plan, "create_resource_pool:target:DC1/esx-02.sim.local/Gold"));

  const PlanResult refused = Planned(StandaloneDesired("        resource_pools: inherit\n"), SampleSource(), EmptyTarget());
  EXPECT_FALSE(refused.plan);
  const std::string error = DiagnosticHolding(refused, "is not standalone on the source");
  EXPECT_EQ(error.rfind("desired.yaml:8:9: error:", 0), 0u) << error;
}

// The permissions and tags on a standalone host's pools are set on the target once each
// pool is made there. On the source, vCenter destroys them with the host's pools: they
// are captured and detached before the host goes, and a rollback sets them again once
// the add that undoes its removal has made the pools again.
TEST(PlanStandalonePools, PermissionsAndTagsOnThemAreSetOnceThereAndComeBackOnRollback) {
  Inventory source = StandaloneSource();
  source.hosts[1].pool_permissions = {{"Gold/Batch", {{"VSPHERE.LOCAL\\ops", true, "ReadOnly", false, true}}}};
  source.tagging.read = true;
  source.tagging.categories = {{"Tier", "", "SINGLE", {"ResourcePool"}}};
  source.tagging.tags = {{"Tier", "Gold", ""}};
  source.tagging.attachments = {{kTaggedPool, "DC1/esx-02.sim.local/Gold", "Tier/Gold"}};
  Inventory target = EmptyTarget();
  target.tagging = source.tagging;
  target.tagging.attachments.clear();
  const std::string pools = "        resource_pools:\n          - name: Gold\n            tags: inherit\n"
                            "            resource_pools:\n              - {name: Batch, permissions: inherit}\n";
  const PlanResult result = Planned(StandaloneDesired(pools), source, target);
  ASSERT_TRUE(result.plan) << (result.diagnostics.empty() ? "" : Format(result.diagnostics.front()));
  const Plan& plan = *result.plan;
  const std::string host = "DC1/esx-02.sim.local";
  const Action* set = Find(plan, "set_permissions:target:" + host + "/Gold/Batch");
  const Action* attach = Find(plan, "attach_tag:target:" + host + "/Gold#Tier/Gold");
  const Action* capture = Find(plan, "set_permissions:source:" + host + "/Gold/Batch");
  const Action* detach = Find(plan, "detach_tag:source:" + host + "/Gold#Tier/Gold");
  ASSERT_TRUE(set && attach && capture && detach) << RenderText(plan);
  EXPECT_EQ(set->params.at("type"), "pool");
  EXPECT_LT(PositionOf(plan, "create_resource_pool:target:" + host + "/Gold/Batch"), PositionOf(plan, set->id));
  EXPECT_LT(PositionOf(plan, "create_resource_pool:target:" + host + "/Gold"), PositionOf(plan, attach->id));
  EXPECT_EQ(capture->params.at("type"), "pool");
  EXPECT_EQ(capture->prior.at("permission.VSPHERE.LOCAL\\ops"), set->params.at("permission.VSPHERE.LOCAL\\ops"));
  EXPECT_LT(PositionOf(plan, capture->id), PositionOf(plan, "disconnect_host:source:" + host));
  EXPECT_LT(PositionOf(plan, detach->id), PositionOf(plan, "remove_host:source:" + host));
  for (const auto& warning : plan.warnings) EXPECT_NE(warning.kind, "tags") << warning.message;
  for (const auto& note : plan.notes) EXPECT_EQ(note.message.find("permission"), std::string::npos) << note.message;

  // The rollback makes the pools again (undoing the removal), then sets what was on them.
  std::set<std::string> done;
  for (const auto& action : plan.actions) done.insert(action.id);
  const Plan rollback = RollbackPlan(plan, done);
  const auto at = [&](ActionKind kind, const std::string& object) {
    const auto it = std::find_if(rollback.actions.begin(), rollback.actions.end(), [&](const Action& a) {
      return a.kind == kind && a.side == Side::Source && a.object == object;
    });
    return static_cast<size_t>(it - rollback.actions.begin());
  };
  const size_t readd = at(ActionKind::AddHost, host);
  ASSERT_LT(readd, rollback.actions.size()) << RenderText(rollback);
  EXPECT_LT(readd, at(ActionKind::AttachTag, host + "/Gold#Tier/Gold"));
  EXPECT_LT(at(ActionKind::AttachTag, host + "/Gold#Tier/Gold"), rollback.actions.size());
  EXPECT_LT(readd, at(ActionKind::SetPermissions, host + "/Gold/Batch"));
  EXPECT_LT(at(ActionKind::SetPermissions, host + "/Gold/Batch"), rollback.actions.size());

  // The export writes them; planned once the moves are done, nothing is left to do.
  const std::string exported = ExportDesiredState(source, {});
  EXPECT_NE(exported.find("tags: [Tier/Gold]"), std::string::npos) << exported;
  EXPECT_NE(exported.find("principal: 'VSPHERE.LOCAL\\ops'"), std::string::npos) << exported;
  Inventory moved = source;
  const PlanResult again = PlannedAfterTheMoves(exported, moved);
  ASSERT_TRUE(again.plan) << (again.diagnostics.empty() ? "" : Format(again.diagnostics.front())) << exported;
  EXPECT_TRUE(again.plan->actions.empty()) << RenderText(*again.plan) << exported;
}

}  // namespace
}  // namespace vcshift
