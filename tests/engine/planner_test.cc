// The diff from desired state and inventories to a plan.

#include "engine/planner.h"

#include <cstdlib>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "engine/plan_view.h"
#include "engine/render_dot.h"
#include "engine/render_json.h"
#include "engine/render_markdown.h"
#include "engine/render_text.h"
#include "engine/validation.h"
#include "tests/engine/inventory_fixtures.h"

namespace vcshift::testing {
namespace {

const std::string kConnections =
    "version: 1\nconnections:\n  source: {url: https://127.0.0.1:8989/sdk, user: u}\n"
    "  target: {url: https://127.0.0.1:8990/sdk, user: u}\n";

DesiredState Desired(const std::string& yaml) {
  LoadResult loaded = LoadDesiredStateText(yaml, "desired.yaml");
  EXPECT_TRUE(loaded.state) << (loaded.diagnostics.empty() ? "" : Format(loaded.diagnostics.front()));
  return loaded.state.value_or(DesiredState{});
}

// The default world's cluster, moved as it is to the empty target.
const std::string kMigrateCluster = kConnections +
                                    "datacenters:\n  - name: DC1\n    clusters:\n"
                                    "      - name: Cluster1\n        ha: inherit\n        drs: inherit\n"
                                    "        hosts: [esx-01.sim.local, esx-02.sim.local]\n";

Plan Planned(const std::string& yaml, const Inventory& source, const Inventory& target) {
  PlanResult result = MakePlan(Desired(yaml), source, target);
  EXPECT_TRUE(result.plan) << (result.diagnostics.empty() ? "" : Format(result.diagnostics.front()));
  return result.plan.value_or(Plan{});
}

std::vector<std::string> Ids(const Plan& plan) {
  std::vector<std::string> ids;
  for (const auto& action : plan.actions) ids.push_back(action.id);
  return ids;
}

bool DependsOn(const Plan& plan, const std::string& later, const std::string& earlier) {
  // Transitively, through the plan's edges.
  std::vector<std::string> ids = Ids(plan);
  const auto index = [&](const std::string& id) { return std::find(ids.begin(), ids.end(), id) - ids.begin(); };
  std::vector<bool> reached(ids.size());
  reached[index(earlier)] = true;
  for (const auto& [before, after] : plan.edges) {  // edges are sorted by `before`, in run order
    if (reached[before]) reached[after] = true;
  }
  return reached[index(later)];
}

TEST(Planner, MigratesAClusterToAnEmptyTarget) {
  const Plan plan = Planned(kMigrateCluster, SampleSource(), EmptyTarget());
  EXPECT_EQ(Ids(plan), (std::vector<std::string>{
                           "create_datacenter:target:DC1",
                           "create_cluster:target:DC1/Cluster1",
                           "migrate_host_network_to_standard:source:DC1/Cluster1/esx-01.sim.local",
                           "disconnect_host:source:DC1/Cluster1/esx-01.sim.local",
                           "remove_host:source:DC1/Cluster1/esx-01.sim.local",
                           "add_host:target:esx-01.sim.local",
                           "migrate_host_network_to_standard:source:DC1/Cluster1/esx-02.sim.local",
                           "disconnect_host:source:DC1/Cluster1/esx-02.sim.local",
                           "remove_host:source:DC1/Cluster1/esx-02.sim.local",
                           "add_host:target:esx-02.sim.local",
                       }));
  EXPECT_TRUE(DependsOn(plan, "add_host:target:esx-01.sim.local", "create_cluster:target:DC1/Cluster1"));
  EXPECT_TRUE(DependsOn(plan, "add_host:target:esx-01.sim.local", "remove_host:source:DC1/Cluster1/esx-01.sim.local"));
  EXPECT_TRUE(DependsOn(plan, "create_cluster:target:DC1/Cluster1", "create_datacenter:target:DC1"));
  // The two hosts' chains are independent, so they can run in parallel.
  EXPECT_FALSE(DependsOn(plan, "disconnect_host:source:DC1/Cluster1/esx-02.sim.local",
                         "add_host:target:esx-01.sim.local"));
  EXPECT_FALSE(DependsOn(plan, "disconnect_host:source:DC1/Cluster1/esx-01.sim.local",
                         "create_cluster:target:DC1/Cluster1"));
  EXPECT_EQ(Summary(plan), "Plan: 2 to create, 0 to change, 2 to move, 0 to destroy.");
}

TEST(Planner, InheritCopiesTheSourceClusterSettings) {
  const Plan plan = Planned(kMigrateCluster, SampleSource(), EmptyTarget());
  const Action& create = plan.actions.at(1);
  EXPECT_EQ(create.params.at("ha.isolation_response"), "powerOff");
  EXPECT_EQ(create.params.at("ha.enabled"), "true");
  EXPECT_EQ(create.params.at("drs.automation_level"), "fullyAutomated");
}

// Golden files: the whole rendered text. VCSHIFT_UPDATE_GOLDEN=1 rewrites them; review
// the diff before committing.
void ExpectGolden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(VCSHIFT_SOURCE_DIR) + "/tests/engine/golden/" + name;
  if (std::getenv("VCSHIFT_UPDATE_GOLDEN")) std::ofstream(path) << actual;
  std::ifstream in(path);
  EXPECT_EQ(actual, std::string(std::istreambuf_iterator<char>(in), {})) << "golden file " << path;
}

TEST(Planner, RenderedPlanReadsAsReviewed) {
  const Plan plan = Planned(kMigrateCluster, SampleSource(), EmptyTarget());
  ExpectGolden("migrate-cluster.txt", RenderText(plan));
  ExpectGolden("migrate-cluster-rollback.txt", RenderText(plan, {false, true}));
  ExpectGolden("migrate-cluster.json", RenderJson(plan));
  ExpectGolden("migrate-cluster.md", RenderMarkdown(plan));
  ExpectGolden("migrate-cluster.dot", RenderDot(plan));
}

// A desired state that uses every part of the format: folders, changed DRS, groups and
// rules, a new distributed switch copied from the source one, VM placement, cleanup.
const std::string kEveryPart = kConnections + R"(datacenters:
  - name: DC1
    host_folders: [Prod]
    vm_folders: [Web]
    clusters:
      - name: Cluster1
        folder: Prod
        ha: inherit
        drs: {enabled: true, automation_level: manual}
        groups:
          - {name: web, type: vm, members: [vm-1, vm-2]}
        rules:
          - {name: web-apart, type: vm_anti_affinity, vms: [vm-1, vm-2]}
        hosts: [esx-01.sim.local, esx-02.sim.local]
    distributed_switches:
      - name: DSwitch2
        inherit: DSwitch1
        hosts:
          - name: esx-01.sim.local
            uplinks: {vmnic0: uplink1, vmnic1: uplink2}
          - name: esx-02.sim.local
            uplinks: {vmnic0: uplink1, vmnic1: uplink2}
    vm_placement:
      - {folder: Web, vms: ["vm-*"]}
cleanup:
  remove_empty_clusters: true
  remove_empty_datacenters: true
  remove_unused_distributed_switches: true
)";

