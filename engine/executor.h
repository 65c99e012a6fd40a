#pragma once
// Applies a plan: runs its DAG with up to N actions at once (an action starts when all
// it depends on succeeded), journals every transition, and when a critical action fails
// stops starting new ones, lets the running ones finish, then runs the inverses of
// everything that succeeded in reverse dependency order. A failed finishing or cleanup
// action is a warning; what depends on it is skipped.

#include <atomic>
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
  enum class Kind { Started, Succeeded, AlreadyDone, Failed, Skipped };
  Kind kind = Kind::Started;
  const Action* action = nullptr;
  bool rollback = false;
  double seconds = 0;  // for an end: how long the action took
  std::string message;
};

struct ExecutorOptions {
  int parallelism = 10;
  std::string target;  // the vCenter the run is locked on and recorded against
  std::function<void(const ExecutorEvent&)> on_event;  // called under a lock, in order
  const std::atomic<bool>* stop = nullptr;  // set: start nothing new, finish, stay resumable
};

struct ExecutionReport {
  int64_t run = 0;
  RunOutcome outcome = RunOutcome::Applied;
  std::string failure;                // the critical failure that caused a rollback
  std::vector<std::string> warnings;  // failed finishing or cleanup actions, skipped dependents
  std::vector<std::string> left_to_undo;  // when the rollback itself failed: what remains
};

ExecutionReport Execute(const Plan& plan, ActionRunner& runner, Journal& journal, const ExecutorOptions& options);

}  // namespace vcshift
