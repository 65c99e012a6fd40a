#pragma once
// Planning a desired datacenter on the target: the datacenter, and its host and VM
// folders, parents first.

#include "engine/desired_state.h"
#include "engine/plan_recorder.h"

namespace vcshift::planning {

void PlanDatacenter(PlanRecorder& plan, const DatacenterSpec& dc);

}  // namespace vcshift::planning