// Rebalancing inside one vCenter, with a cluster setting changed on the way.
const std::string kRebalance =
    "version: 1\nconnections:\n  source: {url: https://127.0.0.1:8989/sdk, user: u}\n  target: {same_as: source}\n"
    "datacenters:\n  - name: DC1\n    clusters:\n      - {name: Cluster1, hosts: [esx-01.sim.local]}\n"
    "      - name: Gold\n        drs: {enabled: true, automation_level: fullyAutomated, migration_threshold: 4}\n"
    "        hosts: [esx-02.sim.local]\n";

Inventory WithGoldCluster() {
  Inventory inventory = SampleSource();
  InventoryCluster gold = inventory.clusters[0];
  gold.name = "Gold";
  gold.groups.clear();
  gold.rules.clear();
  inventory.clusters.push_back(gold);
  return inventory;
}

TEST(Planner, EveryPartOfTheFormatReadsAsReviewed) {
  const Plan plan = Planned(kEveryPart, SampleSource(), EmptyTarget());
  ExpectGolden("every-part.txt", RenderText(plan));
  ExpectGolden("every-part-rollback.txt", RenderText(plan, {false, true}));
  ExpectGolden("every-part.json", RenderJson(plan));
  ExpectGolden("every-part.md", RenderMarkdown(plan));
  ExpectGolden("every-part.dot", RenderDot(plan));
  const Plan rebalance = Planned(kRebalance, WithGoldCluster(), WithGoldCluster());
  ExpectGolden("rebalance.txt", RenderText(rebalance, {false, true}));
  ExpectGolden("rebalance.json", RenderJson(rebalance));
}

