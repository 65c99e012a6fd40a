#include "engine/host_network.h"

#include <gtest/gtest.h>

#include "tests/engine/inventory_fixtures.h"

namespace vcshift {
namespace {

using testing::SampleSource;

// esx-01 of the default world: vmnic0/vmnic1 on DSwitch1 uplink1/uplink2, vmk0
// (management) on pg-mgmt (VLAN 10, active uplink1, standby uplink2), vm-1 and vm-2 on
// pg-vm (VLAN 100, every uplink active).
HostNetwork SampleNetwork() {
  const Inventory source = SampleSource();
  return HostNetworkOf(source.hosts[0], source.vms, source.switches);
}

NetworkPlace Dvs(const std::string& name, const std::string& port_group, const std::string& uplink = "") {
  return {name, true, port_group, uplink};
}

NetworkPlace Standard(const std::string& name, const std::string& port_group, const std::string& uplink = "") {
  return {name, false, port_group, uplink};
}

NetworkStep Step(StepKind kind, const std::string& object, NetworkPlace from = {}, NetworkPlace to = {}) {
  NetworkStep step;
  step.kind = kind;
  step.object = object;
  step.from = std::move(from);
  step.to = std::move(to);
  return step;
}

NetworkStep CreateSwitch(const std::string& name) {
  NetworkStep step = Step(StepKind::CreateStandardSwitch, name);
  step.mtu = 1500;
  return step;
}

NetworkStep CreatePortGroup(const std::string& name, const std::string& vswitch, int vlan) {
  NetworkStep step = Step(StepKind::CreatePortGroup, name, {}, Standard(vswitch, ""));
  step.vlan = vlan;
  return step;
}

// Applies `steps` in order, failing the test on the first one that does not fit.
HostNetwork ApplyAll(HostNetwork state, const std::vector<NetworkStep>& steps) {
  for (const auto& step : steps) {
    AppliedStep applied = Apply(state, step);
    EXPECT_TRUE(applied.state) << Describe(step) << ": " << (applied.problems.empty() ? "" : Format(applied.problems[0]));
    if (!applied.state) return state;
    state = *applied.state;
  }
  return state;
}

// The standard switch with its port groups, ready for the sample's networking.
std::vector<NetworkStep> Prepare() {
  return {CreateSwitch("vSwitch-vcshift"), CreatePortGroup("pg-mgmt", "vSwitch-vcshift", 10),
          CreatePortGroup("pg-vm", "vSwitch-vcshift", 100)};
}

TEST(HostNetworkState, IsDerivedFromTheInventory) {
  const HostNetwork state = SampleNetwork();
  EXPECT_EQ(state.host, "esx-01.sim.local");
  ASSERT_EQ(state.pnics.size(), 2u);
  ASSERT_EQ(state.proxy_switches.size(), 1u);
  EXPECT_EQ(state.proxy_switches[0].uplinks,
            (std::vector<std::pair<std::string, std::string>>{{"vmnic0", "uplink1"}, {"vmnic1", "uplink2"}}));
  ASSERT_EQ(state.vm_nics.size(), 2u);  // vm-1 and vm-2; vm-3 and vm-4 are on esx-02
  EXPECT_EQ(state.vm_nics[0].vm, "vm-1");
  EXPECT_TRUE(state.vm_nics[0].powered_on);
  ASSERT_EQ(state.distributed_switches.size(), 1u);
  EXPECT_EQ(state.distributed_switches[0].port_groups.size(), 2u);
}

TEST(HostNetworkState, AStandardSwitchWithoutTeamingOrderHasEveryPnicActive) {
  InventoryHost host = SampleSource().hosts[0];
  host.standard_switches = {{"vSwitch0", 1500, {"vmnic2", "vmnic3"}, {}, {}}};
  EXPECT_EQ(HostNetworkOf(host, {}, {}).standard_switches[0].active_pnics,
            (std::vector<std::string>{"vmnic2", "vmnic3"}));
}

// HostNicOrderPolicy: "an empty activeNic array means there are no active Ethernet
// adapters in the team"; only a switch that gives no order at all has them all active.
TEST(HostNetworkState, AStandardSwitchWhoseOrderListsNoPnicActiveHasThemUnused) {
  InventoryHost host = SampleSource().hosts[0];
  host.standard_switches = {{"vSwitch0", 1500, {"vmnic2", "vmnic3"}, {}, {}, {"vmnic2", "vmnic3"}}};
  const HostNetwork state = HostNetworkOf(host, {}, {});
  EXPECT_TRUE(state.standard_switches[0].active_pnics.empty());
  EXPECT_EQ(PnicPlace(state, "vmnic2").uplink, "unused");
  EXPECT_FALSE(HasActiveUplink(state, {"vSwitch0", false, "", ""}));
}

TEST(HostNetworkStep, DescribesWhatMovesWhere) {
  EXPECT_EQ(Describe(Step(StepKind::MovePnic, "vmnic1", Dvs("DSwitch1", "", "uplink2"),
                          Standard("vSwitch-vcshift", "", "active"))),
            "move vmnic1 from DSwitch1 (uplink2) to vSwitch-vcshift (active)");
  EXPECT_EQ(Describe(Step(StepKind::MoveVmknic, "vmk0", Dvs("DSwitch1", "pg-mgmt"),
                          Standard("vSwitch-vcshift", "pg-mgmt"))),
            "move vmk0 from DSwitch1/pg-mgmt to vSwitch-vcshift/pg-mgmt");
  NetworkStep vm = Step(StepKind::MoveVmNic, "vm-1", Dvs("DSwitch1", "pg-vm"), Standard("vSwitch-vcshift", "pg-vm"));
  vm.nic = "Network adapter 1";
  EXPECT_EQ(Describe(vm), "move VM vm-1 'Network adapter 1' from DSwitch1/pg-vm to vSwitch-vcshift/pg-vm");
  EXPECT_EQ(Describe(CreatePortGroup("pg-trunk", "vSwitch-vcshift", 4095)),
            "create port group pg-trunk (VLAN 4095: all VLANs) on vSwitch-vcshift");
  EXPECT_EQ(Describe(CreateSwitch("vSwitch-vcshift")), "create standard switch vSwitch-vcshift (MTU 1500)");
  NetworkStep together = Step(StepKind::MovePnicWithVmknics, "vmnic0", Dvs("DSwitch1", "", "uplink1"),
                              Standard("vSwitch-vcshift", "", "active"));
  together.vmknics = {{"vmk0", Dvs("DSwitch1", "pg-mgmt"), Standard("vSwitch-vcshift", "pg-mgmt")}};
  EXPECT_EQ(Describe(together),
            "move vmnic0 from DSwitch1 (uplink1) to vSwitch-vcshift (active), vmk0 to vSwitch-vcshift/pg-mgmt, "
            "in one host update");
}

TEST(HostNetworkStep, MovesAPnicFromItsUplinkToAStandardSwitch) {
  HostNetwork state = ApplyAll(SampleNetwork(), Prepare());
  state = ApplyAll(state, {Step(StepKind::MovePnic, "vmnic1", Dvs("DSwitch1", "", "uplink2"),
                                Standard("vSwitch-vcshift", "", "active"))});
  EXPECT_EQ(state.proxy_switches[0].uplinks, (std::vector<std::pair<std::string, std::string>>{{"vmnic0", "uplink1"}}));
  EXPECT_EQ(state.standard_switches[0].pnics, std::vector<std::string>{"vmnic1"});
  EXPECT_EQ(state.standard_switches[0].active_pnics, std::vector<std::string>{"vmnic1"});
}

TEST(HostNetworkStep, RefusesAStepThatDoesNotFitTheState) {
  const HostNetwork state = ApplyAll(SampleNetwork(), Prepare());
  struct Case {
    NetworkStep step;
    std::string message;
  };
  const Case cases[] = {
      {Step(StepKind::MovePnic, "vmnic1", Dvs("DSwitch1", "", "uplink1"), Standard("vSwitch-vcshift", "", "active")),
       "vmnic1 is on DSwitch1 (uplink2), not DSwitch1 (uplink1)"},
      {Step(StepKind::MovePnic, "vmnic9", Dvs("DSwitch1", "", "uplink1"), {}), "the host has no physical NIC vmnic9"},
      {Step(StepKind::MovePnic, "vmnic1", Dvs("DSwitch1", "", "uplink2"), Dvs("DSwitch1", "", "uplink1")),
       "uplink uplink1 of DSwitch1 already holds a physical NIC"},
      {Step(StepKind::MoveVmknic, "vmk0", Dvs("DSwitch1", "pg-mgmt"), Standard("vSwitch-vcshift", "pg-nope")),
       "there is no network vSwitch-vcshift/pg-nope on the host"},
      {Step(StepKind::LeaveDvs, "DSwitch1"), "physical NICs are still on DSwitch1"},
      {Step(StepKind::JoinDvs, "DSwitch1"), "the host is already a member of DSwitch1"},
      {CreateSwitch("vSwitch-vcshift"), "standard switch vSwitch-vcshift already exists"},
      {CreatePortGroup("pg-vm", "vSwitch-vcshift", 100), "standard port group pg-vm already exists"},
  };
  for (const auto& c : cases) {
    const AppliedStep applied = Apply(state, c.step);
    EXPECT_FALSE(applied.state) << Describe(c.step);
    ASSERT_EQ(applied.problems.size(), 1u) << Describe(c.step);
    EXPECT_EQ(applied.problems[0].message, c.message);
    EXPECT_EQ(applied.problems[0].host, "esx-01.sim.local");
    EXPECT_EQ(applied.problems[0].step, Describe(c.step));
  }
}

// Every kind, applied then undone, gives back the state it started from.
TEST(HostNetworkStep, InverseUndoesEveryKind) {
  const HostNetwork base = ApplyAll(SampleNetwork(), Prepare());
  NetworkStep vm = Step(StepKind::MoveVmNic, "vm-1", Dvs("DSwitch1", "pg-vm"), Standard("vSwitch-vcshift", "pg-vm"));
  vm.nic = "Network adapter 1";
  NetworkStep together = Step(StepKind::MovePnicWithVmknics, "vmnic0", Dvs("DSwitch1", "", "uplink1"),
                              Standard("vSwitch-vcshift", "", "standby"));
  together.vmknics = {{"vmk0", Dvs("DSwitch1", "pg-mgmt"), Standard("vSwitch-vcshift", "pg-mgmt")}};
  const std::vector<NetworkStep> steps = {
      CreateSwitch("vSwitch-other"),
      CreatePortGroup("pg-other", "vSwitch-vcshift", 4095),
      Step(StepKind::MovePnic, "vmnic1", Dvs("DSwitch1", "", "uplink2"), Standard("vSwitch-vcshift", "", "unused")),
      Step(StepKind::MoveVmknic, "vmk0", Dvs("DSwitch1", "pg-mgmt"), Standard("vSwitch-vcshift", "pg-mgmt")),
      vm,
      together,
  };
  for (const auto& step : steps) {
    const HostNetwork after = ApplyAll(base, {step});
    ASSERT_NE(after, base) << Describe(step);
    EXPECT_EQ(ApplyAll(after, {Inverse(step)}), base) << Describe(step);
    EXPECT_EQ(Inverse(Inverse(step)), step);
  }
}

TEST(HostNetworkStep, InverseOfLeavingJoinsAgainAndOfDeletingCreates) {
  HostNetwork bare = SampleNetwork();
  bare.vmkernel_nics.clear();
  bare.vm_nics.clear();
  bare.proxy_switches[0].uplinks.clear();
  bare = ApplyAll(bare, {CreateSwitch("vSwitch-vcshift"), CreatePortGroup("pg-vm", "vSwitch-vcshift", 100)});
  NetworkStep delete_group = Inverse(CreatePortGroup("pg-vm", "vSwitch-vcshift", 100));
  const HostNetwork emptied = ApplyAll(bare, {Step(StepKind::LeaveDvs, "DSwitch1"), delete_group,
                                              Inverse(CreateSwitch("vSwitch-vcshift"))});
  EXPECT_TRUE(emptied.proxy_switches.empty());
  EXPECT_TRUE(emptied.standard_switches.empty());
  EXPECT_EQ(ApplyAll(emptied, {CreateSwitch("vSwitch-vcshift"), Inverse(delete_group), Step(StepKind::JoinDvs, "DSwitch1")}),
            bare);
}

TEST(HostNetworkInvariants, HoldWhenTheSpareUplinkMovesFirst) {
  const HostNetwork before = ApplyAll(SampleNetwork(), Prepare());
  const NetworkStep step =
      Step(StepKind::MovePnic, "vmnic1", Dvs("DSwitch1", "", "uplink2"), Standard("vSwitch-vcshift", "", "active"));
  EXPECT_TRUE(ApplyChecked(before, step).state);
}

TEST(HostNetworkInvariants, RefuseTakingTheManagementActiveUplink) {
  const HostNetwork before = ApplyAll(SampleNetwork(), Prepare());
  const NetworkStep step =
      Step(StepKind::MovePnic, "vmnic0", Dvs("DSwitch1", "", "uplink1"), Standard("vSwitch-vcshift", "", "active"));
  const AppliedStep applied = ApplyChecked(before, step);
  EXPECT_FALSE(applied.state);
  ASSERT_EQ(applied.problems.size(), 1u);
  EXPECT_EQ(applied.problems[0].rule, "management-uplink");
  EXPECT_EQ(Format(applied.problems[0]),
            "host esx-01.sim.local: move vmnic0 from DSwitch1 (uplink1) to vSwitch-vcshift (active): "
            "management-uplink: management adapter vmk0 would have no connected active uplink on DSwitch1/pg-mgmt; "
            "keep a pNIC with link active for its port group");
}

TEST(HostNetworkInvariants, RefuseMovingManagementToASwitchWithoutLink) {
  HostNetwork before = ApplyAll(SampleNetwork(), Prepare());
  const AppliedStep applied = ApplyChecked(
      before, Step(StepKind::MoveVmknic, "vmk0", Dvs("DSwitch1", "pg-mgmt"), Standard("vSwitch-vcshift", "pg-mgmt")));
  ASSERT_EQ(applied.problems.size(), 1u);
  EXPECT_EQ(applied.problems[0].rule, "management-uplink");
}

TEST(HostNetworkInvariants, AStandbyUplinkKeepsOtherAdaptersUp) {
  HostNetwork before = ApplyAll(SampleNetwork(), Prepare());
  before.vmkernel_nics[0].management = false;  // vMotion, say: standby uplink2 keeps it reachable
  EXPECT_TRUE(ApplyChecked(before, Step(StepKind::MovePnic, "vmnic0", Dvs("DSwitch1", "", "uplink1"),
                                        Standard("vSwitch-vcshift", "", "active")))
                  .state);
}

TEST(HostNetworkInvariants, RefuseCuttingARunningVmOff) {
  HostNetwork before = ApplyAll(SampleNetwork(), Prepare());
  NetworkStep vm = Step(StepKind::MoveVmNic, "vm-1", Dvs("DSwitch1", "pg-vm"), Standard("vSwitch-vcshift", "pg-vm"));
  vm.nic = "Network adapter 1";
  const AppliedStep applied = ApplyChecked(before, vm);
  ASSERT_EQ(applied.problems.size(), 1u);
  EXPECT_EQ(applied.problems[0].rule, "uplink");
  EXPECT_EQ(applied.problems[0].message,
            "VM vm-1 'Network adapter 1' would have no connected uplink on vSwitch-vcshift/pg-vm "
            "(it had one on DSwitch1/pg-vm)");
  before.vm_nics[0].powered_on = false;  // a powered-off VM loses nothing
  EXPECT_TRUE(ApplyChecked(before, vm).state);
}

TEST(HostNetworkInvariants, RefuseAnotherVlan) {
  HostNetwork before = ApplyAll(SampleNetwork(), Prepare());
  before.vm_nics[0].powered_on = false;
  NetworkStep vm = Step(StepKind::MoveVmNic, "vm-1", Dvs("DSwitch1", "pg-vm"), Standard("vSwitch-vcshift", "pg-mgmt"));
  vm.nic = "Network adapter 1";
  const AppliedStep applied = ApplyChecked(before, vm);
  ASSERT_EQ(applied.problems.size(), 1u);
  EXPECT_EQ(applied.problems[0].rule, "same-vlan");
  EXPECT_EQ(applied.problems[0].message,
            "VM vm-1 'Network adapter 1' would move from DSwitch1/pg-vm (VLAN 100) to vSwitch-vcshift/pg-mgmt (VLAN 10)");
}

TEST(HostNetworkInvariants, ATrunkMayWidenToAllVlansButNotChange) {
  Inventory source = SampleSource();
  source.switches[0].port_groups.push_back({"pg-trunk", 0, {{200, 299}}, 8, "static", "loadbalance_srcid", {}, {}});
  source.switches[0].port_groups.push_back({"pg-trunk2", 0, {{300, 399}}, 8, "static", "loadbalance_srcid", {}, {}});
  source.vms[0].nics[0].network = "pg-trunk";
  source.vms[0].power_state = "poweredOff";
  const HostNetwork before = ApplyAll(HostNetworkOf(source.hosts[0], source.vms, source.switches),
                                      {CreateSwitch("vSwitch-vcshift"), CreatePortGroup("pg-trunk", "vSwitch-vcshift", 4095),
                                       CreatePortGroup("pg-200", "vSwitch-vcshift", 200)});
  auto move_to = [](NetworkPlace to) {
    NetworkStep vm = Step(StepKind::MoveVmNic, "vm-1", Dvs("DSwitch1", "pg-trunk"), std::move(to));
    vm.nic = "Network adapter 1";
    return vm;
  };
  EXPECT_TRUE(ApplyChecked(before, move_to(Standard("vSwitch-vcshift", "pg-trunk"))).state);
  EXPECT_FALSE(ApplyChecked(before, move_to(Standard("vSwitch-vcshift", "pg-200"))).state);
  EXPECT_FALSE(ApplyChecked(before, move_to(Dvs("DSwitch1", "pg-trunk2"))).state);
}

TEST(HostNetworkInvariants, APnicOnTwoSwitchesIsReported) {
  const HostNetwork before = ApplyAll(SampleNetwork(), Prepare());
  HostNetwork after = before;
  after.standard_switches[0].pnics = {"vmnic1"};
  after.standard_switches[0].active_pnics = {"vmnic1"};
  const std::vector<NetworkProblem> problems = CheckInvariants(before, after);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].rule, "one-switch");
  EXPECT_EQ(problems[0].message, "vmnic1 is on 2 switches");
  EXPECT_TRUE(CheckInvariants(after, after).empty());  // only what a step breaks counts
}

