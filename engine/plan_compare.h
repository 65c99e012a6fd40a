#pragma once
// Whether a saved plan is the plan the desired state and the vCenters give now, action
// by action: `apply` carries out a saved plan only when it is (docs/plan-format.md,
// "Saved plans"). A fingerprint covers what the plan relies on; this covers the plan.

#include <string>

#include "engine/plan.h"

namespace vcshift {

// The first difference between `saved` and `now`, in the saved plan's order, as a
// sentence naming the action and what differs (a param's value in each); "" when the
// two have the same actions with the same values, dependencies and order.
std::string FirstDifference(const Plan& saved, const Plan& now);

}  // namespace vcshift
