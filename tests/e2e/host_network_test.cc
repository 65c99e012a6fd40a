// Clusters whose hosts are on distributed switches, migrated by the real `vcshift` and
// judged by the simulator alone: its snapshot (the referee, `vcshift-sim snapshot`), its
// call log, and the incidents it records when a host stops responding or a VM NIC is
// disconnected or put on another VLAN (docs/testing.md).

#include <yaml-cpp/yaml.h>

#include <gtest/gtest.h>

#include "tests/e2e/live_cli.h"

namespace vcshift::testing {
namespace {

class HostNetworkMigration : public LiveCli {
 protected:
  explicit HostNetworkMigration(const std::string& world = "") : LiveCli(world) {}

  std::string State() const { return " --state-dir " + (dir_ / "state"); }

  // GET on a vCenter's control endpoint.
  YAML::Node Control(const std::string& vcenter, const std::string& path) {
    const CommandResult got = RunCommand("curl -sf " + sim_.vcenter(vcenter).control + path, dir_ / "curl");
    EXPECT_EQ(got.exit_code, 0) << got.err;
    return YAML::Load(got.out);
  }

  // What the simulator recorded as outages, on every host: "kind subject: detail".
  std::vector<std::string> Incidents() {
    std::vector<std::string> out;
    for (const auto& incident : Control("source", "/incidents")["incidents"]) {
      out.push_back(incident["kind"].as<std::string>() + " " + incident["subject"].as<std::string>() + ": " +
                    incident["detail"].as<std::string>());
    }
    return out;
  }

  int Calls(const std::string& vcenter, const std::string& query) {
    return Control(vcenter, "/calls?" + query)["count"].as<int>();
  }

  // The hosts of a snapshot by name.
  static std::map<std::string, YAML::Node> Hosts(const YAML::Node& snap) {
    std::map<std::string, YAML::Node> out;
    for (const YAML::Node& host : snap["hosts"]) out.emplace(host["name"].as<std::string>(), host);
    return out;
  }

