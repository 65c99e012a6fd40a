#pragma once
// A resource pool's allocations and a cluster's per-VM HA/DRS overrides as vCenter shows
// them, and a vApp member's start order entry and a vApp's sections, in the engine's values
// (engine/resource_pools.h, engine/vapps.h), and back into the specs that change them:
// the one translation for discovery and the operations (ops/resource_pools.cc, ops/vapps.cc).

#include "engine/resource_pools.h"
#include "engine/vapps.h"
#include "providers/vsphere/mo_ref.h"
#include "soapH.h"

namespace vcshift::vsphere {

PoolAllocation ReadAllocation(const vim25__ResourceAllocationInfo* info);
// Every field set, as CreateResourcePool requires and UpdateConfig accepts.
vim25__ResourceAllocationInfo* NewAllocation(struct soap* soap, const PoolAllocation& allocation);

// The HA part (dasSettings; the older top-level restartPriority when it has none).
void ReadHaOverride(const vim25__ClusterDasVmConfigInfo& info, VmOverride& override);
void ReadDrsOverride(const vim25__ClusterDrsVmConfigInfo& info, VmOverride& override);

// A vApp member's start order entry (VAppEntityConfigInfo; an unset field: the default),
// and one that sets every field for `vm`, as UpdateVAppConfig takes it.
VAppMember ReadVAppEntry(const vim25__VAppEntityConfigInfo& info);
vim25__VAppEntityConfigInfo* NewVAppEntry(struct soap* soap, const MoRef& vm,
                                          const VAppMember& member);

// A vApp's product and property sections (an unset text: "").
VAppSections ReadVAppSections(const vim25__VmConfigInfo& config);
// The ArrayUpdateSpecs that make `from`'s sections `to`'s, by key: added, edited (the
// whole section), removed; none for a section alike in both.
void AddSectionChanges(struct soap* soap, vim25__VmConfigSpec& spec, const VAppSections& from,
                       const VAppSections& to);

}  // namespace vcshift::vsphere
