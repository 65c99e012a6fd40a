#pragma once
// Roles and permissions as vCenter's AuthorizationManager keeps them: every permission
// with the entity it is set on (RetrieveAllPermissions) and the roles (roleList), read
// together because a permission names its role by id. Discovery reads them; the roles
// every vCenter has (system, negative ids) are recognised by id and never carried.

#include <string>
#include <vector>

#include "engine/inventory.h"
#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class Session;

// A permission with the object it is set on; its role by name (a role that is not a
// system one was made in this vCenter: custom_role).
struct EntityPermission {
  MoRef entity;
  InventoryPermission permission;
};

struct Authorizations {
  std::vector<EntityPermission> permissions;
  std::vector<InventoryRole> custom_roles;  // with their privilege ids
};

// Every permission and the custom roles: two calls.
Result<Authorizations> ReadAuthorizations(Session& session);

// A role every vCenter has (Admin, ReadOnly, NoAccess...): vSphere gives them negative
// ids and marks them `system`; either is enough.
bool IsSystemRole(int role_id, bool system);

}  // namespace vcshift::vsphere
