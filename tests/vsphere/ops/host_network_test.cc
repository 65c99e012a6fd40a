// A host's network steps carried out against the simulator: the engine's own steps for a
// host of the world (engine/host_network_plan.h) run one by one, each checked against
// what discovery reads back afterwards, run twice (the second time AlreadyDone), then
// undone by their inverses; the host stays connected and every VM NIC that was
// connected stays connected throughout.

#include "engine/host_network_actions.h"
#include "engine/host_network_plan.h"
#include "providers/vsphere/discovery.h"
#include "tests/vsphere/ops/ops_fixture.h"

namespace vcshift::vsphere {
namespace {

class HostNetworkOpsTest : public OpsTest {
 protected:
  static Inventory Discovered() {
    auto inventory = Discover(*source_);
    EXPECT_TRUE(inventory) << Describe(inventory.fault());
    return inventory ? *inventory : Inventory{};
  }

  static const InventoryHost* HostIn(const Inventory& inventory, const std::string& name) {
    for (const auto& host : inventory.hosts) {
      if (host.name == name) return &host;
    }
    return nullptr;
  }

  // The host's networking as discovery reads it, as the planner would see it.
  static HostNetwork NetworkOf(const std::string& name) {
    const Inventory inventory = Discovered();
    const InventoryHost* host = HostIn(inventory, name);
    EXPECT_TRUE(host) << name;
    if (!host) return {};
    std::vector<InventoryDvs> switches;
    for (const auto& dvs : inventory.switches) {
      if (dvs.datacenter == host->datacenter) switches.push_back(dvs);
    }
    return HostNetworkOf(*host, inventory.vms, switches);
  }

  static std::string ConnectionOf(const std::string& name) {
    const Inventory inventory = Discovered();
    const InventoryHost* host = HostIn(inventory, name);
    return host ? host->connection_state : "missing";
  }

  // Runs `steps` on host `name` (in `cluster`) as plan actions: each Done, then what
  // discovery reads is what the engine said the step leads to, the host is connected and
  // no connected VM NIC was disconnected; run again, each is AlreadyDone. Returns the
  // actions, for their inverses.
  static std::vector<Action> RunSteps(const std::vector<NetworkStep>& steps, const std::string& cluster,
                                      const std::string& name) {
    std::vector<Action> actions;
    HostNetwork expected = NetworkOf(name);
    for (const auto& step : steps) {
      const Action action = StepAction(step, Side::Source, cluster + "/" + name);
      const ActionResult result = Run(action);
      EXPECT_EQ(Outcome(result), "Done") << Describe(step);
      if (result.status != ActionResult::Status::Done) return actions;
      actions.push_back(action);
      expected = Apply(expected, step).state.value();
      const HostNetwork live = NetworkOf(name);
      EXPECT_EQ(live, expected) << "after: " << Describe(step);
      EXPECT_EQ(ConnectionOf(name), "connected") << "after: " << Describe(step);
      for (const auto& nic : live.vm_nics) EXPECT_TRUE(nic.connected) << nic.vm << " after: " << Describe(step);
      EXPECT_EQ(Outcome(Run(action)), "AlreadyDone") << Describe(step);
    }
    return actions;
  }

  // The inverses of `actions`, last first, each Done and then AlreadyDone.
  static void Undo(const std::vector<Action>& actions) {
    for (auto it = actions.rbegin(); it != actions.rend(); ++it) {
      const Action inverse = Inverse(*it);
      EXPECT_EQ(Outcome(Run(inverse)), "Done") << inverse.id;
      EXPECT_EQ(Outcome(Run(inverse)), "AlreadyDone") << inverse.id;
    }
  }

