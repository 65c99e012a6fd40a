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

// Whether desired switch `spec` has network I/O control on once the plan has run: as
// declared, else as it is on the target, else as the source switch it inherits has it.
// The hosts' planner asks before this one has run: a host bound for a switch this plan
// creates with NIOC on stays out of NIOC from the source on.
bool NiocOnceRun(const PlanRecorder& plan, const DatacenterSpec& dc, const DistributedSwitchSpec& spec);

}  // namespace vcshift::planning