// Every action kind, and every inverse, appears in a golden file: a new kind needs a
// scenario that shows how it reads.
TEST(Planner, GoldenFilesCoverEveryActionKind) {
  std::set<ActionKind> seen;
  const auto note = [&](const Plan& plan) {
    for (const auto& action : plan.actions) seen.insert(action.kind);
    for (const auto& action : RollbackPlan(plan).actions) seen.insert(action.kind);
  };
  note(Planned(kMigrateCluster, SampleSource(), EmptyTarget()));
  note(Planned(kEveryPart, SampleSource(), EmptyTarget()));
  note(Planned(kRebalance, WithGoldCluster(), WithGoldCluster()));
  for (int k = 0; k <= static_cast<int>(ActionKind::MoveVmToFolder); ++k) {
    const auto kind = static_cast<ActionKind>(k);
    EXPECT_TRUE(seen.count(kind)) << KindName(kind) << " is in no golden scenario";
  }
}

TEST(Planner, EveryRendererSaysWhenThereIsNothingToDo) {
  Inventory target = SampleSource();
  const Plan plan = Planned(kMigrateCluster, SampleSource(), target);
  EXPECT_EQ(RenderMarkdown(plan), "### vcshift plan\n\n**No changes.**\n");
  EXPECT_EQ(RenderJson(plan), "{\"format_version\":1,\"summary\":{\"create\":0,\"change\":0,\"move\":0,"
                              "\"destroy\":0,\"actions\":0},\"actions\":[],\"notes\":[]}\n");
  EXPECT_EQ(RenderDot(plan), "digraph plan {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", "
                             "fontname=\"Helvetica\"];\n}\n");
}

TEST(Planner, MarkdownIsCutToFitAComment) {
  const Plan plan = Planned(kMigrateCluster, SampleSource(), EmptyTarget());
  const std::string whole = RenderMarkdown(plan);
  const std::string cut = RenderMarkdown(plan, 1200);
  EXPECT_LE(cut.size(), 1200u);
  EXPECT_LT(cut.size(), whole.size());
  EXPECT_NE(cut.find("cut to fit a comment"), std::string::npos);
  const std::string tail = "```\n\n</details>\n";
  EXPECT_EQ(cut.substr(cut.size() - tail.size()), tail);
  EXPECT_EQ(cut.substr(0, 80), whole.substr(0, 80));  // the summary always comes first
}

TEST(Planner, ConvergedTargetPlansNothing) {
  Inventory target = SampleSource();
  target.vcenter = "https://127.0.0.1:8990/sdk";
  const Plan plan = Planned(kMigrateCluster, SampleSource(), target);
  EXPECT_TRUE(plan.Empty()) << RenderText(plan);
  EXPECT_EQ(RenderText(plan), "No changes.\n");
}

