#include "engine/uncarried.h"

namespace vcshift {

const std::vector<UncarriedKind>& UncarriedKinds() {
  static const std::vector<UncarriedKind> kinds = {
      {"host_profiles", "host profile", "host profiles", "attach again in the target vCenter"},
      {"alarms", "alarm", "alarms", "define again in the target vCenter"},
      {"storage_policies", "storage policy", "storage policies", "assign again in the target vCenter"},
      {"vm_orchestration", "VM restart ready condition", "VM restart ready conditions",
       "HA restarts the VMs with the cluster's ready condition; set again in the target vCenter"},
      {"vapp_sections", "vApp product or property section", "vApp product and property sections",
       "a vApp vcshift makes on the target has none; set them again in the target vCenter"},
      {"nested_vapps", "vApp inside a vApp", "vApps inside vApps",
       "its entry in the outer vApp's start order is not carried; set it again in the target vCenter"},
  };
  return kinds;
}

}  // namespace vcshift
