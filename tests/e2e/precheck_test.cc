// The live checks of the hosts a plan adds to the target (docs/desired-state.md, "Checks
// against the live vCenters"): each one is asked about of the target, whose answer means
// something, before it leaves the source: by the precheck when the target has a
// datacenter to ask in, else by the run's check_host_login step once it has made one.
// Every refusal names the vCenter that gave it, or the host and the fault. The source is
// never asked: the simulator's answers AlreadyConnected for a host it has, as the vSphere
// API reference lists for QueryConnectionInfo.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "tests/e2e/live_cli.h"

namespace vcshift::testing {
namespace {

// How often a simulated vCenter was asked QueryConnectionInfo (its call log).
int QueriesOf(const SimulatedVCenter& vc, const TempDir& dir) {
  const CommandResult calls = RunCommand("curl -sf '" + vc.control + "/calls?method=QueryConnectionInfo'", dir / "curl");
  EXPECT_EQ(calls.exit_code, 0) << calls.err;
  return YAML::Load(calls.out)["count"].as<int>(-1);
}

// The demo's world: the target is an empty vCenter, with no datacenter to ask in before
// the run; each host is asked about by a check_host_login step of the run instead.
class EmptyTargetPrecheck : public LiveCli {
 protected:
  std::string Demo() {
    return Desired(
        "datacenters:\n  - name: DC1\n    vm_folders: [Web]\n    clusters:\n"
        "      - {name: Cluster1, ha: inherit, drs: inherit, hosts: [esx-01.sim.local, esx-02.sim.local]}\n"
        "    distributed_switches:\n      - name: DSwitch1\n        inherit: DSwitch1\n        hosts:\n"
        "          - {name: esx-01.sim.local, uplinks: {vmnic0: uplink1, vmnic1: uplink2}}\n"
        "          - {name: esx-02.sim.local, uplinks: {vmnic0: uplink1, vmnic1: uplink2}}\n");
  }
};

TEST_F(EmptyTargetPrecheck, TheDemoPlansALoginCheckOnTheTargetAndAsksNoVCenterYet) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const CommandResult planned = Vcshift("plan -f " + Demo());
  ASSERT_EQ(planned.exit_code, 0) << planned.out << planned.err;
  for (const char* host : {"esx-01.sim.local", "esx-02.sim.local"}) {
    const size_t at = planned.out.find(std::string("> host ") + host + ": ");
    ASSERT_NE(at, std::string::npos) << planned.out;
    const std::string group = planned.out.substr(at, planned.out.find("\n> ", at) - at);
    const size_t check = group.find("    check_host_login (target)\n");
    ASSERT_NE(check, std::string::npos) << group;
    EXPECT_LT(check, group.find("    host_network_step (source)")) << "the host is asked about before it leaves";
  }
  EXPECT_EQ(planned.out.find("were not checked"), std::string::npos) << planned.out;
  EXPECT_EQ(QueriesOf(sim_.vcenter("source"), dir_), 0) << "the source is not asked about its own hosts";
  EXPECT_EQ(QueriesOf(sim_.vcenter("target"), dir_), 0) << "the target has no datacenter to ask in yet";
}

// A wrong ESXi password is found on the target once the run has made its datacenter, and
// before either host leaves the source: the run rolls back to the vCenters as they were,
// and that rollback does not ask again with the login that stopped it.
TEST_F(EmptyTargetPrecheck, AWrongEsxiPasswordStopsTheRunBeforeAnyHostLeavesTheSource) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired = Demo();
  const std::string source_before = Snapshot("source");
  const std::string target_before = Snapshot("target");
  const std::string password = sim_.vcenter("source").password;
  const CommandResult failed =
      RunCommand("VCSHIFT_SOURCE_PASSWORD='" + password + "' VCSHIFT_TARGET_PASSWORD='" + password +
                     "' VCSHIFT_ESXI_PASSWORD=wrong " + VCSHIFT_BINARY + " apply -f " + desired +
                     " --auto-approve --state-dir " + (dir_ / "state"),
                 dir_ / "stderr");
  EXPECT_EQ(failed.exit_code, 3) << failed.out << failed.err;
  EXPECT_NE(failed.out.find("done       create_datacenter:target:DC1"), std::string::npos) << failed.out;
  const size_t refused = failed.out.find("failed     check_host_login:target:esx-0");
  ASSERT_NE(refused, std::string::npos) << failed.out;
  const std::string line = failed.out.substr(refused, failed.out.find('\n', refused) - refused);
  EXPECT_NE(line.find(": host 'esx-0"), std::string::npos) << line;
  EXPECT_NE(line.find("would not be added to the target: QueryConnectionInfo on esx-0"), std::string::npos) << line;
  EXPECT_NE(line.find("InvalidLogin"), std::string::npos) << line;
  for (const char* kind : {"host_network_step:source", "disconnect_host", "remove_host"}) {
    EXPECT_EQ(failed.out.find(std::string("start      ") + kind), std::string::npos) << kind << "\n" << failed.out;
  }
  EXPECT_NE(failed.out.find("done       undo:create_datacenter:target:DC1"), std::string::npos) << failed.out;
  EXPECT_NE(failed.out.find("Rolled back: everything this run changed is undone"), std::string::npos) << failed.out;
  EXPECT_EQ(Snapshot("source"), source_before) << "nothing on the source changed";
  EXPECT_EQ(Snapshot("target"), target_before) << "the target is as empty as it was";
}

