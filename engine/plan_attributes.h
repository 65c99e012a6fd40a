#pragma once
// Custom attributes (vSphere's CustomFieldsManager) carried to the target: the
// definitions the desired state names (`custom_attributes:`), then the values on the
// hosts, VMs and clusters (`host_attributes:`, `vm_attributes:`, a cluster's
// `attributes:`) once those objects are there. vCenter drops the values of a host and
// its VMs when the host leaves it: the source's are cleared just before the host
// disconnects, so that a rollback, undoing that, sets them again once the host is back.

#include "engine/desired_state.h"
#include "engine/plan_recorder.h"

namespace vcshift::planning {

// add_custom_field for each desired definition the target lacks.
void PlanCustomAttributeDefs(PlanRecorder& plan);

// set_custom_values on the target for the datacenter's clusters, hosts and VMs whose
// desired values differ from the target's (values not named are left alone).
void PlanAttributeValues(PlanRecorder& plan, const DatacenterSpec& dc);

// set_custom_values on the source, clearing the values of each leaving host and its
// VMs before the host disconnects (after the moves are planned).
void PlanSourceAttributes(PlanRecorder& plan);

}  // namespace vcshift::planning
