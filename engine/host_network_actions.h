#pragma once
// A host's network steps (host_network.h) as plan actions and back: each step is one
// action of kind HostNetworkStep, so a plan shows every step and its inverse, and the
// executor resumes and rolls back step by step.

#include <optional>
#include <string>

#include "engine/action.h"
#include "engine/host_network.h"

namespace vcshift {

// `step` on the host at inventory path `object`: params ToParams(step), prior
// ToParams(Inverse(step)). The id adds the step's kind and subject to the usual
// "<kind>:<side>:<object>" (a host's steps on one side never repeat one).
// Deleting the migration switch and its port groups is cleanup: a failure warns.
Action StepAction(const NetworkStep& step, Side side, const std::string& object);

// The step a HostNetworkStep action carries (its inverse's too: the params read back);
// nothing for another kind or params that are not a step.
std::optional<NetworkStep> StepOf(const Action& action);

}  // namespace vcshift
