#pragma once
// The live vCenters of a desired state as the core uses them. The vSphere provider
// implements it over SOAP; the CLI makes one per command, and destroying it logs out.

#include <optional>

#include "engine/action.h"
#include "engine/action_runner.h"
#include "engine/diagnostic.h"
#include "engine/discovery_scope.h"
#include "engine/inventory.h"
#include "engine/journal.h"
#include "engine/plan.h"

namespace vcshift {

class LiveVCenters {
 public:
  virtual ~LiveVCenters() = default;
  // The inventory of one side, of the objects `scope` selects (a whole scope: all of
  // them; engine/discovery_scope.h); nothing, with errors in `diagnostics`, when it
  // cannot be read. When the target is the source, both sides read the same vCenter.
  virtual std::optional<Inventory> Discover(Side side, const DiscoveryScope& scope, Diagnostics& diagnostics) = 0;
  // Read-only checks a plan needs the live vCenters for: each host it adds to the target
  // must accept the ESXi login and present the expected certificate, or the run would
  // fail half-way (and its rollback could not re-add the host either), and must not be
  // another vCenter's. Errors refuse it, each naming the vCenter that answered. A host
  // the plan's own check_host_login step asks about (an empty target) is left to it.
  virtual Diagnostics Precheck(const Plan& plan) = 0;
  // Carries out a plan's actions on these vCenters; lives as long as this object and may
  // be called from several threads at once.
  virtual ActionRunner& Runner() = 0;

  // The run's lock in the target vCenter itself, where runs from other state directories
  // and machines meet (docs/reliability.md, "The lock in the target vCenter"). Taken in
  // one atomic step, kept fresh while this object lives or until UnlockTarget. Nothing
  // when taken; otherwise who holds it, or, when the vCenter could not be asked, nothing
  // with an error in `diagnostics`.
  virtual std::optional<LockHolder> LockTarget(const LockHolder& me, Diagnostics& diagnostics) = 0;
  // Releases the lock this object took; what could not be done is a warning in `diagnostics`.
  virtual void UnlockTarget(Diagnostics& diagnostics) = 0;
  // Clears the target's lock whoever holds it (`vcshift force-unlock`): who held it, if anyone.
  virtual std::optional<LockHolder> ForceUnlockTarget(Diagnostics& diagnostics) = 0;
};

}  // namespace vcshift