  // Each VM NIC as "vm 'label' dvs/port group (VLAN n) connected|disconnected", the
  // VLAN read from the switch's port group in the same snapshot.
  static std::vector<std::string> VmNics(const YAML::Node& snap) {
    std::map<std::string, int> vlan;  // "dvs/pg"
    for (const auto& dvs : snap["distributed_switches"]) {
      for (const auto& pg : dvs["port_groups"]) {
        vlan[dvs["name"].as<std::string>() + "/" + pg["name"].as<std::string>()] = pg["vlan"].as<int>();
      }
    }
    std::vector<std::string> out;
    for (const auto& vm : snap["vms"]) {
      for (const auto& nic : vm["nics"]) {
        const std::string where = nic["dvs"].as<std::string>() + "/" + nic["network"].as<std::string>();
        out.push_back(vm["name"].as<std::string>() + " '" + nic["label"].as<std::string>() + "' " + where + " (VLAN " +
                      std::to_string(vlan.count(where) ? vlan[where] : -1) + ") " +
                      (nic["connected"].as<bool>() ? "connected" : "disconnected"));
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

// The default world: esx-01 and esx-02 on DSwitch1 (pg-mgmt VLAN 10, pg-vm VLAN 100).
class DefaultDvsWorld : public HostNetworkMigration {
 protected:
  std::string Cluster() {
    return Desired(
        "datacenters:\n  - name: DC1\n    vm_folders: [Web]\n    clusters:\n"
        "      - {name: Cluster1, ha: inherit, drs: inherit, hosts: [esx-01.sim.local, esx-02.sim.local]}\n"
        "    distributed_switches:\n"
        "      - name: DSwitch1\n        inherit: DSwitch1\n        hosts:\n"
        "          - {name: esx-01.sim.local, uplinks: {vmnic0: uplink1, vmnic1: uplink2}}\n"
        "          - {name: esx-02.sim.local, uplinks: {vmnic0: uplink1, vmnic1: uplink2}}\n");
  }
};

TEST_F(DefaultDvsWorld, HostsMoveOntoTheTargetsSwitchAndRollBackOntoTheSourcesWithTheSameUplinks) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired = Cluster();
  const std::string source_before = Snapshot("source");
  const std::string target_before = Snapshot("target");

  const CommandResult applied = Vcshift("apply -f " + desired + " --auto-approve" + State());
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_EQ(Vcshift("plan -f " + desired).out, "No changes.\n");
  const YAML::Node target = YAML::Load(Snapshot("target"));
  auto hosts = Hosts(target);
  ASSERT_EQ(hosts.size(), 2u) << Snapshot("target");
  for (auto& [name, host] : hosts) {
    EXPECT_EQ(host["connection_state"].as<std::string>(), "connected") << name;
    ASSERT_EQ(host["proxy_switches"].size(), 1u) << name;
    EXPECT_EQ(host["proxy_switches"][0]["dvs"].as<std::string>(), "DSwitch1");
    EXPECT_EQ(host["proxy_switches"][0]["uplinks"].size(), 2u) << name;
    EXPECT_EQ(host["standard_switches"].size(), 0u) << name << ": the migration switch is cleaned up";
    EXPECT_EQ(host["vmkernel_nics"][0]["dvs"].as<std::string>(), "DSwitch1") << name;
    EXPECT_EQ(host["vmkernel_nics"][0]["port_group"].as<std::string>(), "pg-mgmt") << name;
  }
  EXPECT_EQ(VmNics(target), (std::vector<std::string>{"vm-1 'Network adapter 1' DSwitch1/pg-vm (VLAN 100) connected",
                                                      "vm-2 'Network adapter 1' DSwitch1/pg-vm (VLAN 100) connected",
                                                      "vm-3 'Network adapter 1' DSwitch1/pg-vm (VLAN 100) connected",
                                                      "vm-4 'Network adapter 1' DSwitch1/pg-mgmt (VLAN 10) connected"}));

  const CommandResult rolled = Vcshift("rollback --auto-approve" + State());
  ASSERT_EQ(rolled.exit_code, 0) << rolled.out << rolled.err;
  EXPECT_EQ(Snapshot("source"), source_before)
      << "the source as it was: hosts on DSwitch1 with the same pNIC-to-uplink mapping, vmk0 and VM NICs on their port groups";
  EXPECT_EQ(Snapshot("target"), target_before) << "nothing the run made is left on the target";
  EXPECT_EQ(Incidents(), std::vector<std::string>{}) << "no host stopped responding, no VM NIC lost its network or VLAN";
  EXPECT_EQ(Calls("source", "result=HostCommunication") + Calls("target", "result=HostCommunication"), 0);
}

// The paper's three failure tests: a failure while creating the target's switch, while
// moving a host's networking to the standard switch (on the source), and while moving it
// onto the target's switch. Each rolls back (exit 3) to both vCenters as they were, and no
// host was ever unreachable nor any VM NIC cut off, before, during or after the rollback.
class FailingDvsMigration : public DefaultDvsWorld {
 protected:
  void FailAndExpectTheStart(const std::string& vcenter, const std::string& rule) {
    const std::string desired = Cluster();
    const std::string source_before = Snapshot("source");
    const std::string target_before = Snapshot("target");
    const CommandResult posted = RunCommand(
        "curl -sf -X POST -d '" + rule + "' " + sim_.vcenter(vcenter).control + "/faults", dir_ / "curl");
    ASSERT_EQ(posted.exit_code, 0) << posted.err;
    const CommandResult applied = Vcshift("apply -f " + desired + " --auto-approve" + State());
    EXPECT_EQ(applied.exit_code, 3) << applied.out << applied.err;
    EXPECT_NE(applied.out.find("Rolled back: everything this run changed is undone"), std::string::npos) << applied.out;
    EXPECT_EQ(Snapshot("source"), source_before);
    EXPECT_EQ(Snapshot("target"), target_before);
    EXPECT_EQ(Incidents(), std::vector<std::string>{});
  }
};

TEST_F(FailingDvsMigration, WhileCreatingTheTargetsSwitch) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  FailAndExpectTheStart("target", R"({"method":"CreateDVS_Task","kind":"task_error","fault":"DvsFault"})");
}

TEST_F(FailingDvsMigration, WhileMovingAHostToTheStandardSwitch) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  // The third host network update on the source: esx-01's pNICs and vmk0 are half moved.
  FailAndExpectTheStart("source", R"({"method":"UpdateNetworkConfig","kind":"soap_fault","fault":"PlatformConfigFault","nth":3})");
}

TEST_F(FailingDvsMigration, WhileMovingAHostOntoTheTargetsSwitch) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  FailAndExpectTheStart("target", R"({"method":"UpdateNetworkConfig","kind":"soap_fault","fault":"PlatformConfigFault","nth":2})");
}

// Four hosts on two distributed switches (DSwitch-A: management, pg-web, pg-app;
// DSwitch-B, MTU 9000: pg-db), twelve running VMs on the three port groups.
class TwoSwitchWorld : public HostNetworkMigration {
 protected:
  TwoSwitchWorld() : HostNetworkMigration(VCSHIFT_E2E_WORLDS "/two-switches.json") {}

