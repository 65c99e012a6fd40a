#include "engine/export_permissions.h"

#include "engine/export_per_object.h"

namespace vcshift {
namespace {

void EmitPermissionList(YAML::Emitter& out, const std::vector<InventoryPermission>& permissions) {
  out << YAML::BeginSeq;
  for (const auto& permission : permissions) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "principal" << YAML::Value << YAML::SingleQuoted
        << permission.principal;
    if (permission.group) out << YAML::Key << "group" << YAML::Value << true;
    out << YAML::Key << "role" << YAML::Value << permission.role;
    if (!permission.propagate) out << YAML::Key << "propagate" << YAML::Value << false;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

// `host_permissions:` or `vm_permissions:`: one entry per object that has permissions.
template <typename T>
void EmitAssignments(YAML::Emitter& out, const char* key, const char* objects, const std::vector<T>& all,
                     const std::string& dc) {
  EmitPerObject(
      out, key, objects, "permissions", all, dc, [](const T& object) -> const auto& { return object.permissions; },
      EmitPermissionList);
}

}  // namespace

void EmitPermissions(YAML::Emitter& out, const std::vector<InventoryPermission>& permissions) {
  if (permissions.empty()) return;
  out << YAML::Key << "permissions" << YAML::Value;
  EmitPermissionList(out, permissions);
}

void EmitPermissionsOf(YAML::Emitter& out, const std::vector<InventoryObjectPermissions>& all,
                       const std::string& object) {
  for (const auto& entry : all) {
    if (entry.object == object) EmitPermissions(out, entry.permissions);
  }
}

void EmitClusterPermissions(YAML::Emitter& out, const InventoryCluster& cluster) {
  EmitPermissions(out, cluster.permissions);
}

void EmitDatacenterPermissions(YAML::Emitter& out, const InventoryDatacenter& dc, const Inventory& inventory) {
  EmitPermissions(out, dc.permissions);
  if (!dc.folder_permissions.empty()) {
    out << YAML::Key << "folder_permissions" << YAML::Value << YAML::BeginSeq;
    for (const auto& folder : dc.folder_permissions) {
      out << YAML::BeginMap << YAML::Key << "kind" << YAML::Value << folder.kind << YAML::Key << "folder"
          << YAML::Value << YAML::DoubleQuoted << folder.folder << YAML::Key << "permissions" << YAML::Value;
      EmitPermissionList(out, folder.permissions);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  EmitAssignments(out, "host_permissions", "hosts", inventory.hosts, dc.name);
  EmitAssignments(out, "vm_permissions", "vms", inventory.vms, dc.name);
}

void EmitRoles(YAML::Emitter& out, const std::vector<InventoryRole>& roles) {
  if (roles.empty()) return;
  out << YAML::Key << "roles" << YAML::Value << YAML::BeginSeq;
  for (const auto& role : roles) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << role.name << YAML::Key << "privileges"
        << YAML::Value << YAML::Flow << role.privileges << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

}  // namespace vcshift
