#pragma once
// Planning a cluster's DRS groups and rules: those the desired state names are set as
// written; the cluster's others are left alone.

#include <string>
#include <vector>

#include "engine/desired_state.h"
#include "engine/plan_recorder.h"

namespace vcshift::planning {

// `existing` is the cluster on the target, if it is there; `arrivals` are the resources
// that say its hosts (and so their VMs) have arrived: the rules wait for them.
void PlanClusterRules(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster,
                      const InventoryCluster* existing, const std::vector<std::string>& arrivals);

}  // namespace vcshift::planning
