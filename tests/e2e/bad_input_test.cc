// `vcshift apply` given bad input (issue 7, "Bad input"): a saved plan whose desired state
// changed since, or that comes from another desired state, a damaged plan file, a damaged
// journal, a target locked by another run (of this state directory, or of another one:
// the lock in the target vCenter itself). Each is one clear error, exit 1, and neither
// vCenter is touched (the simulator's snapshots before and after are equal).

#include <chrono>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "tests/e2e/live_cli.h"

namespace vcshift::testing {
namespace {

class BadInput : public LiveCli {
 protected:
  std::string State() const { return " --state-dir " + (dir_ / "state"); }
  std::string TargetOnly(const std::string& name = "desired.yaml", const std::string& dc = "DC9") {
    return Desired("datacenters:\n  - name: " + dc + "\n    vm_folders: [Web]\n", false, name);
  }
  // Runs `arguments` and expects exit 1, `message` on standard error, and both vCenters
  // as they were.
  void ExpectRefusedUntouched(const std::string& arguments, const std::string& message) {
    const std::string source = Snapshot("source"), target = Snapshot("target");
    const CommandResult run = Vcshift(arguments + State());
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    EXPECT_NE(run.err.find(message), std::string::npos) << run.err;
    EXPECT_EQ(run.err.find("terminate called"), std::string::npos) << run.err;
    EXPECT_EQ(Snapshot("source"), source);
    EXPECT_EQ(Snapshot("target"), target);
  }
  // Starts `vcshift apply -f DESIRED` in the background with the state directory
  // DIR/STATE, the target's CreateDatacenter hanging `seconds`, and waits until it holds
  // the locks and hangs. Its pid goes to DIR/NAME.pid, its output to DIR/NAME.out, and
  // DIR/NAME.done appears when it ends.
  void StartHangingApply(const std::string& desired, const std::string& state, int seconds, const std::string& name) {
    const CommandResult hang = RunCommand("curl -sf -X POST -d '{\"method\":\"CreateDatacenter\",\"kind\":\"hang\","
                                          "\"seconds\":" + std::to_string(seconds) + "}' " +
                                          sim_.vcenter("target").control + "/faults");
    ASSERT_EQ(hang.exit_code, 0);
    const std::string password = sim_.vcenter("source").password;
    const std::string out = dir_ / (name + ".out"), done = dir_ / (name + ".done"), pid = dir_ / (name + ".pid");
    RunCommand("(VCSHIFT_SOURCE_PASSWORD='" + password + "' VCSHIFT_TARGET_PASSWORD='" + password + "' " +
               VCSHIFT_BINARY + " apply -f " + desired + " --auto-approve --state-dir " + (dir_ / state) + " > " + out +
               " 2>&1 & echo $! > " + pid + "; wait; touch " + done + ") > /dev/null 2>&1 &");
    std::this_thread::sleep_for(std::chrono::seconds(3));  // it plans, locks, and reaches the hang
  }
  void WaitFor(const std::string& name) {
    for (int i = 0; i < 300 && !std::filesystem::exists(dir_ / (name + ".done")); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  std::string Read(const std::string& name) {
    std::ifstream in(dir_ / name);
    std::string text(std::istreambuf_iterator<char>(in), {});
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
  }
};

TEST_F(BadInput, ASavedPlanWhoseDesiredStateChangedSinceIsRefused) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired = TargetOnly();
  ASSERT_EQ(Vcshift("plan -f " + desired + " -o " + (dir_ / "run.plan")).exit_code, 0);
  TargetOnly("desired.yaml", "DC8");  // the same file, edited after planning
  ExpectRefusedUntouched("apply " + (dir_ / "run.plan") + " --auto-approve",
                         (dir_ / "run.plan") + ": error: " + (dir_ / "desired.yaml") + " changed since the plan was made");
}

TEST_F(BadInput, ASavedPlanOfAnotherDesiredStateIsRefused) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  ASSERT_EQ(Vcshift("plan -f " + TargetOnly("a.yaml", "DC-A") + " -o " + (dir_ / "a.plan")).exit_code, 0);
  const std::string b = TargetOnly("b.yaml", "DC-B");
  const CommandResult both = Vcshift("apply -f " + b + " " + (dir_ / "a.plan") + " --auto-approve" + State());
  EXPECT_NE(both.exit_code, 0) << both.out;
  // The plan names a.yaml: replaced by b's text, it no longer matches what was planned.
  std::filesystem::copy_file(b, dir_ / "a.yaml", std::filesystem::copy_options::overwrite_existing);
  ExpectRefusedUntouched("apply " + (dir_ / "a.plan") + " --auto-approve", "changed since the plan was made");
}

TEST_F(BadInput, ADamagedPlanFileIsRefused) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  ASSERT_EQ(Vcshift("plan -f " + TargetOnly() + " -o " + (dir_ / "run.plan")).exit_code, 0);
  std::ifstream in(dir_ / "run.plan");
  const std::string text(std::istreambuf_iterator<char>(in), {});
  std::ofstream(dir_ / "run.plan") << text.substr(0, text.size() / 2);
  ExpectRefusedUntouched("apply " + (dir_ / "run.plan") + " --auto-approve", "run.plan");
}

TEST_F(BadInput, ADamagedJournalIsRefused) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  std::filesystem::create_directories(dir_ / "state");
  std::ofstream(dir_ / "state/state.db") << std::string(4096, 'x');
  ExpectRefusedUntouched("apply -f " + TargetOnly() + " --auto-approve", "state.db");
}

