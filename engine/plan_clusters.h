#pragma once
// Planning a desired cluster on the target: created with its HA, DRS and EVC settings,
// or an existing one set to them; then its hosts' ways into it (plan_host_moves.h) and
// its DRS groups and rules (plan_cluster_rules.h), which wait for those hosts.

#include "engine/desired_state.h"
#include "engine/plan_recorder.h"

namespace vcshift::planning {

void PlanCluster(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster);

// The source cluster the desired cluster's hosts come from, for `inherit`; none once
// they have all left it.
const InventoryCluster* InheritFrom(const PlanRecorder& plan, const ClusterSpec& cluster);

}  // namespace vcshift::planning
