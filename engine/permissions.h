#pragma once
// Roles and permissions in the desired state (issue 17): the custom roles the target
// must have (`roles:`), the permissions on clusters (`permissions:`) and on a
// datacenter's hosts and VMs by name or glob (`host_permissions:`, `vm_permissions:`),
// and how principals the target does not know are named there (`principal_mapping:`).
// Plain values with their places in the file; the inventory's side is
// InventoryRole / InventoryPermission (engine/inventory.h).

#include <string>
#include <vector>

#include "engine/diagnostic.h"

namespace vcshift {

// A custom role: its name and privilege ids. The roles every vCenter has (Admin,
// ReadOnly, ...) are not declared: a permission names them as they are.
struct RoleSpec {
  std::string name;
  std::vector<std::string> privileges;
  SourceLocation location;
};

// `{principal: 'VSPHERE.LOCAL\ops', group: true, role: Operator, propagate: true}`.
struct PermissionSpec {
  std::string principal;
  bool group = false;
  std::string role;
  bool propagate = true;
  SourceLocation location;
};

// Permissions on the hosts or VMs of a datacenter named (or matched by a glob).
struct PermissionAssignment {
  std::vector<std::string> objects;  // host or VM names, or glob patterns
  std::vector<PermissionSpec> permissions;
  SourceLocation location;
};

// Permissions on one of a datacenter's folders: `kind` host or vm, `folder` its path
// below the datacenter's folder of that kind ("" that folder itself).
struct FolderPermissionSpec {
  std::string kind;
  std::string folder;
  std::vector<PermissionSpec> permissions;
  SourceLocation location;
};

// A principal of the source named otherwise on the target (another SSO domain or
// identity source): `{source: 'CORP\ops', target: 'VSPHERE.LOCAL\ops'}`.
struct PrincipalMapping {
  std::string source;
  std::string target;
  SourceLocation location;
};

}  // namespace vcshift
