#pragma once
// A distributed switch's and a port group's settings as vCenter's config shows them, in
// the inventory's values: the one reader for discovery and the operations that change
// them (ops/dvs.cc), so what a plan compares and what an operation sees agree.

#include "engine/inventory.h"
#include "soapH.h"

namespace vcshift::vsphere {

// Uplink names, network I/O control, MTU, LACP groups; the version from
// config.productInfo when `dvs` has none yet (summary.productInfo comes first: vcsim
// fills in only the summary's).
void ReadSwitchConfig(const vim25__DVSConfigInfo& config, InventoryDvs& dvs);

// Name, ports, binding, VLAN or trunk, teaming policy and uplink order.
void ReadPortGroupConfig(const vim25__DVPortgroupConfigInfo& config, DvsPortGroup& group);

}  // namespace vcshift::vsphere
