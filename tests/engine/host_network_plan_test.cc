#include "engine/host_network_plan.h"

#include <gtest/gtest.h>

#include <functional>

#include "tests/engine/inventory_fixtures.h"

namespace vcshift {
namespace {

using testing::SampleSource;
using Planner = std::function<NetworkPlan(const HostNetwork&)>;

// --- worlds --------------------------------------------------------------------------

// esx-01 of the default world: vmnic0/vmnic1 on DSwitch1 uplink1/uplink2, vmk0
// (management) on pg-mgmt (VLAN 10, active uplink1, standby uplink2), running vm-1 and
// vm-2 on pg-vm (VLAN 100).
HostNetwork SampleNetwork() {
  const Inventory source = SampleSource();
  return HostNetworkOf(source.hosts[0], source.vms, source.switches);
}

DvsPortGroup Group(const std::string& name, int vlan, std::vector<std::string> active = {},
                   std::vector<std::string> standby = {}) {
  return {name, vlan, {}, 8, "static", "loadbalance_srcid", std::move(active), std::move(standby)};
}

DvsPortGroup Trunk(const std::string& name, int first, int last) {
  DvsPortGroup group = Group(name, 0);
  group.vlan_trunk = {{first, last}};
  return group;
}

InventoryDvs Switch(const std::string& name, std::vector<DvsPortGroup> groups) {
  InventoryDvs dvs;
  dvs.datacenter = "DC1";
  dvs.name = name;
  dvs.uplinks = {"uplink1", "uplink2"};
  dvs.port_groups = std::move(groups);
  return dvs;
}

// The target of the default world: DSwitch-East mirrors DSwitch1.
std::vector<InventoryDvs> East() {
  return {Switch("DSwitch-East", {Group("pg-mgmt", 10, {"uplink1"}, {"uplink2"}), Group("pg-vm", 100)})};
}

InventoryVm Vm(const std::string& name, const std::string& dvs, std::vector<std::string> networks,
               const std::string& power = "poweredOn") {
  InventoryVm vm{"DC1", "", name, "esx-09", power, {}};
  for (size_t i = 0; i < networks.size(); ++i) {
    vm.nics.push_back({"Network adapter " + std::to_string(i + 1), networks[i], dvs, true});
  }
  return vm;
}

// A host with one pNIC: vmnic0 on DSwitch1 uplink1 carries management and two VMs.
HostNetwork OnePnic(const std::string& vm_power) {
  InventoryHost host = SampleSource().hosts[0];
  host.name = "esx-09";
  host.pnics = {{"vmnic0", 1000}};
  host.proxy_switches = {{"DSwitch1", {{"vmnic0", "uplink1"}}}};
  return HostNetworkOf(host, {Vm("vm-a", "DSwitch1", {"pg-vm"}, vm_power), Vm("vm-b", "DSwitch1", {"pg-vm"}, vm_power)},
                       SampleSource().switches);
}

// Four pNICs on two switches. DSwitch1 (vmnic0, vmnic1): vmk0 management on pg-mgmt
// (VLAN 10), vmk1 vMotion on pg-vmotion (VLAN 20, active uplink2, standby uplink1).
// DSwitch2 (vmnic2, vmnic3): VMs on pg-web (VLAN 100), pg-db (VLAN 200) and pg-trunk
// (VLANs 300-399).
std::vector<InventoryDvs> TwoSwitches() {
  return {Switch("DSwitch1", {Group("pg-mgmt", 10, {"uplink1"}, {"uplink2"}),
                              Group("pg-vmotion", 20, {"uplink2"}, {"uplink1"})}),
          Switch("DSwitch2", {Group("pg-web", 100), Group("pg-db", 200), Trunk("pg-trunk", 300, 399)})};
}

HostNetwork FourPnics() {
  InventoryHost host = SampleSource().hosts[0];
  host.name = "esx-09";
  host.pnics = {{"vmnic0", 10000}, {"vmnic1", 10000}, {"vmnic2", 25000}, {"vmnic3", 25000}};
  host.vmkernel_nics = {{"vmk0", "pg-mgmt", "DSwitch1", "10.0.0.19", true},
                        {"vmk1", "pg-vmotion", "DSwitch1", "10.0.1.19", false}};
  host.proxy_switches = {{"DSwitch1", {{"vmnic0", "uplink1"}, {"vmnic1", "uplink2"}}},
                         {"DSwitch2", {{"vmnic2", "uplink1"}, {"vmnic3", "uplink2"}}}};
  return HostNetworkOf(host,
                       {Vm("web-1", "DSwitch2", {"pg-web"}), Vm("db-1", "DSwitch2", {"pg-db", "pg-web"}),
                        Vm("fw-1", "DSwitch2", {"pg-trunk"}, "poweredOff")},
                       TwoSwitches());
}

ToStandardOptions TwoStandardSwitches() { return {{{"DSwitch1", "vSwitch-vcshift"}, {"DSwitch2", "vSwitch-vcshift-2"}}}; }

// Where the four-pNIC host goes: DSwitch-A takes DSwitch1's networking, DSwitch-B
// DSwitch2's.
std::vector<InventoryDvs> TwoTargets() {
  return {Switch("DSwitch-A", {Group("pg-mgmt", 10, {"uplink1"}, {"uplink2"}),
                               Group("pg-vmotion", 20, {"uplink2"}, {"uplink1"})}),
          Switch("DSwitch-B", {Group("pg-web", 100), Group("pg-db", 200), Trunk("pg-trunk", 300, 399)})};
}

// --- helpers -------------------------------------------------------------------------

std::vector<std::string> Describe(const std::vector<NetworkStep>& steps) {
  std::vector<std::string> out;
  for (const auto& step : steps) out.push_back(vcshift::Describe(step));
  return out;
}

std::string Problems(const NetworkPlan& plan) {
  std::string out;
  for (const auto& problem : plan.problems) out += Format(problem) + "\n";
  return out;
}

std::vector<NetworkStep> StepsOf(const NetworkPlan& plan) {
  EXPECT_TRUE(plan.problems.empty()) << Problems(plan);
  return plan.steps;
}

// Applies `steps` with every invariant checked.
HostNetwork RunChecked(HostNetwork state, const std::vector<NetworkStep>& steps) {
  for (const auto& step : steps) {
    AppliedStep applied = ApplyChecked(state, step);
    EXPECT_TRUE(applied.state) << (applied.problems.empty() ? "" : Format(applied.problems[0]));
    if (!applied.state) break;
    state = *applied.state;
  }
  return state;
}

std::vector<NetworkStep> Inverses(const std::vector<NetworkStep>& steps) {
  std::vector<NetworkStep> out;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) out.push_back(Inverse(*it));
  return out;
}

// After any prefix of the plan has run, planning again gives exactly the rest; every
// step keeps the invariants; and the inverses, last first, restore the start exactly.
void ExpectRerunnableAndReversible(const HostNetwork& start, const Planner& plan) {
  const std::vector<NetworkStep> steps = StepsOf(plan(start));
  ASSERT_FALSE(steps.empty());
  HostNetwork state = start;
  for (size_t k = 0; k <= steps.size(); ++k) {
    const std::vector<NetworkStep> rest(steps.begin() + static_cast<long>(k), steps.end());
    EXPECT_EQ(Describe(StepsOf(plan(state))), Describe(rest)) << "after " << k << " steps";
    if (k < steps.size()) state = RunChecked(state, {steps[k]});
  }
  EXPECT_EQ(RunChecked(state, Inverses(steps)), start);
}

// The i-th step's description, so a test of a shorter plan fails instead of crashing.
std::string At(const std::vector<std::string>& steps, size_t i) {
  return i < steps.size() ? steps[i] : "(no step " + std::to_string(i) + ")";
}

const VmkernelNic& Vmk(const HostNetwork& state, const std::string& device) {
  for (const auto& vmk : state.vmkernel_nics) {
    if (vmk.device == device) return vmk;
  }
  throw std::runtime_error("no " + device);
}

// --- off the distributed switch ------------------------------------------------------------

TEST(HostNetworkToStandard, MovesTheDefaultHostSpareUplinkFirstAndManagementBeforeVms) {
  EXPECT_EQ(Describe(StepsOf(ToStandardSwitch(SampleNetwork()))),
            (std::vector<std::string>{
                "create standard switch vSwitch-vcshift (MTU 1500)",
                "create port group pg-mgmt (VLAN 10) on vSwitch-vcshift",
                "create port group pg-vm (VLAN 100) on vSwitch-vcshift",
                "move vmnic1 from DSwitch1 (uplink2) to vSwitch-vcshift (active)",
                "move vmk0 from DSwitch1/pg-mgmt to vSwitch-vcshift/pg-mgmt",
                "move VM vm-1 'Network adapter 1' from DSwitch1/pg-vm to vSwitch-vcshift/pg-vm",
                "move VM vm-2 'Network adapter 1' from DSwitch1/pg-vm to vSwitch-vcshift/pg-vm",
                "move vmnic0 from DSwitch1 (uplink1) to vSwitch-vcshift (active)",
                "leave distributed switch DSwitch1",
            }));
}

TEST(HostNetworkToStandard, DefaultHostIsRerunnableAndReversible) {
  ExpectRerunnableAndReversible(SampleNetwork(), [](const HostNetwork& s) { return ToStandardSwitch(s); });
}

TEST(HostNetworkToStandard, KeepsManagementsActiveUplinkForLast) {
  HostNetwork state = SampleNetwork();
  state.distributed_switches[0].port_groups[0].active_uplinks = {"uplink2"};  // pg-mgmt
  state.distributed_switches[0].port_groups[0].standby_uplinks = {"uplink1"};
  const auto steps = Describe(StepsOf(ToStandardSwitch(state)));
  EXPECT_EQ(At(steps, 3), "move vmnic0 from DSwitch1 (uplink1) to vSwitch-vcshift (active)");
  ExpectRerunnableAndReversible(state, [](const HostNetwork& s) { return ToStandardSwitch(s); });
}

TEST(HostNetworkToStandard, OnePnicMovesWithTheVmkernelAdaptersInOneUpdate) {
  const HostNetwork state = OnePnic("poweredOff");
  EXPECT_EQ(Describe(StepsOf(ToStandardSwitch(state))),
            (std::vector<std::string>{
                "create standard switch vSwitch-vcshift (MTU 1500)",
                "create port group pg-mgmt (VLAN 10) on vSwitch-vcshift",
                "create port group pg-vm (VLAN 100) on vSwitch-vcshift",
                "move vmnic0 from DSwitch1 (uplink1) to vSwitch-vcshift (active), vmk0 to vSwitch-vcshift/pg-mgmt, "
                "in one host update",
                "move VM vm-a 'Network adapter 1' from DSwitch1/pg-vm to vSwitch-vcshift/pg-vm",
                "move VM vm-b 'Network adapter 1' from DSwitch1/pg-vm to vSwitch-vcshift/pg-vm",
                "leave distributed switch DSwitch1",
            }));
  ExpectRerunnableAndReversible(state, [](const HostNetwork& s) { return ToStandardSwitch(s); });
}

TEST(HostNetworkToStandard, ASecondPnicWithoutLinkCountsForNothing) {
  HostNetwork state = SampleNetwork();
  state.pnics[1].speed_mb = 0;  // vmnic1, management's standby uplink, has no link
  state.vm_nics.clear();
  const auto steps = Describe(StepsOf(ToStandardSwitch(state)));
  ASSERT_EQ(steps.size(), 5u);
  EXPECT_EQ(At(steps, 2),
            "move vmnic0 from DSwitch1 (uplink1) to vSwitch-vcshift (active), vmk0 to vSwitch-vcshift/pg-mgmt, in "
            "one host update");
  EXPECT_EQ(At(steps, 3), "move vmnic1 from DSwitch1 (uplink2) to vSwitch-vcshift (active)");
  ExpectRerunnableAndReversible(state, [](const HostNetwork& s) { return ToStandardSwitch(s); });
}

TEST(HostNetworkToStandard, TwoSwitchesMoveOneAfterTheOtherOntoTheirOwnStandardSwitches) {
  const HostNetwork state = FourPnics();
  const auto steps = Describe(StepsOf(ToStandardSwitch(state, TwoStandardSwitches())));
  EXPECT_EQ(steps, (std::vector<std::string>{
                       "create standard switch vSwitch-vcshift (MTU 1500)",
                       "create port group pg-mgmt (VLAN 10) on vSwitch-vcshift",
                       "create port group pg-vmotion (VLAN 20) on vSwitch-vcshift",
                       "move vmnic1 from DSwitch1 (uplink2) to vSwitch-vcshift (active)",
                       "move vmk1 from DSwitch1/pg-vmotion to vSwitch-vcshift/pg-vmotion",
                       "move vmk0 from DSwitch1/pg-mgmt to vSwitch-vcshift/pg-mgmt",
                       "move vmnic0 from DSwitch1 (uplink1) to vSwitch-vcshift (active)",
                       "leave distributed switch DSwitch1",
                       "create standard switch vSwitch-vcshift-2 (MTU 1500)",
                       "create port group pg-db (VLAN 200) on vSwitch-vcshift-2",
                       "create port group pg-trunk (VLAN 4095: all VLANs) on vSwitch-vcshift-2",
                       "create port group pg-web (VLAN 100) on vSwitch-vcshift-2",
                       "move vmnic3 from DSwitch2 (uplink2) to vSwitch-vcshift-2 (active)",
                       "move VM db-1 'Network adapter 1' from DSwitch2/pg-db to vSwitch-vcshift-2/pg-db",
                       "move VM db-1 'Network adapter 2' from DSwitch2/pg-web to vSwitch-vcshift-2/pg-web",
                       "move VM fw-1 'Network adapter 1' from DSwitch2/pg-trunk to vSwitch-vcshift-2/pg-trunk",
                       "move VM web-1 'Network adapter 1' from DSwitch2/pg-web to vSwitch-vcshift-2/pg-web",
                       "move vmnic2 from DSwitch2 (uplink1) to vSwitch-vcshift-2 (active)",
                       "leave distributed switch DSwitch2",
                   }));
  ExpectRerunnableAndReversible(state, [](const HostNetwork& s) { return ToStandardSwitch(s, TwoStandardSwitches()); });
}

TEST(HostNetworkToStandard, TakesTheSwitchMtu) {
  HostNetwork state = SampleNetwork();
  state.distributed_switches[0].mtu = 9000;
  EXPECT_EQ(At(Describe(StepsOf(ToStandardSwitch(state))), 0), "create standard switch vSwitch-vcshift (MTU 9000)");
}

TEST(HostNetworkToStandard, RenamesAPortGroupWhoseNameTheHostUsesForAnotherNetwork) {
  HostNetwork state = SampleNetwork();
  state.standard_switches = {{"vSwitch0", 1500, {}, {}, {}}};
  state.port_groups = {{"pg-vm", "vSwitch0", 50}};
  const auto steps = Describe(StepsOf(ToStandardSwitch(state)));
  EXPECT_EQ(At(steps, 2), "create port group pg-vm-vcshift (VLAN 100) on vSwitch-vcshift");
  EXPECT_EQ(At(steps, 5), "move VM vm-1 'Network adapter 1' from DSwitch1/pg-vm to vSwitch-vcshift/pg-vm-vcshift");
  ExpectRerunnableAndReversible(state, [](const HostNetwork& s) { return ToStandardSwitch(s); });

  state.port_groups.push_back({"pg-vm-vcshift", "vSwitch0", 100});
  const NetworkPlan refused = ToStandardSwitch(state);
  ASSERT_EQ(refused.problems.size(), 1u);
  EXPECT_EQ(Format(refused.problems[0]),
            "host esx-01.sim.local: port-group-name: standard port groups pg-vm and pg-vm-vcshift are already used "
            "on the host by other networks; rename one so vSwitch-vcshift can mirror DSwitch1/pg-vm");
  EXPECT_TRUE(refused.steps.empty());
}

TEST(HostNetworkToStandard, ContinuesOnASwitchAnEarlierRunMadeUnderAnotherName) {
  HostNetwork state = SampleNetwork();
  const auto steps = StepsOf(ToStandardSwitch(state, {{{"DSwitch1", "vSwitch-old"}}}));
  state = RunChecked(state, {steps.begin(), steps.begin() + 5});  // up to and including vmk0
  EXPECT_EQ(Describe(StepsOf(ToStandardSwitch(state))),
            (std::vector<std::string>{
                "move VM vm-1 'Network adapter 1' from DSwitch1/pg-vm to vSwitch-old/pg-vm",
                "move VM vm-2 'Network adapter 1' from DSwitch1/pg-vm to vSwitch-old/pg-vm",
                "move vmnic0 from DSwitch1 (uplink1) to vSwitch-old (active)",
                "leave distributed switch DSwitch1",
            }));
}

TEST(HostNetworkToStandard, NothingLeftOnceTheHostIsOffItsSwitches) {
  const HostNetwork state = SampleNetwork();
  const HostNetwork done = RunChecked(state, StepsOf(ToStandardSwitch(state)));
  EXPECT_TRUE(done.proxy_switches.empty());
  EXPECT_EQ(Vmk(done, "vmk0").port_group, "pg-mgmt");
  EXPECT_EQ(Vmk(done, "vmk0").dvs, "");
  const NetworkPlan again = ToStandardSwitch(done);
  EXPECT_TRUE(again.steps.empty());
  EXPECT_TRUE(again.problems.empty());
}

// --- prechecks -----------------------------------------------------------------------------

std::vector<std::string> Rules(const NetworkPlan& plan) {
  std::vector<std::string> rules;
  for (const auto& problem : plan.problems) rules.push_back(problem.rule);
  EXPECT_TRUE(plan.steps.empty());
  return rules;
}

TEST(HostNetworkPrechecks, RefuseLacp) {
  HostNetwork state = SampleNetwork();
  state.distributed_switches[0].lacp_groups = {"lag1"};
  const NetworkPlan plan = ToStandardSwitch(state);
  EXPECT_EQ(Rules(plan), std::vector<std::string>{"lacp"});
  EXPECT_EQ(plan.problems[0].message,
            "distributed switch DSwitch1 uses LACP (lag1); a standard switch cannot take part in a link aggregation, "
            "so the host's pNICs cannot leave it without an outage; move the host's uplinks off the LAG first");
}

TEST(HostNetworkPrechecks, RefuseManagementWithoutAnActiveUplinkToStartWith) {
  HostNetwork state = SampleNetwork();
  state.pnics[0].speed_mb = 0;
  state.pnics[1].speed_mb = 0;
  EXPECT_EQ(Rules(ToStandardSwitch(state)), std::vector<std::string>{"management-uplink"});
}

TEST(HostNetworkPrechecks, RefusePortGroupsThatShareNoUplink) {
  HostNetwork state = SampleNetwork();
  state.distributed_switches[0].port_groups[0].standby_uplinks.clear();           // pg-mgmt: uplink1 only
  state.distributed_switches[0].port_groups[1].active_uplinks = {"uplink2"};    // pg-vm: uplink2 only
  const NetworkPlan plan = ToStandardSwitch(state);
  EXPECT_EQ(Rules(plan), std::vector<std::string>{"separate-uplinks"});
  EXPECT_NE(plan.problems[0].message.find("port groups pg-mgmt and pg-vm of DSwitch1 use no uplink in common"),
            std::string::npos);
}

TEST(HostNetworkPrechecks, RefuseRunningVmsOnASinglePnic) {
  const NetworkPlan plan = ToStandardSwitch(OnePnic("poweredOn"));
  EXPECT_EQ(Rules(plan), std::vector<std::string>{"single-pnic-vms"});
  EXPECT_EQ(plan.problems[0].message,
            "only one pNIC with link is on DSwitch1, so running VMs vm-a, vm-b would lose their network while it "
            "moves; vMotion them to another host or power them off first");
}

TEST(HostNetworkPrechecks, RefuseTwoSwitchesOnOneStandardSwitch) {
  EXPECT_EQ(Rules(ToStandardSwitch(FourPnics())), std::vector<std::string>{"shared-standard-switch"});
}

TEST(HostNetworkPrechecks, RefuseASwitchTheInventoryDoesNotDescribe) {
  HostNetwork state = SampleNetwork();
  state.distributed_switches.clear();
  EXPECT_EQ(Rules(ToStandardSwitch(state)), std::vector<std::string>{"unknown-switch"});
}

// --- onto the target's distributed switch --------------------------------------------------

HostNetwork Arrived(const HostNetwork& state, const ToStandardOptions& options,
                    const std::vector<InventoryDvs>& targets) {
  return ArrivedAt(RunChecked(state, StepsOf(ToStandardSwitch(state, options))), targets);
}

TEST(HostNetworkToDvs, MovesTheDefaultHostOntoTheTargetAndDeletesTheStandardSwitch) {
  const HostNetwork arrived = Arrived(SampleNetwork(), {}, East());
  EXPECT_EQ(Describe(StepsOf(ToDistributedSwitch(arrived, "DSwitch-East", {}))),
            (std::vector<std::string>{
                "join distributed switch DSwitch-East",
                "move vmnic0 from vSwitch-vcshift (active) to DSwitch-East (uplink1)",
                "move vmk0 from vSwitch-vcshift/pg-mgmt to DSwitch-East/pg-mgmt",
                "move VM vm-1 'Network adapter 1' from vSwitch-vcshift/pg-vm to DSwitch-East/pg-vm",
                "move VM vm-2 'Network adapter 1' from vSwitch-vcshift/pg-vm to DSwitch-East/pg-vm",
                "move vmnic1 from vSwitch-vcshift (active) to DSwitch-East (uplink2)",
                "delete port group pg-mgmt (VLAN 10) from vSwitch-vcshift",
                "delete port group pg-vm (VLAN 100) from vSwitch-vcshift",
                "delete standard switch vSwitch-vcshift",
            }));
  ExpectRerunnableAndReversible(arrived, [](const HostNetwork& s) { return ToDistributedSwitch(s, "DSwitch-East", {}); });
}

TEST(HostNetworkToDvs, TheWholeJourneyKeepsTheUplinksAndNetworks) {
  const HostNetwork start = SampleNetwork();
  const HostNetwork done = RunChecked(Arrived(start, {}, East()), StepsOf(ToDistributedSwitch(Arrived(start, {}, East()),
                                                                                       "DSwitch-East", {})));
  EXPECT_TRUE(done.standard_switches.empty());
  EXPECT_TRUE(done.port_groups.empty());
  ASSERT_EQ(done.proxy_switches.size(), 1u);
  EXPECT_EQ(done.proxy_switches[0].dvs, "DSwitch-East");
  EXPECT_EQ(done.proxy_switches[0].uplinks, start.proxy_switches[0].uplinks);
  EXPECT_EQ(Vmk(done, "vmk0").dvs, "DSwitch-East");
  for (const auto& nic : done.vm_nics) EXPECT_EQ(nic.network + "@" + nic.dvs, "pg-vm@DSwitch-East");
  EXPECT_TRUE(ToDistributedSwitch(done, "DSwitch-East", {}).steps.empty());
}

TEST(HostNetworkToDvs, FirstPnicGoesToAnUplinkManagementUsesActively) {
  std::vector<InventoryDvs> east = East();
  east[0].port_groups[0].active_uplinks = {"uplink2"};
  east[0].port_groups[0].standby_uplinks = {};
  const HostNetwork arrived = Arrived(SampleNetwork(), {}, east);
  const auto steps = Describe(StepsOf(ToDistributedSwitch(arrived, "DSwitch-East", {})));
  EXPECT_EQ(At(steps, 1), "move vmnic1 from vSwitch-vcshift (active) to DSwitch-East (uplink2)");
  ExpectRerunnableAndReversible(arrived, [](const HostNetwork& s) { return ToDistributedSwitch(s, "DSwitch-East", {}); });
}

TEST(HostNetworkToDvs, OnePnicJoinsThenMovesWithTheVmkernelAdapters) {
  const HostNetwork arrived = Arrived(OnePnic("poweredOff"), {}, East());
  EXPECT_EQ(Describe(StepsOf(ToDistributedSwitch(arrived, "DSwitch-East", {}))),
            (std::vector<std::string>{
                "join distributed switch DSwitch-East",
                "move vmnic0 from vSwitch-vcshift (active) to DSwitch-East (uplink1), vmk0 to DSwitch-East/pg-mgmt, "
                "in one host update",
                "move VM vm-a 'Network adapter 1' from vSwitch-vcshift/pg-vm to DSwitch-East/pg-vm",
                "move VM vm-b 'Network adapter 1' from vSwitch-vcshift/pg-vm to DSwitch-East/pg-vm",
                "delete port group pg-mgmt (VLAN 10) from vSwitch-vcshift",
                "delete port group pg-vm (VLAN 100) from vSwitch-vcshift",
                "delete standard switch vSwitch-vcshift",
            }));
  ExpectRerunnableAndReversible(arrived, [](const HostNetwork& s) { return ToDistributedSwitch(s, "DSwitch-East", {}); });
}

TEST(HostNetworkToDvs, FourPnicsOntoTwoSwitchesWithATrunk) {
  const HostNetwork start = FourPnics();
  const HostNetwork arrived = Arrived(start, TwoStandardSwitches(), TwoTargets());
  const DvsMapping a;
  DvsMapping b;
  b.standard_switch = "vSwitch-vcshift-2";
  ExpectRerunnableAndReversible(arrived, [&](const HostNetwork& s) { return ToDistributedSwitch(s, "DSwitch-A", a); });
  const HostNetwork half = RunChecked(arrived, StepsOf(ToDistributedSwitch(arrived, "DSwitch-A", a)));
  ExpectRerunnableAndReversible(half, [&](const HostNetwork& s) { return ToDistributedSwitch(s, "DSwitch-B", b); });
  const HostNetwork done = RunChecked(half, StepsOf(ToDistributedSwitch(half, "DSwitch-B", b)));
  EXPECT_TRUE(done.standard_switches.empty());
  ASSERT_EQ(done.proxy_switches.size(), 2u);
  EXPECT_EQ(done.proxy_switches[0].uplinks, start.proxy_switches[0].uplinks);
  EXPECT_EQ(done.proxy_switches[1].uplinks, start.proxy_switches[1].uplinks);
  for (size_t i = 0; i < done.vm_nics.size(); ++i) {
    EXPECT_EQ(done.vm_nics[i].network, start.vm_nics[i].network);
    EXPECT_EQ(done.vm_nics[i].dvs, start.vm_nics[i].dvs == "DSwitch2" ? "DSwitch-B" : "?");
  }
  EXPECT_EQ(Vmk(done, "vmk1").port_group, "pg-vmotion");
  EXPECT_EQ(Vmk(done, "vmk1").dvs, "DSwitch-A");
}

TEST(HostNetworkToDvs, FollowsTheDesiredUplinksAndMappings) {
  std::vector<InventoryDvs> east = {
      Switch("DSwitch-East", {Group("mgmt-east", 10), Group("web", 100), Group("pg-vm", 300)})};
  const HostNetwork arrived = Arrived(SampleNetwork(), {}, east);
  DvsMapping mapping;
  mapping.uplinks = {{"vmnic0", "uplink2"}, {"vmnic1", "uplink1"}};
  mapping.vmkernel = {{"vmk0", "mgmt-east"}};
  mapping.networks = {{"pg-vm", "web"}};
  const auto steps = Describe(StepsOf(ToDistributedSwitch(arrived, "DSwitch-East", mapping)));
  ASSERT_GE(steps.size(), 6u);
  EXPECT_EQ(std::vector<std::string>(steps.begin() + 1, steps.begin() + 6),
            (std::vector<std::string>{
                "move vmnic0 from vSwitch-vcshift (active) to DSwitch-East (uplink2)",
                "move vmk0 from vSwitch-vcshift/pg-mgmt to DSwitch-East/mgmt-east",
                "move VM vm-1 'Network adapter 1' from vSwitch-vcshift/pg-vm to DSwitch-East/web",
                "move VM vm-2 'Network adapter 1' from vSwitch-vcshift/pg-vm to DSwitch-East/web",
                "move vmnic1 from vSwitch-vcshift (active) to DSwitch-East (uplink1)",
            }));
  ExpectRerunnableAndReversible(arrived,
                                [&](const HostNetwork& s) { return ToDistributedSwitch(s, "DSwitch-East", mapping); });
}

TEST(HostNetworkToDvs, FindsTheOnlyPortGroupWithTheVlanAndStripsTheRenaming) {
  HostNetwork state = SampleNetwork();
  state.standard_switches = {{"vSwitch0", 1500, {}, {}, {}}};
  state.port_groups = {{"pg-vm", "vSwitch0", 50}};  // pg-vm moves as pg-vm-vcshift
  std::vector<InventoryDvs> east = {
      Switch("DSwitch-East", {Group("management", 10), Group("pg-vm", 100), Group("pg-vm-old", 100)})};
  HostNetwork arrived = Arrived(state, {}, east);
  const auto steps = Describe(StepsOf(ToDistributedSwitch(arrived, "DSwitch-East", {})));
  EXPECT_EQ(At(steps, 2), "move vmk0 from vSwitch-vcshift/pg-mgmt to DSwitch-East/management");
  EXPECT_EQ(At(steps, 3), "move VM vm-1 'Network adapter 1' from vSwitch-vcshift/pg-vm-vcshift to DSwitch-East/pg-vm");
}

TEST(HostNetworkToDvs, RefusesWhatItCannotMap) {
  const HostNetwork arrived = Arrived(SampleNetwork(), {}, East());
  struct Case {
    std::vector<InventoryDvs> targets;
    DvsMapping mapping;
    std::string message;
  };
  DvsMapping partial;
  partial.uplinks = {{"vmnic0", "uplink1"}};
  DvsMapping unknown_uplink;
  unknown_uplink.uplinks = {{"vmnic0", "uplink1"}, {"vmnic1", "uplink9"}};
  DvsMapping unknown_group;
  unknown_group.networks = {{"pg-vm", "pg-nope"}};
  std::vector<InventoryDvs> other_vlan = {Switch("DSwitch-East", {Group("pg-mgmt", 10), Group("pg-vm", 200)})};
  std::vector<InventoryDvs> two_vlans = {
      Switch("DSwitch-East", {Group("mgmt-a", 10), Group("mgmt-b", 10), Group("pg-vm", 100)})};
  std::vector<InventoryDvs> one_uplink = East();
  one_uplink[0].uplinks = {"uplink1"};
  const Case cases[] = {
      {East(), partial, "vmnic1 is on vSwitch-vcshift but the desired state gives it no uplink of DSwitch-East; add it "
                        "to the host's uplinks"},
      {East(), unknown_uplink, "DSwitch-East has no uplink uplink9 for vmnic1"},
      {East(), unknown_group,
       "the network mapping sends pg-vm to port group pg-nope, which DSwitch-East does not have"},
      {other_vlan, {},
       "port group pg-vm of DSwitch-East carries VLAN 200, the host's pg-vm VLAN 100; map pg-vm to a port group "
       "with its VLAN in network_mapping"},
      {two_vlans, {},
       "no port group of DSwitch-East is named pg-mgmt and several carry VLAN 10 (mgmt-a, mgmt-b); map pg-mgmt to "
       "one in network_mapping"},
      {one_uplink, {}, "vSwitch-vcshift has 2 pNICs but DSwitch-East has 1 free uplinks; map the pNICs to uplinks in "
                       "the desired state"},
  };
  for (const auto& c : cases) {
    const NetworkPlan plan = ToDistributedSwitch(ArrivedAt(arrived, c.targets), "DSwitch-East", c.mapping);
    ASSERT_EQ(plan.problems.size(), 1u) << Problems(plan);
    EXPECT_EQ(plan.problems[0].message, c.message);
    EXPECT_TRUE(plan.steps.empty());
  }
}

TEST(HostNetworkToDvs, RefusesAMappingThatChangesTheVlan) {
  std::vector<InventoryDvs> east = {Switch("DSwitch-East", {Group("pg-mgmt", 10), Group("pg-vm", 100), Group("x", 7)})};
  const HostNetwork arrived = Arrived(SampleNetwork(), {}, east);
  DvsMapping mapping;
  mapping.vmkernel = {{"vmk0", "x"}};
  const NetworkPlan plan = ToDistributedSwitch(arrived, "DSwitch-East", mapping);
  ASSERT_FALSE(plan.problems.empty());
  EXPECT_EQ(plan.problems[0].rule, "same-vlan");
  EXPECT_EQ(plan.problems[0].step, "move vmk0 from vSwitch-vcshift/pg-mgmt to DSwitch-East/x");
}

TEST(HostNetworkToDvs, RefusesASwitchOrStandardSwitchTheHostDoesNotHave) {
  const HostNetwork arrived = Arrived(SampleNetwork(), {}, East());
  EXPECT_EQ(ToDistributedSwitch(arrived, "DSwitch-West", {}).problems.at(0).rule, "unknown-switch");
  DvsMapping other;
  other.standard_switch = "vSwitch9";
  EXPECT_EQ(ToDistributedSwitch(arrived, "DSwitch-East", other).problems.at(0).rule, "no-standard-switch");
}

}  // namespace
}  // namespace vcshift

