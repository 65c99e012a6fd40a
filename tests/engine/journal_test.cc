#include "engine/journal.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace vcshift {
namespace {

class JournalTest : public ::testing::Test {
 protected:
  std::unique_ptr<Journal> Open() {
    Diagnostics diagnostics;
    auto journal = Journal::Open(path_, diagnostics);
    EXPECT_TRUE(journal) << (diagnostics.empty() ? "" : Format(diagnostics.front()));
    return journal;
  }

  testing::TempDir dir_{"vcshift-journal"};
  std::string path_ = dir_ / "state.db";
};

TEST_F(JournalTest, RecordsRunsAndTransitionsDurably) {
  int64_t run = 0;
  {
    auto journal = Open();
    run = journal->BeginRun("apply", "https://vc2/sdk", "{\"format_version\":1}");
    journal->SetDesired(run, "desired.yaml", "version: 1\n");
    journal->Record(run, {"a", ActionState::Started, "", "", {}});
    journal->Record(run, {"a", ActionState::Succeeded, "", "", {{"cluster", "DC1/Old"}, {"note", "quote \" here"}}});
    journal->Record(run, {"b", ActionState::Started, "", "", {}});
    journal->Record(run, {"b", ActionState::Failed, "", "InvalidState: host is busy", {}});
    journal->EndRun(run, "rolled_back");
  }
  auto journal = Open();  // a new process would see the same
  const auto runs = journal->Runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].id, run);
  EXPECT_EQ(runs[0].kind, "apply");
  EXPECT_EQ(runs[0].target, "https://vc2/sdk");
  EXPECT_EQ(runs[0].outcome, "rolled_back");
  EXPECT_EQ(runs[0].plan_json, "{\"format_version\":1}");
  EXPECT_EQ(runs[0].desired_file, "desired.yaml");
  EXPECT_EQ(runs[0].desired_text, "version: 1\n");
  EXPECT_EQ(runs[0].started_at.size(), 24u);  // 2026-11-25T04:16:17.123Z
  const auto transitions = journal->Transitions(run);
  ASSERT_EQ(transitions.size(), 4u);
  EXPECT_EQ(transitions[1].captured, (std::map<std::string, std::string>{{"cluster", "DC1/Old"}, {"note", "quote \" here"}}));
  EXPECT_EQ(transitions[3].error, "InvalidState: host is busy");
  EXPECT_EQ(journal->LatestStates(run),
            (std::map<std::string, ActionState>{{"a", ActionState::Succeeded}, {"b", ActionState::Failed}}));
  EXPECT_FALSE(journal->Run(run + 1));
}

TEST_F(JournalTest, RecordsFromManyThreadsAtOnceAreAllCommitted) {
  auto journal = Open();
  const int64_t run = journal->BeginRun("apply", "https://vc2/sdk", "{}");
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        journal->Record(run, {"a" + std::to_string(t) + "-" + std::to_string(i), ActionState::Started, "", "", {}});
      }
    });
  }
  for (auto& thread : threads) thread.join();
  journal->Record(run, {{"b1", ActionState::Planned, "", "", {}}, {"b2", ActionState::Planned, "", "", {}}});
  EXPECT_EQ(journal->Transitions(run).size(), 8u * 50u + 2u);
  EXPECT_EQ(Open()->LatestStates(run).size(), 8u * 50u + 2u) << "committed, as another process sees it";
}

TEST_F(JournalTest, UsesWalWithFullSync) {
  Open();
  EXPECT_TRUE(std::filesystem::exists(path_ + "-wal") || std::filesystem::exists(path_));
  std::ifstream header(path_, std::ios::binary);
  char bytes[20] = {};
  header.read(bytes, sizeof bytes);
  EXPECT_EQ(static_cast<int>(bytes[18]), 2) << "file format write version 2 means WAL";
}

TEST_F(JournalTest, LockNamesItsHolderAndForceUnlockClearsIt) {
  auto journal = Open();
  EXPECT_FALSE(journal->Lock("https://vc2/sdk"));
  const auto holder = journal->Lock("https://vc2/sdk");
  ASSERT_TRUE(holder);
  EXPECT_EQ(holder->pid, getpid());
  EXPECT_FALSE(holder->host.empty());
  EXPECT_EQ(holder->since.size(), 24u);
  EXPECT_FALSE(journal->Lock("https://other/sdk")) << "locks are per target";
  journal->Unlock("https://vc2/sdk");
  EXPECT_FALSE(journal->Lock("https://vc2/sdk"));
  EXPECT_TRUE(journal->ForceUnlock("https://vc2/sdk"));
  EXPECT_FALSE(journal->ForceUnlock("https://vc2/sdk"));
}

TEST_F(JournalTest, DamagedFileIsAClearError) {
  std::ofstream(path_) << "this is not a database, it is a shopping list\n";
  Diagnostics diagnostics;
  EXPECT_FALSE(Journal::Open(path_, diagnostics));
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(Format(diagnostics[0]),
            path_ + ": error: the journal is damaged (not an SQLite database); move it aside to start afresh");
}

TEST_F(JournalTest, UnwritablePlaceIsAClearError) {
  Diagnostics diagnostics;
  EXPECT_FALSE(Journal::Open(dir_ / "no-such-dir/state.db", diagnostics));
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_NE(diagnostics[0].message.find("cannot open the journal: unable to open database file"), std::string::npos);
}

TEST_F(JournalTest, AHolderIsGoneOnlyWhenItsProcessOfThisMachineNoLongerRuns) {
  auto journal = Open();
  ASSERT_FALSE(journal->Lock("https://vc2/sdk"));
  LockHolder holder = *journal->Holder("https://vc2/sdk");
  EXPECT_FALSE(holder.Gone()) << "this test's own process";
  holder.pid = 0x3ffffff0;  // above Linux's pid_max: no such process
  EXPECT_TRUE(holder.Gone());
  holder.host = "another-machine";
  EXPECT_FALSE(holder.Gone()) << "a process elsewhere cannot be checked from here";
}

}  // namespace
}  // namespace vcshift
