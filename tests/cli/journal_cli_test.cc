// `vcshift runs`, `show` and `force-unlock` on a journal written through the engine.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engine/journal.h"
#include "tests/support/command.h"
#include "tests/support/damage_sqlite.h"
#include "tests/support/temp_dir.h"

namespace vcshift::testing {
namespace {

constexpr const char* kTarget = "https://127.0.0.1:8990/sdk";

class JournalCli : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics diagnostics;
    journal_ = Journal::Open(dir_ / "state.db", diagnostics);
    ASSERT_TRUE(journal_);
  }
  CommandResult Vcshift(const std::string& arguments) {
    return RunCommand(std::string(VCSHIFT_BINARY) + " " + arguments + " --state-dir " + dir_.path().string(),
                      dir_ / "stderr");
  }
  // An applied run of two actions, the first of which captured a prior value.
  int64_t AppliedRun() {
    const int64_t run = journal_->BeginRun("apply", kTarget, "{}");
    journal_->Record(run, {"move:esx-01", ActionState::Started, "2026-11-25T10:00:00Z", "", {}});
    journal_->Record(run, {"move:esx-01", ActionState::Succeeded, "2026-11-25T10:00:03Z", "",
                           {{"cluster", "DC1/Old"}}});
    journal_->Record(run, {"cleanup:DC1/Old", ActionState::Failed, "2026-11-25T10:00:04Z",
                           "ResourceInUse: the cluster has hosts", {}});
    journal_->EndRun(run, "applied_with_warnings");
    return run;
  }

  TempDir dir_{"vcshift-journal-cli"};
  std::unique_ptr<Journal> journal_;
};

TEST_F(JournalCli, RunsListsEveryRunWithItsOutcome) {
  const int64_t applied = AppliedRun();
  journal_->EndRun(journal_->BeginRun("rollback", kTarget, "{}", applied), "rolled_back");
  const CommandResult result = Vcshift("runs");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.substr(0, result.out.find('\n')), "RUN  KIND      STARTED                   OUTCOME                 TARGET");
  EXPECT_NE(result.out.find("1    apply     "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("applied_with_warnings   https://127.0.0.1:8990/sdk\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("rolled_back             https://127.0.0.1:8990/sdk (undoes run 1)\n"), std::string::npos)
      << result.out;
  const CommandResult json = Vcshift("runs --format json");
  EXPECT_NE(json.out.find(R"("id":2,"kind":"rollback")"), std::string::npos) << json.out;
  EXPECT_NE(json.out.find(R"("outcome":"rolled_back","undoes":1})"), std::string::npos) << json.out;
}

TEST_F(JournalCli, ShowPrintsEveryTransitionWithErrorsAndCapturedValues) {
  const int64_t run = AppliedRun();
  const CommandResult result = Vcshift("show " + std::to_string(run));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Run 1: apply on https://127.0.0.1:8990/sdk\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("2026-11-25T10:00:03Z  succeeded   move:esx-01 [cluster=DC1/Old]\n"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("2026-11-25T10:00:04Z  failed      cleanup:DC1/Old: ResourceInUse: the cluster has hosts\n"),
            std::string::npos)
      << result.out;
  const CommandResult json = Vcshift("show 1 --format json");
  EXPECT_NE(json.out.find(R"({"action":"move:esx-01","state":"succeeded","at":"2026-11-25T10:00:03Z","error":"",)"
                          R"("captured":{"cluster":"DC1/Old"}})"),
            std::string::npos)
      << json.out;
}

TEST_F(JournalCli, ShowOfAnUnknownRunIsAnError) {
  AppliedRun();
  const CommandResult result = Vcshift("show 7");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("error: no run 7 (vcshift runs lists them)"), std::string::npos) << result.err;
}

TEST_F(JournalCli, RollbackWithNothingToUndoSaysSoInASentence) {
  const int64_t run = journal_->BeginRun("apply", kTarget, "{}");
  journal_->Record(run, {"move:esx-01", ActionState::Failed, "2026-11-25T10:00:03Z", "InvalidState: busy", {}});
  journal_->EndRun(run, "rolled_back");
  const CommandResult result = Vcshift("rollback");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("error: no run is an apply with something to undo (vcshift runs lists the runs)\n"),
            std::string::npos)
      << result.err;
  const CommandResult named = Vcshift("rollback 1");
  EXPECT_NE(named.err.find("error: run 1 is not an apply with something to undo"), std::string::npos) << named.err;
}

// A journal damaged where `show` reads: the error names the file, as `rollback`'s does.
TEST_F(JournalCli, ADamagedJournalsReadErrorNamesTheFile) {
  AppliedRun();
  journal_.reset();
  DamageRootPage(dir_ / "state.db", "transitions");
  const CommandResult result = Vcshift("show 1");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("vcshift: error: the journal " + (dir_ / "state.db") + ": database disk image is malformed"),
            std::string::npos)
      << result.err;
}

TEST_F(JournalCli, NoJournalIsAnErrorThatSaysSo) {
  const CommandResult result =
      RunCommand(std::string(VCSHIFT_BINARY) + " runs --state-dir " + (dir_ / "nowhere"), dir_ / "stderr");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("no journal here"), std::string::npos) << result.err;
}

TEST_F(JournalCli, FilesAnOlderVcshiftLeftReadableAreMadePrivate) {
  namespace fs = std::filesystem;
  for (const std::string name : {"vcshift.log", "vcshift.1.log", "notes.txt"}) std::ofstream(dir_ / name) << "x\n";
  for (const std::string name : {"state.db", "vcshift.log", "vcshift.1.log", "notes.txt"}) {
    fs::permissions(dir_ / name, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                     fs::perms::others_read);
  }
  EXPECT_EQ(Vcshift("runs").exit_code, 0);
  for (const std::string name : {"state.db", "vcshift.log", "vcshift.1.log"}) {
    EXPECT_EQ(fs::status(dir_ / name).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write)
        << name;
  }
  EXPECT_NE(fs::status(dir_ / "notes.txt").permissions() & fs::perms::others_read, fs::perms::none)
      << "not vcshift's: left alone";
}

TEST_F(JournalCli, ForceUnlockReleasesAStaleLockAndNamesItsHolder) {
  ASSERT_FALSE(journal_->Lock(kTarget));
  const CommandResult result = Vcshift(std::string("force-unlock --target ") + kTarget);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.rfind(std::string("Released the lock on ") + kTarget + " held by pid " +
                                 std::to_string(getpid()) + " on ",
                             0),
            0u)
      << result.out;
  EXPECT_FALSE(journal_->Holder(kTarget));
  EXPECT_EQ(Vcshift(std::string("force-unlock --target ") + kTarget).out, std::string("No lock on ") + kTarget + ".\n");
}

}  // namespace
}  // namespace vcshift::testing
