#pragma once
// Planning a desired cluster's vApps on the target: each missing vApp created (after the
// pool it is in) before the cluster's hosts arrive, an existing one's allocations set as
// declared (`~`); its product and property sections and its entry in the vApp it is
// inside set by create_vapp once the vApp is there (UpdateVAppConfig after CreateVApp:
// vcsim keeps no property given to CreateVApp, and the entry lives in the outer vApp),
// or, for an existing one, by its configure_vapp; once a member VM is in its vApp (plan_resource_pools.cc moves it there
// as into any pool), its start order entry set (configure_vapp on the VM, finishing).
// The source's memberships and entries, which vCenter drops with the VMs when their host
// leaves, come back on rollback with the host (remove_host captures them; ops/vm_pools.cc).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/desired_state.h"
#include "engine/plan_recorder.h"

namespace vcshift::planning {

struct DesiredVAppMember {
  std::vector<std::string> vms;  // names or globs
  VAppMember settings;
};

struct DesiredVApp {
  std::string path;  // below the root pool
  PoolAllocation cpu;
  PoolAllocation memory;
  std::vector<DesiredVAppMember> members;
  std::optional<std::vector<VAppProduct>> products = {};  // nullopt: left as they are
  std::optional<std::vector<VAppProperty>> properties = {};
  std::optional<VAppMember> start = {};  // its entry in the vApp it is inside
};

// The VMs that end up in a cluster, each with whether it arrives from the source.
using ClusterVms = std::vector<std::pair<const InventoryVm*, bool>>;

// The desired vApps: as written, or the source cluster's with the moving VMs that were in
// each and their entries. Nothing when left alone, or inherited once every host has left.
std::optional<std::vector<DesiredVApp>> DesiredVApps(PlanRecorder& plan, const ClusterSpec& cluster,
                                                     const InventoryCluster* inherited, bool exists);

// The vApp a VM belongs in and its entry: the first member entry that matches it, vApps
// in order; {nullptr, nullptr} when none does.
std::pair<const DesiredVApp*, const VAppMember*> VAppFor(const std::vector<DesiredVApp>& vapps, const std::string& vm);

void PlanVApps(PlanRecorder& plan, const std::string& dc, const std::string& cluster_path,
               const InventoryCluster* existing, const std::vector<DesiredVApp>& vapps, const ClusterVms& vms);

const InventoryVApp* VAppAt(const InventoryCluster* cluster, const std::string& path);

}  // namespace vcshift::planning