TEST(Planner, ChangedSettingsOnAnExistingCluster) {
  Inventory target = SampleSource();
  const Plan plan = Planned(kConnections +
                                "datacenters:\n  - name: DC1\n    clusters:\n      - name: Cluster1\n"
                                "        drs: {automation_level: manual}\n"
                                "        hosts: [esx-01.sim.local, esx-02.sim.local]\n",
                            SampleSource(), target);
  ASSERT_EQ(plan.actions.size(), 1u);
  const Action& configure = plan.actions[0];
  EXPECT_EQ(configure.kind, ActionKind::ConfigureCluster);
  EXPECT_EQ(configure.changes, (std::vector<FieldChange>{{"drs.automation_level", "fullyAutomated", "manual"}}));
  EXPECT_EQ(configure.prior.at("drs.automation_level"), "fullyAutomated");
  EXPECT_EQ(RenderText(plan), "~ cluster DC1/Cluster1\n"
                              "    ~ drs.automation_level: fullyAutomated -> manual\n"
                              "\nPlan: 0 to create, 1 to change, 0 to move, 0 to destroy.\n");
  EXPECT_EQ(Inverse(configure).params.at("drs.automation_level"), "fullyAutomated");
}

TEST(Planner, RebalancingInsideOneVCenterPlansOnlyMoves) {
  Inventory inventory = SampleSource();
  InventoryCluster gold = inventory.clusters[0];
  gold.name = "Gold";
  inventory.clusters.push_back(gold);
  const Plan plan = Planned(
      "version: 1\nconnections:\n  source: {url: https://vc, user: u}\n  target: {same_as: source}\n"
      "datacenters:\n  - name: DC1\n    clusters:\n      - {name: Cluster1, hosts: [esx-01.sim.local]}\n"
      "      - {name: Gold, hosts: [esx-02.sim.local]}\n",
      inventory, inventory);
  EXPECT_EQ(Ids(plan), (std::vector<std::string>{"enter_maintenance_mode:target:DC1/Cluster1/esx-02.sim.local",
                                                 "move_host:target:esx-02.sim.local",
                                                 "exit_maintenance_mode:target:DC1/Gold/esx-02.sim.local"}));
  EXPECT_EQ(Summary(plan), "Plan: 0 to create, 0 to change, 1 to move, 0 to destroy.");
  EXPECT_EQ(Inverse(plan.actions[1]).params.at("cluster"), "DC1/Cluster1");
}

TEST(Planner, RefusesHostsItCannotFindOrMove) {
  Inventory source = SampleSource();
  source.hosts[1].connection_state = "notResponding";
  const PlanResult result = MakePlan(Desired(kConnections +
                                             "datacenters:\n  - name: DC1\n    clusters:\n      - name: C\n"
                                             "        hosts: [esx-01.sim.local, esx-02.sim.local, esx-09.sim.local]\n"),
                                     source, EmptyTarget());
  EXPECT_FALSE(result.plan);
  ASSERT_EQ(result.diagnostics.size(), 2u);
  EXPECT_EQ(Format(result.diagnostics[0]),
            "desired.yaml:9:35: error: host 'esx-02.sim.local' is notResponding; only a connected host can be moved "
            "(reconnect it first)");
  EXPECT_EQ(Format(result.diagnostics[1]),
            "desired.yaml:9:53: error: host 'esx-09.sim.local' is on neither the source (https://127.0.0.1:8989/sdk) "
            "nor the target (https://127.0.0.1:8990/sdk)");
}

TEST(Planner, RefusesAnEvcModeTheHostsCannotRun) {
  const PlanResult result = MakePlan(Desired(kConnections +
                                             "datacenters:\n  - name: DC1\n    clusters:\n      - name: C\n"
                                             "        evc_mode: intel-sapphirerapids\n        hosts: [esx-01.sim.local]\n"),
                                     SampleSource(), EmptyTarget());
  EXPECT_FALSE(result.plan);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].message,
            "host 'esx-01.sim.local' supports EVC up to 'intel-cascadelake' and cannot join cluster 'DC1/C' in EVC "
            "mode 'intel-sapphirerapids'");
}

