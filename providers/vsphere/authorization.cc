#include "providers/vsphere/authorization.h"

#include <map>

#include "providers/vsphere/properties.h"
#include "providers/vsphere/session.h"
#include "providers/vsphere/vim25_values.h"

namespace vcshift::vsphere {
namespace {

struct Role {
  std::string name;
  bool custom = false;
};

// AuthorizationManager.roleList: the names by id; the custom roles with privileges.
Status ReadRoles(Session& session, std::map<int, Role>& roles, std::vector<InventoryRole>& custom) {
  const MoRef manager = session.content().authorization_manager;
  return RetrieveProperties(
      session, {manager}, manager.type, {"roleList"}, [&](const MoRef&, const std::string&, const xsd__anyType* value) {
        const auto* list = dynamic_cast<const vim25__ArrayOfAuthorizationRole*>(value);
        if (!list) return;
        for (const auto* role : list->AuthorizationRole) {
          if (!role) continue;
          const bool is_custom = !IsSystemRole(role->roleId, role->system);
          roles[role->roleId] = {role->name, is_custom};
          if (is_custom) custom.push_back({role->name, role->privilege});
        }
      });
}

}  // namespace

bool IsSystemRole(int role_id, bool system) { return system || role_id < 0; }

Result<Authorizations> ReadAuthorizations(Session& session) {
  const MoRef manager = session.content().authorization_manager;
  Authorizations found;
  std::vector<int> role_ids;
  const Status status = session.Invoke("RetrieveAllPermissions", Effect::ReadOnly, "", [&](Channel& channel) {
    _vim25__RetrieveAllPermissions request;
    request._USCOREthis = NewMor(channel.soap(), manager);
    _vim25__RetrieveAllPermissionsResponse response;
    const int rc = soap_call___vim25__RetrieveAllPermissions(channel.soap(), channel.endpoint(), channel.action(),
                                                             &request, response);
    for (const auto* permission : response.returnval) {
      if (!permission || !permission->entity) continue;
      found.permissions.push_back({ToMoRef(permission->entity),
                                   {permission->principal, permission->group, "", false, permission->propagate}});
      role_ids.push_back(permission->roleId);
    }
    return rc;
  });
  if (!status) return status.fault();
  std::map<int, Role> roles;
  if (const Status read = ReadRoles(session, roles, found.custom_roles); !read) return read.fault();
  for (size_t i = 0; i < found.permissions.size(); ++i) {
    auto& permission = found.permissions[i].permission;
    const auto role = roles.find(role_ids[i]);
    permission.role = role == roles.end() ? "role " + std::to_string(role_ids[i]) : role->second.name;
    permission.custom_role = role != roles.end() && role->second.custom;
  }
  return found;
}

}  // namespace vcshift::vsphere
