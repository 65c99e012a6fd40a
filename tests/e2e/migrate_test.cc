// The migration itself, on the simulated world whose hosts use standard switches: the
// cluster moves to the target with its hosts and VMs, planning again changes nothing, and
// a rollback brings the source back as it was.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "engine/plan_file.h"
#include "tests/e2e/live_cli.h"

namespace vcshift::testing {
namespace {

class Migrate : public LiveCli {
 protected:
  Migrate() : LiveCli("standard") {}
  std::string State() const { return " --state-dir " + (dir_ / "state"); }
  std::string Cluster() {
    return Desired("datacenters:\n  - name: DC1\n    vm_folders: [Web]\n    clusters:\n"
                   "      - {name: Cluster1, ha: inherit, drs: inherit, hosts: [esx-01.sim.local, esx-02.sim.local]}\n");
  }
  // A fault rule for one simulated vCenter (docs/testing.md, fault injection).
  void Inject(const std::string& vcenter, const std::string& rule) {
    const CommandResult posted =
        RunCommand("curl -sf -X POST -d '" + rule + "' " + sim_.vcenter(vcenter).control + "/faults", dir_ / "curl");
    ASSERT_EQ(posted.exit_code, 0) << posted.out << posted.err;
  }
  std::string Inventory(const std::string& name) { return Vcshift("inventory " + Address(name) + " --format json").out; }
};

TEST_F(Migrate, TheClusterMovesWithItsVmsAndRollsBackToTheStart) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired = Cluster();
  const std::string source_before = Inventory("source");
  const std::string target_before = Inventory("target");

  const CommandResult applied = Vcshift("apply -f " + desired + " --auto-approve" + State());
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_NE(applied.out.find("] done       add_host:target:esx-02.sim.local ("), std::string::npos) << applied.out;
  EXPECT_EQ(Vcshift("plan -f " + desired).out, "No changes.\n");
  const CommandResult moved = Vcshift("inventory " + Address("target"));
  EXPECT_NE(moved.out.find("    host esx-01.sim.local (connected, ESXi 7.0.3, 2 pNICs)\n"), std::string::npos)
      << moved.out;
  // vCenter registers an added host's VMs in "Discovered virtual machine" (no vm_placement here).
  EXPECT_NE(moved.out.find("      vm Discovered virtual machine/vm-4 (poweredOn"), std::string::npos)
      << "VMs come with their host\n" << moved.out;

  const CommandResult rolled = Vcshift("rollback --auto-approve" + State());
  ASSERT_EQ(rolled.exit_code, 0) << rolled.out << rolled.err;
  // Each VM back in its folder, groups and rules, and no "Discovered virtual machine"
  // folder left behind.
  EXPECT_EQ(Inventory("source"), source_before) << "the source is as it was";
  EXPECT_EQ(Inventory("target"), target_before) << "nothing the run made is left on the target";
}

TEST_F(Migrate, AFailedAddRollsBackAndExitsThree) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired = Cluster();
  const std::string source_before = Inventory("source");
  const std::string target_before = Inventory("target");
  Inject("target", R"({"method":"AddHost_Task","object":"esx-02.sim.local","kind":"task_error","fault":"HostConnectFault"})");
  const CommandResult failed = Vcshift("apply -f " + desired + " --auto-approve" + State());
  EXPECT_EQ(failed.exit_code, 3) << failed.out << failed.err;
  EXPECT_NE(failed.out.find("failed     add_host:target:esx-02.sim.local"), std::string::npos) << failed.out;
  EXPECT_NE(failed.out.find("Rolled back: everything this run changed is undone"), std::string::npos) << failed.out;
  EXPECT_EQ(Inventory("source"), source_before);
  EXPECT_EQ(Inventory("target"), target_before);
}

TEST_F(Migrate, AWrongEsxiPasswordIsRefusedBeforeAnythingIsTouched) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  // A target with a datacenter is asked about the hosts it would add (an empty one cannot
  // be: EmptyTargetPrecheck.*).
  const std::string datacenter = Desired("datacenters:\n  - name: DC1\n    vm_folders: [Web]\n", false, "dc.yaml");
  ASSERT_EQ(Vcshift("apply -f " + datacenter + " --auto-approve" + State()).exit_code, 0);
  const std::string desired = Cluster();
  const std::string source_before = Inventory("source");
  const std::string target_before = Inventory("target");
  const CommandResult refused = RunCommand("VCSHIFT_SOURCE_PASSWORD='" + sim_.vcenter("source").password +
                                               "' VCSHIFT_TARGET_PASSWORD='" + sim_.vcenter("target").password +
                                               "' VCSHIFT_ESXI_PASSWORD=wrong " + VCSHIFT_BINARY + " apply -f " +
                                               desired + " --auto-approve" + State(),
                                           dir_ / "stderr");
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_NE(refused.err.find(sim_.vcenter("target").url +
                             ": error: host 'esx-01.sim.local' would not be added to the target: "),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("InvalidLogin"), std::string::npos) << refused.err;
  EXPECT_EQ(Inventory("source"), source_before) << "nothing was touched";
  EXPECT_EQ(Inventory("target"), target_before) << "nothing was touched";
}

