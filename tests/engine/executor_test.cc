// The executor against a scripted runner: ordering, parallelism, rollback, warnings,
// interruption, and what the journal says afterwards.

#include "engine/executor.h"

#include <signal.h>
#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace vcshift {
namespace {

// Runs nothing: records each call, sleeps a little, fails the actions it is told to.
class ScriptedRunner : public ActionRunner {
 public:
  ActionResult Run(const Action& action) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      started.push_back(action.id);
      max_running = std::max(max_running, ++running_);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::lock_guard<std::mutex> lock(mutex_);
    --running_;
    finished.push_back(action.id);
    if (on_run) on_run(action);
    if (transient[action.id] > 0) {
      --transient[action.id];
      return {ActionResult::Status::Failed, "ConnectionDropped", "connection reset by peer", {}, true};
    }
    if (fail.count(action.id)) return {ActionResult::Status::Failed, "InvalidState", "scripted failure", {}};
    if (action.id == "move") return {ActionResult::Status::Done, "", "", {{"cluster", "DC1/Actual"}}};
    if (action.id.rfind("undo:move", 0) == 0) undo_move_params = action.params;
    return {};
  }

  std::set<std::string> fail;
  std::map<std::string, int> transient;  // transient failures before the action succeeds
  std::function<void(const Action&)> on_run;
  std::vector<std::string> started, finished;
  std::map<std::string, std::string> undo_move_params;
  int max_running = 0;

 private:
  std::mutex mutex_;
  int running_ = 0;
};

Action Step(const std::string& id, std::vector<std::string> inputs, Criticality criticality = Criticality::Critical) {
  Action action;
  action.id = id;
  action.kind = id == "move" ? ActionKind::MoveHost : ActionKind::CreateFolder;
  action.object = id;
  action.inputs = std::move(inputs);
  action.outputs = {id};
  action.criticality = criticality;
  if (id == "move") action.params = {{"cluster", "DC1/New"}};
  return action;
}

size_t Position(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) - ids.begin();
}

class ExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics diagnostics;
    journal_ = Journal::Open(path_, diagnostics);
    ASSERT_TRUE(journal_);
  }
  ExecutionReport Run(std::vector<Action> actions, int parallelism = 10, const std::atomic<bool>* stop = nullptr) {
    plan_ = *OrderActions(std::move(actions)).plan;
    return Execute(plan_, runner_, *journal_, Options(parallelism, stop));
  }
  ExecutorOptions Options(int parallelism = 10, const std::atomic<bool>* stop = nullptr) const {
    ExecutorOptions options;
    options.parallelism = parallelism;
    options.target = "https://vc2/sdk";
    options.stop = stop;
    options.retry = {std::chrono::milliseconds(10), std::chrono::milliseconds(40), std::chrono::milliseconds(300)};
    return options;
  }

  testing::TempDir dir_{"vcshift-exec"};
  std::string path_ = dir_ / "state.db";
  std::unique_ptr<Journal> journal_;
  ScriptedRunner runner_;
  Plan plan_;
};

// Two independent chains: a -> b -> c and x -> y.
std::vector<Action> TwoChains() {
  return {Step("a", {}), Step("b", {"a"}), Step("c", {"b"}), Step("x", {}), Step("y", {"x"})};
}

TEST_F(ExecutorTest, AppliesInDependencyOrderAndInParallel) {
  const ExecutionReport report = Run(TwoChains());
  EXPECT_EQ(report.outcome, RunOutcome::Applied);
  ASSERT_EQ(runner_.finished.size(), 5u);
  EXPECT_LT(Position(runner_.finished, "a"), Position(runner_.started, "b"));
  EXPECT_LT(Position(runner_.finished, "b"), Position(runner_.started, "c"));
  EXPECT_LT(Position(runner_.finished, "x"), Position(runner_.started, "y"));
  EXPECT_EQ(runner_.max_running, 2) << "the two chains ran side by side";
  EXPECT_EQ(journal_->Runs().at(0).outcome, "applied");
  for (const auto& [id, state] : journal_->LatestStates(report.run)) EXPECT_EQ(state, ActionState::Succeeded) << id;
}

TEST_F(ExecutorTest, ParallelismOneIsASequence) {
  Run(TwoChains(), 1);
  EXPECT_EQ(runner_.max_running, 1);
  EXPECT_EQ(runner_.started, (std::vector<std::string>{"a", "b", "c", "x", "y"}));
}

