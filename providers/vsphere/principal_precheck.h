#pragma once
// The live precheck of the principals a plan gives permissions to on the target: each
// must be one the target's user directory resolves (RetrieveUserGroups), or the
// permission would fail half-way through the run with UserNotFound. A principal of
// another SSO domain or identity source is refused here, by name, before anything
// changes; `principal_mapping:` names it as the target knows it (the plan's
// set_permissions already carry the mapped name).

#include "engine/diagnostic.h"
#include "engine/plan.h"

namespace vcshift::vsphere {

class Session;

// Errors (refusing the plan) name the principal, an object it was for, and the vCenter.
Diagnostics PrecheckPrincipals(Session& target, const Plan& plan);

}  // namespace vcshift::vsphere
