// The diff from desired state and inventories to a plan.

#include "engine/planner.h"

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "engine/action_kinds.h"
#include "engine/host_network_actions.h"
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

std::vector<std::string> IdsBesideNetworkSteps(const Plan& plan) {
  std::vector<std::string> ids;
  for (const auto& action : plan.actions) {
    if (action.kind != ActionKind::HostNetworkStep) ids.push_back(action.id);
  }
  return ids;
}

bool DependsOn(const Plan& plan, const std::string& later, const std::string& earlier) {
  // Transitively, through the plan's edges.
  std::vector<std::string> ids = Ids(plan);
  for (const auto& id : {later, earlier}) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
      ADD_FAILURE() << "no action " << id;
      return false;
    }
  }
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
  EXPECT_EQ(IdsBesideNetworkSteps(plan), (std::vector<std::string>{
                                            "create_datacenter:target:DC1",
                                            "create_cluster:target:DC1/Cluster1",
                                            "check_host_login:target:esx-01.sim.local",
                                            "disconnect_host:source:DC1/Cluster1/esx-01.sim.local",
                                            "remove_host:source:DC1/Cluster1/esx-01.sim.local",
                                            "add_host:target:esx-01.sim.local",
                                            "check_host_login:target:esx-02.sim.local",
                                            "disconnect_host:source:DC1/Cluster1/esx-02.sim.local",
                                            "remove_host:source:DC1/Cluster1/esx-02.sim.local",
                                            "add_host:target:esx-02.sim.local",
                                        }));
  // Off the source's distributed switch, step by step, before the host leaves (once the
  // target has said it would take it: AnEmptyTargetChecksEachLogin...).
  EXPECT_EQ(plan.actions.at(3).id,
            "host_network_step:source:DC1/Cluster1/esx-01.sim.local:create_standard_switch:vSwitch-vcshift");
  EXPECT_TRUE(DependsOn(plan, "disconnect_host:source:DC1/Cluster1/esx-01.sim.local",
                        "host_network_step:source:DC1/Cluster1/esx-01.sim.local:leave_dvs:DSwitch1"));
  EXPECT_TRUE(DependsOn(plan, "host_network_step:source:DC1/Cluster1/esx-01.sim.local:leave_dvs:DSwitch1",
                        "host_network_step:source:DC1/Cluster1/esx-01.sim.local:move_vmknic:vmk0"));
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

// The source's hosts with their networking on standard switches only: leaving the source
// takes no network step, so disconnecting is a host's first step off it.
Inventory OnStandardSwitches(Inventory source) {
  source.switches.clear();
  for (auto& host : source.hosts) {
    host.proxy_switches.clear();
    host.standard_switches = {{"vSwitch0", 1500, {"vmnic0", "vmnic1"}, {"vmnic0", "vmnic1"}, {}}};
    host.port_groups = {{"Management Network", "vSwitch0", 0}, {"VM Network", "vSwitch0", 0}};
    host.vmkernel_nics[0].port_group = "Management Network";
    host.vmkernel_nics[0].dvs = "";
  }
  for (auto& vm : source.vms) vm.nics = {{"Network adapter 1", "VM Network", "", true}};
  return source;
}

// The actions of the plan on the source that move `host` off it.
std::vector<std::string> DepartureOf(const Plan& plan, const std::string& host) {
  std::vector<std::string> ids;
  for (const auto& action : plan.actions) {
    if (action.side == Side::Source && action.object.ends_with("/" + host)) ids.push_back(action.id);
  }
  return ids;
}

// An empty target has no datacenter for the live precheck to ask about the hosts in
// (providers/vsphere/host_login_precheck.h), and the source may refuse to answer for its
// own: each arriving host is asked about by a step on the target, once its datacenter is
// there and before anything moves it off the source, so that a wrong login rolls back
// only the datacenter. Rolled back, it undoes nothing.
TEST(Planner, AnEmptyTargetChecksEachLoginAfterTheDatacenterAndBeforeTheHostLeaves) {
  for (const Inventory& source : {SampleSource(), OnStandardSwitches(SampleSource())}) {
    const Plan plan = Planned(kMigrateCluster, source, EmptyTarget());
    for (const std::string host : {"esx-01.sim.local", "esx-02.sim.local"}) {
      const std::string check = "check_host_login:target:" + host;
      EXPECT_TRUE(DependsOn(plan, check, "create_datacenter:target:DC1"));
      EXPECT_FALSE(DependsOn(plan, check, "create_cluster:target:DC1/Cluster1")) << "it waits for nothing more";
      const std::vector<std::string> departure = DepartureOf(plan, host);
      ASSERT_FALSE(departure.empty());
      for (const auto& step : departure) EXPECT_TRUE(DependsOn(plan, step, check)) << step;
      const auto it = std::find_if(plan.actions.begin(), plan.actions.end(),
                                   [&](const Action& action) { return action.id == check; });
      ASSERT_NE(it, plan.actions.end());
      EXPECT_EQ(it->params, (std::map<std::string, std::string>{{"cluster", "DC1/Cluster1"},
                                                                {"thumbprint", source.hosts[0].ssl_thumbprint}}));
      EXPECT_EQ(it->criticality, Criticality::Critical);
    }
    EXPECT_EQ(DepartureOf(plan, "esx-01.sim.local").size(), source.switches.empty() ? 2u : 11u);
    for (const auto& undo : RollbackPlan(plan).actions) EXPECT_NE(undo.kind, ActionKind::CheckHostLogin) << undo.id;
  }
  // A target with a datacenter is asked by the precheck: no step.
  Inventory target = EmptyTarget();
  target.datacenters = {{"DC0", {}, {}}};
  for (const auto& action : Planned(kMigrateCluster, SampleSource(), target).actions) {
    EXPECT_NE(action.kind, ActionKind::CheckHostLogin) << action.id;
  }
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
        attributes: {Owner: ops}
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
    host_attributes:
      - {hosts: ["esx-*"], attributes: {Owner: team-a}}
      - {hosts: [esx-01.sim.local], attributes: {Rack: R12}}
    vm_attributes: inherit
cleanup:
  remove_empty_clusters: true
  remove_empty_datacenters: true
  remove_unused_distributed_switches: true
custom_attributes:
  - {name: Owner}
  - {name: Rack, type: host}
)";

// Rebalancing inside one vCenter, with a cluster setting changed on the way.
const std::string kRebalance =
    "version: 1\nconnections:\n  source: {url: https://127.0.0.1:8989/sdk, user: u}\n  target: {same_as: source}\n"
    "datacenters:\n  - name: DC1\n    clusters:\n      - {name: Cluster1, hosts: [esx-01.sim.local]}\n"
    "      - name: Gold\n        drs: {enabled: true, automation_level: fullyAutomated, migration_threshold: 4}\n"
    "        hosts: [esx-02.sim.local]\n"
    "    distributed_switches:\n      - name: DSwitch-Storage\n        uplinks: [uplink1, uplink2]\n"
    "        port_groups: [{name: pg-nfs, vlan: 30}]\n"
    "        hosts: [{name: esx-02.sim.local, uplinks: {vmnic2: uplink1, vmnic3: uplink2}}]\n";

// esx-02 has two spare pNICs, for a switch it joins where it is.
Inventory WithGoldCluster() {
  Inventory inventory = SampleSource();
  inventory.hosts[1].pnics.push_back({"vmnic2", 10000});
  inventory.hosts[1].pnics.push_back({"vmnic3", 10000});
  InventoryCluster gold = inventory.clusters[0];
  gold.name = "Gold";
  gold.groups.clear();
  gold.rules.clear();
  inventory.clusters.push_back(gold);
  return inventory;
}

// An existing switch and port group whose declared settings drifted: the export of the
// sample world with the switch's MTU, uplink names and network I/O control changed, its
// version upgraded, and pg-vm's VLAN and teaming changed.
const std::string kDrift =
    "version: 1\nconnections:\n  source: {url: https://127.0.0.1:8989/sdk, user: u}\n  target: {same_as: source}\n"
    "datacenters:\n  - name: DC1\n    distributed_switches:\n      - name: DSwitch1\n        version: 8.0.0\n"
    "        mtu: 9000\n        uplinks: [uplink1, uplink2]\n        nioc: true\n        port_groups:\n"
    "          - {name: pg-mgmt, vlan: 10, teaming: {active_uplinks: [uplink1], standby_uplinks: [uplink2]}}\n"
    "          - {name: pg-vm, vlan: 200, teaming: {active_uplinks: [uplink2], standby_uplinks: [uplink1]}}\n";

