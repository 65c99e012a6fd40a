#pragma once
// Planning the cleanup of the source that the desired state asks for: the clusters,
// distributed switches and datacenters every host of which this plan moves away, each
// removed once those hosts are released. Cleanup work: a failure only warns, and
// removing what the run did not create cannot be undone.

#include "engine/plan_recorder.h"

namespace vcshift::planning {

// Once every host's actions are recorded: it finds the leaving hosts among them.
void PlanCleanup(PlanRecorder& plan);

}  // namespace vcshift::planning