TEST_F(ExecutorTest, SeveralWorkersStartTheLongestChainFirst) {
  std::vector<Action> actions;
  for (const char* id : {"s1", "s2", "s3"}) {
    actions.push_back(Step(id, {}));
    actions.back().expected_seconds = 1;
  }
  actions.push_back(Step("l1", {}));
  actions.push_back(Step("l2", {"l1"}));
  actions[3].expected_seconds = actions[4].expected_seconds = 5;
  Run(actions, 2);
  EXPECT_LT(Position(runner_.started, "l1"), 2u) << "the chain with the most time ahead starts at once";
}

TEST_F(ExecutorTest, CriticalFailureRollsBackWhatSucceededInReverse) {
  runner_.fail = {"c"};
  std::vector<Action> actions = TwoChains();
  actions.push_back(Step("move", {}));
  const ExecutionReport report = Run(actions);
  EXPECT_EQ(report.outcome, RunOutcome::RolledBack);
  EXPECT_EQ(report.failure, "c failed: InvalidState: scripted failure");
  // Undone: everything that succeeded, b before a (reverse of a -> b), never c.
  EXPECT_LT(Position(runner_.started, "undo:b"), Position(runner_.started, "undo:a"));
  EXPECT_EQ(Position(runner_.started, "undo:c"), runner_.started.size());
  EXPECT_LT(Position(runner_.started, "undo:move"), runner_.started.size());
  // The inverse restores what was really there, as learnt while running.
  EXPECT_EQ(runner_.undo_move_params, (std::map<std::string, std::string>{{"cluster", "DC1/Actual"}}));
  const auto states = journal_->LatestStates(report.run);
  EXPECT_EQ(states.at("a"), ActionState::RolledBack);
  EXPECT_EQ(states.at("c"), ActionState::Failed);
  EXPECT_EQ(journal_->Runs().at(0).outcome, "rolled_back");
}

// A failure whose effect is unknown and not retried (a hook that was running as vcshift
// died): its inverse runs in the rollback, in case it happened, and a later rollback
// reads it from the journal as possibly done; the run learns of it once.
TEST_F(ExecutorTest, AnUnknownOutcomeIsUndoneInCaseItHappenedAndNotRetried) {
  int calls = 0;
  runner_.on_run = [&](const Action& action) { calls += action.id == "b"; };
  struct Unknown : ActionRunner {
    ScriptedRunner& inner;
    explicit Unknown(ScriptedRunner& r) : inner(r) {}
    ActionResult Run(const Action& action) override {
      ActionResult result = inner.Run(action);
      if (action.id != "b") return result;
      ActionResult unknown{ActionResult::Status::Failed, "HookInterrupted", "was running", {}, false};
      unknown.outcome_unknown = true;
      return unknown;
    }
  } runner(runner_);
  plan_ = *OrderActions({Step("a", {}), Step("b", {"a"}), Step("c", {"b"})}).plan;
  const ExecutionReport report = Execute(plan_, runner, *journal_, Options());
  EXPECT_EQ(report.outcome, RunOutcome::RolledBack);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(report.failure, "b failed: outcome unknown: HookInterrupted: was running");
  EXPECT_LT(Position(runner_.started, "undo:b"), Position(runner_.started, "undo:a"));
  EXPECT_LT(Position(runner_.started, "undo:a"), runner_.started.size());
}

// Two actions in flight fail: the run's error is the first, the cause; the second is in
// the log and the events, often a consequence of the same trouble.
TEST_F(ExecutorTest, TwoCriticalFailuresInFlightReportTheFirst) {
  runner_.fail = {"a", "x"};
  struct Slow : ActionRunner {
    ScriptedRunner& inner;
    explicit Slow(ScriptedRunner& r) : inner(r) {}
    ActionResult Run(const Action& action) override {
      if (action.id == "a") std::this_thread::sleep_for(std::chrono::milliseconds(150));
      return inner.Run(action);
    }
  } runner(runner_);
  plan_ = *OrderActions({Step("a", {}), Step("x", {})}).plan;
  const ExecutionReport report = Execute(plan_, runner, *journal_, Options());
  EXPECT_EQ(report.outcome, RunOutcome::RolledBack);
  EXPECT_EQ(report.failure, "x failed: InvalidState: scripted failure");
  EXPECT_EQ(journal_->LatestStates(report.run).at("a"), ActionState::Failed);
}