// The sample world's hosts run ESXi 8.0.0, so that its switch can be upgraded.
Inventory WithNewerHosts() {
  Inventory inventory = SampleSource();
  for (auto& host : inventory.hosts) host.version = "8.0.0";
  return inventory;
}

TEST(Planner, DeclaredSettingsOfAnExistingSwitchArePlannedAsChanges) {
  const Plan plan = Planned(kDrift, WithNewerHosts(), WithNewerHosts());
  EXPECT_EQ(Ids(plan), (std::vector<std::string>{"upgrade_dvs:target:DC1/DSwitch1", "configure_dvs:target:DC1/DSwitch1",
                                                 "configure_dvs_port_group:target:DC1/DSwitch1/pg-vm"}));
  const Action& configure = plan.actions.at(1);
  EXPECT_EQ(configure.changes, (std::vector<FieldChange>{{"mtu", "1500", "9000"}, {"nioc", "false", "true"}}));
  EXPECT_EQ(configure.prior, (std::map<std::string, std::string>{{"mtu", "1500"}, {"nioc", "false"}}));
  EXPECT_EQ(plan.actions.at(2).changes,
            (std::vector<FieldChange>{{"active_uplinks", "", "uplink2"}, {"standby_uplinks", "", "uplink1"},
                                      {"vlan", "100", "200"}}));
  EXPECT_FALSE(plan.actions.at(0).reversible);  // vSphere never downgrades a switch
  EXPECT_TRUE(DependsOn(plan, "configure_dvs_port_group:target:DC1/DSwitch1/pg-vm", "configure_dvs:target:DC1/DSwitch1"));
  // Each configure's inverse sets back exactly what it found.
  const Action undo = Inverse(configure);
  EXPECT_EQ(undo.kind, ActionKind::ConfigureDvs);
  EXPECT_EQ(undo.params, configure.prior);
  EXPECT_EQ(Summary(plan), "Plan: 0 to create, 3 to change, 0 to move, 0 to destroy.");
  ExpectGolden("drift.txt", RenderText(plan));
  ExpectGolden("drift-rollback.txt", RenderText(plan, {false, true}));
  ExpectGolden("drift.json", RenderJson(plan));
  ExpectGolden("drift.md", RenderMarkdown(plan));
}

TEST(Planner, AnExportedSwitchPlansNoChanges) {
  const std::string exported =
      kDrift.substr(0, kDrift.find("        version:")) +
      "        version: 7.0.3\n        mtu: 1500\n        uplinks: [uplink1, uplink2]\n        nioc: false\n"
      "        port_groups:\n          - {name: pg-mgmt, vlan: 10, teaming: {active_uplinks: [uplink1], standby_uplinks: [uplink2]}}\n"
      "          - {name: pg-vm, vlan: 100}\n";
  EXPECT_EQ(Ids(Planned(exported, SampleSource(), SampleSource())), std::vector<std::string>{});
  // A port group with every uplink active, which vCenter shows as the switch's uplinks in
  // order, is as declared without an order.
  Inventory listed = SampleSource();
  listed.switches[0].port_groups[1].active_uplinks = {"uplink1", "uplink2"};
  EXPECT_EQ(Ids(Planned(exported, listed, listed)), std::vector<std::string>{});
}

TEST(Planner, ASwitchVersionIsNeverPlannedDownward) {
  const std::string older = std::regex_replace(kDrift, std::regex("version: 8.0.0"), "version: 7.0.0");
  PlanResult result = MakePlan(Desired(older), SampleSource(), SampleSource());
  EXPECT_FALSE(result.plan);
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_EQ(Format(result.diagnostics.front()),
            "desired.yaml:8:9: error: switch 'DC1/DSwitch1' is version 7.0.3 on the target, not 7.0.0; vSphere upgrades "
            "a distributed switch and never downgrades it");
  // Nor past what its members run.
  result = MakePlan(Desired(kDrift), SampleSource(), SampleSource());
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_NE(Format(result.diagnostics.front()).find("its member 'esx-01.sim.local' runs ESXi 7.0.3"), std::string::npos)
      << Format(result.diagnostics.front());
}

// `inherit` copies network I/O control; the desired state's `nioc` overrides it.
TEST(Planner, InheritCopiesNetworkIoControl) {
  Inventory source = SampleSource();
  source.switches[0].nioc = true;
  const Plan plan = Planned(kEveryPart, source, EmptyTarget());
  const auto create = std::find_if(plan.actions.begin(), plan.actions.end(),
                                   [](const Action& a) { return a.kind == ActionKind::CreateDvs; });
  ASSERT_NE(create, plan.actions.end());
  EXPECT_EQ(create->params.at("nioc"), "true");
  const std::string off = std::regex_replace(kEveryPart, std::regex("inherit: DSwitch1"), "inherit: DSwitch1\n        nioc: false");
  const Plan declared = Planned(off, source, EmptyTarget());
  for (const auto& action : declared.actions) {
    if (action.kind == ActionKind::CreateDvs) {
      EXPECT_EQ(action.params.at("nioc"), "false");
    }
  }
}

TEST(Planner, EveryPartOfTheFormatReadsAsReviewed) {
  const Plan plan = Planned(kEveryPart, WithUncarriedState(SampleSource()), EmptyTarget());
  ExpectGolden("every-part.txt", RenderText(plan));
  ExpectGolden("every-part-rollback.txt", RenderText(plan, {false, true}));
  ExpectGolden("every-part.json", RenderJson(plan));
  ExpectGolden("every-part.md", RenderMarkdown(plan));
  ExpectGolden("every-part.dot", RenderDot(plan));
  const Plan rebalance = Planned(kRebalance, WithGoldCluster(), WithGoldCluster());
  ExpectGolden("rebalance.txt", RenderText(rebalance, {false, true}));
  ExpectGolden("rebalance.json", RenderJson(rebalance));
}

// esx-02's NFS adapter on a standard switch with no pNIC of its own; the two spare pNICs,
// free, join DSwitch-Storage.
Inventory WithNfsAdapter() {
  Inventory inventory = WithGoldCluster();
  InventoryHost& host = inventory.hosts[1];
  host.standard_switches = {{"vSwitch1", 1500, {}, {}, {}}};
  host.port_groups = {{"nfs", "vSwitch1", 30}};
  host.vmkernel_nics.push_back({"vmk1", "nfs", "", "10.0.30.12", false});
  return inventory;
}

// A host that joins a switch where it is gets its declared VMkernel adapters moved onto
// the switch's port groups once it is a member, each a step whose inverse puts it back
// before the host leaves the switch in a rollback (the join alone left them where they
// were).
TEST(Planner, AJoiningHostsDeclaredVmkernelAdaptersMoveOntoTheSwitch) {
  std::string desired = kRebalance;
  desired.replace(desired.find("uplink2}}]"), 10, "uplink2}, vmkernel: {vmk1: pg-nfs}}]");
  const Plan plan = Planned(desired, WithNfsAdapter(), WithNfsAdapter());
  const Action* move = nullptr;
  for (const auto& action : plan.actions) {
    if (action.kind == ActionKind::HostNetworkStep) move = &action;
  }
  ASSERT_NE(move, nullptr) << RenderText(plan);
  EXPECT_EQ(move->object, "DC1/Gold/esx-02.sim.local");
  EXPECT_EQ(move->params.at("step"), "move_vmknic");
  const auto step = StepOf(*move);
  ASSERT_TRUE(step);
  EXPECT_EQ(Describe(*step), "move vmk1 from vSwitch1/nfs to DSwitch-Storage/pg-nfs");
  EXPECT_EQ(move->inputs, (std::vector<std::string>{"host-on-dvs@target:esx-02.sim.local/DSwitch-Storage"}));
  EXPECT_EQ(Describe(Inverse(*step)), "move vmk1 from DSwitch-Storage/pg-nfs to vSwitch1/nfs");
  // Planned again once it is there: nothing.
  Inventory after = WithNfsAdapter();
  after.hosts[1].cluster = "Gold";
  after.hosts[1].vmkernel_nics[1] = {"vmk1", "pg-nfs", "DSwitch-Storage", "10.0.30.12", false};
  after.hosts[1].proxy_switches.push_back({"DSwitch-Storage", {{"vmnic2", "uplink1"}, {"vmnic3", "uplink2"}}});
  InventoryDvs storage;
  storage.datacenter = "DC1";
  storage.name = "DSwitch-Storage";
  storage.uplinks = {"uplink1", "uplink2"};
  storage.port_groups = {{"pg-nfs", 30, {}, 8, "static", "loadbalance_srcid", {}, {}}};
  storage.members = {{"esx-02.sim.local", {{"vmnic2", "uplink1"}, {"vmnic3", "uplink2"}}}};
  after.switches.push_back(storage);
  after.clusters[1].drs.migration_threshold = 4;
  const Plan again = Planned(desired, after, after);
  EXPECT_EQ(Ids(again), std::vector<std::string>{}) << RenderText(again);
}