std::vector<NetworkStep> EveryKind() {
  NetworkStep vm = Step(StepKind::MoveVmNic, "vm-1", Dvs("DSwitch1", "pg-vm"), Standard("vSwitch-vcshift", "pg-vm"));
  vm.nic = "Network adapter 1";
  NetworkStep together = Step(StepKind::MovePnicWithVmknics, "vmnic0", Dvs("DSwitch1", "", "uplink1"),
                              Standard("vSwitch-vcshift", "", "active"));
  together.vmknics = {{"vmk0", Dvs("DSwitch1", "pg-mgmt"), Standard("vSwitch-vcshift", "pg-mgmt")},
                      {"vmk1", Dvs("DSwitch1", "pg-vmotion"), Standard("vSwitch-vcshift", "pg-vmotion")}};
  return {CreateSwitch("vSwitch-vcshift"),
          Inverse(CreateSwitch("vSwitch-vcshift")),
          CreatePortGroup("pg-vm", "vSwitch-vcshift", 0),
          Inverse(CreatePortGroup("pg-trunk", "vSwitch-vcshift", 4095)),
          Step(StepKind::JoinDvs, "DSwitch-East"),
          Step(StepKind::LeaveDvs, "DSwitch1"),
          Step(StepKind::MovePnic, "vmnic1", Dvs("DSwitch1", "", "uplink2"), Standard("vSwitch-vcshift", "", "active")),
          Step(StepKind::MovePnic, "vmnic2", {}, Dvs("DSwitch-East", "", "Uplink 1")),
          Step(StepKind::MoveVmknic, "vmk0", Dvs("DSwitch1", "pg-mgmt"), Standard("vSwitch-vcshift", "pg-mgmt")),
          vm,
          together};
}

