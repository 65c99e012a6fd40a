#include "engine/uncarried.h"

namespace vcshift {

const std::vector<UncarriedKind>& UncarriedKinds() {
  static const std::vector<UncarriedKind> kinds = {
      {"resource_pools", "resource pool", "resource pools",
       "the moving VMs arrive in the target cluster's root resource pool"},
      {"vapps", "vApp", "vApps", "the target has no such vApp; its VMs arrive outside it"},
      {"vm_overrides", "per-VM HA/DRS override", "per-VM HA/DRS overrides",
       "the VMs arrive with the target cluster's defaults"},
      {"permissions", "permission", "permissions",
       "the target's objects get only the permissions set there, or inherited there"},
      {"roles", "custom role", "custom roles", "those permissions need them on the target"},
      {"custom_attributes", "custom attribute value", "custom attribute values", "the target shows none of them"},
      {"licenses", "host licence", "host licences", "assign again in the target vCenter"},
      {"host_profiles", "host profile", "host profiles", "attach again in the target vCenter"},
      {"alarms", "alarm", "alarms", "define again in the target vCenter"},
      {"storage_policies", "storage policy", "storage policies", "assign again in the target vCenter"},
  };
  return kinds;
}

}  // namespace vcshift