// A declared adapter move that would cut the management network off (another VLAN) is
// refused at the adapter's line, as the steps of a moving host are.
TEST(Planner, AJoiningHostsAdapterMoveThatCutsItOffIsRefused) {
  std::string desired = kRebalance;
  desired.replace(desired.find("uplink2}}]"), 10, "uplink2}, vmkernel: {vmk0: pg-nfs}}]");
  const PlanResult result = MakePlan(Desired(desired), WithNfsAdapter(), WithNfsAdapter());
  ASSERT_FALSE(result.plan);
  ASSERT_FALSE(result.diagnostics.empty());
  const std::string error = Format(result.diagnostics.front());
  EXPECT_NE(error.find("desired.yaml:16:104: error: host esx-02.sim.local: move vmk0 "), std::string::npos) << error;
  EXPECT_NE(error.find("vmk0"), std::string::npos) << error;
  EXPECT_NE(error.find("same-vlan"), std::string::npos) << error;
}

// join_host_to_dvs takes free pNICs only (vCenter answers ResourceInUse for one a standard
// switch holds): a listed pNIC in use is refused at plan time, at its line.
TEST(Planner, AJoinOfAPnicAStandardSwitchHoldsIsRefused) {
  Inventory inventory = WithNfsAdapter();
  inventory.hosts[1].standard_switches[0].pnics = inventory.hosts[1].standard_switches[0].active_pnics = {"vmnic2"};
  const PlanResult result = MakePlan(Desired(kRebalance), inventory, inventory);
  ASSERT_FALSE(result.plan);
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_EQ(Format(result.diagnostics.front()),
            "desired.yaml:16:52: error: host 'esx-02.sim.local' cannot join 'DSwitch-Storage' with vmnic2: it is on "
            "vSwitch1 (active); a pNIC joins a distributed switch free (move it off first, or list another)");
}

// The desired state's hooks (engine/plan_hooks.h): a scoped critical one before the
// hosts leave, with its undo; one after they arrive; one after the cleanup, its token
// from a file. The plan shows each command and where each env value comes from.
const std::string kHooks = kMigrateCluster + R"(cleanup: {remove_empty_clusters: true}
hooks:
  - name: provider-off
    phase: before_hosts_leave
    scope: {cluster: DC1/Cluster1}
    run: [/usr/bin/python3, provider.py, unregister, --vcenter, source]
    undo: [/usr/bin/python3, provider.py, register, --vcenter, source]
    timeout_seconds: 120
    env: {VC_PASSWORD: {env: VCSHIFT_SOURCE_PASSWORD}}
  - name: provider-on
    phase: after_hosts_arrive
    run: [/usr/bin/python3, provider.py, register, --vcenter, target, "two words"]
    undo: [/usr/bin/python3, provider.py, unregister, --vcenter, target]
  - name: cmdb
    phase: after_cleanup
    run: [/usr/local/bin/cmdb-update]
    env: {CMDB_TOKEN: {file: /etc/vcshift/cmdb.yaml, key: token}}
)";

TEST(Planner, HooksReadAsReviewed) {
  const Plan plan = Planned(kHooks, SampleSource(), EmptyTarget());
  ExpectGolden("hooks.txt", RenderText(plan));
  ExpectGolden("hooks-rollback.txt", RenderText(plan, {false, true}));
  ExpectGolden("hooks.json", RenderJson(plan));
  ExpectGolden("hooks.md", RenderMarkdown(plan));
  ExpectGolden("hooks.dot", RenderDot(plan));
}

// Resource pools and per-VM overrides in a cluster that stays in its vCenter: an
// existing pool's CPU shares changed, a new pool, VMs moved into them, a VM's overrides.
const std::string kPools =
    "version: 1\nconnections:\n  source: {url: https://127.0.0.1:8989/sdk, user: u}\n  target: {same_as: source}\n"
    "datacenters:\n  - name: DC1\n    clusters:\n      - name: Cluster1\n"
    "        hosts: [esx-01.sim.local, esx-02.sim.local]\n"
    "        resource_pools:\n          - {name: Gold, cpu: {shares: high}, vms: [vm-1]}\n"
    "          - {name: Silver, memory: {shares: 500, limit: 2048}, vms: [vm-3]}\n"
    "        vm_overrides:\n"
    "          - {vms: [vm-2], ha: {restart_priority: highest}, drs: {enabled: true, automation_level: manual}}\n"
    "        vapps:\n"
    "          - {name: Cafe, cpu: {reservation: 100}}\n"
    "          - {name: Shop, resource_pool: Gold, memory: {shares: high}, members: [{vms: [vm-4], start_order: 2}]}\n";

// Cluster1 has a pool Gold and a vApp Cafe, at vSphere's defaults.
Inventory WithGoldPool() {
  Inventory inventory = SampleSource();
  inventory.clusters[0].pools = {{"Gold", {}, {}}};
  inventory.clusters[0].vapps = {{"Cafe", {}, {}, {}}};
  return inventory;
}

TEST(Planner, PoolsAndOverridesReadAsReviewed) {
  const Plan plan = Planned(kPools, WithGoldPool(), WithGoldPool());
  ExpectGolden("pools.txt", RenderText(plan));
  ExpectGolden("pools-rollback.txt", RenderText(plan, {false, true}));
  ExpectGolden("pools.json", RenderJson(plan));
  ExpectGolden("pools.md", RenderMarkdown(plan));
}

// Tags: the target's categories, tags and attachments; the source's detached before
// their objects leave, attached again by the rollback.
const std::string kTags = kMigrateCluster + "        tags: inherit\n"
                                            "    host_tags:\n      - {hosts: ['*'], tags: inherit}\n"
                                            "    vm_tags:\n      - {vms: ['*'], tags: inherit}\n"
                                            "tag_categories: inherit\ntags: inherit\n";

Inventory TagsTarget() {
  Inventory target = EmptyTarget();
  target.tagging.read = true;
  return target;
}

TEST(Planner, TagsReadAsReviewed) {
  const Plan plan = Planned(kTags, WithTags(SampleSource()), TagsTarget());
  ExpectGolden("tags.txt", RenderText(plan));
  ExpectGolden("tags-rollback.txt", RenderText(plan, {false, true}));
  ExpectGolden("tags.json", RenderJson(plan));
}

// Roles and permissions: a role made, a declared one changed, permissions set once their
// objects are there (a principal mapped); the source's captured before the host leaves,
// set again by the rollback.
const std::string kPermissions = kMigrateCluster + "        permissions: inherit\n"
                                                   "    vm_folders: [Web]\n"
                                                   "    host_permissions: inherit\n"
                                                   "    vm_permissions:\n"
                                                   "      - {vms: ['vm-*'], permissions: [{principal: 'CORP\\web', "
                                                   "group: true, role: AppOperator}]}\n"
                                                   "    folder_permissions: inherit\n"
                                                   "roles:\n"
                                                   "  - {name: AppOperator, privileges: [VirtualMachine.Interact.PowerOn]}\n"
                                                   "  - {name: Auditor, privileges: [Global.Diagnostics]}\n"
                                                   "principal_mapping:\n"
                                                   "  - {source: 'VSPHERE.LOCAL\\ops', target: 'CORP\\ops'}\n";

Inventory WithRoles(Inventory source) {
  source.roles = {{"AppOperator", {"System.Anonymous", "System.Read", "System.View", "VirtualMachine.Interact.PowerOn"}}};
  source.clusters[0].permissions = {{"VSPHERE.LOCAL\\app-admins", true, "AppOperator", true, true}};
  source.hosts[0].permissions = {{"VSPHERE.LOCAL\\ops", false, "ReadOnly", false, false}};
  source.vms[0].permissions = {{"VSPHERE.LOCAL\\alice", false, "AppOperator", true, false}};
  source.datacenters[0].folder_permissions = {{"vm", "Web", {{"VSPHERE.LOCAL\\web-team", true, "AppOperator", true, true}}}};
  return source;
}

Inventory RolesTarget() {
  Inventory target = EmptyTarget();
  target.roles = {{"Auditor", {"System.Anonymous", "System.Read", "System.View"}}};
  return target;
}

