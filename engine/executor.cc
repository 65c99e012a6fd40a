#include "engine/executor.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <queue>
#include <set>
#include <thread>

#include "engine/render_json.h"

namespace vcshift {
namespace {

using Clock = std::chrono::steady_clock;
using Captured = std::map<std::string, std::map<std::string, std::string>>;

constexpr const char* kUndoPrefix = "undo:";
// Journaled before the error of an action that gave up on a transient failure.
constexpr const char* kOutcomeUnknown = "outcome unknown: ";

// What one pass over a graph (the plan, or its rollback) came to.
struct PassResult {
  std::vector<std::string> succeeded;  // ids, in completion order
  std::vector<std::string> uncertain;  // gave up on a transient failure: may have happened
  Captured captured;
  std::string critical_failure;  // "" when none
  std::vector<std::string> warnings;
  JournalWrite journal;  // the first journal write that failed
  bool interrupted = false;
};

// Keeps the first journal write that failed.
void Note(JournalWrite& first, const JournalWrite& written) {
  if (first.ok() && !written.ok()) first = written;
}

std::string ErrorText(const ActionResult& outcome) {
  return (outcome.fault.empty() ? "" : outcome.fault + ": ") + outcome.message;
}

// How much expected time each action has ahead of it: its own expected duration plus the
// longest chain of its successors'. A plan lists its actions in topological order, so one
// pass from the end suffices (as in Progress).
std::vector<double> TimeAhead(const Plan& plan, const std::vector<std::vector<size_t>>& successors) {
  std::vector<double> ahead(plan.actions.size(), 0);
  for (size_t i = plan.actions.size(); i-- > 0;) {
    double longest = 0;
    for (const size_t next : successors[i]) longest = std::max(longest, ahead[next]);
    ahead[i] = plan.actions[i].expected_seconds + longest;
  }
  return ahead;
}

// Runs one graph: a small scheduler in the manner of ninja's. With one worker it takes the
// ready actions in the plan's order (the order the plan shows); with several, the ready
// action with the most expected time ahead of it first (critical path first: a chain that
// everything waits for, such as the target's switch before every host's add, is not left
// behind the many short ones), ties in the plan's order. Actions in `done` count as
// already succeeded. A null `journal` records nothing (a rollback rebuilt from a plan).
class Pass {
 public:
  Pass(const Plan& plan, ActionRunner& runner, Journal* journal, int64_t run, const ExecutorOptions& options,
       bool rollback, const std::set<std::string>& done = {})
      : plan_(plan), runner_(runner), journal_(journal), run_(run), options_(options), rollback_(rollback),
        waiting_on_(plan.actions.size()), successors_(plan.actions.size()), ready_(First{this}) {
    for (const auto& [before, after] : plan.edges) {
      ++waiting_on_[after];
      successors_[before].push_back(after);
    }
    if (options.parallelism > 1) ahead_ = TimeAhead(plan, successors_);
    std::vector<bool> finished(plan.actions.size());
    for (size_t i = 0; i < plan.actions.size(); ++i) {
      if (!done.count(plan.actions[i].id)) continue;
      finished[i] = true;
      for (const size_t next : successors_[i]) --waiting_on_[next];
    }
    for (size_t i = 0; i < plan.actions.size(); ++i) {
      if (waiting_on_[i] == 0 && !finished[i]) ready_.push(i);
    }
  }

  PassResult Run() {
    const int workers = std::max(1, std::min<int>(options_.parallelism, static_cast<int>(plan_.actions.size())));
    std::vector<std::thread> threads;
    for (int i = 0; i < workers; ++i) threads.emplace_back([this] { Work(); });
    for (auto& thread : threads) thread.join();
    return std::move(result_);
  }

 private:
  bool StopRequested() const { return options_.stop && options_.stop->load(); }
  // A forward pass stops when the journal fails (what it does next could be neither
  // resumed nor rolled back from the journal); a rollback goes on unrecorded, since
  // stopping it would leave the vCenters half migrated.
  bool Halted() const { return StopRequested() || (!rollback_ && !result_.journal.ok()); }
  bool Stopping() const { return !result_.critical_failure.empty() || Halted(); }