TEST_F(ExecutorTest, NothingNewStartsAfterACriticalFailure) {
  runner_.fail = {"a"};
  const ExecutionReport report = Run(TwoChains(), 1);
  EXPECT_EQ(report.outcome, RunOutcome::RolledBack);
  EXPECT_EQ(runner_.started, (std::vector<std::string>{"a"})) << "nothing succeeded, so nothing to undo";
}

TEST_F(ExecutorTest, CleanupFailureWarnsAndSkipsWhatDependsOnIt) {
  runner_.fail = {"b"};
  const ExecutionReport report =
      Run({Step("a", {}), Step("b", {"a"}, Criticality::Cleanup), Step("c", {"b"}, Criticality::Cleanup), Step("x", {})});
  EXPECT_EQ(report.outcome, RunOutcome::AppliedWithWarnings);
  EXPECT_EQ(report.warnings, (std::vector<std::string>{"b failed: InvalidState: scripted failure",
                                                       "c skipped: it depends on b"}));
  EXPECT_EQ(Position(runner_.started, "c"), runner_.started.size());
  EXPECT_EQ(journal_->LatestStates(report.run).at("c"), ActionState::Skipped);
}

TEST_F(ExecutorTest, FailedRollbackSaysWhatIsLeft) {
  runner_.fail = {"c", "undo:b"};
  const ExecutionReport report = Run(TwoChains(), 1);
  EXPECT_EQ(report.outcome, RunOutcome::RollbackIncomplete);
  EXPECT_EQ(report.failure, "c failed: InvalidState: scripted failure; then undo:b failed: InvalidState: scripted failure");
  EXPECT_EQ(report.left_to_undo, (std::vector<std::string>{"undo:b", "undo:a"}));
  EXPECT_EQ(journal_->Runs().at(0).outcome, "rollback_incomplete");
}

TEST_F(ExecutorTest, StopFinishesWhatRunsAndLeavesTheRunResumable) {
  std::atomic<bool> stop{false};
  runner_.on_run = [&](const Action& action) {
    if (action.id == "a") stop = true;
  };
  const ExecutionReport report = Run(TwoChains(), 1, &stop);
  EXPECT_EQ(report.outcome, RunOutcome::Interrupted);
  EXPECT_EQ(runner_.started, (std::vector<std::string>{"a"}));
  const auto states = journal_->LatestStates(report.run);
  EXPECT_EQ(states.at("a"), ActionState::Succeeded);
  EXPECT_EQ(states.at("b"), ActionState::Planned);
  EXPECT_EQ(journal_->Runs().at(0).outcome, "interrupted");
}

TEST_F(ExecutorTest, TransientFailureIsRetriedAndJournaled) {
  runner_.transient["b"] = 2;
  const ExecutionReport report = Run(TwoChains());
  EXPECT_EQ(report.outcome, RunOutcome::Applied);
  EXPECT_EQ(std::count(runner_.started.begin(), runner_.started.end(), "b"), 3);
  int retrying = 0;
  for (const auto& transition : journal_->Transitions(report.run)) {
    if (transition.action_id != "b" || transition.state != ActionState::Retrying) continue;
    ++retrying;
    EXPECT_EQ(transition.error, "ConnectionDropped: connection reset by peer");
  }
  EXPECT_EQ(retrying, 2);
}

TEST_F(ExecutorTest, TransientFailurePastTheDeadlineRollsBackIncludingTheUncertainAction) {
  runner_.transient["b"] = 1000;
  const ExecutionReport report = Run(TwoChains(), 1);
  EXPECT_EQ(report.outcome, RunOutcome::RolledBack);
  EXPECT_EQ(report.failure, "b failed: outcome unknown: ConnectionDropped: connection reset by peer");
  // b may have happened before the connection dropped: its inverse runs too (and finds
  // nothing to do when it had not).
  EXPECT_LT(Position(runner_.started, "undo:b"), Position(runner_.started, "undo:a"));
  EXPECT_LT(Position(runner_.started, "undo:a"), runner_.started.size());
}

