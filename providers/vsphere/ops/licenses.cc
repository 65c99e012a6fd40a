// A host's licence (set_host_license): the key LicenseManager holds of the action's
// edition and tail assigned to the host (UpdateAssignedLicense), or none
// (RemoveAssignedLicense: evaluation mode). What the host had is captured by edition,
// name and tail, never the key, and the inverse finds the key again the same way.

#include "providers/vsphere/licenses.h"
#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/ops/ops.h"
#include "providers/vsphere/ops/outcome.h"
#include "providers/vsphere/session.h"

namespace vcshift::vsphere::ops {

ActionResult SetHostLicense(const OpContext& op) {
  const std::string& object = op.action.object;
  auto host = FindHost(op.session, NameOf(object), {ParentPathOf(object)});
  if (!host) return Failed(host.fault());
  if (host->empty()) return Refused("NotFound", object, "no host '" + object + "' to set the licence of");
  auto now = HostLicence(op.session, *host);
  if (!now) return Failed(now.fault());
  const Captured before = {{"edition", now->edition}, {"name", now->name}, {"key_tail", now->key_tail}};
  const LicenseRef wanted{op.Param("edition"), op.Param("name"), op.Param("key_tail")};
  if (now->key_tail == wanted.key_tail && now->edition == wanted.edition) return AlreadyDone(before);
  if (wanted.key_tail.empty()) {
    if (Status removed = RemoveLicence(op.session, *host, object); !removed) return Failed(removed.fault());
    return Succeeded(before);
  }
  auto key = HeldKey(op.session, wanted);
  if (!key) return Failed(key.fault());
  if (!*key) {
    return Refused("NotFound", object,
                   "this vCenter holds no key " + wanted.edition + " ..." + wanted.key_tail +
                       " (LicenseManager.AddLicense, or the vSphere Client: Administration > Licensing > Licenses)");
  }
  if (Status assigned = AssignLicence(op.session, *host, **key, object); !assigned) return Failed(assigned.fault());
  return Succeeded(before);
}

}  // namespace vcshift::vsphere::ops
