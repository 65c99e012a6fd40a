#pragma once
// The diff: desired state against the discovered source and target inventories, as a
// plan of actions. Only what the desired state names is managed.

#include "engine/desired_state.h"
#include "engine/inventory.h"
#include "engine/plan.h"

namespace vcshift {

// When the desired state says the target is the source (rebalancing), pass the same
// inventory twice.
PlanResult MakePlan(const DesiredState& desired, const Inventory& source, const Inventory& target);

// MakePlan's last step: each action's params against its kind's declaration
// (ParamProblems, action_kinds.h). A planner writing a key its kind does not declare, or
// leaving out a required one, is a bug in vcshift: an internal error that refuses the
// plan before anything runs, not a surprise to the provider.
PlanResult WithDeclaredParams(PlanResult result);

}  // namespace vcshift