TEST_F(BadInput, ATargetLockedByAnotherRunIsRefused) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  StartHangingApply(TargetOnly("first.yaml", "DC7"), "state", 8, "first");
  ExpectRefusedUntouched("apply -f " + TargetOnly() + " --auto-approve", "is locked by another vcshift run");
  WaitFor("first");
}

TEST_F(BadInput, ATargetLockedFromAnotherStateDirectoryIsRefused) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  StartHangingApply(TargetOnly("first.yaml", "DC7"), "other", 8, "first");
  ExpectRefusedUntouched("apply -f " + TargetOnly() + " --auto-approve",
                         "is locked by another vcshift run, in the vCenter itself");
  const CommandResult refused = Vcshift("apply -f " + TargetOnly() + " --auto-approve" + State());
  EXPECT_NE(refused.err.find("run 1, pid " + Read("first.pid")), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("vcshift force-unlock -f " + (dir_ / "desired.yaml")), std::string::npos) << refused.err;
  WaitFor("first");
  EXPECT_NE(Read("first.out").find("Apply complete"), std::string::npos) << Read("first.out");
  // Released at the end: the second state directory's run now goes through.
  const CommandResult second = Vcshift("apply -f " + TargetOnly() + " --auto-approve" + State());
  EXPECT_EQ(second.exit_code, 0) << second.out << second.err;
}

TEST_F(BadInput, ForceUnlockWithTheDesiredStateClearsTheLockInTheVCenter) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  StartHangingApply(TargetOnly("first.yaml", "DC7"), "other", 8, "first");
  const CommandResult unlock = Vcshift("force-unlock -f " + TargetOnly() + State());
  EXPECT_EQ(unlock.exit_code, 0) << unlock.out << unlock.err;
  EXPECT_NE(unlock.out.find("Released the lock in the vCenter " + sim_.vcenter("target").url + " held by run 1, pid " +
                            Read("first.pid")),
            std::string::npos)
      << unlock.out;
  EXPECT_NE(unlock.err.find("warning: if that run is still going"), std::string::npos) << unlock.err;
  EXPECT_EQ(Vcshift("force-unlock -f " + TargetOnly() + State()).out,
            "No lock on " + sim_.vcenter("target").url + ".\nNo lock in the vCenter " + sim_.vcenter("target").url +
                ".\n");
  WaitFor("first");
}

TEST_F(BadInput, TheLockOfAKilledRunOnThisMachineIsTakenOver) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  StartHangingApply(TargetOnly("first.yaml", "DC7"), "other", 8, "first");
  RunCommand("kill -9 " + Read("first.pid"));
  WaitFor("first");
  const CommandResult second = Vcshift("apply -f " + TargetOnly() + " --auto-approve" + State());
  EXPECT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_NE(second.err.find("taking over the lock in " + sim_.vcenter("target").url + " left by pid " +
                            Read("first.pid")),
            std::string::npos)
      << second.err;
}

}  // namespace
}  // namespace vcshift::testing
