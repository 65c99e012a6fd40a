#pragma once
// Warning of what the plan leaves behind: for the hosts it takes from the source, their
// VMs, and the clusters and datacenters they leave, each kind of vCenter-held state that
// vcshift does not carry (engine/uncarried.h), with the count and the objects; and,
// once, the kinds the source's inventory could not be checked for.

#include "engine/plan_recorder.h"

namespace vcshift::planning {

// Once every host's actions are recorded: it finds the leaving hosts among them.
void PlanUncarried(PlanRecorder& plan);

}  // namespace vcshift::planning
