#pragma once
// The live precheck of the hosts a plan adds to the target: each one is asked about
// before anything changes, of the vCenter whose answer means something
// (docs/desired-state.md, "Checks against the live vCenters"):
// - the target, when it has a datacenter: QueryConnectionInfo there checks the ESXi
//   login and the expected certificate as AddHost would, and its serverIp names the
//   vCenter that manages the host now. That must be the source: vcshift adds hosts with
//   `force` (a host removed from its vCenter still names it), so a host of a third
//   vCenter would be taken from it.
// - else the source, in the host's datacenter. The reference lists AlreadyConnected for
//   QueryConnectionInfo, so a vCenter may refuse to be asked about a host it has; then
//   the login cannot be checked before the run, and the plan says so in a note.

#include <string>

#include "engine/diagnostic.h"
#include "engine/plan.h"
#include "providers/vsphere/esxi_logins.h"

namespace vcshift::vsphere {

class Session;

// Errors (refusing the plan) name the vCenter that answered, or `desired_file` for a
// login the desired state does not give; what could not be checked is added to the
// plan's notes.
Diagnostics PrecheckHostLogins(Session& source, Session& target, const EsxiLogins& logins,
                               const std::string& desired_file, Plan& plan);

}  // namespace vcshift::vsphere
