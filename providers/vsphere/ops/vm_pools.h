#pragma once
// Resource pools and per-VM HA/DRS overrides as the operations need them: a pool found
// by its path below a cluster's root pool, a VM's pool and overrides read and set, and
// what a host's removal captures of its VMs' pools and overrides (vCenter drops both
// when the VMs leave its inventory with the host) so that adding it back restores them.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "engine/resource_pools.h"
#include "engine/vapps.h"
#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class Session;

// Captured values (vCenter drops a VM's vApp entry with it too): "pool:<VM>" -> its pool's path ("Tier1/DB"; none for the root pool),
// "override:<VM>" -> its overrides as "key=value;..." (OverrideParams' keys; none for none).
inline constexpr char kVmPoolPrefix[] = "pool:";
inline constexpr char kVmOverridePrefix[] = "override:";
// "vapp:<VM>" -> its start order entry in the vApp it is in (MemberText).
inline constexpr char kVmVAppEntryPrefix[] = "vapp:";

// The pool at `path` below `cluster`'s root pool ("" the root pool); empty when none.
Result<MoRef> FindPool(Session& session, const MoRef& cluster, const std::string& path);
// The pool a VM is in (its resourcePool).
Result<MoRef> PoolOfVm(Session& session, const MoRef& vm);
// A pool's path below its root pool.
Result<std::string> PoolPathOf(Session& session, MoRef pool);
// MoveIntoResourcePool: `entities` (VMs, pools) into `pool`.
Status MoveIntoPool(Session& session, const MoRef& pool, const std::vector<MoRef>& entities, const std::string& object);

// The VM's overrides in `cluster` (none: an empty VmOverride).
Result<VmOverride> OverridesOf(Session& session, const MoRef& cluster, const MoRef& vm);
// Makes the VM's entries `wanted`: each part added (replacing one there) or removed.
Status SetOverrides(Session& session, const MoRef& cluster, const MoRef& vm, const VmOverride& wanted,
                    const VmOverride& current, const std::string& object, std::chrono::steady_clock::time_point deadline);

// A vApp's start order entries, by entity id; and one entity's (a VM's, a vApp's inside
// it) entry set (UpdateVAppConfig).
Result<std::map<std::string, VAppMember>> VAppEntriesOf(Session& session, const MoRef& vapp);
Status SetVAppEntry(Session& session, const MoRef& vapp, const MoRef& vm, const VAppMember& entry,
                    const std::string& object);

// A vApp's product and property sections; and `from`'s made `to`'s (UpdateVAppConfig).
Result<VAppSections> VAppSectionsOf(Session& session, const MoRef& vapp);
Status SetVAppSections(Session& session, const MoRef& vapp, const VAppSections& from, const VAppSections& to,
                       const std::string& object);

// What the VMs of `host`, in `owner` (its cluster, or its own compute resource when
// standalone: no overrides there), have of pools and overrides, as captured values.
Result<std::map<std::string, std::string>> PoolsAndOverridesOn(Session& session, const MoRef& owner, const MoRef& host);
// Puts each VM of `host` that `captured` names back in its pool of `owner` (the host's
// cluster or compute resource) and gives it its overrides. A pool that is gone leaves
// the VM in the root pool.
Status ReturnVmsToPools(Session& session, const MoRef& owner, const MoRef& host,
                        const std::map<std::string, std::string>& captured, const std::string& object,
                        std::chrono::steady_clock::time_point deadline);

}  // namespace vcshift::vsphere
