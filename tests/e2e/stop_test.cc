// A run ends in bounded time whatever the vCenter does (issue 21): SIGTERM, as a CI
// runner or a supervisor sends it, stops `vcshift apply` within seconds even while a call
// hangs or a rollback retries, and leaves a run that `resume` or `rollback` finishes; a
// session vCenter keeps refusing right after a successful login is said so and not
// retried for minutes. A journal that fails under the run (deleted, replaced) stops it,
// and it is rolled back from memory; `rollback` on a damaged journal says so and rebuilds
// the rollback from the run's plan instead of aborting.

#include <signal.h>
#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/e2e/live_cli.h"
#include "tests/support/damage_sqlite.h"

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
  std::string JournalFile() const { return (std::filesystem::path(dir_ / "state") / "state.db").string(); }
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

// Applies TargetOnly with the datacenter's creation held 3 s, does `to_the_journal` (given
// the apply's process id) once it has started, and returns the apply's exit code and output.
class JournalFault : public Stop {
 protected:
  std::pair<std::optional<int>, std::string> ApplyWhileTheJournal(const std::function<void(pid_t)>& to_the_journal) {
    desired_ = TargetOnly();
    Inject(R"({"method":"CreateDatacenter","kind":"hang","seconds":3})");
    const pid_t pid = StartApply(desired_);
    EXPECT_GT(pid, 0);
    EXPECT_TRUE(AwaitOutput("start      create_datacenter", std::chrono::seconds(60))) << Read(dir_ / "apply.out");
    to_the_journal(pid);
    const std::optional<int> code = AwaitExit(pid, std::chrono::seconds(60));
    return {code, Read(dir_ / "apply.out")};
  }
  bool NothingLeft() { return Vcshift("plan -f " + desired_).out.find("Plan: 3 to create") != std::string::npos; }

  std::string desired_;
};

TEST_F(JournalFault, AJournalDeletedMidRunStopsItAndItIsRolledBackFromMemory) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const auto [code, out] = ApplyWhileTheJournal([&](pid_t) { std::filesystem::remove(JournalFile()); });
  ASSERT_TRUE(code.has_value()) << out;
  EXPECT_EQ(*code, 3) << out;
  EXPECT_NE(out.find("Error: the journal " + JournalFile() + " was deleted while the run was writing it"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("Rolled back: everything this run changed is undone, from memory (run 1).\n"
                     "The journal no longer holds run 1: vcshift can neither resume nor roll it back.\n"),
            std::string::npos)
      << out;
  EXPECT_TRUE(NothingLeft());
}

TEST_F(JournalFault, AJournalReplacedMidRunStopsItAndItIsRolledBackFromMemory) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const auto [code, out] = ApplyWhileTheJournal([&](pid_t) {
    std::filesystem::copy_file(JournalFile(), JournalFile() + ".backup");
    std::filesystem::rename(JournalFile() + ".backup", JournalFile());
  });
  ASSERT_TRUE(code.has_value()) << out;
  EXPECT_EQ(*code, 3) << out;
  EXPECT_NE(out.find("Error: the journal " + JournalFile() + " was replaced by another file while the run was writing it"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("Rolled back: everything this run changed is undone, from memory (run 1)."), std::string::npos)
      << out;
  EXPECT_TRUE(NothingLeft());
}

TEST_F(JournalFault, AJournalThatCannotGrowStopsTheRunAndItIsRolledBackFromMemory) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  // From the datacenter's start the apply may grow no file past the journal's write-ahead
  // log's present end: the kernel refuses its next commit (EFBIG under a file-size
  // limit, as a full disk refuses it with ENOSPC; SQLite's write fails either way).
  const auto [code, out] = ApplyWhileTheJournal([&](pid_t pid) {
    rlimit limit{};
    ASSERT_EQ(prlimit(pid, RLIMIT_FSIZE, nullptr, &limit), 0);
    limit.rlim_cur = std::filesystem::file_size(JournalFile() + "-wal");
    ASSERT_EQ(prlimit(pid, RLIMIT_FSIZE, &limit, nullptr), 0);
  });
  ASSERT_TRUE(code.has_value()) << out;
  EXPECT_EQ(*code, 3) << out;
  EXPECT_NE(out.find("Error: cannot write the journal " + JournalFile() + ": disk I/O error"), std::string::npos)
      << out;
  EXPECT_NE(out.find("Rolled back: everything this run changed is undone, from memory (run 1).\n"
                     "The journal could not record all of this"),
            std::string::npos)
      << out;
  EXPECT_TRUE(NothingLeft());
  const CommandResult again = Vcshift("rollback --auto-approve" + State());
  EXPECT_EQ(again.exit_code, 0) << "what the journal has is undone already: " << again.out << again.err;
}

// Applies TargetOnly, damages the root pages of `tables` in the journal, then rolls back.
class DamagedJournal : public JournalFault {
 protected:
  CommandResult RollbackAfterDamaging(const std::vector<std::string>& tables) {
    desired_ = TargetOnly();
    const CommandResult applied = Vcshift("apply -f " + desired_ + " --auto-approve" + State());
    EXPECT_EQ(applied.exit_code, 0) << applied.out << applied.err;
    EXPECT_FALSE(std::filesystem::exists(JournalFile() + "-wal")) << "all in the file: checkpointed at the end";
    for (const auto& table : tables) DamageRootPage(JournalFile(), table);
    return Vcshift("rollback --auto-approve" + State());
  }
};

TEST_F(DamagedJournal, RollbackSaysSoAndRebuildsTheRollbackFromThePlan) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const CommandResult rolled = RollbackAfterDamaging({"transitions"});
  EXPECT_EQ(rolled.exit_code, 3) << rolled.out << rolled.err;
  EXPECT_NE(rolled.err.find("vcshift: error: journal damaged: " + JournalFile() + ": database disk image is malformed"),
            std::string::npos)
      << rolled.err;
  EXPECT_NE(rolled.out.find("Rolling back run 1 ("), std::string::npos) << rolled.out;
  EXPECT_NE(rolled.out.find("Rolled back (run 1)."), std::string::npos) << rolled.out;
  EXPECT_TRUE(NothingLeft());
}

TEST_F(DamagedJournal, RollbackWhenTheRunsAreDamagedTooSaysNothingWasUndone) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const CommandResult rolled = RollbackAfterDamaging({"transitions", "runs"});
  EXPECT_EQ(rolled.exit_code, 1) << rolled.out << rolled.err;
  EXPECT_NE(rolled.err.find("vcshift: error: the runs cannot be read either (" + JournalFile() + ": "),
            std::string::npos)
      << rolled.err;
  EXPECT_NE(rolled.err.find("nothing was undone"), std::string::npos) << rolled.err;
}

}  // namespace
}  // namespace vcshift::testing
