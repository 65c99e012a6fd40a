// `vcshift apply` given bad input (issue 7, "Bad input"): a saved plan whose desired state
// changed since, or that comes from another desired state, a damaged plan file, a damaged
// journal, a target locked by another run. Each is one clear error, exit 1, and neither
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
  // The first run holds the target's lock while its CreateDatacenter hangs for 8 s.
  const CommandResult hang = RunCommand("curl -sf -X POST -d '{\"method\":\"CreateDatacenter\",\"kind\":\"hang\",\"seconds\":8}' " +
                                        sim_.vcenter("target").control + "/faults");
  ASSERT_EQ(hang.exit_code, 0);
  const std::string password = sim_.vcenter("source").password;
  RunCommand("(VCSHIFT_SOURCE_PASSWORD='" + password + "' VCSHIFT_TARGET_PASSWORD='" + password + "' " +
             VCSHIFT_BINARY + " apply -f " + TargetOnly("first.yaml", "DC7") + " --auto-approve" + State() +
             " > " + (dir_ / "first.out") + " 2>&1; touch " + (dir_ / "first.done") + ") > /dev/null 2>&1 &");
  std::this_thread::sleep_for(std::chrono::seconds(3));  // it plans, locks, and reaches the hang
  ExpectRefusedUntouched("apply -f " + TargetOnly() + " --auto-approve", "is locked by another vcshift run");
  for (int i = 0; i < 300 && !std::filesystem::exists(dir_ / "first.done"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace
}  // namespace vcshift::testing
