#pragma once
// Roles and permissions (vSphere's AuthorizationManager) carried to the target: the
// custom roles the desired state names (`roles:`, or the source's), then the
// permissions on the clusters, hosts, VMs and the datacenters' folders once those
// objects are there, each principal as `principal_mapping:` names it on the target.
// vCenter drops the permissions of a host and its VMs when the host leaves it: the
// source's are captured (and all but the Administrator ones removed) just before the host
// disconnects, so that a rollback, undoing that, sets them again once the host is back.
// The roles every vCenter has are never declared, made nor changed; a permission never
// loses an object's last Administrator permission.

#include "engine/desired_state.h"
#include "engine/plan_recorder.h"

namespace vcshift::planning {

// add_role for each desired custom role the target lacks; update_role (`~`) for one it
// has with other privileges, only when `roles:` declares it.
void PlanRoles(PlanRecorder& plan);

// set_permissions on the target for the datacenter's clusters, hosts, VMs, folders, the
// datacenter itself, its distributed switches and port groups and its clusters' pools
// and vApps whose desired permissions differ from the target's (principals not named are
// left alone).
void PlanPermissions(PlanRecorder& plan, const DatacenterSpec& dc);

// set_permissions on the source, capturing those of each leaving host and its VMs before
// the host disconnects (after the moves are planned); a note names those not carried.
void PlanSourcePermissions(PlanRecorder& plan);

// set_permissions on the target's root folder (the top level's `permissions:`).
void PlanRootPermissions(PlanRecorder& plan);

// set_permissions on the source capturing the permissions of `object` (of `type`) that
// leaves the source or is destroyed next: all but the Administrator ones removed (an
// object keeps its last one), `why` the plan's word for it. Its inverse, once the object
// is back, sets them all again. The leaving or destroying action waits for its output.
Action& PlanPermissionCapture(PlanRecorder& plan, const std::string& type, const std::string& object,
                              const std::vector<InventoryPermission>& permissions, const std::string& why);

}  // namespace vcshift::planning
