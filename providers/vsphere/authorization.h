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

// A role of AuthorizationManager.roleList: system ones too (a permission may name them).
struct RoleEntry {
  int id = 0;
  std::string name;
  bool system = false;  // IsSystemRole
  std::vector<std::string> privileges;
};
Result<std::vector<RoleEntry>> RoleList(Session& session);

// The permissions set on `entity` itself (RetrieveEntityPermissions, not inherited), each
// with its role by name (roles: RoleList).
Result<std::vector<InventoryPermission>> PermissionsOn(Session& session, const MoRef& entity,
                                                       const std::vector<RoleEntry>& roles);

// Whether the vCenter's user directory resolves `principal` ("DOMAIN\name", a user or a
// group): RetrieveUserGroups, an exact match in that domain.
Result<bool> ResolvesPrincipal(Session& session, const std::string& principal, bool group);

// A role every vCenter has (Admin, ReadOnly, NoAccess...): vSphere gives them negative
// ids and marks them `system`; either is enough.
bool IsSystemRole(int role_id, bool system);

}  // namespace vcshift::vsphere