TEST(Planner, SwitchesPortGroupsMembersFoldersAndCleanup) {
  const Plan plan = Planned(kConnections +
                                "datacenters:\n  - name: DC1\n    vm_folders: [Web]\n"
                                "    clusters:\n      - {name: Cluster1, hosts: [esx-01.sim.local, esx-02.sim.local]}\n"
                                "    distributed_switches:\n      - name: DSwitch-New\n        inherit: DSwitch1\n"
                                "        hosts:\n          - {name: esx-01.sim.local, uplinks: {vmnic0: uplink1}}\n"
                                "    vm_placement: [{folder: Web, vms: ['vm-[12]']}]\n"
                                "cleanup: {remove_empty_clusters: true}\n",
                            SampleSource(), EmptyTarget());
  const auto find = [&](const std::string& id) -> const Action& {
    for (const auto& action : plan.actions) {
      if (action.id == id) return action;
    }
    ADD_FAILURE() << "no action " << id;
    static const Action none;
    return none;
  };
  EXPECT_EQ(find("create_dvs:target:DC1/DSwitch-New").params.at("uplinks"), "uplink1,uplink2");
  EXPECT_EQ(find("create_dvs_port_group:target:DC1/DSwitch-New/pg-mgmt").params.at("vlan"), "10");
  EXPECT_EQ(find("create_dvs_port_group:target:DC1/DSwitch-New/pg-vm").params.at("vlan"), "100");
  EXPECT_EQ(find("join_host_to_dvs:target:DC1/DSwitch-New/esx-01.sim.local").params.at("uplinks"), "vmnic0=uplink1");
  EXPECT_TRUE(DependsOn(plan, "join_host_to_dvs:target:DC1/DSwitch-New/esx-01.sim.local", "add_host:target:esx-01.sim.local"));
  EXPECT_TRUE(DependsOn(plan, "join_host_to_dvs:target:DC1/DSwitch-New/esx-01.sim.local",
                        "create_dvs_port_group:target:DC1/DSwitch-New/pg-vm"));
  EXPECT_EQ(find("move_vm_to_folder:target:DC1/vm-1").params.at("folder"), "Web");
  EXPECT_EQ(find("move_vm_to_folder:target:DC1/vm-2").criticality, Criticality::Finishing);
  EXPECT_TRUE(DependsOn(plan, "move_vm_to_folder:target:DC1/vm-1", "create_folder:target:DC1/vm/Web"));
  const Action& cleanup = find("destroy_cluster:source:DC1/Cluster1");
  EXPECT_EQ(cleanup.criticality, Criticality::Cleanup);
  EXPECT_FALSE(cleanup.reversible);
  EXPECT_TRUE(DependsOn(plan, "destroy_cluster:source:DC1/Cluster1", "remove_host:source:DC1/Cluster1/esx-02.sim.local"));
  EXPECT_NE(RenderText(plan).find("- cluster DC1/Cluster1 (source)\n    (cleanup, cannot be undone)\n"), std::string::npos)
      << RenderText(plan);
}

TEST(Planner, SamePlanTwiceIsIdentical) {
  const Plan a = Planned(kMigrateCluster, SampleSource(), EmptyTarget());
  const Plan b = Planned(kMigrateCluster, SampleSource(), EmptyTarget());
  EXPECT_EQ(a.actions, b.actions);
  EXPECT_EQ(a.edges, b.edges);
  EXPECT_EQ(RenderText(a, {false, true}), RenderText(b, {false, true}));
}

TEST(Planner, NotesUnmanagedHostsInManagedClusters) {
  const Plan plan = Planned(kConnections + "datacenters:\n  - name: DC1\n    clusters:\n"
                                           "      - {name: Cluster1, hosts: [esx-01.sim.local]}\n",
                            SampleSource(), SampleSource());
  ASSERT_EQ(plan.notes.size(), 1u);
  EXPECT_EQ(plan.notes[0].message,
            "host 'esx-02.sim.local' is in cluster 'DC1/Cluster1' but not in the desired state; vcshift leaves it alone");
}

}  // namespace
}  // namespace vcshift::testing
