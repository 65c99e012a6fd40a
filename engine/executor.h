#pragma once
// Applies a plan: runs its DAG with up to N actions at once (an action starts when all
// it depends on succeeded), journals every transition, and when a critical action fails
// stops starting new ones, lets the running ones finish, then runs the inverses of
// everything that succeeded in reverse dependency order. A failed finishing or cleanup
// action is a warning; what depends on it is skipped. A transient failure is retried
// with backoff: the runner re-reads the live state first, so nothing is done twice.
// A journal write that fails stops the run like a critical failure (nothing new starts;
// running actions end within their calls' deadlines, no retry) and the rollback runs from
// what the executor holds in memory, unrecorded where the journal still fails.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/action_runner.h"
#include "engine/journal.h"
#include "engine/plan.h"

namespace vcshift {

enum class RunOutcome { Applied, AppliedWithWarnings, RolledBack, RollbackIncomplete, Interrupted };
const char* RunOutcomeName(RunOutcome outcome);

struct ExecutorEvent {
  enum class Kind { Started, Succeeded, AlreadyDone, Retrying, Failed, Skipped };
  Kind kind = Kind::Started;
  const Action* action = nullptr;
  bool rollback = false;
  double seconds = 0;  // for an end: how long the action took
  std::string message;
};

// How long a transient failure (a dropped connection, a vCenter rebooting) is retried:
// exponential backoff from `first_delay` up to `max_delay`, until the action has been
// trying for `deadline`.
struct RetryPolicy {
  std::chrono::milliseconds first_delay{500};
  std::chrono::milliseconds max_delay{15'000};
  std::chrono::milliseconds deadline{180'000};
};

struct ExecutorOptions {
  int parallelism = 10;
  std::string target;  // the vCenter the run is locked on and recorded against
  std::string desired_file;  // what the run was made from, journaled for resume and rollback
  std::string desired_text;
  RetryPolicy retry;
  std::function<void(const ExecutorEvent&)> on_event;  // called under a lock, in order
  const std::atomic<bool>* stop = nullptr;  // set: start nothing new, finish, stay resumable
  // Once the run's id is known, before any action starts: the run and the plan it runs
  // (a rollback's own plan). Hooks are told both (engine/hook_runner.h).
  std::function<void(int64_t run, const Plan& plan)> on_run;
};

struct ExecutionReport {
  int64_t run = 0;
  RunOutcome outcome = RunOutcome::Applied;
  std::string failure;                // the critical failure that caused a rollback
  std::vector<std::string> warnings;  // failed finishing or cleanup actions, skipped dependents
  std::vector<std::string> left_to_undo;  // when the rollback itself failed: what remains
  JournalWrite journal;  // the first journal write that failed: the journal lacks part of the run
};

// A new run of `plan`.
ExecutionReport Execute(const Plan& plan, ActionRunner& runner, Journal& journal, const ExecutorOptions& options);

// Continues the interrupted run `run` of `plan`: what the journal records as succeeded
// counts as done; what was in flight runs again, and the runner's re-read of the live
// state recognises what had already happened.
ExecutionReport Resume(const Plan& plan, int64_t run, ActionRunner& runner, Journal& journal,
                       const ExecutorOptions& options);

// Reverses run `run` of `plan` (finished, failed, interrupted or half rolled back) as a
// new run: the inverses of its actions that succeeded or were in flight and are not
// rolled back yet, in reverse dependency order. Run again after a failure, it does
// what is left. Irreversible actions (cleanup of pre-existing objects) are warnings.
ExecutionReport Reverse(const Plan& plan, int64_t run, ActionRunner& runner, Journal& journal,
                        const ExecutorOptions& options);

// Reverses every action of `plan`, recording nothing: for a run whose journal is damaged,
// rebuilt from the plan stored with it. Each inverse re-reads the live state first, so
// what never happened is found already undone; the inverses restore the prior values
// the plan recorded (what the run learnt while running is lost with the journal).
// `why` (the damage) is the report's failure.
// `run`: the apply it undoes (the rollback has no run of its own).
ExecutionReport ReverseFromPlan(const Plan& plan, int64_t run, ActionRunner& runner, const ExecutorOptions& options,
                                const std::string& why);

}  // namespace vcshift
