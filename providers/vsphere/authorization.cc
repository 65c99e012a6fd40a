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
  auto list = RoleList(session);
  if (!list) return list.fault();
  for (auto& role : *list) {
    roles[role.id] = {role.name, !role.system};
    if (!role.system) custom.push_back({role.name, std::move(role.privileges)});
  }
  return Done{};
}

}  // namespace

bool IsSystemRole(int role_id, bool system) { return system || role_id < 0; }

Result<std::vector<RoleEntry>> RoleList(Session& session) {
  const MoRef manager = session.content().authorization_manager;
  std::vector<RoleEntry> roles;
  const Status status = RetrieveProperties(
      session, {manager}, manager.type, {"roleList"}, [&](const MoRef&, const std::string&, const xsd__anyType* value) {
        const auto* list = dynamic_cast<const vim25__ArrayOfAuthorizationRole*>(value);
        if (!list) return;
        for (const auto* role : list->AuthorizationRole) {
          if (role) roles.push_back({role->roleId, role->name, IsSystemRole(role->roleId, role->system), role->privilege});
        }
      });
  if (!status) return status.fault();
  return roles;
}

Result<std::vector<InventoryPermission>> PermissionsOn(Session& session, const MoRef& entity,
                                                       const std::vector<RoleEntry>& roles) {
  const MoRef manager = session.content().authorization_manager;
  std::vector<InventoryPermission> found;
  const Status status = session.Invoke("RetrieveEntityPermissions", Effect::ReadOnly, entity.value, [&](Channel& channel) {
    _vim25__RetrieveEntityPermissions request;
    request._USCOREthis = NewMor(channel.soap(), manager);
    request.entity = NewMor(channel.soap(), entity);
    request.inherited = false;
    _vim25__RetrieveEntityPermissionsResponse response;
    const int rc = soap_call___vim25__RetrieveEntityPermissions(channel.soap(), channel.endpoint(), channel.action(),
                                                                &request, response);
    for (const auto* permission : response.returnval) {
      if (!permission) continue;
      std::string role = "role " + std::to_string(permission->roleId);
      bool custom = false;
      for (const auto& entry : roles) {
        if (entry.id != permission->roleId) continue;
        role = entry.name;
        custom = !entry.system;
      }
      found.push_back({permission->principal, permission->group, role, custom, permission->propagate});
    }
    return rc;
  });
  if (!status) return status.fault();
  return found;
}

Result<bool> ResolvesPrincipal(Session& session, const std::string& principal, bool group) {
  const MoRef directory = session.content().user_directory;
  const auto slash = principal.rfind('\\');
  std::string domain = slash == std::string::npos ? "" : principal.substr(0, slash);
  const std::string name = slash == std::string::npos ? principal : principal.substr(slash + 1);
  bool found = false;
  const Status status = session.Invoke("RetrieveUserGroups", Effect::ReadOnly, principal, [&](Channel& channel) {
    _vim25__RetrieveUserGroups request;
    request._USCOREthis = NewMor(channel.soap(), directory);
    if (!domain.empty()) request.domain = &domain;
    request.searchStr = name;
    request.exactMatch = true;
    request.findUsers = !group;
    request.findGroups = group;
    _vim25__RetrieveUserGroupsResponse response;
    const int rc = soap_call___vim25__RetrieveUserGroups(channel.soap(), channel.endpoint(), channel.action(), &request,
                                                         response);
    for (const auto* result : response.returnval) {
      if (result && result->group == group && (result->principal == principal || result->principal == name)) {
        found = true;
      }
    }
    return rc;
  });
  if (!status) return status.fault();
  return found;
}

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
