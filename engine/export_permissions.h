#pragma once
// The export of roles and permissions as the desired state writes them (issue 17): the
// custom roles, the permissions on a cluster, on a datacenter's folders, hosts and VMs.
// Principals and role names only: a permission holds nothing secret.

#include <yaml-cpp/yaml.h>

#include "engine/inventory.h"

namespace vcshift {

// `permissions:` of a cluster's map, when it has any.
void EmitClusterPermissions(YAML::Emitter& out, const InventoryCluster& cluster);
// `folder_permissions:`, `host_permissions:` and `vm_permissions:` of a datacenter's
// map, each when there is one.
void EmitDatacenterPermissions(YAML::Emitter& out, const InventoryDatacenter& dc, const Inventory& inventory);
// `permissions:` of an object's map (a switch's, the top level's for the root folder),
// when it has any.
void EmitPermissions(YAML::Emitter& out, const std::vector<InventoryPermission>& permissions);
// `permissions:` of a port group's or pool's map: those `all` holds for `object`.
void EmitPermissionsOf(YAML::Emitter& out, const std::vector<InventoryObjectPermissions>& all,
                       const std::string& object);
// The top-level `roles:`, when the vCenter has custom ones.
void EmitRoles(YAML::Emitter& out, const std::vector<InventoryRole>& roles);

}  // namespace vcshift
