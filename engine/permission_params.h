#pragma once
// One permission as a set_permissions action carries it: the param key names the
// principal (`permission.VSPHERE.LOCAL\ops`), the value says user or group, whether it
// propagates, and the role by name (`group:propagate:AppOperator`; "" no permission).
// The planner writes them, the provider reads them back; the journal keeps no more than
// this, which is what the inverse needs.

#include <optional>
#include <string>

#include "engine/inventory.h"

namespace vcshift {

inline constexpr char kPermissionPrefix[] = "permission.";

std::string PermissionKey(const std::string& principal);
std::string PermissionValue(const InventoryPermission& permission);
// The permission a param gives its principal; nothing for "" (none) or a malformed value.
std::optional<InventoryPermission> ParsePermission(const std::string& principal, const std::string& value);
// For the plan: "AppOperator", "AppOperator (group, this object only)", "(none)".
std::string DescribePermission(const std::string& value);

}  // namespace vcshift