TEST_F(ExecutorTest, StopDuringABackoffLeavesTheActionInFlightAndResumeRunsIt) {
  std::atomic<bool> stop{false};
  runner_.transient["b"] = 1;
  std::thread stopper;
  runner_.on_run = [&](const Action& action) {
    if (action.id != "b") return;
    stopper = std::thread([&] {  // well inside b's 2 s backoff
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      stop = true;
    });
  };
  plan_ = *OrderActions(TwoChains()).plan;
  ExecutorOptions options = Options(1, &stop);
  options.retry.first_delay = std::chrono::seconds(2);
  options.retry.deadline = std::chrono::seconds(10);
  const auto start = std::chrono::steady_clock::now();
  const ExecutionReport interrupted = Execute(plan_, runner_, *journal_, options);
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1)) << "the backoff ended at the stop";
  EXPECT_EQ(interrupted.outcome, RunOutcome::Interrupted);
  EXPECT_EQ(journal_->LatestStates(interrupted.run).at("b"), ActionState::Retrying);

  stop = false;
  runner_.on_run = nullptr;
  runner_.started.clear();
  const ExecutionReport resumed = Resume(plan_, interrupted.run, runner_, *journal_, Options(1));
  EXPECT_EQ(resumed.outcome, RunOutcome::Applied);
  EXPECT_EQ(resumed.run, interrupted.run);
  EXPECT_EQ(runner_.started, (std::vector<std::string>{"b", "c", "x", "y"})) << "a is not run again";
  EXPECT_EQ(journal_->Runs().at(0).outcome, "applied");
}

TEST_F(ExecutorTest, AStopEndingAnActionsCallsLeavesItInFlightNotFailed) {
  std::atomic<bool> stop{false};
  runner_.transient["b"] = 1000;
  runner_.on_run = [&](const Action& action) {
    if (action.id != "b") return;
    // The stop comes while b's call runs, past the retry deadline (300 ms): its call
    // ends with a transient failure, as a call abandoned on a stop does.
    std::this_thread::sleep_for(std::chrono::milliseconds(350));
    stop = true;
  };
  const ExecutionReport report = Run(TwoChains(), 1, &stop);
  EXPECT_EQ(report.outcome, RunOutcome::Interrupted) << report.failure;
  EXPECT_EQ(std::count(runner_.started.begin(), runner_.started.end(), "b"), 1) << "not retried";
  EXPECT_EQ(journal_->LatestStates(report.run).at("b"), ActionState::Started) << "in flight, for resume to settle";
  EXPECT_EQ(journal_->Runs().at(0).outcome, "interrupted");
}

TEST_F(ExecutorTest, AStopDuringTheRollbackEndsItAndSaysWhatIsLeft) {
  std::atomic<bool> stop{false};
  runner_.fail = {"c"};
  runner_.on_run = [&](const Action& action) {
    if (action.id == "undo:b") stop = true;
  };
  const ExecutionReport report = Run(TwoChains(), 1, &stop);
  EXPECT_EQ(report.outcome, RunOutcome::RollbackIncomplete);
  EXPECT_EQ(report.failure,
            "c failed: InvalidState: scripted failure; then stopped on request before the rollback finished");
  EXPECT_EQ(report.left_to_undo, (std::vector<std::string>{"undo:a"}));
  EXPECT_EQ(Position(runner_.started, "undo:a"), runner_.started.size()) << "nothing new starts after the stop";

  // `vcshift rollback` finishes it later.
  stop = false;
  runner_.on_run = nullptr;
  const ExecutionReport finished = Reverse(plan_, report.run, runner_, *journal_, Options(1));
  EXPECT_EQ(finished.outcome, RunOutcome::RolledBack) << finished.failure;
  EXPECT_LT(Position(runner_.started, "undo:a"), runner_.started.size());
}

TEST_F(ExecutorTest, ResumeAfterACrashRunsWhatWasInFlightAgain) {
  plan_ = *OrderActions(TwoChains()).plan;
  const int64_t run = journal_->BeginRun("apply", "https://vc2/sdk", "{}");
  journal_->Record(run, {"a", ActionState::Succeeded, "", "", {}});
  journal_->Record(run, {"x", ActionState::Started, "", "", {}});  // the process died here
  const ExecutionReport report = Resume(plan_, run, runner_, *journal_, Options(1));
  EXPECT_EQ(report.outcome, RunOutcome::Applied);
  EXPECT_EQ(runner_.started, (std::vector<std::string>{"b", "c", "x", "y"}));
}