  JournalWrite Write(const Transition& transition) {
    return journal_ ? journal_->Record(run_, transition) : JournalWrite{};
  }
  // With mutex_ held: whether `written` was committed; the first failure is kept.
  bool Committed(const JournalWrite& written) {
    Note(result_.journal, written);
    return written.ok();
  }

  void Work() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      changed_.wait(lock, [this] { return (!ready_.empty() && !Stopping()) || running_ == 0; });
      if (ready_.empty() || Stopping()) {
        if (running_ == 0) {
          result_.interrupted = result_.interrupted || (StopRequested() && !ready_.empty());
          changed_.notify_all();
          return;
        }
        continue;
      }
      const size_t index = ready_.top();
      ready_.pop();
      ++running_;
      const Action& action = plan_.actions[index];
      // The journal is written outside the lock: it commits what other workers record
      // meanwhile in the same transaction.
      lock.unlock();
      const JournalWrite announced = Write({action.id, ActionState::Started, "", "", {}});  // before the call
      lock.lock();
      if (!Committed(announced) && !rollback_) {
        // Not announced, so not made: the journal could not tell resume or rollback of it.
        --running_;
        changed_.notify_all();
        continue;
      }
      Emit({ExecutorEvent::Kind::Started, &action, rollback_, 0, ""});
      const auto start = Clock::now();
      const std::optional<ActionResult> outcome = RunWithRetries(action, lock);
      const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      if (outcome) {
        lock.unlock();
        const JournalWrite reported = Write(Outcome(action, *outcome));  // after the result
        lock.lock();
        Committed(reported);
        Finish(index, *outcome, seconds);  // kept in memory whatever the journal: its inverse
      } else {
        // Stopped during a backoff or its retries: in flight, for resume to settle or a
        // rollback to undo in case it happened.
        result_.interrupted = true;
        result_.uncertain.push_back(action.id);
      }
      --running_;
      changed_.notify_all();
    }
  }

  ActionResult Call(const Action& action) {
    try {
      return runner_.Run(action);
    } catch (const std::exception& e) {
      return {ActionResult::Status::Failed, "InternalError", e.what(), {}, false};
    }
  }

  // Runs `action` with `lock` released, retrying a transient failure after a backoff
  // until the policy's deadline or until the run stops. Nothing when a stop request or a
  // failed journal came during a backoff, or ended the action's calls (a transient
  // failure once halted): the action stays in flight for resume or rollback to settle.
  std::optional<ActionResult> RunWithRetries(const Action& action, std::unique_lock<std::mutex>& lock) {
    const auto deadline = Clock::now() + options_.retry.deadline;
    auto delay = options_.retry.first_delay;
    for (;;) {
      lock.unlock();
      ActionResult outcome = Call(action);
      lock.lock();
      const bool failed_transiently = outcome.status == ActionResult::Status::Failed && outcome.transient;
      if (failed_transiently && Halted()) return std::nullopt;
      const bool retry = failed_transiently && Clock::now() + delay <= deadline && result_.critical_failure.empty();
      if (!retry) return outcome;
      if (!Committed(Write({action.id, ActionState::Retrying, "", ErrorText(outcome), {}})) && Halted()) {
        return std::nullopt;
      }
      Emit({ExecutorEvent::Kind::Retrying, &action, rollback_, 0, ErrorText(outcome)});
      if (!Backoff(delay, lock)) return std::nullopt;
      delay = std::min(delay * 2, options_.retry.max_delay);
    }
  }

  // Waits `delay`; false when the run was asked to stop or its journal failed meanwhile.
  // The stop flag is set from a signal handler that cannot notify, so it is polled.
  bool Backoff(std::chrono::milliseconds delay, std::unique_lock<std::mutex>& lock) {
    const auto until = Clock::now() + delay;
    while (Clock::now() < until) {
      if (Halted()) return false;
      changed_.wait_for(lock, std::min<Clock::duration>(std::chrono::milliseconds(100), until - Clock::now()));
    }
    return !Halted();
  }