TEST(Planner, PermissionsReadAsReviewed) {
  const Plan plan = Planned(kPermissions, WithRoles(SampleSource()), RolesTarget());
  ExpectGolden("permissions.txt", RenderText(plan));
  ExpectGolden("permissions-rollback.txt", RenderText(plan, {false, true}));
  ExpectGolden("permissions.json", RenderJson(plan));
}

// Host licences: esx-01's carried by inherit, esx-02 given the Standard key by its last
// five characters; esx-01's released on the source first.
const std::string kLicences = kMigrateCluster + "    host_licenses:\n"
                                                "      - {hosts: [esx-01.sim.local], license: inherit}\n"
                                                "      - {hosts: [esx-02.sim.local], license: 1MVX2}\n";

TEST(Planner, LicencesReadAsReviewed) {
  const Plan plan = Planned(kLicences, WithLicences(SampleSource()), WithLicences(EmptyTarget(), false));
  ExpectGolden("licences.txt", RenderText(plan));
  ExpectGolden("licences-rollback.txt", RenderText(plan, {false, true}));
  ExpectGolden("licences.json", RenderJson(plan));
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
  note(Planned(kDrift, WithNewerHosts(), WithNewerHosts()));
  note(Planned(kHooks, SampleSource(), EmptyTarget()));
  note(Planned(kPools, WithGoldPool(), WithGoldPool()));
  note(Planned(kTags, WithTags(SampleSource()), TagsTarget()));
  note(Planned(kPermissions, WithRoles(SampleSource()), RolesTarget()));
  note(Planned(kLicences, WithLicences(SampleSource()), WithLicences(EmptyTarget(), false)));
  for (size_t k = 0; k < kKindCount; ++k) {
    const auto kind = static_cast<ActionKind>(k);
    EXPECT_TRUE(seen.count(kind)) << KindName(kind) << " is in no golden scenario";
  }
}

// MakePlan checks each action's params against its kind (WithDeclaredParams); the
// inverses a rollback builds from the priors must fit their kinds as well.
TEST(Planner, GoldenRollbacksCarryOnlyTheParamsTheirKindsDeclare) {
  for (const Plan& plan : {Planned(kMigrateCluster, SampleSource(), EmptyTarget()),
                           Planned(kEveryPart, SampleSource(), EmptyTarget()),
                           Planned(kRebalance, WithGoldCluster(), WithGoldCluster()),
                           Planned(kDrift, WithNewerHosts(), WithNewerHosts()),
                           Planned(kHooks, SampleSource(), EmptyTarget()),
                           Planned(kPools, WithGoldPool(), WithGoldPool()),
                           Planned(kTags, WithTags(SampleSource()), TagsTarget()),
                           Planned(kLicences, WithLicences(SampleSource()), WithLicences(EmptyTarget(), false))}) {
    for (const auto& action : RollbackPlan(plan).actions) {
      EXPECT_EQ(ParamProblems(action), std::vector<std::string>{});
    }
  }
}

TEST(Planner, InheritConvergesOnceEveryHostHasLeftTheSource) {
  Inventory target = SampleSource();
  target.vcenter = EmptyTarget().vcenter;
  Inventory source = EmptyTarget();
  source.vcenter = SampleSource().vcenter;
  const Plan plan = Planned(kMigrateCluster, source, target);
  EXPECT_EQ(Summary(plan), "No changes.");
}

// cleanup.remove_unused_distributed_switches removes the source switch a target switch
// inherits from: once the target's exists, planning again changes nothing.
TEST(Planner, AnInheritedSwitchConvergesOnceTheSourceSwitchIsGone) {
  const std::string yaml = kMigrateCluster +
                           "    distributed_switches:\n      - name: DSwitch1\n        inherit: DSwitch1\n"
                           "        hosts:\n          - {name: esx-01.sim.local, uplinks: {vmnic0: uplink1, vmnic1: uplink2}}\n"
                           "          - {name: esx-02.sim.local, uplinks: {vmnic0: uplink1, vmnic1: uplink2}}\n";
  Inventory target = SampleSource();
  target.vcenter = EmptyTarget().vcenter;
  Inventory source = EmptyTarget();
  source.vcenter = SampleSource().vcenter;
  EXPECT_EQ(Summary(Planned(yaml, source, target)), "No changes.");

  // Before the target has it, the source switch is needed.
  const PlanResult refused = MakePlan(Desired(yaml), source, EmptyTarget());
  ASSERT_FALSE(refused.plan);
  std::string errors;
  for (const auto& diagnostic : refused.diagnostics) errors += Format(diagnostic) + "\n";
  EXPECT_NE(errors.find("switch 'DSwitch1' inherits from 'DSwitch1', which is not a distributed switch on the source"),
            std::string::npos)
      << errors;
}

TEST(Planner, EveryRendererSaysWhenThereIsNothingToDo) {
  Inventory target = SampleSource();
  const Plan plan = Planned(kMigrateCluster, SampleSource(), target);
  EXPECT_EQ(RenderMarkdown(plan), "### vcshift plan\n\n**No changes.**\n");
  EXPECT_EQ(RenderJson(plan), "{\"format_version\":1,\"summary\":{\"create\":0,\"change\":0,\"move\":0,"
                              "\"destroy\":0,\"actions\":0},\"actions\":[],\"notes\":[],\"warnings\":[]}\n");
  EXPECT_EQ(RenderDot(plan), "digraph plan {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", "
                             "fontname=\"Helvetica\"];\n}\n");
}