TEST_F(ExecutorTest, ResumeThatFailsRollsBackWhatSucceededBeforeToo) {
  plan_ = *OrderActions(TwoChains()).plan;
  const int64_t run = journal_->BeginRun("apply", "https://vc2/sdk", "{}");
  journal_->Record(run, {"a", ActionState::Succeeded, "", "", {}});
  runner_.fail = {"b"};
  const ExecutionReport report = Resume(plan_, run, runner_, *journal_, Options(1));
  EXPECT_EQ(report.outcome, RunOutcome::RolledBack);
  EXPECT_LT(Position(runner_.started, "undo:a"), runner_.started.size());
}

TEST_F(ExecutorTest, ReverseUndoesAFinishedRunAsANewRun) {
  std::vector<Action> actions = TwoChains();
  actions.push_back(Step("move", {}));
  const ExecutionReport applied = Run(actions);
  ASSERT_EQ(applied.outcome, RunOutcome::Applied);
  runner_.started.clear();
  const ExecutionReport reversed = Reverse(plan_, applied.run, runner_, *journal_, Options(1));
  EXPECT_EQ(reversed.outcome, RunOutcome::RolledBack);
  EXPECT_NE(reversed.run, applied.run);
  EXPECT_EQ(runner_.started.size(), 6u);
  EXPECT_LT(Position(runner_.started, "undo:c"), Position(runner_.started, "undo:b"));
  EXPECT_EQ(runner_.undo_move_params, (std::map<std::string, std::string>{{"cluster", "DC1/Actual"}}));
  const auto rollback_run = journal_->Run(reversed.run);
  EXPECT_EQ(rollback_run->kind, "rollback");
  EXPECT_EQ(rollback_run->parent, applied.run);
  for (const auto& [id, state] : journal_->LatestStates(applied.run)) EXPECT_EQ(state, ActionState::RolledBack) << id;
}

TEST_F(ExecutorTest, ReverseAgainAfterAFailureDoesWhatIsLeft) {
  const ExecutionReport applied = Run(TwoChains());
  runner_.fail = {"undo:a"};
  const ExecutionReport first = Reverse(plan_, applied.run, runner_, *journal_, Options(1));
  EXPECT_EQ(first.outcome, RunOutcome::RollbackIncomplete);
  EXPECT_EQ(first.left_to_undo, (std::vector<std::string>{"undo:a"}));
  runner_.fail.clear();
  runner_.started.clear();
  const ExecutionReport second = Reverse(plan_, applied.run, runner_, *journal_, Options(1));
  EXPECT_EQ(second.outcome, RunOutcome::RolledBack);
  EXPECT_EQ(runner_.started, (std::vector<std::string>{"undo:a"}));
}

TEST_F(ExecutorTest, ReverseWarnsAboutWhatCannotBeUndone) {
  std::vector<Action> actions = TwoChains();
  actions[2].reversible = false;
  actions[2].object = "DC1/Old";
  const ExecutionReport applied = Run(actions);
  const ExecutionReport reversed = Reverse(plan_, applied.run, runner_, *journal_, Options(1));
  EXPECT_EQ(reversed.outcome, RunOutcome::RolledBack);
  EXPECT_EQ(reversed.warnings, (std::vector<std::string>{"c cannot be undone: DC1/Old stays as the run left it"}));
}

// A journal that cannot be written (issue 21): the run stops, and what it did is undone
// from memory. Before, the failed write's exception ended the process (std::terminate)
// with the vCenters half migrated, and a deleted journal went unnoticed.
class JournalFailureTest : public ExecutorTest {
 protected:
  void TearDown() override {
    if (limited_) setrlimit(RLIMIT_FSIZE, &saved_);
  }
  // From now on this process may not grow any file past the journal's write-ahead log's
  // present end: the kernel refuses the next commit (EFBIG, as a full disk refuses it
  // with ENOSPC; both fail SQLite's write). SIGXFSZ is ignored so that the refusal is an
  // error and not a kill.
  void FillTheDisk() {
    signal(SIGXFSZ, SIG_IGN);
    getrlimit(RLIMIT_FSIZE, &saved_);
    rlimit limit = saved_;
    limit.rlim_cur = std::filesystem::file_size(path_ + "-wal");
    limited_ = setrlimit(RLIMIT_FSIZE, &limit) == 0;
    ASSERT_TRUE(limited_);
  }
  // Runs TwoChains one action at a time, calling `fault` while `b` runs.
  ExecutionReport RunFaulting(const std::function<void()>& fault) {
    runner_.on_run = [&](const Action& action) {
      if (action.id == "b") fault();
    };
    return Run(TwoChains(), 1);
  }