TEST(HostNetworkParams, RoundTripEveryKind) {
  for (const auto& step : EveryKind()) {
    std::string error;
    const std::optional<NetworkStep> back = FromParams(ToParams(step), error);
    ASSERT_TRUE(back) << Describe(step) << ": " << error;
    EXPECT_EQ(*back, step);
  }
}

// An action carries the step as params and its inverse as prior; undoing the action
// swaps the two, which must read back as the inverse step.
TEST(HostNetworkParams, ActionInverseReadsBackAsTheInverseStep) {
  for (const auto& step : EveryKind()) {
    std::string error;
    const auto undone = FromParams(ToParams(Inverse(step)), error);
    ASSERT_TRUE(undone) << error;
    EXPECT_EQ(*undone, Inverse(step));
  }
}

TEST(HostNetworkParams, SpellsAMoveReadably) {
  const auto params = ToParams(
      Step(StepKind::MovePnic, "vmnic1", Dvs("DSwitch1", "", "uplink2"), Standard("vSwitch-vcshift", "", "active")));
  EXPECT_EQ(params, (std::map<std::string, std::string>{{"step", "move_pnic"},
                                                         {"object", "vmnic1"},
                                                         {"from.switch", "DSwitch1"},
                                                         {"from.type", "distributed"},
                                                         {"from.uplink", "uplink2"},
                                                         {"to.switch", "vSwitch-vcshift"},
                                                         {"to.type", "standard"},
                                                         {"to.uplink", "active"}}));
}

TEST(HostNetworkParams, RefuseWhatIsNotAStep) {
  struct Case {
    std::map<std::string, std::string> params;
    std::string error;
  };
  const Case cases[] = {
      {{{"step", "teleport"}, {"object", "vmnic1"}}, "step: 'teleport' is not a host-network step"},
      {{{"step", "move_pnic"}}, "object: missing"},
      {{{"step", "create_standard_switch"}, {"object", "vSwitch-vcshift"}, {"mtu", "9k"}}, "mtu: '9k' is not a number"},
      {{{"step", "create_standard_switch"}, {"object", "vSwitch-vcshift"}}, "mtu: '' is not a number"},
      {{{"step", "move_pnic"}, {"object", "vmnic1"}, {"from.type", "virtual"}},
       "from.type: 'virtual' is neither distributed nor standard"},
      {{{"step", "move_pnic"}, {"object", "vmnic1"}, {"vlan", "10"}}, "vlan: not a key of a move_pnic step"},
  };
  for (const auto& c : cases) {
    std::string error;
    EXPECT_FALSE(FromParams(c.params, error));
    EXPECT_EQ(error, c.error);
  }
}

}  // namespace
}  // namespace vcshift
