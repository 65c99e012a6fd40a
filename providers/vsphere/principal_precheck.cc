#include "providers/vsphere/principal_precheck.h"

#include <map>
#include <utility>

#include "engine/permission_params.h"
#include "providers/vsphere/authorization.h"
#include "providers/vsphere/fault.h"
#include "providers/vsphere/session.h"

namespace vcshift::vsphere {

Diagnostics PrecheckPrincipals(Session& target, const Plan& plan) {
  std::map<std::pair<std::string, bool>, std::string> principals;  // (principal, group) -> an object it is for
  for (const auto& action : plan.actions) {
    if (action.kind != ActionKind::SetPermissions || action.side != Side::Target) continue;
    for (const auto& [key, value] : action.params) {
      if (!key.starts_with(kPermissionPrefix)) continue;
      const auto permission = ParsePermission(key.substr(sizeof(kPermissionPrefix) - 1), value);
      if (permission) principals.emplace(std::make_pair(permission->principal, permission->group), action.object);
    }
  }
  Diagnostics problems;
  for (const auto& [principal, object] : principals) {
    const auto& [name, group] = principal;
    const std::string what = std::string(group ? "group" : "user") + " '" + name + "' (a permission on " + object + ")";
    auto resolved = ResolvesPrincipal(target, name, group);
    if (!resolved) {
      problems.push_back({Severity::Error, target.url(), {}, "", "cannot check " + what + ": " + Describe(resolved.fault())});
    } else if (!*resolved) {
      problems.push_back({Severity::Error, target.url(), {}, "",
                          what + " is not known to this vCenter (its user directory does not resolve it); "
                                 "name it as the target knows it with principal_mapping"});
    }
  }
  return problems;
}

}  // namespace vcshift::vsphere