  rlimit saved_{};
  bool limited_ = false;
};

TEST_F(JournalFailureTest, AFullDiskStopsTheRunAndItIsRolledBackFromMemory) {
  const ExecutionReport report = RunFaulting([&] { FillTheDisk(); });
  EXPECT_EQ(report.outcome, RunOutcome::RolledBack) << report.failure;
  EXPECT_EQ(runner_.started, (std::vector<std::string>{"a", "b", "undo:b", "undo:a"}))
      << "b's success could not be journaled: nothing new starts, and a and b are undone";
  EXPECT_EQ(report.failure, "cannot write the journal " + path_ + ": disk I/O error");
  EXPECT_FALSE(report.journal.ok());
  EXPECT_FALSE(report.journal.file_gone);
}

TEST_F(JournalFailureTest, ADeletedJournalIsNoticedAtTheNextCommitAndTheRunRolledBackFromMemory) {
  const ExecutionReport report = RunFaulting([&] { std::filesystem::remove(path_); });
  EXPECT_EQ(report.outcome, RunOutcome::RolledBack) << report.failure;
  EXPECT_EQ(runner_.started, (std::vector<std::string>{"a", "b", "undo:b", "undo:a"}));
  EXPECT_EQ(report.failure, "the journal " + path_ + " was deleted while the run was writing it (No such file or directory)");
  EXPECT_TRUE(report.journal.file_gone);
}

TEST_F(JournalFailureTest, AReplacedJournalIsNoticedAtTheNextCommitAndNothingMoreWrittenThrough) {
  const ExecutionReport report = RunFaulting([&] {
    std::filesystem::copy_file(path_, path_ + ".copy");
    std::filesystem::rename(path_ + ".copy", path_);
  });
  EXPECT_EQ(report.outcome, RunOutcome::RolledBack) << report.failure;
  EXPECT_EQ(runner_.started, (std::vector<std::string>{"a", "b", "undo:b", "undo:a"}));
  EXPECT_EQ(report.failure, "the journal " + path_ + " was replaced by another file while the run was writing it");
  EXPECT_TRUE(report.journal.file_gone);
  EXPECT_EQ(journal_->EndRun(report.run, "applied").error, report.failure) << "the connection writes no more";
}

TEST_F(JournalFailureTest, ARollbackFromMemoryThatFailsSaysExactlyWhatIsLeft) {
  runner_.fail = {"undo:a"};
  const ExecutionReport report = RunFaulting([&] { std::filesystem::remove(path_); });
  EXPECT_EQ(report.outcome, RunOutcome::RollbackIncomplete);
  EXPECT_EQ(report.left_to_undo, (std::vector<std::string>{"undo:a"}));
  EXPECT_NE(report.failure.find("; then undo:a failed: InvalidState: scripted failure"), std::string::npos)
      << report.failure;
}

TEST_F(JournalFailureTest, ATransientFailureIsNotRetriedOnceTheJournalFailed) {
  runner_.transient["b"] = 100;
  const ExecutionReport report = RunFaulting([&] { std::filesystem::remove(path_); });
  EXPECT_EQ(report.outcome, RunOutcome::RolledBack) << report.failure;
  EXPECT_EQ(runner_.started, (std::vector<std::string>{"a", "b", "undo:b", "undo:a"}))
      << "b's outcome is unknown, so its inverse runs in case it happened";
}

TEST_F(ExecutorTest, ReverseFromPlanUndoesEveryStepRecordingNothing) {
  const ExecutionReport applied = Run(TwoChains());
  runner_.started.clear();
  const ExecutionReport reversed =
      ReverseFromPlan(plan_, applied.run, runner_, Options(1), "journal damaged: state.db: malformed");
  EXPECT_EQ(reversed.outcome, RunOutcome::RolledBack);
  EXPECT_EQ(reversed.failure, "journal damaged: state.db: malformed");
  EXPECT_EQ(runner_.started.size(), 5u);
  EXPECT_LT(Position(runner_.started, "undo:c"), Position(runner_.started, "undo:b"));
  EXPECT_EQ(journal_->Runs().size(), 1u) << "nothing recorded";
}

}  // namespace
}  // namespace vcshift