// Source, target (with datacenter DC1, at 127.0.0.3) and a third vCenter "other" at
// 127.0.0.2; the source shows a host another vCenter took as connected for 10 minutes.
class Precheck : public LiveCli {
 protected:
  Precheck() : LiveCli(VCSHIFT_E2E_WORLDS "/three-vcenters.json") {}
  std::string Cluster() {
    return Desired("datacenters:\n  - name: DC1\n    vm_folders: [Web]\n    clusters:\n"
                   "      - {name: Cluster1, hosts: [esx-01.sim.local, esx-02.sim.local]}\n");
  }
  // `vcshift plan` with the ESXi password `esxi`.
  CommandResult Plan(const std::string& desired, const std::string& esxi) {
    const std::string password = sim_.vcenter("source").password;
    return RunCommand("VCSHIFT_SOURCE_PASSWORD='" + password + "' VCSHIFT_TARGET_PASSWORD='" + password +
                          "' VCSHIFT_ESXI_PASSWORD='" + esxi + "' " + VCSHIFT_BINARY + " plan -f " + desired,
                      dir_ / "stderr");
  }
};

TEST_F(Precheck, TheTargetIsAskedAndAWrongEsxiPasswordIsRefusedNamingIt) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired = Cluster();
  const CommandResult refused = Plan(desired, "wrong");
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_EQ(refused.err.find(sim_.vcenter("target").url +
                             ": error: host 'esx-01.sim.local' would not be added to the target: QueryConnectionInfo "
                             "on esx-01.sim.local: InvalidLogin"),
            0)
      << refused.err;
  EXPECT_EQ(QueriesOf(sim_.vcenter("source"), dir_), 0) << "the source was asked about its own hosts";

  const CommandResult planned = Plan(desired, kEsxiPassword);
  EXPECT_EQ(planned.exit_code, 0) << planned.out << planned.err;
  EXPECT_EQ(planned.out.find("were not checked"), std::string::npos) << planned.out;
  EXPECT_EQ(QueriesOf(sim_.vcenter("target"), dir_), 4) << "each host, each time";
}

TEST_F(Precheck, AHostAThirdVCenterTookIsRefusedNamingThatVCenter) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const SimulatedVCenter& other = sim_.vcenter("other");
  const CommandResult taken = RunCommand(
      "VCSHIFT_TAKEOVER_PASSWORD='" + other.password + "' VCSHIFT_TAKEOVER_ESXI_PASSWORD='" + kEsxiPassword + "' " +
          VCSHIFT_PYTHON3 + " " + VCSHIFT_SOURCE_DIR + "/tests/e2e/take_over_host.py --url " + other.url +
          " --user " + other.user + " --thumbprint " + other.thumbprint +
          " --cluster Elsewhere/Other --host esx-01.sim.local",
      dir_ / "takeover.err");
  ASSERT_EQ(taken.exit_code, 0) << taken.out << taken.err;

  const CommandResult refused = Plan(Cluster(), kEsxiPassword);
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_EQ(refused.err, sim_.vcenter("target").url +
                             ": error: host 'esx-01.sim.local' is managed by the vCenter at 127.0.0.2, not by the "
                             "source (" + sim_.vcenter("source").url +
                             "); adding it to the target would take it from that vCenter: remove it there first\n");
}

}  // namespace
}  // namespace vcshift::testing
