#include "engine/permission_params.h"

namespace vcshift {

std::string PermissionKey(const std::string& principal) { return kPermissionPrefix + principal; }

std::string PermissionValue(const InventoryPermission& permission) {
  return std::string(permission.group ? "group" : "user") + ":" + (permission.propagate ? "propagate" : "here") +
         ":" + permission.role;
}

std::optional<InventoryPermission> ParsePermission(const std::string& principal, const std::string& value) {
  const auto first = value.find(':');
  const auto second = first == std::string::npos ? first : value.find(':', first + 1);
  if (second == std::string::npos || second + 1 == value.size()) return std::nullopt;
  const std::string who = value.substr(0, first), reach = value.substr(first + 1, second - first - 1);
  if ((who != "user" && who != "group") || (reach != "propagate" && reach != "here")) return std::nullopt;
  InventoryPermission permission;
  permission.principal = principal;
  permission.group = who == "group";
  permission.propagate = reach == "propagate";
  permission.role = value.substr(second + 1);
  return permission;
}

std::string DescribePermission(const std::string& value) {
  const auto permission = ParsePermission("", value);
  if (!permission) return value.empty() ? "(none)" : value;
  std::string text = permission->role;
  if (permission->group && !permission->propagate) return text + " (group, this object only)";
  if (permission->group) return text + " (group)";
  if (!permission->propagate) return text + " (this object only)";
  return text;
}

}  // namespace vcshift