  static std::string FailureText(const ActionResult& outcome) {
    return (outcome.transient || outcome.outcome_unknown ? kOutcomeUnknown : "") + ErrorText(outcome);
  }

  // The transition that records how an action ended.
  static Transition Outcome(const Action& action, const ActionResult& outcome) {
    if (outcome.status != ActionResult::Status::Failed) {
      return {action.id, ActionState::Succeeded, "", "", outcome.captured};
    }
    return {action.id, ActionState::Failed, "", FailureText(outcome), {}};
  }

  // After the outcome is journaled.
  void Finish(size_t index, const ActionResult& outcome, double seconds) {
    const Action& action = plan_.actions[index];
    if (outcome.status != ActionResult::Status::Failed) {
      result_.succeeded.push_back(action.id);
      result_.captured[action.id] = outcome.captured;
      Emit({outcome.status == ActionResult::Status::AlreadyDone ? ExecutorEvent::Kind::AlreadyDone
                                                                : ExecutorEvent::Kind::Succeeded,
            &action, rollback_, seconds, ""});
      for (const size_t next : successors_[index]) {
        if (--waiting_on_[next] == 0) ready_.push(next);
      }
      return;
    }
    const std::string error = FailureText(outcome);
    Emit({ExecutorEvent::Kind::Failed, &action, rollback_, seconds, error});
    if (outcome.transient || outcome.outcome_unknown) result_.uncertain.push_back(action.id);
    if (action.criticality == Criticality::Critical) {
      // The first is the cause; others in flight then are often its consequence, and each
      // has its own failed event already.
      if (result_.critical_failure.empty()) result_.critical_failure = action.id + " failed: " + error;
      return;
    }
    result_.warnings.push_back(action.id + " failed: " + error);
    Skip(index);
  }

  // What depends on a failed finishing or cleanup action cannot run; the rest goes on.
  void Skip(size_t failed) {
    std::vector<size_t> stack = successors_[failed];
    std::set<size_t> seen;
    while (!stack.empty()) {
      const size_t next = stack.back();
      stack.pop_back();
      if (!seen.insert(next).second) continue;
      const Action& action = plan_.actions[next];
      Committed(Write({action.id, ActionState::Skipped, "", "depends on " + plan_.actions[failed].id, {}}));
      Emit({ExecutorEvent::Kind::Skipped, &action, rollback_, 0, ""});
      result_.warnings.push_back(action.id + " skipped: it depends on " + plan_.actions[failed].id);
      stack.insert(stack.end(), successors_[next].begin(), successors_[next].end());
    }
  }

  void Emit(const ExecutorEvent& event) {
    if (options_.on_event) options_.on_event(event);
  }

  const Plan& plan_;
  ActionRunner& runner_;
  Journal* const journal_;
  const int64_t run_;
  const ExecutorOptions& options_;
  const bool rollback_;
  std::vector<size_t> waiting_on_;
  std::vector<std::vector<size_t>> successors_;
  // Whether ready action `b` goes before `a` (the queue's top is its greatest element).
  struct First {
    const Pass* pass;
    bool operator()(size_t a, size_t b) const {
      const auto& ahead = pass->ahead_;
      if (!ahead.empty() && ahead[a] != ahead[b]) return ahead[a] < ahead[b];
      return a > b;
    }
  };
  std::vector<double> ahead_;  // TimeAhead, with several workers
  std::priority_queue<size_t, std::vector<size_t>, First> ready_;
  int running_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
  PassResult result_;
};

// The rollback of the actions in `to_undo`, with what they learnt while running folded
// into their prior values, so their inverses restore what was really there.
Plan Undoable(const Plan& plan, const std::set<std::string>& to_undo, const Captured& captured) {
  Plan copy = plan;
  for (auto& action : copy.actions) {
    const auto it = captured.find(action.id);
    if (it != captured.end()) {
      for (const auto& [key, value] : it->second) action.prior[key] = value;
    }
  }
  return RollbackPlan(copy, to_undo);
}