TEST(Planner, MarkdownIsCutToFitAComment) {
  const Plan plan = Planned(kMigrateCluster, SampleSource(), EmptyTarget());
  const std::string whole = RenderMarkdown(plan);
  const std::string cut = RenderMarkdown(plan, 1600);
  EXPECT_LE(cut.size(), 1600u);
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

// esx-02 standalone in the source's DC1, to be standalone in the target's host folder Edge.
Inventory WithStandaloneHost() {
  Inventory source = SampleSource();
  source.hosts[1].cluster = "";
  return source;
}
const std::string kStandalone = kConnections +
                                "datacenters:\n  - name: DC1\n    host_folders: [Edge]\n"
                                "    standalone_hosts:\n      - {name: esx-02.sim.local, folder: Edge}\n";

TEST(Planner, AStandaloneHostMovesLikeAClusteredOneIntoItsFolder) {
  const Plan plan = Planned(kStandalone, WithStandaloneHost(), EmptyTarget());
  EXPECT_EQ(IdsBesideNetworkSteps(plan), (std::vector<std::string>{
                                            "create_datacenter:target:DC1",
                                            "create_folder:target:DC1/host/Edge",
                                            "check_host_login:target:esx-02.sim.local",
                                            "disconnect_host:source:DC1/esx-02.sim.local",
                                            "remove_host:source:DC1/esx-02.sim.local",
                                            "add_host:target:esx-02.sim.local",
                                        }));
  const Action& remove = plan.actions.at(plan.actions.size() - 2);
  const Action& add = plan.actions.back();
  // add_host's `cluster` names a host folder for a standalone host: AddStandaloneHost_Task.
  EXPECT_EQ(add.params.at("cluster"), "DC1/Edge");
  EXPECT_TRUE(DependsOn(plan, add.id, "create_folder:target:DC1/host/Edge"));
  EXPECT_TRUE(DependsOn(plan, add.id, remove.id));
  // Rolled back, it is added again where it was: the source datacenter's host folder.
  EXPECT_EQ(Inverse(remove).kind, ActionKind::AddHost);
  EXPECT_EQ(Inverse(remove).params.at("cluster"), "DC1");
  EXPECT_EQ(Summary(plan), "Plan: 2 to create, 0 to change, 1 to move, 0 to destroy.");
}

TEST(Planner, AStandaloneHostWhereItBelongsPlansNothing) {
  Inventory target = WithStandaloneHost();
  target.vcenter = "https://127.0.0.1:8990/sdk";
  target.datacenters[0].host_folders = {"Edge"};
  target.hosts[1].folder = "Edge";
  const Plan plan = Planned(kStandalone, WithStandaloneHost(), target);
  EXPECT_EQ(RenderText(plan), "No changes.\n");
}

TEST(Planner, RefusesToMakeAClusteredHostOfTheTargetStandalone) {
  Inventory target = SampleSource();
  target.vcenter = "https://127.0.0.1:8990/sdk";
  target.datacenters[0].host_folders = {"Edge"};
  const PlanResult result = MakePlan(Desired(kStandalone), SampleSource(), target);
  EXPECT_FALSE(result.plan);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(Format(result.diagnostics[0]),
            "desired.yaml:9:16: error: host 'esx-02.sim.local' is at 'DC1/Cluster1' on the target; vcshift makes "
            "a host standalone only as it arrives from the source");
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
                                "        hosts:\n          - {name: esx-01.sim.local, uplinks: {vmnic0: uplink1, vmnic1: uplink2}}\n"
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
  // The host's networking moves onto the new switch in steps once it, its port groups
  // and the host are there; esx-02, which the switch does not list, stays on its
  // standard switch.
  const std::string join = "host_network_step:target:DC1/Cluster1/esx-01.sim.local:join_dvs:DSwitch-New";
  EXPECT_EQ(find(join).params.at("step"), "join_dvs");
  EXPECT_TRUE(DependsOn(plan, join, "add_host:target:esx-01.sim.local"));
  EXPECT_TRUE(DependsOn(plan, join, "create_dvs_port_group:target:DC1/DSwitch-New/pg-vm"));
  EXPECT_TRUE(DependsOn(plan, join, "create_dvs_port_group:target:DC1/DSwitch-New/pg-mgmt"));
  for (const auto& action : plan.actions) {
    EXPECT_FALSE(action.kind == ActionKind::JoinHostToDvs) << action.id;
    EXPECT_FALSE(action.side == Side::Target && action.object == "DC1/Cluster1/esx-02.sim.local") << action.id;
  }
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

// `folder: ""` is the datacenter's VM folder: arriving VMs go there from vCenter's
// "Discovered virtual machine" folder; one already there is left alone.
TEST(Planner, TheDatacentersVmFolderIsAPlacementToo) {
  const std::string datacenters = "datacenters:\n  - name: DC1\n"
                                  "    clusters:\n      - {name: Cluster1, hosts: [esx-01.sim.local, esx-02.sim.local]}\n"
                                  "    vm_placement: [{folder: '', vms: ['vm-*']}]\n";
  const Plan moving = Planned(kConnections + datacenters, SampleSource(), EmptyTarget());
  bool found = false;
  for (const auto& action : moving.actions) {
    if (action.id != "move_vm_to_folder:target:DC1/vm-1") continue;
    found = true;
    EXPECT_EQ(action.params.at("folder"), "");
    EXPECT_TRUE(DependsOn(moving, action.id, "add_host:target:esx-01.sim.local"));
    ASSERT_EQ(action.changes.size(), 1u);
    EXPECT_EQ(action.changes[0].after, "(the datacenter's VM folder)");
  }
  EXPECT_TRUE(found) << RenderText(moving);
  const std::string in_place = "version: 1\nconnections:\n  source: {url: https://127.0.0.1:8989/sdk, user: u}\n"
                               "  target: {same_as: source}\n";
  for (const auto& action : Planned(in_place + datacenters, SampleSource(), SampleSource()).actions) {
    EXPECT_NE(action.kind, ActionKind::MoveVmToFolder) << action.id;
  }
}

TEST(Planner, SamePlanTwiceIsIdentical) {
  for (const std::string& yaml : {kMigrateCluster, kEveryPart}) {
    const Plan a = Planned(yaml, SampleSource(), EmptyTarget());
    const Plan b = Planned(yaml, SampleSource(), EmptyTarget());
    EXPECT_EQ(a.actions, b.actions);
    EXPECT_EQ(a.edges, b.edges);
    EXPECT_EQ(RenderText(a, {false, true}), RenderText(b, {false, true}));
    EXPECT_EQ(RenderJson(a), RenderJson(b));
  }
}

TEST(Planner, NotesUnmanagedHostsInManagedClusters) {
  const Plan plan = Planned(kConnections + "datacenters:\n  - name: DC1\n    clusters:\n"
                                           "      - {name: Cluster1, hosts: [esx-01.sim.local]}\n",
                            SampleSource(), SampleSource());
  ASSERT_EQ(plan.notes.size(), 1u);
  EXPECT_EQ(plan.notes[0].message,
            "host 'esx-02.sim.local' is in cluster 'DC1/Cluster1' but not in the desired state; vcshift leaves it alone");
}

// --- host networking ---------------------------------------------------------------

// The steps the plan's actions carry for `host` on `side`, in the order `plan` runs them.
std::vector<NetworkStep> StepsFor(const Plan& plan, const std::string& host, Side side) {
  std::vector<NetworkStep> steps;
  for (const auto& action : plan.actions) {
    if (action.side != side || action.object.substr(action.object.rfind('/') + 1) != host) continue;
    std::string error;
    if (auto step = action.kind == ActionKind::HostNetworkStep ? FromParams(action.params, error) : std::nullopt) {
      steps.push_back(*step);
    }
    EXPECT_EQ(error, "") << action.id;
  }
  return steps;
}

// Applies `steps` with every invariant checked, as the runner will, one action each.
HostNetwork RunChecked(HostNetwork state, const std::vector<NetworkStep>& steps) {
  for (const auto& step : steps) {
    AppliedStep applied = ApplyChecked(state, step);
    EXPECT_TRUE(applied.state) << (applied.problems.empty() ? "" : Format(applied.problems[0]));
    if (!applied.state) break;
    state = *applied.state;
  }
  return state;
}

const InventoryHost& HostIn(const Inventory& inventory, const std::string& name) {
  for (const auto& host : inventory.hosts) {
    if (host.name == name) return host;
  }
  throw std::runtime_error("no host " + name);
}

// The host's networking on the source, and after the plan's steps: off the source's
// switches, then, arrived among `targets`, onto the target's.
struct Journey {
  HostNetwork start;
  HostNetwork departed;
  HostNetwork end;
};

Journey Travel(const Plan& plan, const Inventory& source, const std::string& host,
               const std::vector<InventoryDvs>& targets) {
  Journey journey;
  journey.start = HostNetworkOf(HostIn(source, host), source.vms, source.switches);
  journey.departed = RunChecked(journey.start, StepsFor(plan, host, Side::Source));
  journey.end = RunChecked(ArrivedAt(journey.departed, targets), StepsFor(plan, host, Side::Target));
  return journey;
}

// kEveryPart's DSwitch2, as the plan creates it: DSwitch1's settings and port groups.
std::vector<InventoryDvs> DSwitch2() {
  InventoryDvs dvs = SampleSource().switches[0];
  dvs.name = "DSwitch2";
  dvs.members.clear();
  return {dvs};
}

TEST(PlannerHostNetwork, TheForwardStepsKeepTheRulesAndEndOnTheTargetSwitch) {
  const Plan plan = Planned(kEveryPart, SampleSource(), EmptyTarget());
  for (const std::string host : {"esx-01.sim.local", "esx-02.sim.local"}) {
    const Journey journey = Travel(plan, SampleSource(), host, DSwitch2());
    EXPECT_TRUE(journey.departed.proxy_switches.empty()) << host;
    ASSERT_EQ(journey.end.proxy_switches.size(), 1u) << host;
    EXPECT_EQ(journey.end.proxy_switches[0].dvs, "DSwitch2");
    EXPECT_EQ(journey.end.proxy_switches[0].uplinks, journey.start.proxy_switches[0].uplinks);
    EXPECT_TRUE(journey.end.standard_switches.empty()) << "the migration switch is cleaned up";
    EXPECT_TRUE(journey.end.port_groups.empty());
    for (const auto& vmk : journey.end.vmkernel_nics) EXPECT_EQ(vmk.port_group + "@" + vmk.dvs, "pg-mgmt@DSwitch2");
    ASSERT_EQ(journey.end.vm_nics.size(), journey.start.vm_nics.size());
    for (size_t i = 0; i < journey.end.vm_nics.size(); ++i) {
      EXPECT_EQ(journey.end.vm_nics[i].network, journey.start.vm_nics[i].network);
      EXPECT_EQ(journey.end.vm_nics[i].dvs, "DSwitch2");
    }
  }
}

TEST(PlannerHostNetwork, RollingBackRestoresTheHostsNetworkExactly) {
  const Plan plan = Planned(kEveryPart, SampleSource(), EmptyTarget());
  const Journey journey = Travel(plan, SampleSource(), "esx-01.sim.local", DSwitch2());
  const Plan rollback = RollbackPlan(plan);
  // The target's steps are undone in the target vCenter, then the host goes back and
  // the source's steps are undone there.
  HostNetwork state = RunChecked(ArrivedAt(journey.end, DSwitch2()), StepsFor(rollback, "esx-01.sim.local", Side::Target));
  EXPECT_EQ(state, ArrivedAt(journey.departed, DSwitch2()));
  state = RunChecked(ArrivedAt(state, SampleSource().switches), StepsFor(rollback, "esx-01.sim.local", Side::Source));
  EXPECT_EQ(state, journey.start);
}

TEST(PlannerHostNetwork, EachStepIsAnActionWhoseInverseIsTheStepsInverse) {
  const Plan plan = Planned(kEveryPart, SampleSource(), EmptyTarget());
  size_t steps = 0;
  for (const auto& action : plan.actions) {
    const auto step = StepOf(action);
    if (!step) continue;
    ++steps;
    EXPECT_EQ(StepOf(Inverse(action)), Inverse(*step)) << action.id;
    const bool cleanup = step->kind == StepKind::DeletePortGroup || step->kind == StepKind::DeleteStandardSwitch;
    EXPECT_EQ(action.criticality, cleanup ? Criticality::Cleanup : Criticality::Critical) << action.id;
  }
  EXPECT_EQ(steps, 36u);  // per host: 9 off DSwitch1, 9 onto DSwitch2
}

// examples/distributed-switch-cluster.yaml's names: DSwitch-East inherits DSwitch-Old and
// sets its own port groups; "Web (old)" maps to pg-web; the migration switch is named.
const std::string kEastYaml = kConnections + R"yaml(datacenters:
  - name: DC-East
    clusters:
      - name: Compute-A
        hosts: [esx-11.example.com]
    distributed_switches:
      - name: DSwitch-East
        inherit: DSwitch-Old
        mtu: 9000
        migration_standard_switch: vSwitch-move
        port_groups:
          - {name: pg-mgmt, vlan: 10, teaming: {active_uplinks: [uplink1], standby_uplinks: [uplink2]}}
          - {name: pg-vmotion, vlan: 20}
          - {name: pg-web, vlan: 100}
          - {name: pg-trunk, vlan_trunk: [{start: 200, end: 299}]}
        hosts:
          - name: esx-11.example.com
            uplinks: {vmnic0: uplink1, vmnic1: uplink2}
            vmkernel: {vmk0: pg-mgmt, vmk1: pg-vmotion}
    network_mapping:
      - {source: "Web (old)", switch: DSwitch-East, port_group: pg-web}
)yaml";

Inventory OldSource() {
  Inventory source = SampleSource();
  InventoryDvs& old = source.switches[0];
  old.name = "DSwitch-Old";
  old.port_groups = {{"pg-mgmt", 10, {}, 8, "static", "loadbalance_srcid", {"uplink1"}, {"uplink2"}},
                     {"vmotion-old", 20, {}, 8, "static", "loadbalance_srcid", {}, {}},
                     {"Web (old)", 100, {}, 8, "static", "loadbalance_srcid", {}, {}},
                     {"pg-trunk", 0, {{200, 299}}, 8, "static", "loadbalance_srcid", {}, {}}};
  InventoryHost& host = source.hosts[0];
  host.name = "esx-11.example.com";
  host.vmkernel_nics = {{"vmk0", "pg-mgmt", "DSwitch-Old", "10.0.0.11", true},
                        {"vmk1", "vmotion-old", "DSwitch-Old", "10.0.1.11", false}};
  host.proxy_switches = {{"DSwitch-Old", {{"vmnic0", "uplink1"}, {"vmnic1", "uplink2"}}}};
  source.vms = {{"DC1", "", "web-01", host.name, "poweredOn", {{"Network adapter 1", "Web (old)", "DSwitch-Old", true}}},
                {"DC1", "", "fw-01", host.name, "poweredOn", {{"Network adapter 1", "pg-trunk", "DSwitch-Old", true}}}};
  return source;
}

TEST(PlannerHostNetwork, InheritedSwitchAndNetworkMappingAsInTheExample) {
  const Plan plan = Planned(kEastYaml, OldSource(), EmptyTarget());
  const std::string text = RenderText(plan);
  for (const std::string line : {
           "      network: DSwitch-Old/Web (old) -> vSwitch-move/Web (old) (VLAN 100) -> DSwitch-East/pg-web\n",
           "      network: DSwitch-Old/pg-mgmt -> vSwitch-move/pg-mgmt (VLAN 10) -> DSwitch-East/pg-mgmt\n",
           "      network: DSwitch-Old/pg-trunk -> vSwitch-move/pg-trunk (VLAN 4095: all VLANs) -> DSwitch-East/pg-trunk\n",
           "      network: DSwitch-Old/vmotion-old -> vSwitch-move/vmotion-old (VLAN 20) -> DSwitch-East/pg-vmotion\n",
           "    host_network_step (source): create standard switch vSwitch-move (MTU 1500)\n",
           "    host_network_step (target): join distributed switch DSwitch-East\n",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\nnot in\n" << text;
  }
  InventoryDvs east = OldSource().switches[0];
  east.name = "DSwitch-East";
  east.mtu = 9000;
  east.port_groups = {{"pg-mgmt", 10, {}, 8, "static", "loadbalance_srcid", {"uplink1"}, {"uplink2"}},
                      {"pg-vmotion", 20, {}, 8, "static", "loadbalance_srcid", {}, {}},
                      {"pg-web", 100, {}, 8, "static", "loadbalance_srcid", {}, {}},
                      {"pg-trunk", 0, {{200, 299}}, 8, "static", "loadbalance_srcid", {}, {}}};
  const Journey journey = Travel(plan, OldSource(), "esx-11.example.com", {east});
  std::vector<std::string> places;
  for (const auto& vmk : journey.end.vmkernel_nics) places.push_back(vmk.device + "@" + vmk.dvs + "/" + vmk.port_group);
  for (const auto& nic : journey.end.vm_nics) places.push_back(nic.vm + "@" + nic.dvs + "/" + nic.network);
  EXPECT_EQ(places, (std::vector<std::string>{"vmk0@DSwitch-East/pg-mgmt", "vmk1@DSwitch-East/pg-vmotion",
                                              "fw-01@DSwitch-East/pg-trunk", "web-01@DSwitch-East/pg-web"}));
  EXPECT_TRUE(journey.end.standard_switches.empty());
}

TEST(PlannerHostNetwork, ASwitchThatListsTheHostNamesTheMigrationSwitch) {
  const Plan plan = Planned(kConnections + "datacenters:\n  - name: DC1\n    clusters:\n"
                                           "      - {name: Cluster1, hosts: [esx-01.sim.local]}\n"
                                           "    distributed_switches:\n      - name: DSwitch-New\n"
                                           "        migration_standard_switch: vSwitch-x\n"
                                           "        port_groups: [{name: pg-mgmt, vlan: 10}, {name: pg-vm, vlan: 100}]\n"
                                           "        hosts: [{name: esx-01.sim.local}]\n",
                            SampleSource(), EmptyTarget());
  const std::string text = RenderText(plan);
  EXPECT_NE(text.find("      network: DSwitch1/pg-vm -> vSwitch-x/pg-vm (VLAN 100) -> DSwitch-New/pg-vm\n"),
            std::string::npos)
      << text;
}

// esx-01 with its management on DSwitch1 (vmnic0, vmnic1) and its VMs on DSwitch2
// (vmnic2, vmnic3).
Inventory TwoSwitchSource() {
  Inventory source = SampleSource();
  InventoryDvs web = source.switches[0];
  web.name = "DSwitch2";
  web.port_groups = {{"pg-web", 100, {}, 8, "static", "loadbalance_srcid", {}, {}}};
  source.switches.push_back(web);
  InventoryHost& host = source.hosts[0];
  host.pnics = {{"vmnic0", 10000}, {"vmnic1", 10000}, {"vmnic2", 25000}, {"vmnic3", 25000}};
  host.proxy_switches.push_back({"DSwitch2", {{"vmnic2", "uplink1"}, {"vmnic3", "uplink2"}}});
  source.vms = {{"DC1", "", "vm-1", host.name, "poweredOn", {{"Network adapter 1", "pg-web", "DSwitch2", true}}}};
  return source;
}

TEST(PlannerHostNetwork, TwoSwitchesOneAfterTheOtherWithCleanupOffTheCriticalPath) {
  const Plan plan = Planned(kConnections + "datacenters:\n  - name: DC1\n    clusters:\n"
                                           "      - {name: Cluster1, hosts: [esx-01.sim.local]}\n"
                                           "    distributed_switches:\n"
                                           "      - {name: DSwitch-A, inherit: DSwitch1, migration_standard_switch: vSwitch-a,\n"
                                           "         hosts: [{name: esx-01.sim.local}]}\n"
                                           "      - {name: DSwitch-B, inherit: DSwitch2, migration_standard_switch: vSwitch-b,\n"
                                           "         hosts: [{name: esx-01.sim.local}]}\n",
                            TwoSwitchSource(), EmptyTarget());
  const std::string host = "host_network_step:target:DC1/Cluster1/esx-01.sim.local:";
  EXPECT_TRUE(DependsOn(plan, host + "join_dvs:DSwitch-B", host + "move_pnic:vmnic1"));  // A's last move
  EXPECT_FALSE(DependsOn(plan, host + "join_dvs:DSwitch-B", host + "delete_port_group:pg-mgmt"));
  EXPECT_FALSE(DependsOn(plan, host + "join_dvs:DSwitch-B", host + "delete_standard_switch:vSwitch-a"));
  EXPECT_TRUE(DependsOn(plan, host + "delete_standard_switch:vSwitch-a", host + "delete_port_group:pg-mgmt"));

  std::vector<InventoryDvs> targets = TwoSwitchSource().switches;
  targets[0].name = "DSwitch-A";
  targets[1].name = "DSwitch-B";
  const Journey journey = Travel(plan, TwoSwitchSource(), "esx-01.sim.local", targets);
  ASSERT_EQ(journey.end.proxy_switches.size(), 2u);
  EXPECT_EQ(journey.end.proxy_switches[0].uplinks, journey.start.proxy_switches[0].uplinks);
  EXPECT_EQ(journey.end.proxy_switches[1].uplinks, journey.start.proxy_switches[1].uplinks);
  EXPECT_EQ(journey.end.vm_nics.at(0).dvs, "DSwitch-B");
  EXPECT_TRUE(journey.end.standard_switches.empty());
}

TEST(PlannerHostNetwork, AOnePnicHostsAdaptersTravelWithThePnic) {
  Inventory source = SampleSource();
  source.hosts[0].pnics = {{"vmnic0", 10000}};
  source.hosts[0].proxy_switches = {{"DSwitch1", {{"vmnic0", "uplink1"}}}};
  for (auto& vm : source.vms) vm.power_state = "poweredOff";
  const Plan plan = Planned(kConnections + "datacenters:\n  - name: DC1\n    clusters:\n"
                                           "      - {name: Cluster1, hosts: [esx-01.sim.local]}\n"
                                           "    distributed_switches:\n"
                                           "      - {name: DSwitch2, inherit: DSwitch1, hosts: [{name: esx-01.sim.local}]}\n",
                            source, EmptyTarget());
  const std::string text = RenderText(plan);
  for (const std::string line : {
           "      network: DSwitch1/pg-mgmt -> vSwitch-vcshift/pg-mgmt (VLAN 10) -> DSwitch2/pg-mgmt\n",
           "    host_network_step (source): move vmnic0 from DSwitch1 (uplink1) to vSwitch-vcshift (active), vmk0 to "
           "vSwitch-vcshift/pg-mgmt, in one host update\n",
           "    host_network_step (target): move vmnic0 from vSwitch-vcshift (active) to DSwitch2 (uplink1), vmk0 to "
           "DSwitch2/pg-mgmt, in one host update\n",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\nnot in\n" << text;
  }
  EXPECT_EQ(Travel(plan, source, "esx-01.sim.local", DSwitch2()).end.vmkernel_nics.at(0).dvs, "DSwitch2");
}

// `inventory` with esx-01 and its VMs' networking as `state` has it.
void PutHost(Inventory& inventory, const HostNetwork& state) {
  InventoryHost host = SampleSource().hosts[0];
  host.pnics = state.pnics;
  host.standard_switches = state.standard_switches;
  host.port_groups = state.port_groups;
  host.vmkernel_nics = state.vmkernel_nics;
  host.proxy_switches = state.proxy_switches;
  std::erase_if(inventory.hosts, [&](const InventoryHost& h) { return h.name == host.name; });
  std::erase_if(inventory.vms, [&](const InventoryVm& vm) { return vm.host == host.name; });
  inventory.hosts.insert(inventory.hosts.begin(), host);
  for (const auto& nic : state.vm_nics) {
    inventory.vms.push_back({"DC1", "", nic.vm, host.name, "poweredOn", {{nic.label, nic.network, nic.dvs, nic.connected}}});
  }
}

// A plan made again after a run stopped part of the way onto the target's switch: the
// host is in the target vCenter with `state` as its networking.
Inventory TargetWith(const HostNetwork& state, bool with_switch) {
  Inventory target = EmptyTarget();
  target.datacenters = {{"DC1", {}, {}}};
  target.clusters = SampleSource().clusters;
  PutHost(target, state);
  if (with_switch) target.switches = DSwitch2();
  for (auto& dvs : target.switches) {
    for (const auto& proxy : state.proxy_switches) dvs.members.push_back({state.host, proxy.uplinks});
  }
  return target;
}

std::vector<std::string> Described(const std::vector<NetworkStep>& steps) {
  std::vector<std::string> out;
  for (const auto& step : steps) out.push_back(Describe(step));
  return out;
}

const std::string kOntoDSwitch2 = kConnections + "datacenters:\n  - name: DC1\n    clusters:\n"
                                                "      - {name: Cluster1, hosts: [esx-01.sim.local]}\n"
                                                "    distributed_switches:\n"
                                                "      - {name: DSwitch2, inherit: DSwitch1, hosts: [{name: esx-01.sim.local}]}\n";

TEST(PlannerHostNetwork, PlanningAgainBeforeTheHostLeftGoesOnWhereTheRunStopped) {
  const Plan first = Planned(kOntoDSwitch2, SampleSource(), EmptyTarget());
  const std::vector<NetworkStep> off = StepsFor(first, "esx-01.sim.local", Side::Source);
  const std::vector<NetworkStep> onto = StepsFor(first, "esx-01.sim.local", Side::Target);
  const HostNetwork start = Travel(first, SampleSource(), "esx-01.sim.local", DSwitch2()).start;
  ASSERT_EQ(off.size(), 9u);
  for (const size_t done : {4u, 9u}) {
    Inventory source = SampleSource();
    PutHost(source, RunChecked(start, {off.begin(), off.begin() + static_cast<long>(done)}));
    const Plan again = Planned(kOntoDSwitch2, source, EmptyTarget());
    EXPECT_EQ(Described(StepsFor(again, "esx-01.sim.local", Side::Source)),
              Described({off.begin() + static_cast<long>(done), off.end()}))
        << "after " << done << " steps";
    EXPECT_EQ(Described(StepsFor(again, "esx-01.sim.local", Side::Target)), Described(onto)) << "after " << done;
  }
}

TEST(PlannerHostNetwork, PlanningAgainAfterTheHostArrivedGoesOnWhereTheRunStopped) {
  const std::string& yaml = kOntoDSwitch2;
  const Plan first = Planned(yaml, SampleSource(), EmptyTarget());
  const std::vector<NetworkStep> onto = StepsFor(first, "esx-01.sim.local", Side::Target);
  const HostNetwork arrived = ArrivedAt(Travel(first, SampleSource(), "esx-01.sim.local", DSwitch2()).departed, DSwitch2());
  Inventory source = SampleSource();
  source.hosts.erase(source.hosts.begin());
  ASSERT_EQ(onto.size(), 9u);
  for (const size_t done : {0u, 3u, 6u, 8u}) {
    const HostNetwork state = RunChecked(arrived, {onto.begin(), onto.begin() + static_cast<long>(done)});
    const Plan again = Planned(yaml, source, TargetWith(state, done > 0));
    EXPECT_EQ(Described(StepsFor(again, "esx-01.sim.local", Side::Target)),
              Described({onto.begin() + static_cast<long>(done), onto.end()}))
        << "after " << done << " steps";
    for (const auto& action : again.actions) EXPECT_NE(action.kind, ActionKind::JoinHostToDvs) << action.id;
  }
}

// --- network I/O control -----------------------------------------------------------

// The sample source with network I/O control on DSwitch1; esx-01 already keeps vmnic9 out.
Inventory NiocSource() {
  Inventory source = SampleSource();
  for (auto& dvs : source.switches) dvs.nioc = true;
  for (auto& host : source.hosts) host.nioc_pnic_opt_out = host.name == "esx-01.sim.local" ? "vmnic9" : "";
  return source;
}

std::vector<InventoryDvs> WithNioc(std::vector<InventoryDvs> switches) {
  for (auto& dvs : switches) dvs.nioc = true;
  return switches;
}

TEST(PlannerHostNetworkNioc, OutBeforeTheFirstStepBackAfterTheLastOnTheSourceWhenTheTargetHasNone) {
  std::string off_on_target = kOntoDSwitch2;
  off_on_target.replace(off_on_target.find("inherit: DSwitch1,"), 18, "inherit: DSwitch1, nioc: false,");
  const Plan plan = Planned(off_on_target, NiocSource(), EmptyTarget());
  const std::vector<NetworkStep> off = StepsFor(plan, "esx-01.sim.local", Side::Source);
  ASSERT_EQ(off.size(), 11u);
  EXPECT_EQ(Describe(off.front()),
            "take vmnic0, vmnic1 out of network I/O control (Net.IOControlPnicOptOut 'vmnic9' -> 'vmnic9,vmnic0,vmnic1')");
  EXPECT_EQ(Describe(off.back()),
            "restore network I/O control of vmnic0, vmnic1 (Net.IOControlPnicOptOut 'vmnic9,vmnic0,vmnic1' -> 'vmnic9')");
  const Journey journey = Travel(plan, NiocSource(), "esx-01.sim.local", DSwitch2());
  EXPECT_EQ(journey.departed.nioc_pnic_opt_out, "vmnic9");
  EXPECT_EQ(journey.end.nioc_pnic_opt_out, "vmnic9");
  const Plan rollback = RollbackPlan(plan);
  HostNetwork state = RunChecked(ArrivedAt(journey.end, DSwitch2()), StepsFor(rollback, "esx-01.sim.local", Side::Target));
  state = RunChecked(ArrivedAt(state, NiocSource().switches), StepsFor(rollback, "esx-01.sim.local", Side::Source));
  EXPECT_EQ(state, journey.start) << "the pNICs back on DSwitch1 and the value exactly as it was";
}

TEST(PlannerHostNetworkNioc, BackOnTheTargetAfterTheLastPnicJoinsASwitchWithNiocOn) {
  Inventory target = EmptyTarget();
  target.datacenters = {{"DC1", {}, {}}};
  target.switches = WithNioc(DSwitch2());
  const Plan plan = Planned(kOntoDSwitch2, NiocSource(), target);
  const std::vector<NetworkStep> off = StepsFor(plan, "esx-01.sim.local", Side::Source);
  const std::vector<NetworkStep> onto = StepsFor(plan, "esx-01.sim.local", Side::Target);
  ASSERT_EQ(off.size(), 10u);
  EXPECT_EQ(off.front().kind, StepKind::TakeOutOfNioc);
  EXPECT_EQ(off.back().kind, StepKind::LeaveDvs);
  ASSERT_EQ(onto.size(), 10u);
  std::vector<std::string> kinds;
  for (const auto& step : onto) kinds.push_back(StepKindName(step.kind));
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "restore_nioc"), 1);
  const auto restore = std::find(kinds.begin(), kinds.end(), "restore_nioc");
  const auto last_pnic = std::find(kinds.rbegin(), kinds.rend(), "move_pnic");
  EXPECT_LT(last_pnic.base() - kinds.begin(), restore - kinds.begin() + 1) << "after the last pNIC has joined";
  const Journey journey = Travel(plan, NiocSource(), "esx-01.sim.local", WithNioc(DSwitch2()));
  EXPECT_EQ(journey.departed.nioc_pnic_opt_out, "vmnic9,vmnic0,vmnic1") << "out of NIOC while it travels";
  EXPECT_EQ(journey.end.nioc_pnic_opt_out, "vmnic9");
  EXPECT_EQ(journey.end.proxy_switches.size(), 1u);
}

// A switch this plan creates, inheriting network I/O control on: the pNICs leave it on
// the source and come back under it only on the target, once on the new switch (before,
// the planner looked for the switch on the target, found none, and took them out and
// back twice: four option changes per host where two do).
TEST(PlannerHostNetworkNioc, BoundForASwitchThisPlanCreatesWithNiocOnTheyStayOutUntilTheyAreOnIt) {
  const Plan plan = Planned(kOntoDSwitch2, NiocSource(), EmptyTarget());
  const std::vector<NetworkStep> off = StepsFor(plan, "esx-01.sim.local", Side::Source);
  const std::vector<NetworkStep> onto = StepsFor(plan, "esx-01.sim.local", Side::Target);
  ASSERT_EQ(off.size(), 10u);
  EXPECT_EQ(off.front().kind, StepKind::TakeOutOfNioc);
  EXPECT_EQ(off.back().kind, StepKind::LeaveDvs);
  int changes = 0;
  for (const auto& step : off) changes += step.kind == StepKind::TakeOutOfNioc || step.kind == StepKind::RestoreNioc;
  for (const auto& step : onto) changes += step.kind == StepKind::TakeOutOfNioc || step.kind == StepKind::RestoreNioc;
  EXPECT_EQ(changes, 2);
  EXPECT_EQ(onto.back().kind, StepKind::RestoreNioc);
  const Journey journey = Travel(plan, NiocSource(), "esx-01.sim.local", WithNioc(DSwitch2()));
  EXPECT_EQ(journey.departed.nioc_pnic_opt_out, "vmnic9,vmnic0,vmnic1") << "out of NIOC while it travels";
  EXPECT_EQ(journey.end.nioc_pnic_opt_out, "vmnic9");
}

TEST(PlannerHostNetworkNioc, AHostThatArrivedEarlierLeavesNiocOnTheTargetFirst) {
  const Plan first = Planned(kOntoDSwitch2, SampleSource(), EmptyTarget());
  const HostNetwork arrived = ArrivedAt(Travel(first, SampleSource(), "esx-01.sim.local", DSwitch2()).departed, DSwitch2());
  Inventory source = SampleSource();
  source.hosts.erase(source.hosts.begin());
  Inventory target = TargetWith(arrived, true);
  target.switches = WithNioc(target.switches);
  const Plan again = Planned(kOntoDSwitch2, source, target);
  const std::vector<NetworkStep> onto = StepsFor(again, "esx-01.sim.local", Side::Target);
  ASSERT_EQ(onto.size(), 11u);
  EXPECT_EQ(Describe(onto.front()),
            "take vmnic0, vmnic1 out of network I/O control (Net.IOControlPnicOptOut '' -> 'vmnic0,vmnic1')");
  const HostNetwork end = RunChecked(ArrivedAt(arrived, WithNioc(DSwitch2())), onto);
  EXPECT_EQ(end.nioc_pnic_opt_out, "");
  EXPECT_TRUE(end.standard_switches.empty());
}

TEST(PlannerHostNetwork, RefusalsAreErrorsAtTheHostsLine) {
  // One pNIC and running VMs: refused while leaving the source, at the cluster's entry.
  Inventory one_pnic = SampleSource();
  one_pnic.hosts[0].pnics = {{"vmnic0", 10000}};
  one_pnic.hosts[0].proxy_switches = {{"DSwitch1", {{"vmnic0", "uplink1"}}}};
  const PlanResult leaving = MakePlan(Desired(kMigrateCluster), one_pnic, EmptyTarget());
  EXPECT_FALSE(leaving.plan);
  ASSERT_EQ(leaving.diagnostics.size(), 1u);
  EXPECT_EQ(Format(leaving.diagnostics[0]),
            "desired.yaml:11:17: error: host esx-01.sim.local: single-pnic-vms: only one pNIC with link is on DSwitch1, "
            "so running VMs vm-1, vm-2 would lose their network while it moves; vMotion them to another host or power "
            "them off first");
  // An uplink left out: refused while joining the target, at the switch's entry.
  const PlanResult joining = MakePlan(Desired(kConnections +
                                              "datacenters:\n  - name: DC1\n    clusters:\n"
                                              "      - {name: Cluster1, hosts: [esx-01.sim.local]}\n"
                                              "    distributed_switches:\n      - name: DSwitch-New\n"
                                              "        inherit: DSwitch1\n"
                                              "        hosts:\n          - {name: esx-01.sim.local, uplinks: {vmnic0: uplink1}}\n"),
                                      SampleSource(), EmptyTarget());
  EXPECT_FALSE(joining.plan);
  ASSERT_EQ(joining.diagnostics.size(), 1u);
  EXPECT_EQ(Format(joining.diagnostics[0]),
            "desired.yaml:13:13: error: host esx-01.sim.local: uplinks: vmnic1 is on vSwitch-vcshift but the desired "
            "state gives it no uplink of DSwitch-New; add it to the host's uplinks");
}

}  // namespace
}  // namespace vcshift::testing
