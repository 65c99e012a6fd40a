// Resource pools and vApps on the target, the VMs moved into them, the VMs' start order
// entries in their vApps, and the VMs' HA/DRS overrides.

#include <algorithm>

#include "engine/resource_pools.h"
#include "providers/vsphere/ops/calls.h"
#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/ops/ops.h"
#include "providers/vsphere/ops/outcome.h"
#include "providers/vsphere/ops/pool_tree.h"
#include "providers/vsphere/ops/values.h"
#include "providers/vsphere/ops/vm_pools.h"
#include "providers/vsphere/pool_config.h"
#include "providers/vsphere/properties.h"
#include "providers/vsphere/session.h"

namespace vcshift::vsphere::ops {
namespace {

// The compute resource the action's `cluster` param names (a cluster, or a standalone
// host's, "DC1/esx-05"); NotFound when it is not there.
Result<MoRef> ClusterOf(const OpContext& op) {
  auto cluster = FindComputeResource(op.session, op.Param("cluster"));
  if (cluster && cluster->empty()) {
    return Fault{"NotFound", "no cluster or standalone host '" + op.Param("cluster") + "'", op.action.object, "", ""};
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

// The allocations the action's declared keys set over `current`.
Allocations Wanted(const Action& action, const Allocations& current) {
  auto params = ParamsOf(current);
  for (const auto& [key, value] : action.params) {
    if (params.count(key)) params[key] = value;
  }
  return {AllocationFromParams("cpu", params), AllocationFromParams("memory", params)};
}

Captured PoolPlace(const OpContext& op) { return {{"cluster", op.Param("cluster")}, {"pool", op.Param("pool")}}; }

// A pool or vApp (`make` calls vCenter, given the parent) at the action's path, unless
// it is there.
template <typename Make>
ActionResult CreatePoolLike(const OpContext& op, Make make) {
  auto cluster = ClusterOf(op);
  if (!cluster) return Failed(cluster.fault());
  const std::string path = op.Param("pool");
  auto pool = FindPool(op.session, *cluster, path);
  if (!pool) return Failed(pool.fault());
  if (!pool->empty()) return AlreadyDone(PoolPlace(op));
  auto parent = FindPool(op.session, *cluster, ParentPool(path));
  if (!parent) return Failed(parent.fault());
  if (parent->empty()) return Refused("NotFound", op.action.object, "no resource pool '" + ParentPool(path) + "'");
  auto made = make(*parent, NameOf(path), Wanted(op.action, {}));
  return made ? Succeeded(PoolPlace(op)) : Failed(made.fault());
}

// A vApp's sections and its entry in the vApp it is inside, as configure_vapp's params:
// what a vApp destroyed needs to come back as it was.
Result<Captured> VAppConfigParams(const OpContext& op, const MoRef& cluster, const MoRef& vapp) {
  auto sections = VAppSectionsOf(op.session, vapp);
  if (!sections) return sections.fault();
  Captured params = SectionParams(sections->products, sections->properties);
  auto outer = FindPool(op.session, cluster, ParentPool(op.Param("pool")));
  if (!outer) return outer.fault();
  if (outer->type != "VirtualApp") return params;
  auto entries = VAppEntriesOf(op.session, *outer);
  if (!entries) return entries.fault();
  if (const auto entry = entries->find(vapp.value); entry != entries->end()) {
    params[kVAppStartParam] = MemberText(entry->second);
  }
  return params;
}

// Only an empty pool or vApp: vCenter would move what a pool holds to its parent, and
// destroy a vApp's VMs with it. A cluster (or standalone host) that is gone took its
// pools with it.
ActionResult DestroyEmptyPool(const OpContext& op, const std::string& what) {
  auto cluster = FindComputeResource(op.session, op.Param("cluster"));
  if (!cluster) return Failed(cluster.fault());
  if (cluster->empty()) return AlreadyDone();
  auto pool = FindPool(op.session, *cluster, op.Param("pool"));
  if (!pool) return Failed(pool.fault());
  if (pool->empty()) return AlreadyDone();
  for (const char* held : {"vm", "resourcePool"}) {
    auto refs = ReadRefs(op.session, *pool, held);
    if (!refs) return Failed(refs.fault());
    if (!refs->empty()) {
      return Refused("ResourceInUse", op.action.object, what + " '" + op.Param("pool") + "' is not empty: not removed");
    }
  }
  auto allocations = AllocationsOf(op.session, *pool);
  if (!allocations) return Failed(allocations.fault());
  Captured captured = ParamsOf(*allocations);
  captured.merge(PoolPlace(op));
  if (pool->type == "VirtualApp") {
    auto config = VAppConfigParams(op, *cluster, *pool);
    if (!config) return Failed(config.fault());
    captured.merge(*config);
  }
  auto destroyed = Destroy(op.session, *pool, op.action.object, op.deadline);
  if (!destroyed) return Failed(destroyed.fault());
  return Succeeded(captured);
}

// The allocations the action declares set on `pool` (UpdateConfig), those before them
// captured; false when they hold already.
Result<bool> SetAllocations(const OpContext& op, const MoRef& pool, Captured& captured) {
  auto current = AllocationsOf(op.session, pool);
  if (!current) return current.fault();
  const Allocations wanted = Wanted(op.action, *current);
  const auto before = ParamsOf(*current);
  for (const auto& [key, value] : op.action.params) {
    if (before.count(key)) captured[key] = before.at(key);
  }
  if (ParamsOf(wanted) == before) return false;
  auto updated = op.session.Invoke("UpdateConfig", Effect::Changes, op.action.object, [&](Channel& channel) {
    _vim25__UpdateConfig request;
    request._USCOREthis = NewMor(channel.soap(), pool);
    request.config = NewResourceSpec(channel.soap(), wanted);
    _vim25__UpdateConfigResponse response;
    return soap_call___vim25__UpdateConfig(channel.soap(), channel.endpoint(), channel.action(), &request, response);
  });
  if (!updated) return updated.fault();
  return true;
}

// The start order entry a configure_vapp on a VM declares (member.<VM>), the one before
// captured: "" is none, which is left as it is (the VM is leaving the vApp). False when
// it holds already.
Result<bool> SetMemberEntry(const OpContext& op, const MoRef& vapp, Captured& captured) {
  for (const auto& [key, wanted] : op.action.params) {
    if (!key.starts_with(kVAppMemberPrefix)) continue;
    auto vm = VmOf(op);
    if (!vm) return vm.fault();
    auto entries = VAppEntriesOf(op.session, vapp);
    if (!entries) return entries.fault();
    const auto current = entries->find(vm->value);
    captured[key] = current == entries->end() ? "" : MemberText(current->second);
    if (wanted.empty() || wanted == captured[key]) return false;
    auto now = PoolOfVm(op.session, *vm);
    if (!now) return now.fault();
    if (!(*now == vapp)) {
      return Fault{"InvalidState", "VM is not in vApp '" + op.Param("pool") + "'", op.action.object, "", ""};
    }
    auto set = SetVAppEntry(op.session, vapp, *vm, MemberFromText(wanted), op.action.object);
    if (!set) return set.fault();
    return true;
  }
  return false;
}

// The sections a configure_vapp declares (product.<key>.<field>, property.<key>.<field>)
// set, every declared field's value before captured ("": no such section). False when
// they hold already.
Result<bool> SetSections(const OpContext& op, const MoRef& vapp, Captured& captured) {
  if (std::none_of(op.action.params.begin(), op.action.params.end(),
                   [](const auto& param) { return IsSectionParam(param.first); })) {
    return false;
  }
  auto current = VAppSectionsOf(op.session, vapp);
  if (!current) return current.fault();
  const auto before = SectionParams(current->products, current->properties);
  for (const auto& [key, value] : op.action.params) {
    if (!IsSectionParam(key)) continue;
    const auto had = before.find(key);
    captured[key] = had == before.end() ? "" : had->second;
  }
  const VAppSections wanted = WithParams(*current, op.action.params);
  if (wanted == *current) return false;
  auto set = SetVAppSections(op.session, vapp, *current, wanted, op.action.object);
  if (!set) return set.fault();
  return true;
}

// The entry a configure_vapp declares (start) for the vApp in the start order of the
// vApp it is inside, the one before captured ("" none: left as it is, as vSphere has no
// way to take one away but to take the vApp out). False when it holds already.
Result<bool> SetEntryInOuter(const OpContext& op, const MoRef& cluster, const MoRef& vapp, Captured& captured) {
  const auto wanted = op.action.params.find(kVAppStartParam);
  if (wanted == op.action.params.end()) return false;
  const std::string outer_path = ParentPool(op.Param("pool"));
  auto outer = FindPool(op.session, cluster, outer_path);
  if (!outer) return outer.fault();
  if (outer->empty() || outer->type != "VirtualApp") {
    return Fault{"NotFound", "no vApp '" + outer_path + "' that vApp '" + op.Param("pool") + "' is inside",
                 op.action.object, "", ""};
  }
  auto entries = VAppEntriesOf(op.session, *outer);
  if (!entries) return entries.fault();
  const auto current = entries->find(vapp.value);
  captured[kVAppStartParam] = current == entries->end() ? "" : MemberText(current->second);
  if (wanted->second.empty() || wanted->second == captured[kVAppStartParam]) return false;
  auto set = SetVAppEntry(op.session, *outer, vapp, MemberFromText(wanted->second), op.action.object);
  if (!set) return set.fault();
  return true;
}

}  // namespace

ActionResult CreateResourcePool(const OpContext& op) {
  return CreatePoolLike(op, [&](const MoRef& parent, const std::string& name, const Allocations& wanted) -> Status {
    return CreatePoolIn(op.session, parent, name, wanted, op.action.object);
  });
}

ActionResult DestroyResourcePool(const OpContext& op) { return DestroyEmptyPool(op, "resource pool"); }

ActionResult ConfigureResourcePool(const OpContext& op) {
  auto cluster = ClusterOf(op);
  if (!cluster) return Failed(cluster.fault());
  auto pool = FindPool(op.session, *cluster, op.Param("pool"));
  if (!pool) return Failed(pool.fault());
  if (pool->empty()) return Refused("NotFound", op.action.object, "no resource pool '" + op.Param("pool") + "'");
  Captured captured = PoolPlace(op);
  auto changed = SetAllocations(op, *pool, captured);
  if (!changed) return Failed(changed.fault());
  return *changed ? Succeeded(captured) : AlreadyDone(captured);
}

// A vApp in the pool at its parent path: in the datacenter's VM folder when that is the
// root pool ("This must be null if this is a child vApp": the reference, CreateVApp).
// Given sections or an entry in the vApp it is inside, it is given them once there, made
// now or before (a resumed run); when that fails, the vApp goes again: a failed action
// is not undone by a rollback, and what it made would be left behind.
ActionResult CreateVApp(const OpContext& op) {
  const ActionResult made = CreatePoolLike(op, [&](const MoRef& parent, const std::string& name, const Allocations& wanted) -> Status {
    MoRef folder;
    if (parent.type != "VirtualApp") {
      auto found = FindByPath(op.session, VmFolderPath(DatacenterOf(op.Param("cluster")), ""));
      if (!found) return found.fault();
      folder = *found;
    }
    return CreateVAppIn(op.session, parent, name, wanted, folder, op.action.object);
  });
  const bool configured = std::any_of(op.action.params.begin(), op.action.params.end(), [](const auto& param) {
    return param.first == kVAppStartParam || IsSectionParam(param.first);
  });
  if (made.status == ActionResult::Status::Failed || !configured) return made;
  auto cluster = ClusterOf(op);
  if (!cluster) return Failed(cluster.fault());
  auto vapp = FindPool(op.session, *cluster, op.Param("pool"));
  if (!vapp) return Failed(vapp.fault());
  Captured ignored;  // its inverse destroys it: nothing of before is needed
  auto sections = SetSections(op, *vapp, ignored);
  auto entry = sections ? SetEntryInOuter(op, *cluster, *vapp, ignored) : Result<bool>(false);
  if (sections && entry) return *sections || *entry ? Succeeded(made.captured) : made;
  const Fault fault = sections ? entry.fault() : sections.fault();
  if (auto undone = Destroy(op.session, *vapp, op.action.object, op.deadline); !undone) {
    return Failed(Fault{fault.type, Describe(fault) + "; the vApp it made is left: " + Describe(undone.fault()),
                        op.action.object, "", ""});
  }
  return Failed(fault);
}

ActionResult DestroyVApp(const OpContext& op) { return DestroyEmptyPool(op, "vApp"); }

// A vApp's allocations, sections and entry in the vApp it is inside; or one member's
// start order entry (the action on the VM).
ActionResult ConfigureVApp(const OpContext& op) {
  auto cluster = ClusterOf(op);
  if (!cluster) return Failed(cluster.fault());
  auto vapp = FindPool(op.session, *cluster, op.Param("pool"));
  if (!vapp) return Failed(vapp.fault());
  if (vapp->empty() || vapp->type != "VirtualApp") {
    return Refused("NotFound", op.action.object, "no vApp '" + op.Param("pool") + "'");
  }
  Captured captured = PoolPlace(op);
  auto allocations = SetAllocations(op, *vapp, captured);
  if (!allocations) return Failed(allocations.fault());
  auto sections = SetSections(op, *vapp, captured);
  if (!sections) return Failed(sections.fault());
  auto outer = SetEntryInOuter(op, *cluster, *vapp, captured);
  if (!outer) return Failed(outer.fault());
  auto entry = SetMemberEntry(op, *vapp, captured);
  if (!entry) return Failed(entry.fault());
  return *allocations || *sections || *outer || *entry ? Succeeded(captured) : AlreadyDone(captured);
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
