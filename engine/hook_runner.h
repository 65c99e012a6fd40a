#pragma once
// The runner in front of a provider's: run_hook and undo_hook actions run here, as
// processes (hook_process.h); every other action goes to the vCenters' runner. A hook
// is given its call's environment (HookEnvironment), runs in the desired state's
// directory, and its output goes to the log line by line with the action's id.
//
// Exactly once: a hook that was running when vcshift died (SetInFlight, from the
// journal, at resume) is not run again unless it declares itself idempotent; it fails
// as outcome unknown, so its run is rolled back (critical) or warned of, and a rollback
// runs its undo in case it happened.

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "engine/action_runner.h"
#include "engine/hooks.h"
#include "engine/plan.h"

namespace vcshift {

// What every hook of a run is told, besides its own call.
struct HookContext {
  std::string source_url;
  std::string target_url;
  std::string directory;  // where hooks run: the desired state's directory
  std::string state_dir;  // where each run's plan JSON is written for them
  const std::atomic<bool>* stop = nullptr;  // set: a running hook's process group is killed
  // One line a hook printed, or one the runner says of it.
  std::function<void(const std::string& action_id, const std::string& line)> log;
};

// The environment a hook runs with, NAME=value: PATH, HOME, LANG, LC_ALL, TZ, TMPDIR,
// USER and LOGNAME as vcshift has them (nothing else of vcshift's: its passwords stay
// out), then VCSHIFT_RUN_ID, VCSHIFT_ACTION_ID, VCSHIFT_HOOK, VCSHIFT_PHASE,
// VCSHIFT_UNDO (0 or 1), VCSHIFT_CLUSTER, VCSHIFT_HOSTS (comma-separated),
// VCSHIFT_SOURCE_URL, VCSHIFT_TARGET_URL, VCSHIFT_PLAN_JSON, and the hook's `env:`
// resolved (nothing, with `error` naming what is missing, when one cannot be).
std::optional<std::vector<std::string>> HookEnvironment(const HookCall& call, const HookContext& context,
                                                        const std::string& action_id, int64_t run,
                                                        const std::string& plan_json, std::string& error);

class HookRunner : public ActionRunner {
 public:
  HookRunner(ActionRunner& vcenters, HookContext context);

  // The run the actions belong to and the plan it runs, written to the state directory's
  // hooks/ when it has hooks (ExecutorOptions::on_run).
  void BeginRun(int64_t run, const Plan& plan);
  // The actions that were running when vcshift died, by id.
  void SetInFlight(std::set<std::string> ids);

  ActionResult Run(const Action& action) override;

 private:
  ActionResult RunHook(const Action& action, const HookCall& call);

  ActionRunner& vcenters_;
  const HookContext context_;
  std::mutex mutex_;  // over the two below
  int64_t run_ = 0;
  std::string plan_json_;
  std::set<std::string> in_flight_;
};

}  // namespace vcshift
