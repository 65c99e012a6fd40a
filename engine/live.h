#pragma once
// The live vCenters of a desired state as the core uses them. The vSphere provider
// implements it over SOAP; the CLI makes one per command, and destroying it logs out.

#include <optional>

#include "engine/action.h"
#include "engine/action_runner.h"
#include "engine/diagnostic.h"
#include "engine/inventory.h"
#include "engine/plan.h"

namespace vcshift {

class LiveVCenters {
 public:
  virtual ~LiveVCenters() = default;
  // The inventory of one side; nothing, with errors in `diagnostics`, when it cannot be
  // read. When the target is the source, both sides read the same vCenter.
  virtual std::optional<Inventory> Discover(Side side, Diagnostics& diagnostics) = 0;
  // Read-only checks a plan needs the live vCenters for: each host it adds to the target
  // must accept the ESXi login and present the expected certificate, or the run would
  // fail half-way (and its rollback could not re-add the host either), and must not be
  // another vCenter's. Errors refuse it, each naming the vCenter that answered; what
  // could not be checked is added to the plan's notes.
  virtual Diagnostics Precheck(Plan& plan) = 0;
  // Carries out a plan's actions on these vCenters; lives as long as this object and may
  // be called from several threads at once.
  virtual ActionRunner& Runner() = 0;
};

}  // namespace vcshift
