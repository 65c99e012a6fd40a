#pragma once
// The hooks of `apply`, `resume` and `rollback`: the engine's HookRunner in front of the
// vCenters' runner, logging each hook's output to the log file with the action's id.

#include <memory>
#include <set>
#include <string>

#include "engine/desired_state.h"
#include "engine/hook_runner.h"
#include "engine/journal.h"

namespace vcshift::cli {

// Hooks run in the directory of `desired_file`; each run's plan JSON goes in `state_dir`.
std::unique_ptr<HookRunner> MakeHookRunner(const DesiredState& desired, const std::string& desired_file,
                                           const std::string& state_dir, ActionRunner& vcenters);

// The hooks of run `run` the journal last saw started (or retrying): in flight when
// vcshift died.
std::set<std::string> HooksInFlight(Journal& journal, int64_t run);

}  // namespace vcshift::cli
