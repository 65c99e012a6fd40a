#pragma once
// Planning a desired cluster's resource pools and per-VM HA/DRS overrides on the target:
// each missing pool created before the cluster's hosts arrive (its parent first), an
// existing one's allocations set as declared (`~`); once a host's VMs are there, each
// moved into its pool and given its overrides. The source's memberships and overrides,
// which vCenter drops with the VMs when their host leaves, come back on rollback with
// the host (remove_host captures them; ops/host_move.cc).

#include <map>
#include <optional>
#include <set>
#include <string>

#include "engine/desired_state.h"
#include "engine/plan_recorder.h"

namespace vcshift::planning {

// A cluster's pools, vApps (engine/plan_vapps.h) and overrides: the VMs of both pools and
// vApps are moved by one step each (a vApp's members first, then the pools').
void PlanResourcePools(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster);

// A standalone host's pools and vApps, as a cluster's with one difference: vCenter makes
// its compute resource (named after it, "DC1/esx-05") with its add, so they are created
// after the add_host, and the VMs moved in once they are there. Its source pools, which
// vCenter destroys with the host, come back on rollback with it (remove_host captures
// the tree; ops/host_move.cc).
void PlanStandalonePools(PlanRecorder& plan, const DatacenterSpec& dc, const StandaloneHostSpec& host);

// A standalone host's pools and vApps as those of a cluster of one named after it (its
// compute resource's name, "DC1/esx-05"): the desired ones (resource_pools and vapps
// alone), and an inventory's, with the permissions on them (none unless the host is
// standalone in `dc`; "" any datacenter). Shared with plan_permissions.cc.
ClusterSpec StandaloneOwner(const StandaloneHostSpec& host);
std::optional<InventoryCluster> PoolsOfStandalone(const InventoryHost* host, const std::string& dc);

// Nothing lost without a word: one plan note for the moving VMs that leave a pool on the
// source and that the plan puts in no pool on the target (naming each VM and its source
// pool), one for those whose HA/DRS overrides it does not set again. Once the target's
// actions are planned.
void NoteResourcePoolsLeftBehind(PlanRecorder& plan);

// Shared with plan_vapps.cc: a pool's or vApp's allocations as params; the hosts the
// desired cluster lists; the error of an `inherit` with nothing to copy (none when the
// target cluster exists: it holds what was inherited when its hosts came).
std::map<std::string, std::string> PoolAllocationParams(const PoolAllocation& cpu, const PoolAllocation& memory);
std::set<std::string> HostsOf(const ClusterSpec& cluster);
void NothingToInherit(PlanRecorder& plan, const ClusterSpec& cluster, const std::string& what, bool exists);

// A pool or vApp on the target: created (after the pool it is in) when `found` (the
// allocations there) is none, else its allocations set where they differ (`~`).
struct PoolKinds {
  ActionKind create, configure;
};
void PlanPoolItself(PlanRecorder& plan, PoolKinds kinds, const std::string& cluster_path, const InventoryPool& wanted,
                    const std::optional<std::map<std::string, std::string>>& found);

}  // namespace vcshift::planning
