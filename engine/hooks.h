#pragma once
// Hooks (docs/desired-state.md, "hooks"): a user's command run at a point of the move as
// an action of the plan (run_hook; undone by undo_hook, its `undo:` command). What the
// checks, the planner (plan_hooks.h) and the runner (hook_runner.h) share: the phases,
// the default criticality, and a hook action's params read back as the call to make.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/action.h"
#include "engine/desired_state.h"
#include "engine/diagnostic.h"

namespace vcshift {

inline constexpr const char* kBeforeHostsLeave = "before_hosts_leave";
inline constexpr const char* kAfterHostsArrive = "after_hosts_arrive";
inline constexpr const char* kAfterCleanup = "after_cleanup";

// Whether a failure of `hook` rolls the run back: as written; else true before the hosts
// leave (nothing has moved yet) and false after (the hosts are where they should be: a
// failed product step there is for a person to finish, not a reason to move them back).
bool IsCritical(const HookSpec& hook);

// An argv as a hook action's param carries it: a JSON array of strings, shown exactly
// as it will run and read back exactly. Nothing when `text` is not such an array.
std::string ArgvParam(const std::vector<std::string>& argv);
std::optional<std::vector<std::string>> ArgvFromParam(const std::string& text);

// Where an env variable's value comes from, as a param shows it ({env: NAME} or
// {file: PATH, key: KEY}): the value itself is never in a plan. And back.
std::string SecretParam(const SecretRef& ref);
std::optional<SecretRef> SecretFromParam(const std::string& text);

// What one run_hook or undo_hook action runs.
struct HookCall {
  std::string name;
  std::string phase;
  std::string cluster;  // the cluster (its target path) the action is for; "" for every moving host
  std::vector<std::string> hosts;
  std::vector<std::string> argv;
  int timeout_seconds = 600;
  bool idempotent = false;
  std::vector<std::pair<std::string, SecretRef>> env;
  bool undo = false;  // the undo_hook of the hook
};

// Whether `action` runs a hook (either kind).
bool IsHook(const Action& action);
// The call `action` makes, or nothing with `error` saying which param is wrong.
std::optional<HookCall> HookCallOf(const Action& action, std::string& error);

// What the schema cannot say of `state.hooks`: unique names, a scope naming a cluster or
// hosts of this file, env variables named as the environment allows, and a critical
// hook without `undo:` unless `undo: none` says it has none on purpose.
void CheckHooks(const DesiredState& state, Diagnostics& out);

}  // namespace vcshift