  static int Calls(const std::string& method) {
    const std::string log = Control("source", "GET", "/calls?method=" + method);
    const size_t at = log.find("\"count\":");
    return at == std::string::npos ? -1 : std::stoi(log.substr(at + 8));
  }
};

TEST_F(HostNetworkOpsTest, OffTheDistributedSwitchStepByStepThenBackByTheInverses) {
  const HostNetwork before = NetworkOf("esx-01.sim.local");
  ASSERT_EQ(before.proxy_switches.size(), 1u);
  const NetworkPlan plan = ToStandardSwitch(before);
  ASSERT_TRUE(plan.problems.empty()) << Format(plan.problems.front());
  // switch, two port groups, vmnic1, vmk0, two VM NICs, vmnic0, leave
  ASSERT_EQ(plan.steps.size(), 9u);
  const int updates = Calls("UpdateNetworkConfig");
  const auto actions = RunSteps(plan.steps, "DC1/Cluster1", "esx-01.sim.local");
  ASSERT_EQ(actions.size(), plan.steps.size());
  const HostNetwork off = NetworkOf("esx-01.sim.local");
  EXPECT_TRUE(off.proxy_switches.empty());
  ASSERT_NE(FindStandardSwitch(off, kMigrationSwitch), nullptr);
  EXPECT_EQ(FindStandardSwitch(off, kMigrationSwitch)->pnics, (std::vector<std::string>{"vmnic0", "vmnic1"}));
  // Each pNIC moved in one host update, never through ReconfigureDvs_Task.
  EXPECT_EQ(Calls("UpdateNetworkConfig") - updates, 2);

  Undo(actions);
  EXPECT_EQ(NetworkOf("esx-01.sim.local"), before) << "every step undone: the host is as it was";
  EXPECT_EQ(ConnectionOf("esx-01.sim.local"), "connected");
}

TEST_F(HostNetworkOpsTest, OntoADistributedSwitchFromTheStandardSwitchThatCarriedIt) {
  const HostNetwork before = NetworkOf("esx-02.sim.local");
  const NetworkPlan off = ToStandardSwitch(before);
  ASSERT_TRUE(off.problems.empty()) << Format(off.problems.front());
  RunSteps(off.steps, "DC1/Cluster1", "esx-02.sim.local");
  // What a target's steps do once the host has arrived, here onto the switch it left:
  // join, a pNIC to its uplink, vmk0, the VM NICs, the other pNIC, then the cleanup.
  DvsMapping mapping;
  mapping.uplinks = {{"vmnic0", "uplink1"}, {"vmnic1", "uplink2"}};
  const NetworkPlan onto = ToDistributedSwitch(NetworkOf("esx-02.sim.local"), "DSwitch1", mapping);
  ASSERT_TRUE(onto.problems.empty()) << Format(onto.problems.front());
  RunSteps(onto.steps, "DC1/Cluster1", "esx-02.sim.local");
  EXPECT_EQ(NetworkOf("esx-02.sim.local"), before) << "back on DSwitch1, same uplinks, no standard switch left";
}

TEST_F(HostNetworkOpsTest, AOnePnicHostMovesItsPnicAndManagementAdapterInOneUpdate) {
  const HostNetwork before = NetworkOf("esx-net-1.sim.local");
  const NetworkPlan plan = ToStandardSwitch(before);
  ASSERT_TRUE(plan.problems.empty()) << Format(plan.problems.front());
  const bool together = std::any_of(plan.steps.begin(), plan.steps.end(),
                                    [](const NetworkStep& s) { return s.kind == StepKind::MovePnicWithVmknics; });
  ASSERT_TRUE(together) << "the engine moves a one-pNIC host's pNIC with its adapters";
  const auto actions = RunSteps(plan.steps, "DC1/NetCluster", "esx-net-1.sim.local");
  ASSERT_EQ(actions.size(), plan.steps.size());
  Undo(actions);
  EXPECT_EQ(NetworkOf("esx-net-1.sim.local"), before);
  EXPECT_EQ(ConnectionOf("esx-net-1.sim.local"), "connected");
}

TEST_F(HostNetworkOpsTest, AStepWhoseObjectIsElsewhereIsRefusedAndChangesNothing) {
  const HostNetwork before = NetworkOf("esx-01.sim.local");
  NetworkStep step;
  step.kind = StepKind::MoveVmknic;
  step.object = "vmk0";
  step.from = {"vSwitch-elsewhere", false, "pg-mgmt", ""};
  step.to = {"DSwitch1", true, "pg-vm", ""};
  const ActionResult result = Run(StepAction(step, Side::Source, "DC1/Cluster1/esx-01.sim.local"));
  EXPECT_EQ(result.fault, "InvalidState") << Outcome(result);
  EXPECT_NE(result.message.find("vmk0 is on DSwitch1/pg-mgmt"), std::string::npos) << result.message;
  EXPECT_NE(result.message.find("DC1/Cluster1/esx-01.sim.local"), std::string::npos) << result.message;
  EXPECT_FALSE(result.transient);
  EXPECT_EQ(NetworkOf("esx-01.sim.local"), before);
}

TEST_F(HostNetworkOpsTest, AFaultOfTheHostIsReportedWithItsName) {
  Inject("source", R"({"method":"AddVirtualSwitch","kind":"soap_fault","fault":"HostConfigFault","message":"The host is busy."})");
  NetworkStep step;
  step.kind = StepKind::CreateStandardSwitch;
  step.object = "vSwitch-fault";
  step.mtu = 1500;
  const ActionResult result = Run(StepAction(step, Side::Source, "DC1/Cluster1/esx-02.sim.local"));
  EXPECT_EQ(result.fault, "HostConfigFault") << Outcome(result);
  EXPECT_NE(result.message.find("The host is busy."), std::string::npos) << result.message;
  EXPECT_NE(result.message.find("AddVirtualSwitch"), std::string::npos) << result.message;
}

TEST_F(HostNetworkOpsTest, AnActionThatIsNoStepIsRefused) {
  const ActionResult result = Run(Make(ActionKind::HostNetworkStep, Side::Source, "DC1/Cluster1/esx-01.sim.local"));
  EXPECT_EQ(result.fault, "InvalidArgument") << Outcome(result);
  EXPECT_FALSE(result.transient);
}

// A pNIC that a standard switch's teaming order lists neither active nor standby is
// unused (HostNicOrderPolicy: "an empty activeNic array means there are no active
// Ethernet adapters in the team"). The plan (discovery read into the engine's model) and
// the run (the step reading the host) judge where it is by that one rule, so the step
// the plan makes from where it says the pNIC is runs: the run no longer finds the pNIC
// "unused" where the plan said "active", and refuses.
TEST_F(HostNetworkOpsTest, AnUnusedPnicIsWhereThePlanAndTheRunBothSayItIs) {
  const std::string host = "esx-02.sim.local";
  const HostNetwork before = NetworkOf(host);
  const NetworkPlace uplink2{"DSwitch1", true, "", "uplink2"};
  ASSERT_EQ(PnicPlace(before, "vmnic1"), uplink2);
  NetworkStep create;
  create.kind = StepKind::CreateStandardSwitch;
  create.object = "vSwitch-unused";
  create.mtu = 1500;
  NetworkStep park;
  park.kind = StepKind::MovePnic;
  park.object = "vmnic1";
  park.from = uplink2;
  park.to = {"vSwitch-unused", false, "", "unused"};
  const auto actions = RunSteps({create, park}, "DC1/Cluster1", host);
  ASSERT_EQ(actions.size(), 2u);

  const NetworkPlace planned = PnicPlace(NetworkOf(host), "vmnic1");
  EXPECT_EQ(planned.switch_name + " (" + planned.uplink + ")", "vSwitch-unused (unused)")
      << "where the plan says vmnic1 is";
  NetworkStep back = park;
  back.from = planned;
  back.to = uplink2;
  EXPECT_EQ(Outcome(Run(StepAction(back, Side::Source, "DC1/Cluster1/" + host))), "Done")
      << "the run finds vmnic1 where the plan does";
  Undo({actions[0]});
  EXPECT_EQ(NetworkOf(host), before);
}

}  // namespace
}  // namespace vcshift::vsphere
