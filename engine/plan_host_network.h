#pragma once
// Planning a moving host's networking. A distributed switch belongs to its vCenter:
// before the host leaves, its networking moves onto standard switches; once it has
// arrived, from those onto the desired switches that list it. One step per action
// (host_network_plan.h chooses the steps), in a chain; network I/O control is kept off
// the pNICs while they move. The host is recorded as an arrival (plan_recorder.h)
// between the two.

#include <string>
#include <vector>

#include "engine/desired_state.h"
#include "engine/plan_recorder.h"

namespace vcshift::planning {

// The steps off the source's switches for a host leaving the source for datacenter
// `dc`, the first once `after` holds; `object` is its inventory path on the source,
// `object_on_target` the one it will have. Returns what the host's disconnect waits for
// (`after` when there is no step); nothing when the steps are refused (errors at `name`).
std::vector<std::string> PlanDeparture(PlanRecorder& plan, const DatacenterSpec& dc, const InventoryHost& host,
                                       const Located& name, const std::string& object,
                                       const std::string& object_on_target, std::vector<std::string> after);

// A host already on the target whose networking still sits on a desired switch's
// migration switch (an earlier run stopped): its steps go on from where that run did,
// once `ready` ("" when it is in place).
void NoteEarlierArrival(PlanRecorder& plan, const DatacenterSpec& dc, const InventoryHost& host,
                        const std::string& object, const std::string& ready);

// The steps onto the target's desired switches of `dc` for an arriving host (nothing
// for another), once those switches are planned.
void PlanArrival(PlanRecorder& plan, const DatacenterSpec& dc, const std::string& host);

}  // namespace vcshift::planning
