// The live precheck of the hosts a plan adds to the target (docs/desired-state.md, "Checks
// against the live vCenters"): each one is asked about of the vCenter whose answer means
// something, and every refusal names the vCenter that gave it. The simulator's source
// answers AlreadyConnected when asked about a host it has, as the vSphere API reference
// lists for QueryConnectionInfo.

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

// The demo's world: the target is an empty vCenter.
class EmptyTargetPrecheck : public LiveCli {};

TEST_F(EmptyTargetPrecheck, TheDemoPlansAndSaysTheLoginsWentUnchecked) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired = Desired(
      "datacenters:\n  - name: DC1\n    vm_folders: [Web]\n    clusters:\n"
      "      - {name: Cluster1, ha: inherit, drs: inherit, hosts: [esx-01.sim.local, esx-02.sim.local]}\n"
      "    distributed_switches:\n      - name: DSwitch1\n        inherit: DSwitch1\n        hosts:\n"
      "          - {name: esx-01.sim.local, uplinks: {vmnic0: uplink1, vmnic1: uplink2}}\n"
      "          - {name: esx-02.sim.local, uplinks: {vmnic0: uplink1, vmnic1: uplink2}}\n");
  const CommandResult planned = Vcshift("plan -f " + desired);
  ASSERT_EQ(planned.exit_code, 0) << planned.out << planned.err;
  EXPECT_NE(planned.out.find("Note: the ESXi login and certificate of esx-01.sim.local, esx-02.sim.local were not "
                             "checked before the run: the target (" + sim_.vcenter("target").url +
                             ") has no datacenter to ask from yet"),
            std::string::npos)
      << planned.out;
  EXPECT_EQ(QueriesOf(sim_.vcenter("source"), dir_), 2) << "the source is the only vCenter with a datacenter";
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
