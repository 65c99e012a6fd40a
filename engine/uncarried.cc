#include "engine/uncarried.h"

namespace vcshift {

const std::vector<UncarriedKind>& UncarriedKinds() {
  static const std::vector<UncarriedKind> kinds = {
      {"vapps", "vApp", "vApps", "the target has no such vApp; its VMs arrive outside it"},
      {"permissions", "permission", "permissions",
       "the target's objects get only the permissions set there, or inherited there"},
      {"roles", "custom role", "custom roles", "those permissions need them on the target"},
      {"host_profiles", "host profile", "host profiles", "attach again in the target vCenter"},
      {"alarms", "alarm", "alarms", "define again in the target vCenter"},
      {"storage_policies", "storage policy", "storage policies", "assign again in the target vCenter"},
      {"vm_orchestration", "VM restart ready condition", "VM restart ready conditions",
       "HA restarts the VMs with the cluster's ready condition; set again in the target vCenter"},
  };
  return kinds;
}

}  // namespace vcshift
