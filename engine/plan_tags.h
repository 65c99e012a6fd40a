#pragma once
// Tags (engine/tags.h): the target gets the categories and tags the desired state
// declares (or inherits) that it lacks, then each declared attachment once its object
// is there. On the source, each tag on a host, VM or cluster the plan removes is
// detached first, explicitly: vCenter drops an object's tags when it leaves the
// inventory, and this way a rollback attaches them again once the object is back.
// Tags on what leaves that the desired state does not carry are warned of.

#include "engine/plan_recorder.h"

namespace vcshift::planning {

// Once the hosts, clusters and cleanup are planned: it finds what leaves among them.
void PlanTags(PlanRecorder& plan);

}  // namespace vcshift::planning
