#pragma once
// Planning a desired distributed switch on the target: created (from the source switch
// it inherits, if any) or kept as it is, its port groups added, and the hosts it lists
// joined, except a host whose networking arrives on a standard switch: it moves onto
// the switch in steps (plan_host_network.h). Records the switch as it will be once the
// plan has run, for those steps.

#include "engine/desired_state.h"
#include "engine/plan_recorder.h"

namespace vcshift::planning {

void PlanSwitch(PlanRecorder& plan, const DatacenterSpec& dc, const DistributedSwitchSpec& spec);

}  // namespace vcshift::planning
