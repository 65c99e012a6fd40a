#include "engine/uncarried.h"

namespace vcshift {

const std::vector<UncarriedKind>& UncarriedKinds() {
  static const std::vector<UncarriedKind> kinds = {
      {"host_profiles", "host profile", "host profiles", "attach again in the target vCenter"},
      {"alarms", "alarm", "alarms", "define again in the target vCenter"},
      {"storage_policies", "storage policy", "storage policies", "assign again in the target vCenter"},
      {"vm_orchestration", "VM restart ready condition", "VM restart ready conditions",
       "HA restarts the VMs with the cluster's ready condition; set again in the target vCenter"},
      {"standalone_vapp_sections", "section or inner vApp's entry of a standalone host's vApp",
       "sections and inner vApps' entries of standalone hosts' vApps",
       "vCenter destroys them with the host's vApps; a rollback makes those vApps again on the source without "
       "them: set them again"},
  };
  return kinds;
}

}  // namespace vcshift