TEST_F(Migrate, ARollbackThatCannotFinishSaysWhatIsLeftAndRunsAgain) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired = Cluster();
  // The target refuses esx-02, and the source refuses to take it back, once.
  Inject("target", R"({"method":"AddHost_Task","object":"esx-02.sim.local","kind":"task_error","fault":"HostConnectFault"})");
  Inject("source", R"({"method":"AddHost_Task","object":"esx-02.sim.local","kind":"task_error","fault":"HostConnectFault"})");
  const CommandResult failed = Vcshift("apply -f " + desired + " --auto-approve" + State());
  EXPECT_EQ(failed.exit_code, 4) << failed.out << failed.err;
  EXPECT_NE(failed.out.find("Rollback incomplete. Still to undo:\n"), std::string::npos) << failed.out;
  EXPECT_NE(failed.out.find("Fix the cause above, then run: vcshift rollback 1"), std::string::npos) << failed.out;
  const CommandResult finished = Vcshift("rollback --auto-approve" + State());
  EXPECT_EQ(finished.exit_code, 0) << finished.out << finished.err;
  EXPECT_NE(Vcshift("plan -f " + desired).out.find("Plan: 3 to create, 0 to change, 2 to move"), std::string::npos)
      << "every host is back on the source";
}

TEST_F(Migrate, TheLogFileHoldsEveryActionAndNoPassword) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired = Cluster();
  const CommandResult planned = Vcshift("plan -f " + desired + " --format json");
  ASSERT_EQ(planned.exit_code, 0) << planned.err;
  Diagnostics diagnostics;
  const auto plan = ReadPlanJson(planned.out, "the plan", diagnostics);
  ASSERT_TRUE(plan.has_value()) << planned.out;
  ASSERT_FALSE(plan->actions.empty());

  const CommandResult applied = Vcshift("apply -f " + desired + " --auto-approve" + State());
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  std::ifstream file(dir_ / "state/vcshift.log");
  ASSERT_TRUE(file.good()) << "no log file in the state directory";
  std::stringstream text;
  text << file.rdbuf();
  const std::string log = text.str();
  for (const auto& action : plan->actions) {
    EXPECT_NE(log.find(" start      " + action.id + "\n"), std::string::npos) << action.id << " has no start line";
    EXPECT_NE(log.find(" done       " + action.id + " ("), std::string::npos) << action.id << " has no end line";
  }
  EXPECT_NE(log.find(" AddHost_Task esx-01.sim.local: ok ("), std::string::npos) << "the provider's calls are logged";
  EXPECT_NE(log.find("Apply run 1: applied"), std::string::npos) << log;
  EXPECT_EQ(log.find(sim_.vcenter("source").password), std::string::npos) << "the vCenter password is in the log";
  EXPECT_EQ(log.find(sim_.vcenter("target").password), std::string::npos) << "the vCenter password is in the log";
  EXPECT_EQ(log.find(kEsxiPassword), std::string::npos) << "the ESXi password is in the log";
}

// A standalone host (tests/e2e/worlds/standalone-host.json: at the root of the source's
// DC1, with a VM in folder Apps) moves to the target's host folder Edge with
// AddStandaloneHost_Task, and a rollback puts it back where it was: both vCenters as the
// referee saw them before.
class StandaloneHost : public LiveCli {
 protected:
  StandaloneHost() : LiveCli(VCSHIFT_E2E_WORLDS "/standalone-host.json") {}
};

TEST_F(StandaloneHost, MovesIntoItsFolderAndRollsBackToTheStart) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired = Desired("datacenters:\n  - name: DC1\n    host_folders: [Edge]\n    vm_folders: [Apps]\n"
                                      "    standalone_hosts:\n      - {name: esx-02.example.com, folder: Edge}\n"
                                      "    vm_placement:\n      - {folder: Apps, vms: [edge-01]}\n");
  const std::string state = " --state-dir " + (dir_ / "state");
  const std::string source_before = Snapshot("source");
  const std::string target_before = Snapshot("target");

  const CommandResult applied = Vcshift("apply -f " + desired + " --auto-approve" + state);
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_NE(applied.out.find("] done       add_host:target:esx-02.example.com ("), std::string::npos) << applied.out;
  const CommandResult again = Vcshift("plan -f " + desired + " --detailed-exitcode");
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(again.out, "No changes.\n");
  const CommandResult moved = Vcshift("inventory " + Address("target") + " --format json");
  EXPECT_NE(moved.out.find(R"("cluster":"","folder":"Edge","name":"esx-02.example.com")"), std::string::npos)
      << moved.out;
  EXPECT_NE(moved.out.find(R"("folder":"Apps","name":"edge-01")"), std::string::npos) << "vm_placement" << moved.out;

  const CommandResult rolled = Vcshift("rollback --auto-approve" + state);
  ASSERT_EQ(rolled.exit_code, 0) << rolled.out << rolled.err;
  EXPECT_EQ(Snapshot("source"), source_before) << "the source is as it was";
  EXPECT_EQ(Snapshot("target"), target_before) << "nothing the run made is left on the target";
}

}  // namespace
}  // namespace vcshift::testing
