#pragma once
// Planning the VM folders of a datacenter's `vm_placement`: each VM on a host that ends
// up in the datacenter goes to the folder of the first pattern matching its name, once
// its host is there. Finishing work: a failure does not hold up the hosts.

#include "engine/desired_state.h"
#include "engine/plan_recorder.h"

namespace vcshift::planning {

void PlanVmPlacement(PlanRecorder& plan, const DatacenterSpec& dc);

}  // namespace vcshift::planning