namespace vcshift {
namespace {

// --- network I/O control ---------------------------------------------------------------

HostNetwork UnderNioc(const std::string& opt_out) {
  HostNetwork state = SampleNetwork();
  for (auto& dvs : state.distributed_switches) dvs.nioc = true;
  state.nioc_pnic_opt_out = opt_out;
  return state;
}

TEST(HostNetworkNioc, APnicMayNotLeaveASwitchWithNiocOnUnlessOptedOut) {
  const NetworkPlan refused = ToStandardSwitch(UnderNioc(""));
  ASSERT_FALSE(refused.problems.empty());
  EXPECT_EQ(refused.problems[0].rule, "nioc");
  EXPECT_NE(refused.problems[0].message.find("vmnic1 would leave DSwitch1, which has network I/O control on"),
            std::string::npos)
      << refused.problems[0].message;
  const NetworkPlan planned = ToStandardSwitch(UnderNioc(" vmnic9 , vmnic1,vmnic0"));
  EXPECT_TRUE(planned.problems.empty()) << Format(planned.problems[0]);
}

TEST(HostNetworkNioc, TakingOutKeepsTheValueFoundAndItsInverseRestoresIt) {
  const HostNetwork state = UnderNioc("vmnic9");
  EXPECT_EQ(PnicsUnderNioc(state), (std::vector<std::string>{"vmnic0", "vmnic1"}));
  const auto step = TakeOutOfNioc(state, PnicsUnderNioc(state));
  ASSERT_TRUE(step);
  EXPECT_EQ(step->value_from, "vmnic9");
  EXPECT_EQ(step->value_to, "vmnic9,vmnic0,vmnic1");
  EXPECT_EQ(Describe(*step),
            "take vmnic0, vmnic1 out of network I/O control (Net.IOControlPnicOptOut 'vmnic9' -> 'vmnic9,vmnic0,vmnic1')");
  const NetworkStep restore = Inverse(*step);
  EXPECT_EQ(restore.kind, StepKind::RestoreNioc);
  EXPECT_EQ(Describe(restore),
            "restore network I/O control of vmnic0, vmnic1 (Net.IOControlPnicOptOut 'vmnic9,vmnic0,vmnic1' -> 'vmnic9')");
  std::string error;
  EXPECT_EQ(FromParams(ToParams(*step), error), *step) << error;
  const auto out = Apply(state, *step);
  ASSERT_TRUE(out.state);
  EXPECT_TRUE(ToStandardSwitch(*out.state).problems.empty());
  EXPECT_EQ(Apply(*out.state, restore).state->nioc_pnic_opt_out, "vmnic9");
  EXPECT_FALSE(Apply(state, restore).state) << "a restore that does not start from its value does not fit";
  EXPECT_FALSE(TakeOutOfNioc(*out.state, PnicsUnderNioc(state))) << "already out: no step";
  EXPECT_EQ(TakeOutOfNioc(UnderNioc(""), {"vmnic0"})->value_to, "vmnic0");
}

TEST(HostNetworkNioc, NoNiocNoStepAndNoRule) {
  EXPECT_TRUE(PnicsUnderNioc(SampleNetwork()).empty());
  EXPECT_FALSE(TakeOutOfNioc(SampleNetwork(), {}));
  EXPECT_TRUE(ToStandardSwitch(SampleNetwork()).problems.empty());
}

}  // namespace
}  // namespace vcshift
