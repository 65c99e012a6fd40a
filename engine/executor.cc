#include "engine/executor.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <queue>
#include <set>
#include <thread>

#include "engine/render_json.h"

namespace vcshift {
namespace {

// What one pass over a graph (the plan, or its rollback) came to.
struct PassResult {
  std::vector<std::string> succeeded;  // ids, in completion order
  std::map<std::string, std::map<std::string, std::string>> captured;
  std::string critical_failure;  // "" when none
  std::vector<std::string> warnings;
  bool interrupted = false;
};

// Runs one graph: a small scheduler in the manner of ninja's, with worker threads taking
// the lowest-numbered ready action.
class Pass {
 public:
  Pass(const Plan& plan, ActionRunner& runner, Journal& journal, int64_t run, const ExecutorOptions& options,
       bool rollback)
      : plan_(plan), runner_(runner), journal_(journal), run_(run), options_(options), rollback_(rollback),
        waiting_on_(plan.actions.size()), successors_(plan.actions.size()) {
    for (const auto& [before, after] : plan.edges) {
      ++waiting_on_[after];
      successors_[before].push_back(after);
    }
    for (size_t i = 0; i < plan.actions.size(); ++i) {
      if (waiting_on_[i] == 0) ready_.push(i);
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
  bool Stopping() const {
    return !result_.critical_failure.empty() || (options_.stop && options_.stop->load());
  }

  void Work() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      changed_.wait(lock, [this] { return (!ready_.empty() && !Stopping()) || running_ == 0; });
      if (ready_.empty() || Stopping()) {
        if (running_ == 0) {
          result_.interrupted = result_.interrupted || (options_.stop && options_.stop->load() && !ready_.empty());
          changed_.notify_all();
          return;
        }
        continue;
      }
      const size_t index = ready_.top();
      ready_.pop();
      ++running_;
      const Action& action = plan_.actions[index];
      journal_.Record(run_, {action.id, ActionState::Started, "", "", {}});  // before the call
      Emit({ExecutorEvent::Kind::Started, &action, rollback_, 0, ""});
      lock.unlock();
      const auto start = std::chrono::steady_clock::now();
      ActionResult outcome;
      try {
        outcome = runner_.Run(action);
      } catch (const std::exception& e) {
        outcome = {ActionResult::Status::Failed, "InternalError", e.what(), {}};
      }
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      lock.lock();
      Finish(index, outcome, seconds);
      --running_;
      changed_.notify_all();
    }
  }

  void Finish(size_t index, const ActionResult& outcome, double seconds) {
    const Action& action = plan_.actions[index];
    if (outcome.status != ActionResult::Status::Failed) {
      journal_.Record(run_, {action.id, ActionState::Succeeded, "", "", outcome.captured});  // after the result
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
    const std::string error = (outcome.fault.empty() ? "" : outcome.fault + ": ") + outcome.message;
    journal_.Record(run_, {action.id, ActionState::Failed, "", error, {}});
    Emit({ExecutorEvent::Kind::Failed, &action, rollback_, seconds, error});
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
  std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready_;
  int running_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
  PassResult result_;
};

// The forward actions that succeeded, with what they learnt while running folded into
// their prior values, so their inverses restore what was really there.
Plan Undoable(const Plan& plan, const PassResult& forward) {
  Plan copy = plan;
  for (auto& action : copy.actions) {
    const auto it = forward.captured.find(action.id);
    if (it != forward.captured.end()) {
      for (const auto& [key, value] : it->second) action.prior[key] = value;
    }
  }
  return RollbackPlan(copy, std::set<std::string>(forward.succeeded.begin(), forward.succeeded.end()));
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
  ExecutionReport report;
  report.run = journal.BeginRun("apply", options.target, RenderJson(plan));
  for (const auto& action : plan.actions) journal.Record(report.run, {action.id, ActionState::Planned, "", "", {}});

  const PassResult forward = Pass(plan, runner, journal, report.run, options, false).Run();
  report.warnings = forward.warnings;
  if (forward.critical_failure.empty()) {
    report.outcome = forward.interrupted ? RunOutcome::Interrupted
                     : report.warnings.empty() ? RunOutcome::Applied
                                               : RunOutcome::AppliedWithWarnings;
    journal.EndRun(report.run, RunOutcomeName(report.outcome));
    return report;
  }

  report.failure = forward.critical_failure;
  const Plan rollback = Undoable(plan, forward);
  ExecutorOptions rollback_options = options;
  rollback_options.stop = nullptr;  // a rollback, once started, is finished
  const PassResult undone = Pass(rollback, runner, journal, report.run, rollback_options, true).Run();
  for (const auto& id : undone.succeeded) {
    journal.Record(report.run, {id.substr(std::string("undo:").size()), ActionState::RolledBack, "", "", {}});
  }
  if (undone.critical_failure.empty()) {
    report.outcome = RunOutcome::RolledBack;
  } else {
    report.outcome = RunOutcome::RollbackIncomplete;
    report.failure += "; then " + undone.critical_failure;
    const std::set<std::string> done(undone.succeeded.begin(), undone.succeeded.end());
    for (const auto& action : rollback.actions) {
      if (!done.count(action.id)) report.left_to_undo.push_back(action.id);
    }
  }
  journal.EndRun(report.run, RunOutcomeName(report.outcome));
  return report;
}

}  // namespace vcshift
