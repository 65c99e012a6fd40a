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
  bool interrupted = false;
};

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
// already succeeded.
class Pass {
 public:
  Pass(const Plan& plan, ActionRunner& runner, Journal& journal, int64_t run, const ExecutorOptions& options,
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
  bool Stopping() const { return !result_.critical_failure.empty() || StopRequested(); }

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
      journal_.Record(run_, {action.id, ActionState::Started, "", "", {}});  // before the call
      lock.lock();
      Emit({ExecutorEvent::Kind::Started, &action, rollback_, 0, ""});
      const auto start = Clock::now();
      const std::optional<ActionResult> outcome = RunWithRetries(action, lock);
      const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      if (outcome) {
        lock.unlock();
        journal_.Record(run_, Outcome(action, *outcome));  // after the result
        lock.lock();
        Finish(index, *outcome, seconds);
      } else {
        result_.interrupted = true;  // stopped during a backoff: in flight, for resume to settle
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
  // until the policy's deadline or until the run stops. Nothing when a stop request
  // came during a backoff, or ended the action's calls (a transient failure once a stop
  // is requested): the action stays in flight for resume or rollback to settle.
  std::optional<ActionResult> RunWithRetries(const Action& action, std::unique_lock<std::mutex>& lock) {
    const auto deadline = Clock::now() + options_.retry.deadline;
    auto delay = options_.retry.first_delay;
    for (;;) {
      lock.unlock();
      ActionResult outcome = Call(action);
      lock.lock();
      const bool failed_transiently = outcome.status == ActionResult::Status::Failed && outcome.transient;
      if (failed_transiently && StopRequested()) return std::nullopt;
      const bool retry = outcome.status == ActionResult::Status::Failed && outcome.transient &&
                         Clock::now() + delay <= deadline && result_.critical_failure.empty();
      if (!retry) return outcome;
      journal_.Record(run_, {action.id, ActionState::Retrying, "", ErrorText(outcome), {}});
      Emit({ExecutorEvent::Kind::Retrying, &action, rollback_, 0, ErrorText(outcome)});
      if (!Backoff(delay, lock)) return std::nullopt;
      delay = std::min(delay * 2, options_.retry.max_delay);
    }
  }

  // Waits `delay`; false when the run was asked to stop meanwhile. The stop flag is set
  // from a signal handler that cannot notify, so it is polled.
  bool Backoff(std::chrono::milliseconds delay, std::unique_lock<std::mutex>& lock) {
    const auto until = Clock::now() + delay;
    while (Clock::now() < until) {
      if (StopRequested()) return false;
      changed_.wait_for(lock, std::min<Clock::duration>(std::chrono::milliseconds(100), until - Clock::now()));
    }
    return !StopRequested();
  }

  static std::string FailureText(const ActionResult& outcome) {
    return (outcome.transient ? kOutcomeUnknown : "") + ErrorText(outcome);
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
    if (outcome.transient) result_.uncertain.push_back(action.id);
    if (action.criticality == Criticality::Critical) {
      result_.critical_failure = action.id + " failed: " + error;
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
      journal_.Record(run_, {action.id, ActionState::Skipped, "", "depends on " + plan_.actions[failed].id, {}});
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
  Journal& journal_;
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

// Runs `rollback`, journaled in `run`; each undone action is also recorded as rolled
// back in `undone_in`. A stop request ends it early like a failure: what is left is
// listed, for `vcshift rollback` to finish (a supervisor's SIGKILL would leave the same
// journal, but no list).
RunOutcome RunRollback(const Plan& rollback, ActionRunner& runner, Journal& journal, int64_t run, int64_t undone_in,
                       const ExecutorOptions& options, ExecutionReport& report) {
  const PassResult undone = Pass(rollback, runner, journal, run, options, true).Run();
  for (const auto& id : undone.succeeded) {
    journal.Record(undone_in, {id.substr(std::string(kUndoPrefix).size()), ActionState::RolledBack, "", "", {}});
  }
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
  const PassResult forward = Pass(plan, runner, journal, run, options, false, done).Run();
  report.warnings = forward.warnings;
  if (forward.critical_failure.empty()) {
    report.outcome = forward.interrupted ? RunOutcome::Interrupted
                     : report.warnings.empty() ? RunOutcome::Applied
                                               : RunOutcome::AppliedWithWarnings;
    journal.EndRun(run, RunOutcomeName(report.outcome));
    return report;
  }
  report.failure = forward.critical_failure;
  std::set<std::string> to_undo = done;
  to_undo.insert(forward.succeeded.begin(), forward.succeeded.end());
  to_undo.insert(forward.uncertain.begin(), forward.uncertain.end());
  captured.insert(forward.captured.begin(), forward.captured.end());
  const Plan rollback = Undoable(plan, to_undo, captured);
  report.outcome = RunRollback(rollback, runner, journal, run, run, options, report);
  journal.EndRun(run, RunOutcomeName(report.outcome));
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
void RecordPlanned(Journal& journal, int64_t run, const Plan& plan) {
  std::vector<Transition> planned;
  planned.reserve(plan.actions.size());
  for (const auto& action : plan.actions) planned.push_back({action.id, ActionState::Planned, "", "", {}});
  journal.Record(run, planned);
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
  RecordPlanned(journal, run, plan);
  return Continue(plan, run, {}, {}, runner, journal, options);
}

ExecutionReport Resume(const Plan& plan, int64_t run, ActionRunner& runner, Journal& journal,
                       const ExecutorOptions& options) {
  Recorded recorded = ReadRecorded(journal, run);
  journal.ReopenRun(run);
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
  RecordPlanned(journal, report.run, rollback);
  for (const auto& action : plan.actions) {
    if (to_undo.count(action.id) && !action.reversible) {
      report.warnings.push_back(action.id + " cannot be undone: " + action.object + " stays as the run left it");
    }
  }
  report.outcome = RunRollback(rollback, runner, journal, report.run, run, options, report);
  journal.EndRun(report.run, RunOutcomeName(report.outcome));
  return report;
}

}  // namespace vcshift
