// A run ends in bounded time whatever the vCenter does (issue 21): SIGTERM, as a CI
// runner or a supervisor sends it, stops `vcshift apply` within seconds even while a call
// hangs or a rollback retries, and leaves a run that `resume` or `rollback` finishes; a
// session vCenter keeps refusing right after a successful login is said so and not
// retried for minutes.

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include <gtest/gtest.h>

#include "tests/e2e/live_cli.h"

namespace vcshift::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::string Read(const std::string& file) {
  std::ifstream in(file);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class Stop : public LiveCli {
 protected:
  std::string State() const { return " --state-dir " + (dir_ / "state"); }
  // A datacenter with a host folder and a VM folder, on the target only.
  std::string TargetOnly() {
    return Desired("datacenters:\n  - name: DC9\n    host_folders: [Prod]\n    vm_folders: [Web]\n");
  }
  void Inject(const std::string& rule) {
    const CommandResult posted =
        RunCommand("curl -sf -X POST -d '" + rule + "' " + sim_.vcenter("target").control + "/faults", dir_ / "curl");
    ASSERT_EQ(posted.exit_code, 0) << posted.out << posted.err;
  }
  void Clear() { RunCommand("curl -sf -X DELETE " + sim_.vcenter("target").control + "/faults", dir_ / "curl"); }

  // `vcshift apply` started in the background; its process id once it runs.
  pid_t StartApply(const std::string& desired) {
    const std::string password = sim_.vcenter("source").password;
    RunCommand("(VCSHIFT_SOURCE_PASSWORD='" + password + "' VCSHIFT_TARGET_PASSWORD='" + password + "' " +
               VCSHIFT_BINARY + " apply -f " + desired + " --auto-approve" + State() + " > " + (dir_ / "apply.out") +
               " 2>&1 & echo $! > " + (dir_ / "apply.pid") + "; wait $!; echo $? > " + (dir_ / "apply.rc.tmp") +
               "; mv " + (dir_ / "apply.rc.tmp") + " " + (dir_ / "apply.rc") + ") > /dev/null 2>&1 &");
    for (int i = 0; i < 100 && Read(dir_ / "apply.pid").empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return static_cast<pid_t>(std::atol(Read(dir_ / "apply.pid").c_str()));
  }
  // Waits until the apply's output has `line`, for at most `patience`.
  bool AwaitOutput(const std::string& line, std::chrono::seconds patience) {
    for (const auto until = Clock::now() + patience; Clock::now() < until;) {
      if (Read(dir_ / "apply.out").find(line) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  // SIGTERM to the apply, and how it ended: its exit code (nothing when it had not ended
  // 20 s later: then it is killed), the seconds it took, its output.
  struct Ending {
    std::optional<int> exit_code;
    double seconds = 0;
    std::string out;
  };
  Ending Terminate(pid_t pid) {
    const auto signalled = Clock::now();
    kill(pid, SIGTERM);
    Ending ending;
    ending.exit_code = AwaitExit(pid, std::chrono::seconds(20));
    ending.seconds = std::chrono::duration<double>(Clock::now() - signalled).count();
    ending.out = Read(dir_ / "apply.out");
    return ending;
  }
  // The apply's exit code once it has ended, waiting at most `patience`; killed (and
  // nothing) when it has not ended by then.
  std::optional<int> AwaitExit(pid_t pid, std::chrono::seconds patience) {
    for (const auto until = Clock::now() + patience; Clock::now() < until;) {
      if (std::filesystem::exists(dir_ / "apply.rc")) return std::atoi(Read(dir_ / "apply.rc").c_str());
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(pid, SIGKILL);
    for (int i = 0; i < 100 && !std::filesystem::exists(dir_ / "apply.rc"); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return std::nullopt;
  }
};

TEST_F(Stop, SigtermWhileACallHangsEndsTheRunWithinSecondsAndResumeFinishesIt) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired = TargetOnly();
  // The datacenter's creation is held for a minute, then dropped unexecuted.
  Inject(R"({"method":"CreateDatacenter","kind":"hang","seconds":60,"then":"drop"})");
  const pid_t pid = StartApply(desired);
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(AwaitOutput("start      create_datacenter:target:DC9", std::chrono::seconds(60))) << Read(dir_ / "apply.out");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the call is on the wire
  const Ending ending = Terminate(pid);
  ASSERT_TRUE(ending.exit_code.has_value()) << "still running 20 s after SIGTERM:\n" << ending.out;
  EXPECT_LT(ending.seconds, 5) << ending.out;
  EXPECT_EQ(*ending.exit_code, 6) << ending.out;
  EXPECT_NE(ending.out.find("Stopped. Continue with: vcshift resume 1"), std::string::npos) << ending.out;

  const CommandResult resumed = Vcshift("resume" + State());
  EXPECT_EQ(resumed.exit_code, 0) << resumed.out << resumed.err;
  EXPECT_EQ(Vcshift("plan -f " + desired).out, "No changes.\n");
}

TEST_F(Stop, SigtermWhileTheRollbackRetriesEndsItWithinSecondsAndSaysWhatIsLeft) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired = TargetOnly();
  // The datacenter is made, its folders refused: the rollback destroys the datacenter,
  // whose Destroy_Task loses its connection every time, so the rollback retries for
  // minutes. (The lock's folder in the root folder is made as usual.)
  for (const char* parent : {"vm", "host"}) {
    Inject(std::string(R"({"method":"CreateFolder","object":")") + parent +
           R"(","kind":"soap_fault","fault":"SystemError","count":-1})");
  }
  Inject(R"({"method":"Destroy_Task","kind":"drop","count":-1})");
  const pid_t pid = StartApply(desired);
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(AwaitOutput("retrying   undo:create_datacenter:target:DC9", std::chrono::seconds(60)))
      << Read(dir_ / "apply.out");
  const Ending ending = Terminate(pid);
  const std::string& out = ending.out;
  ASSERT_TRUE(ending.exit_code.has_value()) << "still running 20 s after SIGTERM:\n" << out;
  EXPECT_LT(ending.seconds, 5) << out;
  EXPECT_EQ(*ending.exit_code, 4) << out;
  EXPECT_NE(out.find("then stopped on request before the rollback finished"), std::string::npos) << out;
  EXPECT_NE(out.find("Still to undo:\n  undo:create_datacenter:target:DC9\n"), std::string::npos) << out;
  EXPECT_NE(out.find("then run: vcshift rollback 1"), std::string::npos) << out;

  Clear();
  const CommandResult finished = Vcshift("rollback --auto-approve" + State());
  EXPECT_EQ(finished.exit_code, 0) << finished.out << finished.err;
  EXPECT_NE(Vcshift("plan -f " + desired).out.find("Plan: 3 to create"), std::string::npos) << "nothing is left";
}

TEST_F(Stop, ASessionRefusedRightAfterLoginIsSaidSoAndNotRetriedForMinutes) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired = TargetOnly();
  Inject(R"({"method":"CreateDatacenter","kind":"soap_fault","fault":"NotAuthenticated","count":-1})");
  const auto start = Clock::now();
  const CommandResult failed = Vcshift("apply -f " + desired + " --auto-approve" + State());
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(30)) << failed.out;
  EXPECT_EQ(failed.exit_code, 3) << failed.out << failed.err;
  EXPECT_NE(failed.out.find("the session was refused right after a successful login (NotAuthenticated persisted"),
            std::string::npos)
      << failed.out;
  EXPECT_EQ(failed.out.find("logging in again failed"), std::string::npos) << "the login worked: " << failed.out;
  EXPECT_EQ(failed.out.find("retrying "), std::string::npos) << "not retried: " << failed.out;
}

}  // namespace
}  // namespace vcshift::testing