  std::string Cluster() {
    std::string hosts_a, hosts_b;
    for (int i = 1; i <= 4; ++i) {
      const std::string host = "esx-0" + std::to_string(i) + ".sim.local";
      hosts_a += "          - {name: " + host + ", uplinks: {vmnic0: uplink1, vmnic1: uplink2}}\n";
      hosts_b += "          - {name: " + host + ", uplinks: {vmnic2: uplink1, vmnic3: uplink2}}\n";
    }
    return Desired("datacenters:\n  - name: DC1\n    vm_folders: [Web]\n    clusters:\n"
                   "      - {name: Cluster1, ha: inherit, drs: inherit, hosts: [esx-01.sim.local, esx-02.sim.local, "
                   "esx-03.sim.local, esx-04.sim.local]}\n"
                   "    distributed_switches:\n"
                   "      - name: DSwitch-A\n        inherit: DSwitch-A\n        hosts:\n" +
                   hosts_a +
                   "      - name: DSwitch-B\n        inherit: DSwitch-B\n"
                   "        migration_standard_switch: vSwitch-vcshift-b\n        hosts:\n" +
                   hosts_b);
  }
};

TEST_F(TwoSwitchWorld, FourHostsMoveWithNoHostEverUnreachableAndNoVmNicEverCutOff) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired = Cluster();
  const YAML::Node source = YAML::Load(Snapshot("source"));
  const std::vector<std::string> nics_before = VmNics(source);
  ASSERT_EQ(nics_before.size(), 12u);

  const CommandResult applied = Vcshift("apply -f " + desired + " --auto-approve" + State());
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;

  // The simulator's own record: no host lost its management network, no VM NIC its
  // network or VLAN, at any step; no call found a host unreachable.
  EXPECT_EQ(Incidents(), std::vector<std::string>{});
  EXPECT_EQ(Calls("source", "result=HostCommunication") + Calls("target", "result=HostCommunication"), 0);
  // Each pNIC moved once each way (2 switches x 2 pNICs x 4 hosts), in host updates.
  EXPECT_EQ(Calls("source", "method=UpdateNetworkConfig"), 16);
  EXPECT_EQ(Calls("target", "method=UpdateNetworkConfig"), 16);

  const YAML::Node target = YAML::Load(Snapshot("target"));
  auto hosts = Hosts(target);
  ASSERT_EQ(hosts.size(), 4u);
  for (auto& [name, host] : hosts) {
    EXPECT_EQ(host["connection_state"].as<std::string>(), "connected") << name;
    EXPECT_EQ(host["proxy_switches"].size(), 2u) << name;
    EXPECT_EQ(host["standard_switches"].size(), 0u) << name;
  }
  // The same VM NICs, each on the port group and VLAN of the same name, connected.
  EXPECT_EQ(VmNics(target), nics_before);
  EXPECT_EQ(Vcshift("plan -f " + desired).out, "No changes.\n");
}

// DSwitch-A has network I/O control on; esx-01 already keeps vmnic3 (on DSwitch-B) out of
// it. Each host's DSwitch-A pNICs leave NIOC before the first of them moves and the exact
// value comes back after the last: after the apply, and again after the rollback. The
// simulator records a "nioc" incident for any pNIC that joins or leaves a switch with NIOC
// on while the host's Net.IOControlPnicOptOut does not list it.
TEST_F(TwoSwitchWorld, NetworkIoControlIsLeftForTheMoveAndRestoredExactly) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired = Cluster();
  const std::string source_before = Snapshot("source");
  const auto opt_outs = [](const std::string& snapshot) {
    std::vector<std::string> out;
    for (const auto& [name, host] : Hosts(YAML::Load(snapshot))) {
      out.push_back(name + " '" + host["nioc_pnic_opt_out"].as<std::string>() + "'");
    }
    return out;
  };
  const std::vector<std::string> prior = {"esx-01.sim.local 'vmnic3'", "esx-02.sim.local ''",
                                          "esx-03.sim.local ''", "esx-04.sim.local ''"};
  ASSERT_EQ(opt_outs(source_before), prior);

