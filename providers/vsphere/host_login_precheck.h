#pragma once
// The live precheck of the hosts a plan adds to the target: each one is asked about
// before anything changes, of the target, where the answer means something
// (docs/desired-state.md, "Checks against the live vCenters"): QueryConnectionInfo there
// checks the ESXi login and the expected certificate as AddHost would, and its serverIp
// names the vCenter that manages the host now, which must be the source (CheckArrival,
// host_login.h).
//
// A target without a datacenter has nowhere to ask in, and the source is no substitute:
// the reference lists AlreadyConnected for QueryConnectionInfo, so a vCenter may refuse to
// be asked about a host it has. The planner then plans a check_host_login step for each
// host, asking the same on the target once the host's datacenter is made and before the
// host leaves the source; the precheck leaves those hosts to their steps.

#include <string>

#include "engine/diagnostic.h"
#include "engine/plan.h"
#include "providers/vsphere/esxi_logins.h"

namespace vcshift::vsphere {

class Session;

// Errors (refusing the plan) name the vCenter that answered, or `desired_file` for a
// login the desired state does not give.
Diagnostics PrecheckHostLogins(Session& source, Session& target, const EsxiLogins& logins,
                               const std::string& desired_file, const Plan& plan);

}  // namespace vcshift::vsphere
