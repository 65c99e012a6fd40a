// Resource pools on the target, the VMs moved into them, and the VMs' HA/DRS overrides.

#include "engine/resource_pools.h"
#include "providers/vsphere/ops/calls.h"
#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/ops/ops.h"
#include "providers/vsphere/ops/outcome.h"
#include "providers/vsphere/ops/values.h"
#include "providers/vsphere/ops/vm_pools.h"
#include "providers/vsphere/pool_config.h"
#include "providers/vsphere/properties.h"
#include "providers/vsphere/session.h"

namespace vcshift::vsphere::ops {
namespace {

// The cluster the action's `cluster` param names; NotFound when it is not there.
Result<MoRef> ClusterOf(const OpContext& op) {
  auto cluster = FindCluster(op.session, op.Param("cluster"));
  if (cluster && cluster->empty()) {
    return Fault{"NotFound", "no cluster '" + op.Param("cluster") + "'", op.action.object, "", ""};
  }
  return cluster;
}

// The VM the action's object names ("DC1/vm-1").
Result<MoRef> VmOf(const OpContext& op) {
  const std::string dc = DatacenterOf(op.action.object), name = NameOf(op.action.object);
  auto root = FindByPath(op.session, VmFolderPath(dc, ""));
  if (!root) return root;
  if (root->empty()) return Fault{"NotFound", "datacenter '" + dc + "' does not exist", op.action.object, "", ""};
  auto vm = FindNamed(op.session, *root, "VirtualMachine", name);
  if (vm && vm->empty()) return Fault{"NotFound", "VM '" + name + "' is not in '" + dc + "'", op.action.object, "", ""};
  return vm;
}

struct Allocations {
  PoolAllocation cpu, memory;
};

Result<Allocations> AllocationsOf(Session& session, const MoRef& pool) {
  Allocations read;
  auto status = RetrieveProperties(session, {pool}, pool.type, {"config"},
                                   [&](const MoRef&, const std::string&, const xsd__anyType* value) {
                                     if (const auto* config = dynamic_cast<const vim25__ResourceConfigSpec*>(value)) {
                                       read.cpu = ReadAllocation(config->cpuAllocation);
                                       read.memory = ReadAllocation(config->memoryAllocation);
                                     }
                                   });
  if (!status) return status.fault();
  return read;
}

std::map<std::string, std::string> ParamsOf(const Allocations& allocations) {
  auto params = AllocationParams("cpu", allocations.cpu);
  const auto memory = AllocationParams("memory", allocations.memory);
  params.insert(memory.begin(), memory.end());
  return params;
}

vim25__ResourceConfigSpec* NewSpec(struct soap* soap, const Allocations& allocations) {
  auto* spec = soap_new_vim25__ResourceConfigSpec(soap);
  spec->cpuAllocation = NewAllocation(soap, allocations.cpu);
  spec->memoryAllocation = NewAllocation(soap, allocations.memory);
  return spec;
}

// The allocations the action's declared keys set over `current`.
Allocations Wanted(const Action& action, const Allocations& current) {
  auto params = ParamsOf(current);
  for (const auto& [key, value] : action.params) {
    if (params.count(key)) params[key] = value;
  }
  return {AllocationFromParams("cpu", params), AllocationFromParams("memory", params)};
}

Captured PoolPlace(const OpContext& op) { return {{"cluster", op.Param("cluster")}, {"pool", op.Param("pool")}}; }

}  // namespace

ActionResult CreateResourcePool(const OpContext& op) {
  auto cluster = ClusterOf(op);
  if (!cluster) return Failed(cluster.fault());
  const std::string path = op.Param("pool");
  auto pool = FindPool(op.session, *cluster, path);
  if (!pool) return Failed(pool.fault());
  if (!pool->empty()) return AlreadyDone(PoolPlace(op));
  auto parent = FindPool(op.session, *cluster, ParentPool(path));
  if (!parent) return Failed(parent.fault());
  if (parent->empty()) return Refused("NotFound", op.action.object, "no resource pool '" + ParentPool(path) + "'");
  const Allocations wanted = Wanted(op.action, {});
  auto made = op.session.Invoke("CreateResourcePool", Effect::Changes, op.action.object, [&](Channel& channel) {
    _vim25__CreateResourcePool request;
    request._USCOREthis = NewMor(channel.soap(), *parent);
    request.name = NameOf(path);
    request.spec = NewSpec(channel.soap(), wanted);
    _vim25__CreateResourcePoolResponse response;
    return soap_call___vim25__CreateResourcePool(channel.soap(), channel.endpoint(), channel.action(), &request,
                                                 response);
  });
  return made ? Succeeded(PoolPlace(op)) : Failed(made.fault());
}

// Only an empty pool: vCenter would move what it holds to its parent. A cluster that is
// gone took its pools with it.
ActionResult DestroyResourcePool(const OpContext& op) {
  auto cluster = FindCluster(op.session, op.Param("cluster"));
  if (!cluster) return Failed(cluster.fault());
  if (cluster->empty()) return AlreadyDone();
  auto pool = FindPool(op.session, *cluster, op.Param("pool"));
  if (!pool) return Failed(pool.fault());
  if (pool->empty()) return AlreadyDone();
  for (const char* held : {"vm", "resourcePool"}) {
    auto refs = ReadRefs(op.session, *pool, held);
    if (!refs) return Failed(refs.fault());
    if (!refs->empty()) {
      return Refused("ResourceInUse", op.action.object,
                     "resource pool '" + op.Param("pool") + "' is not empty: not removed");
    }
  }
  auto allocations = AllocationsOf(op.session, *pool);
  if (!allocations) return Failed(allocations.fault());
  auto destroyed = Destroy(op.session, *pool, op.action.object, op.deadline);
  if (!destroyed) return Failed(destroyed.fault());
  Captured captured = ParamsOf(*allocations);
  captured.merge(PoolPlace(op));
  return Succeeded(captured);
}

ActionResult ConfigureResourcePool(const OpContext& op) {
  auto cluster = ClusterOf(op);
  if (!cluster) return Failed(cluster.fault());
  auto pool = FindPool(op.session, *cluster, op.Param("pool"));
  if (!pool) return Failed(pool.fault());
  if (pool->empty()) return Refused("NotFound", op.action.object, "no resource pool '" + op.Param("pool") + "'");
  auto current = AllocationsOf(op.session, *pool);
  if (!current) return Failed(current.fault());
  const Allocations wanted = Wanted(op.action, *current);
  Captured captured = PoolPlace(op);
  const auto before = ParamsOf(*current);
  for (const auto& [key, value] : op.action.params) {
    if (before.count(key)) captured[key] = before.at(key);
  }
  if (ParamsOf(wanted) == before) return AlreadyDone(captured);
  auto updated = op.session.Invoke("UpdateConfig", Effect::Changes, op.action.object, [&](Channel& channel) {
    _vim25__UpdateConfig request;
    request._USCOREthis = NewMor(channel.soap(), *pool);
    request.config = NewSpec(channel.soap(), wanted);
    _vim25__UpdateConfigResponse response;
    return soap_call___vim25__UpdateConfig(channel.soap(), channel.endpoint(), channel.action(), &request, response);
  });
  return updated ? Succeeded(captured) : Failed(updated.fault());
}

ActionResult MoveVmToResourcePool(const OpContext& op) {
  auto cluster = ClusterOf(op);
  if (!cluster) return Failed(cluster.fault());
  auto vm = VmOf(op);
  if (!vm) return Failed(vm.fault());
  auto pool = FindPool(op.session, *cluster, op.Param("pool"));
  if (!pool) return Failed(pool.fault());
  if (pool->empty()) return Refused("NotFound", op.action.object, "no resource pool '" + op.Param("pool") + "'");
  auto now = PoolOfVm(op.session, *vm);
  if (!now) return Failed(now.fault());
  auto from = PoolPathOf(op.session, *now);
  if (!from) return Failed(from.fault());
  const Captured captured = {{"cluster", op.Param("cluster")}, {"pool", *from}};
  if (*now == *pool) return AlreadyDone(captured);
  auto moved = MoveIntoPool(op.session, *pool, {*vm}, op.action.object);
  return moved ? Succeeded(captured) : Failed(moved.fault());
}

ActionResult ConfigureVmOverrides(const OpContext& op) {
  auto cluster = ClusterOf(op);
  if (!cluster) return Failed(cluster.fault());
  auto vm = VmOf(op);
  if (!vm) return Failed(vm.fault());
  auto current = OverridesOf(op.session, *cluster, *vm);
  if (!current) return Failed(current.fault());
  Captured captured = OverrideParams(*current);
  captured["cluster"] = op.Param("cluster");
  const VmOverride wanted = OverrideFromParams(op.action.params);
  if (wanted == *current) return AlreadyDone(captured);
  auto set = SetOverrides(op.session, *cluster, *vm, wanted, *current, op.action.object, op.deadline);
  return set ? Succeeded(captured) : Failed(set.fault());
}

}  // namespace vcshift::vsphere::ops