  const CommandResult planned = Vcshift("plan -f " + desired + " --show-rollback");
  for (const std::string line :
       {"host_network_step (source): take vmnic0, vmnic1 out of network I/O control (Net.IOControlPnicOptOut "
        "'vmnic3' -> 'vmnic3,vmnic0,vmnic1')",
        "host_network_step (target): restore network I/O control of vmnic0, vmnic1 (Net.IOControlPnicOptOut "
        "'vmnic3,vmnic0,vmnic1' -> 'vmnic3')",
        "host_network_step (source): take vmnic0, vmnic1 out of network I/O control (Net.IOControlPnicOptOut "
        "'' -> 'vmnic0,vmnic1')",
        // --show-rollback: the restore's inverse takes them out again, the take-out's restores the value.
        "rollback: host_network_step (target): take vmnic0, vmnic1 out of network I/O control "
        "(Net.IOControlPnicOptOut 'vmnic3' -> 'vmnic3,vmnic0,vmnic1')",
        "rollback: host_network_step (source): restore network I/O control of vmnic0, vmnic1 "
        "(Net.IOControlPnicOptOut 'vmnic3,vmnic0,vmnic1' -> 'vmnic3')"}) {
    EXPECT_NE(planned.out.find(line), std::string::npos) << line << "\n" << planned.out;
  }

  const CommandResult applied = Vcshift("apply -f " + desired + " --auto-approve" + State());
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_EQ(Incidents(), std::vector<std::string>{});
  EXPECT_EQ(opt_outs(Snapshot("target")), prior) << "each host's value exactly as it was";
  // Out on the source, back in on the target once on DSwitch-A, which this plan creates
  // inheriting NIOC on: one change each side per host (before, the pNICs came back on the
  // source and left again on the target, 8 and 8).
  EXPECT_EQ(Calls("source", "method=UpdateOptions"), 4);
  EXPECT_EQ(Calls("target", "method=UpdateOptions"), 4);
  for (const auto& dvs : YAML::Load(Snapshot("target"))["distributed_switches"]) {
    EXPECT_EQ(dvs["nioc"].as<bool>(), dvs["name"].as<std::string>() == "DSwitch-A") << dvs["name"].as<std::string>();
  }
  EXPECT_EQ(Vcshift("plan -f " + desired).out, "No changes.\n");

  const CommandResult rolled = Vcshift("rollback --auto-approve" + State());
  ASSERT_EQ(rolled.exit_code, 0) << rolled.out << rolled.err;
  EXPECT_EQ(Snapshot("source"), source_before) << "DSwitch-A with NIOC on, every host's opt-out as it was";
  EXPECT_EQ(Incidents(), std::vector<std::string>{});
  EXPECT_EQ(Calls("source", "method=UpdateOptions"), 8);
}

}  // namespace
// A host that stays in its vCenter joins a new switch with its two free pNICs, and the NFS
// adapter `vmkernel` names moves off vSwitch0 onto the switch's port group in a step after
// the join (the join alone left it where it was); a rollback puts it back first.
class JoinWorld : public HostNetworkMigration {
 protected:
  JoinWorld() : HostNetworkMigration(VCSHIFT_E2E_WORLDS "/join-vmkernel.json") {}

  // vmk1's place in the referee's snapshot: "dvs/port group", "" for a standard one.
  std::string Vmk1() {
    for (const auto& [name, host] : Hosts(YAML::Load(Snapshot("source")))) {
      for (const auto& vmk : host["vmkernel_nics"]) {
        if (vmk["device"].as<std::string>() == "vmk1") return vmk["dvs"].as<std::string>() + "/" + vmk["port_group"].as<std::string>();
      }
    }
    return "(none)";
  }
};

TEST_F(JoinWorld, AJoiningHostsDeclaredAdapterMovesOntoTheSwitchAndBack) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired = Desired(
      "datacenters:\n  - name: DC1\n    clusters:\n      - {name: Gold, hosts: [esx-01.example.com]}\n"
      "    distributed_switches:\n      - name: DSwitch-Storage\n        uplinks: [uplink1, uplink2]\n"
      "        port_groups: [{name: pg-nfs, vlan: 30}]\n"
      "        hosts: [{name: esx-01.example.com, uplinks: {vmnic2: uplink1, vmnic3: uplink2}, "
      "vmkernel: {vmk1: pg-nfs}}]\n",
      true);
  const std::string before = Snapshot("source");
  ASSERT_EQ(Vmk1(), "/nfs");
  const CommandResult plan = Vcshift("plan -f " + desired);
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("move vmk1 from vSwitch0/nfs to DSwitch-Storage/pg-nfs"), std::string::npos) << plan.out;
  const CommandResult applied = Vcshift("apply -f " + desired + " --auto-approve" + State());
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_EQ(Vmk1(), "DSwitch-Storage/pg-nfs");
  EXPECT_EQ(Vcshift("plan -f " + desired).out, "No changes.\n");
  const CommandResult undone = Vcshift("rollback --auto-approve" + State());
  ASSERT_EQ(undone.exit_code, 0) << undone.out << undone.err;
  EXPECT_EQ(Vmk1(), "/nfs");
  EXPECT_EQ(Snapshot("source"), before);
}

}  // namespace vcshift::testing