// Runs `rollback`, journaled in `run` (null `journal`: unrecorded); each undone action
// is also recorded as rolled back in `undone_in`. A stop request ends it early like a
// failure: what is left is listed, for `vcshift rollback` to finish (a supervisor's
// SIGKILL would leave the same journal, but no list). A failing journal does not stop
// it: the report says what the journal lacks.
RunOutcome RunRollback(const Plan& rollback, ActionRunner& runner, Journal* journal, int64_t run, int64_t undone_in,
                       const ExecutorOptions& options, ExecutionReport& report) {
  const PassResult undone = Pass(rollback, runner, journal, run, options, true).Run();
  Note(report.journal, undone.journal);
  std::vector<Transition> rolled_back;
  for (const auto& id : undone.succeeded) {
    rolled_back.push_back({id.substr(std::string(kUndoPrefix).size()), ActionState::RolledBack, "", "", {}});
  }
  if (journal && !rolled_back.empty()) Note(report.journal, journal->Record(undone_in, rolled_back));
  if (undone.critical_failure.empty() && !undone.interrupted) return RunOutcome::RolledBack;
  const std::string why = undone.critical_failure.empty() ? "stopped on request before the rollback finished"
                                                          : undone.critical_failure;
  report.failure += (report.failure.empty() ? "" : "; then ") + why;
  const std::set<std::string> done(undone.succeeded.begin(), undone.succeeded.end());
  for (const auto& action : rollback.actions) {
    if (!done.count(action.id)) report.left_to_undo.push_back(action.id);
  }
  return RunOutcome::RollbackIncomplete;
}

// Runs what is left of `plan` in `run`, given what already succeeded there.
ExecutionReport Continue(const Plan& plan, int64_t run, const std::set<std::string>& done, Captured captured,
                         ActionRunner& runner, Journal& journal, const ExecutorOptions& options) {
  ExecutionReport report;
  report.run = run;
  const PassResult forward = Pass(plan, runner, &journal, run, options, false, done).Run();
  report.warnings = forward.warnings;
  report.journal = forward.journal;
  if (forward.critical_failure.empty() && forward.journal.ok()) {
    report.outcome = forward.interrupted ? RunOutcome::Interrupted
                     : report.warnings.empty() ? RunOutcome::Applied
                                               : RunOutcome::AppliedWithWarnings;
    Note(report.journal, journal.EndRun(run, RunOutcomeName(report.outcome)));
    return report;
  }
  // The rollback works from memory: what this pass did is known here even where the
  // journal could not record it.
  report.failure = forward.journal.ok() ? forward.critical_failure
                   : forward.critical_failure.empty()
                       ? forward.journal.error
                       : forward.journal.error + "; and " + forward.critical_failure;
  std::set<std::string> to_undo = done;
  to_undo.insert(forward.succeeded.begin(), forward.succeeded.end());
  to_undo.insert(forward.uncertain.begin(), forward.uncertain.end());
  captured.insert(forward.captured.begin(), forward.captured.end());
  const Plan rollback = Undoable(plan, to_undo, captured);
  report.outcome = RunRollback(rollback, runner, &journal, run, run, options, report);
  Note(report.journal, journal.EndRun(run, RunOutcomeName(report.outcome)));
  return report;
}

// What the journal says of a run's actions: which succeeded (and what they captured),
// and which were in flight or gave up on a transient failure, so may have happened.
struct Recorded {
  std::set<std::string> succeeded;
  std::set<std::string> uncertain;
  Captured captured;
};

// Every action of a plan as planned, in one transaction.
JournalWrite RecordPlanned(Journal& journal, int64_t run, const Plan& plan) {
  std::vector<Transition> planned;
  planned.reserve(plan.actions.size());
  for (const auto& action : plan.actions) planned.push_back({action.id, ActionState::Planned, "", "", {}});
  return journal.Record(run, planned);
}

// The actions of `to_undo` that have no inverse, as warnings.
void WarnIrreversible(const Plan& plan, const std::set<std::string>& to_undo, ExecutionReport& report) {
  for (const auto& action : plan.actions) {
    if (to_undo.count(action.id) && !action.reversible) {
      report.warnings.push_back(action.id + " cannot be undone: " + action.object + " stays as the run left it");
    }
  }
}

