#pragma once
// Planning the VM folders of a datacenter's `vm_placement`: each VM on a host that ends
// up in the datacenter goes to the folder of the first pattern matching its name, once
// its host is there. Finishing work: a failure does not hold up the hosts.

#include <set>
#include <string>
#include <vector>

#include "engine/desired_state.h"
#include "engine/plan_recorder.h"

namespace vcshift::planning {

void PlanVmPlacement(PlanRecorder& plan, const DatacenterSpec& dc);

// The VMs on `hosts`, in inventory order.
std::vector<const InventoryVm*> VmsOn(const InventoryIndex& inventory, const std::set<std::string>& hosts);

}  // namespace vcshift::planning
