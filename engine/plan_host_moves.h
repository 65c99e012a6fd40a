#pragma once
// Planning a host's way into its desired cluster: from another cluster of the target
// vCenter (through maintenance mode), or from the source vCenter (its networking onto
// standard switches first, plan_host_network.h; then disconnected, removed and added).
// A standalone host comes from the source the same way, added into a host folder
// (AddStandaloneHost_Task). A host that cannot be moved as it is refuses the plan, saying
// why.

#include <string>
#include <vector>

#include "engine/desired_state.h"
#include "engine/plan_recorder.h"

namespace vcshift::planning {

// Returns the resource that says the host is there ("" when it already is, or when it
// cannot move). `evc` is the cluster's EVC mode once the plan has run.
std::string PlanHostMove(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster,
                         const Located& name, const std::string& evc);

// The same for a host of `standalone_hosts`; its arrival is recorded for PlanArrival.
void PlanStandaloneHost(PlanRecorder& plan, const DatacenterSpec& dc, const StandaloneHostSpec& spec);

// Where a host is, as add_host's `cluster` and move_host's names it: "DC/Cluster", or a
// standalone host's host folder, "DC" or "DC/Folder/Sub".
std::string PlacePath(const std::string& datacenter, const std::string& cluster, const std::string& folder);

// Where a desired host ends up: its desired cluster, or its host folder when standalone.
struct HostPlace {
  std::string name;
  std::string place;  // PlacePath
};
// The hosts datacenter `dc` declares, clusters' first, in the desired state's order.
std::vector<HostPlace> DesiredHosts(const DatacenterSpec& dc);

}  // namespace vcshift::planning
