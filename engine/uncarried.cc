#include "engine/uncarried.h"

namespace vcshift {

const std::vector<UncarriedKind>& UncarriedKinds() {
  static const std::vector<UncarriedKind> kinds = {
      {"host_profiles", "host profile", "host profiles", "attach again in the target vCenter"},
      {"alarms", "alarm", "alarms", "define again in the target vCenter"},
      {"storage_policies", "storage policy", "storage policies", "assign again in the target vCenter"},
      {"vm_orchestration", "VM restart ready condition", "VM restart ready conditions",
       "HA restarts the VMs with the cluster's ready condition; set again in the target vCenter"},
      {"standalone_pools", "resource pool of a standalone host", "resource pools of standalone hosts",
       "vCenter destroys them with the host; its VMs arrive in the host's root pool: make them again in the target "
       "vCenter"},
  };
  return kinds;
}

}  // namespace vcshift
