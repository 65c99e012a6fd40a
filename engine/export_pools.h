#pragma once
// The export of a cluster's (or standalone host's) resource pools (nested, with their allocations and the VMs
// each holds), its per-VM HA/DRS overrides and its vApps (with their members' start
// order entries), as the desired state writes them.

#include <yaml-cpp/yaml.h>

#include "engine/inventory.h"

namespace vcshift {

// `resource_pools:`, `vm_overrides:` and `vapps:` keys of the cluster's map, when it has any.
void EmitResourcePools(YAML::Emitter& out, const InventoryCluster& cluster, const Inventory& inventory);

// A standalone host's `resource_pools:` and `vapps:` keys, as a cluster's (with the
// permissions and tags on them), when it has any.
void EmitStandalonePools(YAML::Emitter& out, const InventoryHost& host, const Inventory& inventory);

}  // namespace vcshift
