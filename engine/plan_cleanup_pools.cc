#include "engine/plan_cleanup_pools.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/plan_permissions.h"
#include "engine/plan_resource_pools.h"
#include "engine/plan_resources.h"

namespace vcshift::planning {
namespace {

bool Below(const std::string& path, const std::string& pool) { return path == pool || path.starts_with(pool + "/"); }

struct SourcePool {
  std::string path;
  ActionKind destroy;
  std::map<std::string, std::string> allocations;  // what its re-creation needs (a vApp's sections and entry too)
  std::vector<InventoryPermission> permissions;   // captured before it goes
};

// The pools and vApps of a cluster, deepest first (children before their parents).
std::vector<SourcePool> DeepestFirst(const InventoryCluster& cluster) {
  std::vector<SourcePool> pools;
  for (const auto& pool : cluster.pools) {
    pools.push_back({pool.path, ActionKind::DestroyResourcePool, PoolAllocationParams(pool.cpu, pool.memory), {}});
  }
  for (const auto& vapp : cluster.vapps) {
    // A vApp comes back with its sections and its entry in the vApp it is inside.
    auto made = PoolAllocationParams(vapp.cpu, vapp.memory);
    made.merge(SectionParams(vapp.products, vapp.properties));
    for (const auto& outer : cluster.vapps) {
      for (const auto& child : outer.children) {
        if (outer.path == ParentPool(vapp.path) && child.vapp == PoolName(vapp.path)) {
          made[kVAppStartParam] = MemberText(child.settings);
        }
      }
    }
    pools.push_back({vapp.path, ActionKind::DestroyVApp, std::move(made), {}});
  }
  for (auto& pool : pools) {
    for (const auto& entry : cluster.pool_permissions) {
      if (entry.object == pool.path) pool.permissions = entry.permissions;
    }
  }
  std::stable_sort(pools.begin(), pools.end(), [](const SourcePool& a, const SourcePool& b) {
    return std::count(a.path.begin(), a.path.end(), '/') > std::count(b.path.begin(), b.path.end(), '/');
  });
  return pools;
}

bool ClusterRemoved(PlanRecorder& plan, const std::string& object) {
  return std::any_of(plan.actions().begin(), plan.actions().end(), [&](const Action& action) {
    return action.kind == ActionKind::DestroyCluster && action.side == Side::Source && action.object == object;
  });
}

void CleanCluster(PlanRecorder& plan, const InventoryCluster& cluster, const std::set<std::string>& leaving) {
  const std::string cluster_path = cluster.datacenter + "/" + cluster.name;
  std::vector<const InventoryVm*> vms;
  for (const InventoryHost* host : plan.source_index().HostsIn(cluster.datacenter, cluster.name)) {
    for (const InventoryVm* vm : plan.source_index().VmsOn(host->name)) vms.push_back(vm);
  }
  const auto pools = DeepestFirst(cluster);
  for (const auto& [path, kind, allocations, permissions] : pools) {
    std::vector<std::string> inputs;
    bool stays = false;
    for (const InventoryVm* vm : vms) {
      if (!Below(vm->resource_pool, path)) continue;
      stays = stays || !leaving.count(vm->host);
      inputs.push_back(HostReleased(vm->host));
    }
    if (stays || inputs.empty()) continue;  // a VM stays, or the moves empty nothing
    for (const auto& child : pools) {
      if (child.path != path && Below(child.path, path)) {
        inputs.push_back(RemovedFromSource(cluster_path + "/" + child.path));
      }
    }
    std::sort(inputs.begin(), inputs.end());
    inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
    const std::string object = cluster_path + "/" + path;
    if (!permissions.empty()) {
      // vCenter deletes a pool's permissions with it: a rollback, re-creating the pool,
      // sets them again by undoing this capture.
      Action& capture = PlanPermissionCapture(plan, "pool", object, permissions, "(goes with the pool)");
      capture.inputs = inputs;
      capture.criticality = Criticality::Cleanup;
      inputs.push_back(capture.outputs.front());
    }
    Action& destroy = plan.Add(kind, Side::Source, object);
    destroy.params = {{"cluster", cluster_path}, {"pool", path}};
    destroy.prior = allocations;
    destroy.prior.insert(destroy.params.begin(), destroy.params.end());
    destroy.inputs = std::move(inputs);
    destroy.outputs = {RemovedFromSource(object)};
    destroy.criticality = Criticality::Cleanup;
    destroy.expected_seconds = 1;
  }
}

}  // namespace

void PlanPoolCleanup(PlanRecorder& plan) {
  if (plan.same_vcenter() || !plan.desired().cleanup.remove_empty_resource_pools) return;
  const std::set<std::string> leaving = plan.LeavingHosts();
  if (leaving.empty()) return;
  for (const auto& cluster : plan.source().clusters) {
    if (!ClusterRemoved(plan, cluster.datacenter + "/" + cluster.name)) CleanCluster(plan, cluster, leaving);
  }
}

}  // namespace vcshift::planning
