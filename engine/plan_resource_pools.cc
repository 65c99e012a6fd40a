#include "engine/plan_resource_pools.h"


#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/name_patterns.h"
#include "engine/plan_changes.h"
#include "engine/plan_clusters.h"
#include "engine/plan_resources.h"
#include "engine/plan_vapps.h"
#include "engine/plan_vm_placement.h"

namespace vcshift::planning {
namespace {

// A desired pool with its path; pools in pre-order (parents before children).
struct FlatPool {
  std::string path;
  PoolAllocation cpu;
  PoolAllocation memory;
  std::vector<std::string> vms;  // names or globs
};

// Overrides for the VMs matching `vms`.
struct FlatOverride {
  std::vector<std::string> vms;
  VmOverride settings;
};

void FlattenPools(const std::vector<PoolSpec>& pools, const std::string& parent, std::vector<FlatPool>& out) {
  for (const auto& pool : pools) {
    const std::string path = parent.empty() ? pool.name : parent + "/" + pool.name;
    std::vector<std::string> vms;
    for (const auto& vm : pool.vms) vms.push_back(vm.value);
    out.push_back({path, pool.cpu, pool.memory, std::move(vms)});
    FlattenPools(pool.children, path, out);
  }
}

// The desired pools: as written, or the source cluster's with each of the moving VMs in
// the pool it has there. Nothing when left alone, or inherited once every host has left.
std::optional<std::vector<FlatPool>> DesiredPools(PlanRecorder& plan, const ClusterSpec& cluster,
                                                   const InventoryCluster* inherited, bool exists) {
  using Mode = Managed<std::vector<PoolSpec>>::Mode;
  std::vector<FlatPool> pools;
  switch (cluster.resource_pools.mode) {
    case Mode::Unmanaged: return std::nullopt;
    case Mode::Set: FlattenPools(cluster.resource_pools.value, "", pools); return pools;
    case Mode::Inherit: break;
  }
  if (!inherited) {
    NothingToInherit(plan, cluster, "resource_pools", exists);
    return std::nullopt;
  }
  const auto vms = VmsOn(plan.source_index(), HostsOf(cluster));
  for (const auto& pool : inherited->pools) {  // by path: parents first
    FlatPool flat{pool.path, pool.cpu, pool.memory, {}};
    for (const InventoryVm* vm : vms) {
      if (vm->resource_pool == pool.path) flat.vms.push_back(vm->name);
    }
    pools.push_back(std::move(flat));
  }
  return pools;
}

std::optional<std::vector<FlatOverride>> DesiredOverrides(PlanRecorder& plan, const ClusterSpec& cluster,
                                                          const InventoryCluster* inherited, bool exists) {
  using Mode = Managed<std::vector<VmOverrideSpec>>::Mode;
  std::vector<FlatOverride> overrides;
  switch (cluster.vm_overrides.mode) {
    case Mode::Unmanaged: return std::nullopt;
    case Mode::Set:
      for (const auto& spec : cluster.vm_overrides.value) {
        FlatOverride flat{{}, spec.settings};
        for (const auto& vm : spec.vms) flat.vms.push_back(vm.value);
        overrides.push_back(std::move(flat));
      }
      return overrides;
    case Mode::Inherit: break;
  }
  if (!inherited) {
    NothingToInherit(plan, cluster, "vm_overrides", exists);
    return std::nullopt;
  }
  for (const auto& entry : inherited->vm_overrides) overrides.push_back({{entry.vm}, entry.settings});
  return overrides;
}

const InventoryPool* PoolAt(const InventoryCluster* cluster, const std::string& path) {
  if (!cluster) return nullptr;
  const auto it = std::find_if(cluster->pools.begin(), cluster->pools.end(),
                               [&](const InventoryPool& pool) { return pool.path == path; });
  return it == cluster->pools.end() ? nullptr : &*it;
}

std::string ShownPool(const std::string& path) { return path.empty() ? "(the root pool)" : path; }

// Pools missing on the target are created, parents first (a cluster's hosts arrive after
// them: HostsAfterPools); existing ones get their declared allocations.
void PlanPools(PlanRecorder& plan, const std::string& cluster_path, const InventoryCluster* existing,
               const std::vector<FlatPool>& pools) {
  for (const auto& pool : pools) {
    const InventoryPool* found = PoolAt(existing, pool.path);
    PlanPoolItself(plan, {ActionKind::CreateResourcePool, ActionKind::ConfigureResourcePool}, cluster_path,
                   {pool.path, pool.cpu, pool.memory},
                   found ? std::optional(PoolAllocationParams(found->cpu, found->memory)) : std::nullopt);
  }
}

// A cluster's hosts arrive once its pools and vApps are there (a VM moved in finds its
// pool). A standalone host's come after it instead: its compute resource is its add's.
void HostsAfterPools(PlanRecorder& plan, const ClusterSpec& cluster, const std::string& cluster_path,
                     const std::vector<FlatPool>* pools, const std::vector<DesiredVApp>* vapps) {
  for (const auto& host : cluster.hosts) {
    for (Action* add : plan.HostAdds(host.value)) {
      for (const auto& pool : pools ? *pools : std::vector<FlatPool>{}) {
        add->inputs.push_back(PoolReady(cluster_path, pool.path));
      }
      for (const auto& vapp : vapps ? *vapps : std::vector<DesiredVApp>{}) {
        add->inputs.push_back(PoolReady(cluster_path, vapp.path));
      }
    }
  }
}

// The pool or vApp a VM belongs in: a vApp whose members match it, else the first pool
// whose patterns match it (none: the root pool). Nothing when neither is managed for it.
std::optional<std::string> WantedPool(const std::vector<FlatPool>* pools, const std::vector<DesiredVApp>* vapps,
                                      const std::string& vm) {
  if (vapps) {
    if (const DesiredVApp* vapp = VAppFor(*vapps, vm).first) return vapp->path;
  }
  if (!pools) return std::nullopt;
  for (const auto& pool : *pools) {
    if (AnyNameMatches(pool.vms, vm)) return pool.path;
  }
  return "";
}

// Each VM that ends up in the cluster into its pool or vApp, once its host is there. A
// VM in a pool or vApp the desired state does not manage is left where it is.
void PlanMemberships(PlanRecorder& plan, const std::string& dc, const std::string& cluster_path,
                     const InventoryCluster* existing, const std::vector<FlatPool>* pools,
                     const std::vector<DesiredVApp>* vapps, const ClusterVms& vms) {
  for (const auto& [vm, arriving] : vms) {
    const auto wanted = WantedPool(pools, vapps, vm->name);
    if (!wanted) continue;
    const std::string current = arriving ? "" : vm->resource_pool;  // vCenter puts arrivals in the root pool
    const bool managed = (pools && PoolAt(existing, current)) || (vapps && VAppAt(existing, current));
    if (*wanted == current || (!current.empty() && !managed)) continue;
    Action& move = plan.Add(ActionKind::MoveVmToResourcePool, Side::Target, dc + "/" + vm->name);
    move.params = {{"cluster", cluster_path}, {"pool", *wanted}};
    move.prior = {{"cluster", cluster_path}, {"pool", current}};
    move.changes = {{"resource_pool", arriving ? "(arrives with " + vm->host + " in the root pool)" : ShownPool(current),
                     ShownPool(*wanted)}};
    move.inputs = {HostReady(vm->host)};
    if (!wanted->empty()) move.inputs.push_back(PoolReady(cluster_path, *wanted));
    move.outputs = {"vm-pool@target:" + dc + "/" + vm->name};
    move.criticality = Criticality::Finishing;
    move.expected_seconds = 1;
  }
}

// Each VM's overrides as declared (the first entry matching it; none: no override),
// once its host is there. A VM arrives with none: vCenter dropped them on the source.
void PlanOverrides(PlanRecorder& plan, const std::string& dc, const std::string& cluster_path,
                   const InventoryCluster* existing, const std::vector<FlatOverride>& overrides,
                   const ClusterVms& vms) {
  for (const auto& [vm, arriving] : vms) {
    VmOverride wanted;
    for (const auto& entry : overrides) {
      if (AnyNameMatches(entry.vms, vm->name)) {
        wanted = entry.settings;
        break;
      }
    }
    VmOverride current;
    if (!arriving && existing) {
      for (const auto& entry : existing->vm_overrides) {
        if (entry.vm == vm->name) current = entry.settings;
      }
    }
    if (wanted == current) continue;
    Action& set = plan.Add(ActionKind::ConfigureVmOverrides, Side::Target, dc + "/" + vm->name);
    set.params = OverrideParams(wanted);
    set.prior = OverrideParams(current);
    set.changes = Differences(set.prior, set.params);
    for (const auto& [key, value] : set.prior) {
      if (!set.params.count(key)) set.changes.push_back({key, value, "(the cluster's)"});
    }
    set.params["cluster"] = cluster_path;
    set.prior["cluster"] = cluster_path;
    set.inputs = {HostReady(vm->host)};
    set.criticality = Criticality::Finishing;
    set.expected_seconds = 2;
  }
}

// The names of the VMs whose planned `kind` action on the target sets a param other
// than the cluster (puts the VM in a pool, gives it an override): the root pool or no
// override is "".
std::set<std::string> CarriedBy(PlanRecorder& plan, ActionKind kind) {
  std::set<std::string> carried;
  for (const auto& action : plan.actions()) {
    if (action.kind != kind || action.side != Side::Target) continue;
    for (const auto& [key, value] : action.params) {
      if (key != "cluster" && !value.empty()) carried.insert(action.object.substr(action.object.rfind('/') + 1));
    }
  }
  return carried;
}

// A vApp or a pool inside one: its VMs are told of by the vApps note.
bool InVApp(const InventoryCluster* cluster, const std::string& pool) {
  return cluster && std::any_of(cluster->vapps.begin(), cluster->vapps.end(), [&](const InventoryVApp& vapp) {
           return pool == vapp.path || pool.starts_with(vapp.path + "/");
         });
}

void NoteLost(PlanRecorder& plan, const std::vector<std::string>& lost, const std::string& one,
              const std::string& many, const std::string& rest) {
  if (lost.empty()) return;
  plan.Note({}, std::to_string(lost.size()) + " " + (lost.size() == 1 ? one : many) + " " + FirstFew(lost) + " (" +
                    rest + ")");
}

// The pools and vApps of the moving standalone hosts that the plan does not make on the
// target: vCenter destroys them with each host ("DC1/esx-05/Gold").
std::vector<std::string> StandalonePoolsNotMade(PlanRecorder& plan) {
  std::set<std::string> made;  // "esx-05/Gold": the object without its datacenter
  for (const auto& action : plan.actions()) {
    const bool creates = action.kind == ActionKind::CreateResourcePool || action.kind == ActionKind::CreateVApp;
    if (creates && action.side == Side::Target) made.insert(action.object.substr(action.object.find('/') + 1));
  }
  std::vector<std::string> lost;
  for (const auto& name : plan.LeavingHosts()) {
    const InventoryHost* host = plan.source_index().Host(name);
    if (!host || !host->cluster.empty()) continue;
    std::vector<std::string> paths;
    for (const auto& pool : host->pools) paths.push_back(pool.path);
    for (const auto& vapp : host->vapps) paths.push_back(vapp.path);
    for (const auto& path : paths) {
      if (!made.count(host->name + "/" + path)) lost.push_back(host->datacenter + "/" + host->name + "/" + path);
    }
  }
  return lost;
}

}  // namespace

std::map<std::string, std::string> PoolAllocationParams(const PoolAllocation& cpu, const PoolAllocation& memory) {
  auto params = AllocationParams("cpu", cpu);
  const auto more = AllocationParams("memory", memory);
  params.insert(more.begin(), more.end());
  return params;
}

std::set<std::string> HostsOf(const ClusterSpec& cluster) {
  std::set<std::string> hosts;
  for (const auto& host : cluster.hosts) hosts.insert(host.value);
  return hosts;
}

void NothingToInherit(PlanRecorder& plan, const ClusterSpec& cluster, const std::string& what, bool exists) {
  if (exists) return;
  plan.Error(cluster.location,
             what + ": inherit, but none of the hosts of cluster '" + cluster.name + "' is in a cluster on the source");
}

void PlanPoolItself(PlanRecorder& plan, PoolKinds kinds, const std::string& cluster_path, const InventoryPool& wanted,
                    const std::optional<std::map<std::string, std::string>>& found) {
  const std::map<std::string, std::string> where = {{"cluster", cluster_path}, {"pool", wanted.path}};
  const auto allocations = PoolAllocationParams(wanted.cpu, wanted.memory);
  const std::string object = cluster_path + "/" + wanted.path;
  if (found) {
    auto changes = Differences(*found, allocations);
    if (changes.empty()) return;
    Action& configure = plan.Add(kinds.configure, Side::Target, object);
    SetChanges(configure, std::move(changes));
    configure.params.insert(where.begin(), where.end());
    configure.prior.insert(where.begin(), where.end());
    configure.outputs = {PoolReady(cluster_path, wanted.path)};
    configure.expected_seconds = 1;
    return;
  }
  Action& create = plan.Add(kinds.create, Side::Target, object);
  create.params = allocations;
  create.changes = Differences({}, allocations);
  create.params.insert(where.begin(), where.end());
  create.prior = where;
  const std::string parent = ParentPool(wanted.path);
  create.inputs = {parent.empty() ? ClusterReady(cluster_path) : PoolReady(cluster_path, parent)};
  create.outputs = {PoolReady(cluster_path, wanted.path)};
  create.expected_seconds = 1;
}

void NoteResourcePoolsLeftBehind(PlanRecorder& plan) {
  const std::set<std::string> in_pool = CarriedBy(plan, ActionKind::MoveVmToResourcePool);
  const std::set<std::string> overridden = CarriedBy(plan, ActionKind::ConfigureVmOverrides);
  std::vector<std::string> pools, vapps, overrides;
  for (const auto& name : plan.LeavingHosts()) {
    const InventoryHost* host = plan.source_index().Host(name);
    if (!host || host->cluster.empty()) continue;
    const InventoryCluster* cluster = plan.source_index().Cluster(host->datacenter, host->cluster);
    for (const InventoryVm* vm : plan.source_index().VmsOn(name)) {
      const std::string path = vm->datacenter + "/" + vm->name;
      if (!vm->resource_pool.empty() && !in_pool.count(vm->name)) {
        const bool vapp = InVApp(cluster, vm->resource_pool);
        (vapp ? vapps : pools)
            .push_back(path + (vapp ? " (vApp " : " (pool ") + host->datacenter + "/" + host->cluster + "/" +
                       vm->resource_pool + ")");
      }
      const bool has_override = cluster && std::any_of(cluster->vm_overrides.begin(), cluster->vm_overrides.end(),
                                                       [&](const InventoryVmOverride& o) { return o.vm == vm->name; });
      if (has_override && !overridden.count(vm->name)) overrides.push_back(path);
    }
  }
  NoteLost(plan, pools, "VM of the moving hosts not carried into its resource pool on the target:",
           "VMs of the moving hosts not carried into their resource pools on the target:",
           "a VM arrives in the target cluster's root pool; the cluster's resource_pools: naming the VMs, or inherit, "
           "carries them");
  NoteLost(plan, vapps, "VM of the moving hosts not carried into its vApp on the target:",
           "VMs of the moving hosts not carried into their vApps on the target:",
           "a VM arrives in the target cluster's root pool, without its start order; the cluster's vapps: naming the "
           "VMs, or inherit, carries them");
  NoteLost(plan, StandalonePoolsNotMade(plan),
           "resource pool or vApp of the moving standalone hosts not made on the target:",
           "resource pools and vApps of the moving standalone hosts not made on the target:",
           "vCenter destroys them with the host, whose VMs arrive in its root pool; the standalone host's "
           "resource_pools: and vapps:, or inherit, carry them");
  NoteLost(plan, overrides, "VM's HA/DRS overrides not carried to the target:",
           "VMs' HA/DRS overrides not carried to the target:",
           "the source drops them with the host; the cluster's vm_overrides: naming the VMs, or inherit, carries them");
}

namespace {

// A cluster's pools, vApps and overrides, or (`standalone`) a standalone host's pools and
// vApps planned as those of a cluster of one named after it (its compute resource's name).
void PlanOwnerPools(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster,
                    const InventoryCluster* existing, const InventoryCluster* inherited, bool standalone) {
  const auto pools = DesiredPools(plan, cluster, inherited, existing != nullptr);
  const auto overrides = DesiredOverrides(plan, cluster, inherited, existing != nullptr);
  const auto vapps = DesiredVApps(plan, cluster, inherited, existing != nullptr);
  if (!pools && !overrides && !vapps) return;
  const std::string cluster_path = dc.name + "/" + cluster.name;
  // The VMs that end up in the cluster: there already, then arriving from the source.
  ClusterVms vms;
  std::set<std::string> seen;
  for (const InventoryIndex* inventory : {&plan.target_index(), &plan.source_index()}) {
    const bool arriving = inventory == &plan.source_index();
    if (arriving && plan.same_vcenter()) break;
    for (const InventoryVm* vm : VmsOn(*inventory, HostsOf(cluster))) {
      if (seen.insert(vm->name).second) vms.emplace_back(vm, arriving);
    }
  }
  if (pools) PlanPools(plan, cluster_path, existing, *pools);
  if (vapps) PlanVApps(plan, dc.name, cluster_path, existing, *vapps, vms);
  if (!standalone) HostsAfterPools(plan, cluster, cluster_path, pools ? &*pools : nullptr, vapps ? &*vapps : nullptr);
  if (pools || vapps) {
    PlanMemberships(plan, dc.name, cluster_path, existing, pools ? &*pools : nullptr, vapps ? &*vapps : nullptr, vms);
  }
  if (overrides) PlanOverrides(plan, dc.name, cluster_path, existing, *overrides, vms);
}

}  // namespace

ClusterSpec StandaloneOwner(const StandaloneHostSpec& host) {
  ClusterSpec owner;
  owner.name = host.name.value;
  owner.hosts = {host.name};
  owner.location = host.location;
  owner.resource_pools = host.resource_pools;
  owner.vapps = host.vapps;
  return owner;
}

std::optional<InventoryCluster> PoolsOfStandalone(const InventoryHost* host, const std::string& dc) {
  if (!host || !host->cluster.empty() || (!dc.empty() && host->datacenter != dc)) return std::nullopt;
  return PoolOwnerOf(*host);
}

void PlanResourcePools(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster) {
  PlanOwnerPools(plan, dc, cluster, plan.target_index().Cluster(dc.name, cluster.name), InheritFrom(plan, cluster),
                 false);
}

void PlanStandalonePools(PlanRecorder& plan, const DatacenterSpec& dc, const StandaloneHostSpec& host) {
  const std::string& name = host.name.value;
  const auto existing = PoolsOfStandalone(plan.target_index().Host(name), dc.name);
  const auto inherited = plan.same_vcenter() ? std::nullopt : PoolsOfStandalone(plan.source_index().Host(name), "");
  const ClusterSpec owner = StandaloneOwner(host);
  using Mode = Managed<std::vector<PoolSpec>>::Mode;
  const bool inherits = owner.resource_pools.mode == Mode::Inherit ||
                        owner.vapps.mode == Managed<std::vector<VAppSpec>>::Mode::Inherit;
  if (inherits && !inherited && !existing) {
    plan.Error(host.location, "resource_pools/vapps: inherit, but host '" + name + "' is not standalone on the source");
    return;
  }
  // Its pools are made once it is there: its compute resource comes with its add.
  for (Action* add : plan.HostAdds(name)) add->outputs.push_back(ClusterReady(dc.name + "/" + name));
  PlanOwnerPools(plan, dc, owner, existing ? &*existing : nullptr, inherited ? &*inherited : nullptr, true);
}

}  // namespace vcshift::planning