Recorded ReadRecorded(Journal& journal, int64_t run) {
  Recorded recorded;
  std::map<std::string, Transition> latest;
  for (auto& transition : journal.Transitions(run)) {
    if (transition.state == ActionState::Succeeded) recorded.captured[transition.action_id] = transition.captured;
    latest[transition.action_id] = std::move(transition);
  }
  for (const auto& [id, transition] : latest) {
    if (transition.state == ActionState::Succeeded) recorded.succeeded.insert(id);
    const bool in_flight = transition.state == ActionState::Started || transition.state == ActionState::Retrying;
    const bool unknown = transition.state == ActionState::Failed && transition.error.rfind(kOutcomeUnknown, 0) == 0;
    if (in_flight || unknown) recorded.uncertain.insert(id);
  }
  return recorded;
}

}  // namespace

const char* RunOutcomeName(RunOutcome outcome) {
  switch (outcome) {
    case RunOutcome::Applied: return "applied";
    case RunOutcome::AppliedWithWarnings: return "applied_with_warnings";
    case RunOutcome::RolledBack: return "rolled_back";
    case RunOutcome::RollbackIncomplete: return "rollback_incomplete";
    case RunOutcome::Interrupted: return "interrupted";
  }
  return "interrupted";
}

ExecutionReport Execute(const Plan& plan, ActionRunner& runner, Journal& journal, const ExecutorOptions& options) {
  const int64_t run = journal.BeginRun("apply", options.target, RenderJson(plan));
  journal.SetDesired(run, options.desired_file, options.desired_text);
  const JournalWrite planned = RecordPlanned(journal, run, plan);
  if (options.on_run) options.on_run(run, plan);
  if (!planned.ok()) {
    // Before any change: nothing to stop or undo.
    ExecutionReport report;
    report.run = run;
    report.outcome = RunOutcome::RolledBack;
    report.failure = planned.error;
    report.journal = planned;
    return report;
  }
  return Continue(plan, run, {}, {}, runner, journal, options);
}

ExecutionReport Resume(const Plan& plan, int64_t run, ActionRunner& runner, Journal& journal,
                       const ExecutorOptions& options) {
  Recorded recorded = ReadRecorded(journal, run);
  journal.ReopenRun(run);
  if (options.on_run) options.on_run(run, plan);
  return Continue(plan, run, recorded.succeeded, std::move(recorded.captured), runner, journal, options);
}

ExecutionReport Reverse(const Plan& plan, int64_t run, ActionRunner& runner, Journal& journal,
                        const ExecutorOptions& options) {
  const Recorded recorded = ReadRecorded(journal, run);
  std::set<std::string> to_undo = recorded.succeeded;
  to_undo.insert(recorded.uncertain.begin(), recorded.uncertain.end());
  const Plan rollback = Undoable(plan, to_undo, recorded.captured);
  ExecutionReport report;
  report.run = journal.BeginRun("rollback", options.target, RenderJson(rollback), run);
  journal.SetDesired(report.run, options.desired_file, options.desired_text);
  Note(report.journal, RecordPlanned(journal, report.run, rollback));
  if (options.on_run) options.on_run(report.run, rollback);
  WarnIrreversible(plan, to_undo, report);
  report.outcome = RunRollback(rollback, runner, &journal, report.run, run, options, report);
  Note(report.journal, journal.EndRun(report.run, RunOutcomeName(report.outcome)));
  return report;
}

ExecutionReport ReverseFromPlan(const Plan& plan, int64_t run, ActionRunner& runner, const ExecutorOptions& options,
                                const std::string& why) {
  std::set<std::string> to_undo;
  for (const auto& action : plan.actions) to_undo.insert(action.id);
  ExecutionReport report;
  report.run = run;
  report.failure = why;
  WarnIrreversible(plan, to_undo, report);
  const Plan rollback = Undoable(plan, to_undo, {});
  if (options.on_run) options.on_run(run, rollback);
  report.outcome = RunRollback(rollback, runner, nullptr, 0, 0, options, report);
  return report;
}

}  // namespace vcshift
