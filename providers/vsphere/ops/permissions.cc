// Roles and permissions (AuthorizationManager): a custom role made, removed or its
// privileges changed (the object is the role's name; a system role is never touched),
// and the permissions of one object set or removed, one principal at a time, as the
// action's params say (engine/permission_params.h).

#include <algorithm>
#include <optional>

#include "engine/permission_params.h"
#include "providers/vsphere/authorization.h"
#include "providers/vsphere/ops/dvs_member.h"
#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/ops/ops.h"
#include "providers/vsphere/ops/outcome.h"
#include "providers/vsphere/ops/vm_pools.h"
#include "providers/vsphere/session.h"
#include "providers/vsphere/vim25_values.h"

namespace vcshift::vsphere::ops {
namespace {

std::vector<std::string> Privileges(const OpContext& op) {
  std::vector<std::string> privileges;
  const std::string list = op.Param("privileges");
  for (size_t start = 0; start < list.size();) {
    const size_t comma = std::min(list.find(',', start), list.size());
    if (comma > start) privileges.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return privileges;
}

std::vector<std::string> Sorted(std::vector<std::string> privileges) {
  std::sort(privileges.begin(), privileges.end());
  return privileges;
}

std::string Joined(const std::vector<std::string>& privileges) {
  std::string joined;
  for (const auto& privilege : privileges) joined += (joined.empty() ? "" : ",") + privilege;
  return joined;
}

const RoleEntry* Named(const std::vector<RoleEntry>& roles, const std::string& name) {
  for (const auto& role : roles) {
    if (role.name == name) return &role;
  }
  return nullptr;
}

// The custom role the action names, or a refusal for a system one.
struct FoundRole {
  std::vector<RoleEntry> roles;
  const RoleEntry* role = nullptr;
};
Result<FoundRole> FindRole(const OpContext& op) {
  auto roles = RoleList(op.session);
  if (!roles) return roles.fault();
  FoundRole found{std::move(*roles), nullptr};
  found.role = Named(found.roles, op.action.object);
  if (found.role && found.role->system) {
    return Fault{"InvalidArgument", "role '" + op.action.object + "' is a system role: vcshift never changes it",
                 op.action.object, "", ""};
  }
  return found;
}

Status SetPermission(Session& session, const MoRef& entity, const InventoryPermission& permission, int role_id,
                     const std::string& object) {
  const MoRef manager = session.content().authorization_manager;
  return session.Invoke("SetEntityPermissions", Effect::Changes, object, [&](Channel& channel) {
    _vim25__SetEntityPermissions request;
    request._USCOREthis = NewMor(channel.soap(), manager);
    request.entity = NewMor(channel.soap(), entity);
    auto* entry = soap_new_vim25__Permission(channel.soap());
    entry->entity = NewMor(channel.soap(), entity);
    entry->principal = permission.principal;
    entry->group = permission.group;
    entry->roleId = role_id;
    entry->propagate = permission.propagate;
    request.permission.push_back(entry);
    _vim25__SetEntityPermissionsResponse response;
    return soap_call___vim25__SetEntityPermissions(channel.soap(), channel.endpoint(), channel.action(), &request,
                                                   response);
  });
}

Status RemovePermission(Session& session, const MoRef& entity, const InventoryPermission& permission,
                        const std::string& object) {
  const MoRef manager = session.content().authorization_manager;
  return session.Invoke("RemoveEntityPermission", Effect::Changes, object, [&](Channel& channel) {
    _vim25__RemoveEntityPermission request;
    request._USCOREthis = NewMor(channel.soap(), manager);
    request.entity = NewMor(channel.soap(), entity);
    request.user = permission.principal;
    request.isGroup = permission.group;
    _vim25__RemoveEntityPermissionResponse response;
    return soap_call___vim25__RemoveEntityPermission(channel.soap(), channel.endpoint(), channel.action(), &request,
                                                     response);
  });
}

// The object a set_permissions action names: besides FindTyped's, the root folder ("/"),
// a distributed switch "DC1/dvs-prod", its port group "DC1/dvs-prod/pg-web", and a pool
// or vApp by its cluster (or standalone host) and path "DC1/Cluster1/Tier1/DB".
Result<MoRef> FindPermissionObject(Session& session, const std::string& type, const std::string& object) {
  if (type == "root") return session.content().root_folder;
  if (type == "dvs") return FindDvs(session, object);
  if (type == "portgroup") {
    auto dvs = FindDvs(session, ParentPathOf(object));
    if (!dvs || dvs->empty()) return dvs;
    return PortGroupOf(session, *dvs, NameOf(object));
  }
  if (type == "pool") {
    const size_t pool = object.find('/', object.find('/') + 1);
    if (pool == std::string::npos) return MoRef{};
    auto cluster = FindComputeResource(session, object.substr(0, pool));
    if (!cluster || cluster->empty()) return cluster;
    return FindPool(session, *cluster, object.substr(pool + 1));
  }
  return FindTyped(session, type, object);
}

// One principal's change: what is there now, what the action wants ("" none).
struct Change {
  std::optional<InventoryPermission> now;
  std::optional<InventoryPermission> wanted;
};

Status Apply(const OpContext& op, const MoRef& entity, const Change& change, const std::vector<RoleEntry>& roles) {
  const std::string& object = op.action.object;
  if (!change.wanted) return RemovePermission(op.session, entity, *change.now, object);
  const RoleEntry* role = Named(roles, change.wanted->role);
  if (!role) return Fault{"NotFound", "no role '" + change.wanted->role + "' here", object, "", ""};
  return SetPermission(op.session, entity, *change.wanted, role->id, object);
}

}  // namespace

ActionResult AddRole(const OpContext& op) {
  const std::string& name = op.action.object;
  auto found = FindRole(op);
  if (!found) return Failed(found.fault());
  if (found->role) {
    if (Sorted(found->role->privileges) == Sorted(Privileges(op))) return AlreadyDone();
    return Refused("AlreadyExists", name, "a role '" + name + "' with other privileges is already there");
  }
  const MoRef manager = op.session.content().authorization_manager;
  const Status added = op.session.Invoke("AddAuthorizationRole", Effect::Changes, name, [&](Channel& channel) {
    _vim25__AddAuthorizationRole request;
    request._USCOREthis = NewMor(channel.soap(), manager);
    request.name = name;
    request.privIds = Privileges(op);
    _vim25__AddAuthorizationRoleResponse response;
    return soap_call___vim25__AddAuthorizationRole(channel.soap(), channel.endpoint(), channel.action(), &request,
                                                   response);
  });
  if (!added) return Failed(added.fault());
  return Succeeded();
}

ActionResult RemoveRole(const OpContext& op) {
  const std::string& name = op.action.object;
  auto found = FindRole(op);
  if (!found) return Failed(found.fault());
  if (!found->role) return AlreadyDone();
  const int id = found->role->id;
  const MoRef manager = op.session.content().authorization_manager;
  const Status removed = op.session.Invoke("RemoveAuthorizationRole", Effect::Changes, name, [&](Channel& channel) {
    _vim25__RemoveAuthorizationRole request;
    request._USCOREthis = NewMor(channel.soap(), manager);
    request.roleId = id;
    request.failIfUsed = true;  // a permission still naming it is not vcshift's to drop
    _vim25__RemoveAuthorizationRoleResponse response;
    return soap_call___vim25__RemoveAuthorizationRole(channel.soap(), channel.endpoint(), channel.action(), &request,
                                                      response);
  });
  if (!removed) return Failed(removed.fault());
  return Succeeded();
}

ActionResult UpdateRole(const OpContext& op) {
  const std::string& name = op.action.object;
  auto found = FindRole(op);
  if (!found) return Failed(found.fault());
  if (!found->role) return Refused("NotFound", name, "no role '" + name + "' to change");
  const std::vector<std::string> before = Sorted(found->role->privileges);
  const Captured captured = {{"privileges", Joined(before)}};
  if (before == Sorted(Privileges(op))) return AlreadyDone(captured);
  const int id = found->role->id;
  const MoRef manager = op.session.content().authorization_manager;
  const Status updated = op.session.Invoke("UpdateAuthorizationRole", Effect::Changes, name, [&](Channel& channel) {
    _vim25__UpdateAuthorizationRole request;
    request._USCOREthis = NewMor(channel.soap(), manager);
    request.roleId = id;
    request.newName = name;
    request.privIds = Privileges(op);
    _vim25__UpdateAuthorizationRoleResponse response;
    return soap_call___vim25__UpdateAuthorizationRole(channel.soap(), channel.endpoint(), channel.action(), &request,
                                                      response);
  });
  if (!updated) return Failed(updated.fault());
  return Succeeded(captured);
}

ActionResult SetPermissions(const OpContext& op) {
  const std::string& object = op.action.object;
  const std::string type = op.Param("type");
  auto entity = FindPermissionObject(op.session, type, object);
  if (!entity) return Failed(entity.fault());
  if (entity->empty()) return Refused("NotFound", object, "no " + type + " '" + object + "' to set permissions on");
  auto roles = RoleList(op.session);
  if (!roles) return Failed(roles.fault());
  auto now = PermissionsOn(op.session, *entity, *roles);
  if (!now) return Failed(now.fault());
  Captured before = {{"type", type}};
  std::vector<Change> changes;
  for (const auto& [param, value] : op.action.params) {
    if (!param.starts_with(kPermissionPrefix)) continue;
    const std::string principal = param.substr(sizeof(kPermissionPrefix) - 1);
    Change change;
    for (const auto& permission : *now) {
      if (permission.principal == principal) change.now = permission;
    }
    change.wanted = ParsePermission(principal, value);
    if (!value.empty() && !change.wanted) {
      return Refused("InvalidArgument", object, "permission of " + principal + " not understood: " + value);
    }
    before[param] = change.now ? PermissionValue(*change.now) : "";
    if (before[param] != value) changes.push_back(std::move(change));
  }
  if (changes.empty()) return AlreadyDone(before);
  for (const auto& change : changes) {
    if (Status applied = Apply(op, *entity, change, *roles); !applied) return Failed(applied.fault());
  }
  return Succeeded(before);
}

}  // namespace vcshift::vsphere::ops
