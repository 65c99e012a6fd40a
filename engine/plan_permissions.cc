#include "engine/plan_permissions.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/name_patterns.h"
#include "engine/permission_params.h"
#include "engine/plan_changes.h"
#include "engine/plan_host_moves.h"
#include "engine/plan_resource_pools.h"
#include "engine/plan_resources.h"

namespace vcshift::planning {
namespace {

using Permissions = std::map<std::string, std::string>;  // principal -> PermissionValue

// The custom role `name` exists on the target, or a planned add_role makes it.
std::string RoleReady(const std::string& name) { return "role@target:" + name; }
// A leaving object's permissions were read (and removed) on the source.
std::string PermissionsKept(const std::string& object) { return "permissions@source:" + object; }

// vCenter's Administrator role: the one an object must keep at least one permission in.
constexpr char kAdmin[] = "Admin";

// The roles every vCenter has (AuthorizationManager.roleList, negative ids); a vCenter
// may have more (those its permissions name as not custom).
const std::set<std::string>& SystemRoleNames() {
  static const std::set<std::string> names = {"Admin", "ReadOnly", "NoAccess", "Anonymous", "View"};
  return names;
}

// vSphere puts these in every role it makes, whatever the request names.
const std::set<std::string>& EveryRolesPrivileges() {
  static const std::set<std::string> privileges = {"System.Anonymous", "System.Read", "System.View"};
  return privileges;
}

std::vector<std::string> Canonical(const std::vector<std::string>& privileges) {
  std::set<std::string> all(privileges.begin(), privileges.end());
  all.insert(EveryRolesPrivileges().begin(), EveryRolesPrivileges().end());
  return {all.begin(), all.end()};
}

// The roles the desired state asks for: its list, or the source's custom ones (inherit).
std::vector<RoleSpec> DesiredRoles(const PlanRecorder& plan) {
  using Mode = Managed<std::vector<RoleSpec>>::Mode;
  const auto& managed = plan.desired().roles;
  if (managed.mode == Mode::Set) return managed.value;
  std::vector<RoleSpec> roles;
  if (managed.mode == Mode::Inherit) {
    for (const auto& role : plan.source().roles) roles.push_back({role.name, role.privileges, {}});
  }
  return roles;
}

const InventoryRole* TargetRole(const PlanRecorder& plan, const std::string& name) {
  for (const auto& role : plan.target().roles) {
    if (role.name == name) return &role;
  }
  return nullptr;
}

void AddSystemRoles(const std::vector<InventoryPermission>& permissions, std::set<std::string>& names) {
  for (const auto& permission : permissions) {
    if (!permission.custom_role) names.insert(permission.role);
  }
}

// The system roles of the two vCenters: the five every one has and those its permissions name.
std::set<std::string> SystemRoles(const PlanRecorder& plan) {
  std::set<std::string> names = SystemRoleNames();
  for (const Inventory* inventory : {&plan.source(), &plan.target()}) {
    for (const auto& dc : inventory->datacenters) {
      AddSystemRoles(dc.permissions, names);
      for (const auto& folder : dc.folder_permissions) AddSystemRoles(folder.permissions, names);
    }
    for (const auto& cluster : inventory->clusters) {
      AddSystemRoles(cluster.permissions, names);
      for (const auto& pool : cluster.pool_permissions) AddSystemRoles(pool.permissions, names);
    }
    for (const auto& host : inventory->hosts) AddSystemRoles(host.permissions, names);
    for (const auto& vm : inventory->vms) AddSystemRoles(vm.permissions, names);
    for (const auto& dvs : inventory->switches) {
      AddSystemRoles(dvs.permissions, names);
      for (const auto& pg : dvs.port_group_permissions) AddSystemRoles(pg.permissions, names);
    }
    AddSystemRoles(inventory->root_permissions, names);
  }
  return names;
}

// Whether permissions may name `role` on the target once the plan's roles exist, and
// whether it is a custom one (made there, so waited for).
struct RoleUse {
  bool known = false;
  bool custom = false;
};
RoleUse UseOf(const PlanRecorder& plan, const std::set<std::string>& system, const std::string& role) {
  if (system.count(role)) return {true, false};
  if (TargetRole(plan, role)) return {true, true};
  for (const auto& desired : DesiredRoles(plan)) {
    if (desired.name == role) return {true, true};
  }
  return {};
}

// The principal as the target knows it (principal_mapping).
std::string Mapped(const PlanRecorder& plan, const std::string& principal) {
  for (const auto& mapping : plan.desired().principal_mapping) {
    if (mapping.source == principal) return mapping.target;
  }
  return principal;
}

InventoryPermission FromSpec(const PermissionSpec& spec) {
  return {spec.principal, spec.group, spec.role, false, spec.propagate};
}

std::vector<InventoryPermission> FromSpecs(const std::vector<PermissionSpec>& specs) {
  std::vector<InventoryPermission> permissions;
  for (const auto& spec : specs) permissions.push_back(FromSpec(spec));
  return permissions;
}

// One permission per principal, as vCenter keeps them; a later one wins.
Permissions ByPrincipal(const PlanRecorder& plan, const std::vector<InventoryPermission>& permissions, bool map) {
  Permissions by;
  for (auto permission : permissions) {
    if (map) permission.principal = Mapped(plan, permission.principal);
    by[permission.principal] = PermissionValue(permission);
  }
  return by;
}

bool IsAdmin(const std::string& value) {
  const auto permission = ParsePermission("", value);
  return permission && permission->role == kAdmin;
}

// An object that has an Administrator permission keeps at least one.
void CheckLastAdmin(PlanRecorder& plan, const std::string& object, const Permissions& now, const Permissions& after,
                    SourceLocation location) {
  const auto admin = [](const Permissions& permissions) {
    return std::any_of(permissions.begin(), permissions.end(), [](const auto& entry) { return IsAdmin(entry.second); });
  };
  if (!admin(now) || admin(after)) return;
  plan.Error(location, "the last Administrator permission on '" + object +
                           "' would go: vcshift never removes an object's last Admin permission");
}

// One set_permissions on `object` of `type` on the target: the desired permissions that
// differ from `now` (principals not desired are left alone).
void PlanObject(PlanRecorder& plan, const std::set<std::string>& system, const std::string& type,
                const std::string& object, const Permissions& desired, const Permissions& now,
                const std::string& ready, SourceLocation location) {
  std::map<std::string, std::string> params, prior;
  std::vector<FieldChange> changes;
  Permissions after = now;
  std::set<std::string> roles;
  for (const auto& [principal, value] : desired) {
    const auto permission = ParsePermission(principal, value);
    const RoleUse use = UseOf(plan, system, permission->role);
    if (!use.known) {
      plan.Error(location, "role '" + permission->role + "' (of " + principal + " on " + type + " '" + object +
                               "') is neither on the target (" + plan.target().vcenter + ") nor in roles");
    }
    if (use.custom) roles.insert(permission->role);
    const auto it = now.find(principal);
    const std::string before = it == now.end() ? "" : it->second;
    if (before == value) continue;
    params[PermissionKey(principal)] = value;
    prior[PermissionKey(principal)] = before;
    changes.push_back({principal, DescribePermission(before), DescribePermission(value)});
    after[principal] = value;
  }
  if (params.empty()) return;
  CheckLastAdmin(plan, object, now, after, location);
  Action& set = plan.Add(ActionKind::SetPermissions, Side::Target, object);
  params["type"] = prior["type"] = type;
  set.params = std::move(params);
  set.prior = std::move(prior);
  set.changes = std::move(changes);
  if (!ready.empty()) set.inputs.push_back(ready);
  for (const auto& role : roles) set.inputs.push_back(RoleReady(role));
  set.criticality = Criticality::Finishing;
  set.expected_seconds = 1;
}

// The permissions `all` holds for `object` (a port group's name, a pool's path); none when
// `all` is not there.
const std::vector<InventoryPermission>* PermissionsOf(const std::vector<InventoryObjectPermissions>* all,
                                                      const std::string& object) {
  if (!all) return nullptr;
  for (const auto& entry : *all) {
    if (entry.object == object) return &entry.permissions;
  }
  return nullptr;
}

// The permissions a `permissions:` key asks for: those written, or `inherited` (the
// source object's; none when it has none or is not there).
std::vector<InventoryPermission> Desired(const Managed<std::vector<PermissionSpec>>& managed,
                                         const std::vector<InventoryPermission>* inherited) {
  using Mode = Managed<std::vector<PermissionSpec>>::Mode;
  if (managed.mode == Mode::Set) return FromSpecs(managed.value);
  if (managed.mode == Mode::Inherit && inherited) return *inherited;
  return {};
}

// One object's set_permissions when it is desired to have any: `now` is what the target
// has there (none when the object is not there yet).
void PlanDesired(PlanRecorder& plan, const std::set<std::string>& system, const std::string& type,
                 const std::string& object, const std::vector<InventoryPermission>& desired,
                 const std::vector<InventoryPermission>* now, const std::string& ready, SourceLocation location) {
  if (desired.empty()) return;
  PlanObject(plan, system, type, object, ByPrincipal(plan, desired, true),
             now ? ByPrincipal(plan, *now, false) : Permissions{}, ready, location);
}

void PlanClusterPermissions(PlanRecorder& plan, const std::set<std::string>& system, const DatacenterSpec& dc,
                 const ClusterSpec& cluster) {
  const auto* from = plan.source_index().Cluster(dc.name, cluster.name);
  const auto* there = plan.target_index().Cluster(dc.name, cluster.name);
  const std::string path = dc.name + "/" + cluster.name;
  PlanDesired(plan, system, "cluster", path, Desired(cluster.permissions, from ? &from->permissions : nullptr),
              there ? &there->permissions : nullptr, ClusterReady(path), cluster.location);
}

// The permissions the assignments give `name` (a later one wins for a principal).
std::vector<InventoryPermission> Assigned(const std::vector<PermissionAssignment>& assignments,
                                          const std::string& name) {
  std::vector<InventoryPermission> permissions;
  for (const auto& assignment : assignments) {
    if (!AnyNameMatches(assignment.objects, name)) continue;
    for (const auto& spec : assignment.permissions) permissions.push_back(FromSpec(spec));
  }
  return permissions;
}

void PlanHostPermissions(PlanRecorder& plan, const std::set<std::string>& system, const DatacenterSpec& dc) {
  using Mode = Managed<std::vector<PermissionAssignment>>::Mode;
  if (dc.host_permissions.mode == Mode::Unmanaged) return;
  for (const auto& [name, place] : HostsOf(dc)) {
    const InventoryHost* there = plan.target_index().Host(name);
    const InventoryHost* from = plan.same_vcenter() ? nullptr : plan.source_index().Host(name);
    std::vector<InventoryPermission> desired;
    if (dc.host_permissions.mode == Mode::Set) {
      desired = Assigned(dc.host_permissions.value, name);
    } else if (!there && from) {
      desired = from->permissions;
    }
    if (desired.empty()) continue;
    PlanObject(plan, system, "host", place + "/" + name, ByPrincipal(plan, desired, true),
               there ? ByPrincipal(plan, there->permissions, false) : Permissions{}, HostReady(name), dc.location);
  }
}

void PlanVmPermissions(PlanRecorder& plan, const std::set<std::string>& system, const DatacenterSpec& dc) {
  using Mode = Managed<std::vector<PermissionAssignment>>::Mode;
  if (dc.vm_permissions.mode == Mode::Unmanaged) return;
  for (const auto& [vm, arriving] : VmsOf(plan, dc)) {
    std::vector<InventoryPermission> desired;
    if (dc.vm_permissions.mode == Mode::Set) {
      desired = Assigned(dc.vm_permissions.value, vm->name);
    } else if (arriving) {
      desired = vm->permissions;
    }
    if (desired.empty()) continue;
    PlanObject(plan, system, "vm", dc.name + "/" + vm->name, ByPrincipal(plan, desired, true),
               arriving ? Permissions{} : ByPrincipal(plan, vm->permissions, false), HostReady(vm->host), dc.location);
  }
}

const InventoryDatacenter* DatacenterOf(const Inventory& inventory, const std::string& name) {
  for (const auto& dc : inventory.datacenters) {
    if (dc.name == name) return &dc;
  }
  return nullptr;
}

const std::vector<InventoryPermission>* FolderPermissionsOf(const InventoryDatacenter* dc, const std::string& kind,
                                                             const std::string& folder) {
  if (!dc) return nullptr;
  for (const auto& entry : dc->folder_permissions) {
    if (entry.kind == kind && entry.folder == folder) return &entry.permissions;
  }
  return nullptr;
}

// Whether the folder is there once the plan has run: the root of its kind, one of the
// target's, or one the desired state lists (made by the plan).
bool FolderWillBe(const InventoryDatacenter* there, const DatacenterSpec& dc, const std::string& kind,
                  const std::string& folder) {
  if (folder.empty()) return true;
  const auto& declared = kind == "host" ? dc.host_folders : dc.vm_folders;
  if (std::any_of(declared.begin(), declared.end(), [&](const Located& path) { return path.value == folder; })) {
    return true;
  }
  if (!there) return false;
  const auto& existing = kind == "host" ? there->host_folders : there->vm_folders;
  return std::find(existing.begin(), existing.end(), folder) != existing.end();
}

void PlanFolderPermissions(PlanRecorder& plan, const std::set<std::string>& system, const DatacenterSpec& dc) {
  using Mode = Managed<std::vector<FolderPermissionSpec>>::Mode;
  std::vector<InventoryFolderPermissions> desired;
  if (dc.folder_permissions.mode == Mode::Set) {
    for (const auto& spec : dc.folder_permissions.value) {
      desired.push_back({spec.kind, spec.folder, FromSpecs(spec.permissions)});
    }
  } else if (dc.folder_permissions.mode == Mode::Inherit) {
    if (const auto* from = DatacenterOf(plan.source(), dc.name)) desired = from->folder_permissions;
  }
  const InventoryDatacenter* there = DatacenterOf(plan.target(), dc.name);
  for (const auto& folder : desired) {
    if (!FolderWillBe(there, dc, folder.kind, folder.folder)) {
      plan.Error(dc.location, "permissions on " + folder.kind + " folder '" + folder.folder + "' of " + dc.name +
                                  ": no such folder on the target, nor in " + folder.kind + "_folders");
      continue;
    }
    const auto* now = FolderPermissionsOf(there, folder.kind, folder.folder);
    const std::string ready =
        folder.folder.empty() ? DatacenterReady(dc.name) : FolderReady(dc.name, folder.kind, folder.folder);
    PlanObject(plan, system, "folder", dc.name + "/" + folder.kind + "/" + folder.folder,
               ByPrincipal(plan, folder.permissions, true), now ? ByPrincipal(plan, *now, false) : Permissions{},
               ready, dc.location);
  }
}

// The datacenter's own permissions, once it is on the target: it stays on the source, so
// nothing is captured there.
void PlanDatacenterPermissions(PlanRecorder& plan, const std::set<std::string>& system, const DatacenterSpec& dc) {
  const auto* from = DatacenterOf(plan.source(), dc.name);
  const auto* there = DatacenterOf(plan.target(), dc.name);
  PlanDesired(plan, system, "datacenter", dc.name, Desired(dc.permissions, from ? &from->permissions : nullptr),
              there ? &there->permissions : nullptr, DatacenterReady(dc.name), dc.location);
}

// The permissions on the datacenter's distributed switches and their port groups, once
// each is on the target. The switches stay on the source when the hosts leave (vCenter
// takes only the host's membership away), so nothing is captured there.
void PlanSwitchPermissions(PlanRecorder& plan, const std::set<std::string>& system, const DatacenterSpec& dc) {
  for (const auto& dvs : dc.distributed_switches) {
    const std::string path = dc.name + "/" + dvs.name;
    const InventoryDvs* from =
        plan.source_index().Dvs(dc.name, dvs.inherit.value.empty() ? dvs.name : dvs.inherit.value);
    const InventoryDvs* there = plan.target_index().Dvs(dc.name, dvs.name);
    PlanDesired(plan, system, "dvs", path, Desired(dvs.permissions, from ? &from->permissions : nullptr),
                there ? &there->permissions : nullptr, SwitchReady(path), dvs.location);
    for (const auto& pg : dvs.port_groups) {
      const auto* inherited = PermissionsOf(from ? &from->port_group_permissions : nullptr, pg.name);
      PlanDesired(plan, system, "portgroup", path + "/" + pg.name, Desired(pg.permissions, inherited),
                  PermissionsOf(there ? &there->port_group_permissions : nullptr, pg.name),
                  PortGroupReady(path, pg.name), pg.location);
    }
  }
}

// A desired pool or vApp (by its path below the cluster's root pool) and its permissions.
struct PoolPermissions {
  std::string path;
  std::vector<InventoryPermission> permissions;
  SourceLocation location;
};

void CollectPools(const std::vector<PoolSpec>& pools, const std::string& parent,
                  const std::vector<InventoryObjectPermissions>* source, std::vector<PoolPermissions>& out) {
  for (const auto& pool : pools) {
    const std::string path = parent.empty() ? pool.name : parent + "/" + pool.name;
    out.push_back({path, Desired(pool.permissions, PermissionsOf(source, path)), pool.location});
    CollectPools(pool.children, path, source, out);
  }
}

// The source's permissions on its pools (or vApps) `paths` lists: what `inherit` of the
// cluster's resource_pools (or vapps) carries.
template <typename T>
void CollectInherited(const InventoryCluster& from, const std::vector<T>& paths, SourceLocation location,
                      std::vector<PoolPermissions>& out) {
  for (const auto& pool : paths) {
    if (const auto* permissions = PermissionsOf(&from.pool_permissions, pool.path)) {
      out.push_back({pool.path, *permissions, location});
    }
  }
}

// The permissions on a desired cluster's (or standalone host's) pools and vApps, once
// each is on the target: those written under each, or with `resource_pools: inherit`
// (`vapps: inherit`) the source's (`from`; `there` the target's). A host leaving a
// cluster takes its VMs out of the source's pools, not the pools.
void PlanPoolPermissions(PlanRecorder& plan, const std::set<std::string>& system, const DatacenterSpec& dc,
                         const ClusterSpec& cluster, const InventoryCluster* from, const InventoryCluster* there) {
  using PoolsMode = Managed<std::vector<PoolSpec>>::Mode;
  using VAppsMode = Managed<std::vector<VAppSpec>>::Mode;
  const auto* source = from ? &from->pool_permissions : nullptr;
  std::vector<PoolPermissions> desired;
  if (cluster.resource_pools.mode == PoolsMode::Set) CollectPools(cluster.resource_pools.value, "", source, desired);
  if (cluster.resource_pools.mode == PoolsMode::Inherit && from) {
    CollectInherited(*from, from->pools, cluster.location, desired);
  }
  if (cluster.vapps.mode == VAppsMode::Set) {
    for (const auto& vapp : cluster.vapps.value) {
      desired.push_back({vapp.Path(), Desired(vapp.permissions, PermissionsOf(source, vapp.Path())), vapp.location});
    }
  }
  if (cluster.vapps.mode == VAppsMode::Inherit && from) CollectInherited(*from, from->vapps, cluster.location, desired);
  const std::string cluster_path = dc.name + "/" + cluster.name;
  for (const auto& pool : desired) {
    PlanDesired(plan, system, "pool", cluster_path + "/" + pool.path, pool.permissions,
                PermissionsOf(there ? &there->pool_permissions : nullptr, pool.path), PoolReady(cluster_path, pool.path),
                pool.location);
  }
}

// The permissions the target gets, by object name: a planned set_permissions sets them.
std::set<std::string> Carried(PlanRecorder& plan) {
  std::set<std::string> carried;  // "object name\0principal"
  for (const auto& action : plan.actions()) {
    if (action.kind != ActionKind::SetPermissions || action.side != Side::Target) continue;
    const std::string name = action.object.substr(action.object.rfind('/') + 1);
    for (const auto& [key, value] : action.params) {
      if (key.starts_with(kPermissionPrefix)) carried.insert(name + '\0' + key.substr(sizeof(kPermissionPrefix) - 1));
    }
  }
  return carried;
}

// One note for the permissions of leaving hosts and VMs that the desired state does not
// carry: vCenter drops them with the host.
void NoteUncarried(PlanRecorder& plan,
                   const std::vector<std::pair<std::string, const std::vector<InventoryPermission>*>>& leaving) {
  const std::set<std::string> carried = Carried(plan);
  std::vector<std::string> lost;
  for (const auto& [object, permissions] : leaving) {
    const std::string name = object.substr(object.rfind('/') + 1);
    for (const auto& permission : *permissions) {
      if (!carried.count(name + '\0' + Mapped(plan, permission.principal))) {
        lost.push_back(object + ": " + permission.principal + " as " + permission.role);
      }
    }
  }
  if (lost.empty()) return;
  plan.Note({}, std::to_string(lost.size()) + " permission" + (lost.size() == 1 ? "" : "s") +
                    " of the moving hosts and VMs not carried to the target: " + FirstFew(lost) +
                    " (the source drops them with the host; host_permissions or vm_permissions: inherit carries them)");
}

std::string PlanCapture(PlanRecorder& plan, const std::string& type, const std::string& object,
                        const std::vector<InventoryPermission>& permissions) {
  return PlanPermissionCapture(plan, type, object, permissions, "(leaves with the host)").outputs.front();
}

}  // namespace

Action& PlanPermissionCapture(PlanRecorder& plan, const std::string& type, const std::string& object,
                              const std::vector<InventoryPermission>& permissions, const std::string& why) {
  Action& capture = plan.Add(ActionKind::SetPermissions, Side::Source, object);
  capture.params = capture.prior = {{"type", type}};
  for (const auto& [principal, value] : ByPrincipal(plan, permissions, false)) {
    const bool keep = IsAdmin(value);
    capture.params[PermissionKey(principal)] = keep ? value : "";
    capture.prior[PermissionKey(principal)] = value;
    capture.changes.push_back({principal, DescribePermission(value), why});
  }
  capture.outputs = {PermissionsKept(object)};
  capture.expected_seconds = 1;
  return capture;
}

void PlanRootPermissions(PlanRecorder& plan) {
  const auto& managed = plan.desired().root_permissions;
  const auto desired = Desired(managed, &plan.source().root_permissions);
  if (desired.empty()) return;
  const SourceLocation location = managed.value.empty() ? SourceLocation{} : managed.value.front().location;
  // The root folder is on every vCenter: nothing to wait for, nothing captured on the source.
  PlanDesired(plan, SystemRoles(plan), "root", "/", desired, &plan.target().root_permissions, "", location);
}

void PlanRoles(PlanRecorder& plan) {
  const bool declared = plan.desired().roles.mode == Managed<std::vector<RoleSpec>>::Mode::Set;
  const std::set<std::string> system = SystemRoles(plan);
  std::set<std::string> planned;
  for (const auto& role : DesiredRoles(plan)) {
    if (system.count(role.name)) {
      plan.Error(role.location, "role '" + role.name +
                                    "' is one every vCenter has (a system role): it is never declared, made nor changed");
      continue;
    }
    if (!planned.insert(role.name).second) continue;
    const std::vector<std::string> wanted = Canonical(role.privileges);
    const InventoryRole* there = TargetRole(plan, role.name);
    if (there && Canonical(there->privileges) == wanted) continue;
    if (there && !declared) {
      plan.Note({}, "custom role '" + role.name + "' has other privileges on the target (" + plan.target().vcenter +
                        "); left as it is there (declare it in roles: to change it)");
      continue;
    }
    Action& action = plan.Add(there ? ActionKind::UpdateRole : ActionKind::AddRole, Side::Target, role.name);
    action.params = {{"privileges", Join(wanted, ",")}};
    action.prior = there ? std::map<std::string, std::string>{{"privileges", Join(Canonical(there->privileges), ",")}}
                         : action.params;
    if (there) action.changes.push_back({"privileges", Join(Canonical(there->privileges), ", "), Join(wanted, ", ")});
    action.outputs = {RoleReady(role.name)};
    action.criticality = Criticality::Finishing;
    action.expected_seconds = 1;
  }
}

void PlanPermissions(PlanRecorder& plan, const DatacenterSpec& dc) {
  const std::set<std::string> system = SystemRoles(plan);
  for (const auto& cluster : dc.clusters) PlanClusterPermissions(plan, system, dc, cluster);
  PlanHostPermissions(plan, system, dc);
  PlanVmPermissions(plan, system, dc);
  PlanFolderPermissions(plan, system, dc);
  PlanDatacenterPermissions(plan, system, dc);
  PlanSwitchPermissions(plan, system, dc);
  for (const auto& cluster : dc.clusters) {
    PlanPoolPermissions(plan, system, dc, cluster, plan.source_index().Cluster(dc.name, cluster.name),
                        plan.target_index().Cluster(dc.name, cluster.name));
  }
  for (const auto& host : dc.standalone_hosts) {
    const auto from = plan.same_vcenter() ? std::nullopt : PoolsOfStandalone(plan.source_index().Host(host.name.value), "");
    const auto there = PoolsOfStandalone(plan.target_index().Host(host.name.value), dc.name);
    PlanPoolPermissions(plan, system, dc, StandaloneOwner(host), from ? &*from : nullptr, there ? &*there : nullptr);
  }
}

void PlanSourcePermissions(PlanRecorder& plan) {
  const std::set<std::string> leaving = plan.LeavingHosts();
  std::vector<std::pair<std::string, const std::vector<InventoryPermission>*>> captured;
  for (const auto& name : leaving) {
    const InventoryHost* host = plan.source_index().Host(name);
    if (!host) continue;
    const std::string path = PlacePath(host->datacenter, host->cluster, host->folder) + "/" + name;
    std::vector<std::string> kept;
    if (!host->permissions.empty()) {
      kept.push_back(PlanCapture(plan, "host", path, host->permissions));
      captured.emplace_back(path, &host->permissions);
    }
    // vCenter destroys a standalone host's pools with it: a rollback, whose add remakes
    // them, sets their permissions again by undoing this capture.
    for (const auto& pool : host->pool_permissions) {
      const std::string pool_path = host->datacenter + "/" + name + "/" + pool.object;
      kept.push_back(PlanPermissionCapture(plan, "pool", pool_path, pool.permissions, "(goes with the host's pools)")
                         .outputs.front());
      captured.emplace_back(pool_path, &pool.permissions);
    }
    for (const InventoryVm* vm : plan.source_index().VmsOn(name)) {
      if (vm->permissions.empty()) continue;
      const std::string vm_path = vm->datacenter + "/" + vm->name;
      kept.push_back(PlanCapture(plan, "vm", vm_path, vm->permissions));
      captured.emplace_back(vm_path, &vm->permissions);
    }
    BeforeDisconnect(plan, path, kept);
  }
  NoteUncarried(plan, captured);
}

}  // namespace vcshift::planning
