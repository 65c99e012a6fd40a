#pragma once
// A saved plan (`vcshift plan -o run.plan`): the plan, the hash of the desired state it
// came from, and a fingerprint of every inventory object it relies on. Applying a saved
// plan first checks that none of these changed, like Terraform's stale saved plan.
// A digest over all of it, and optionally an HMAC with a key, tell whether the file is
// still what `vcshift plan` wrote. The format is documented in docs/plan-format.md.

#include <map>
#include <optional>
#include <string>

#include "engine/diagnostic.h"
#include "engine/inventory.h"
#include "engine/plan.h"

namespace vcshift {

struct PlanFile {
  std::string path;  // where it was read from, naming it in messages ("" when made here)
  std::string desired_file;
  std::string desired_sha256;
  std::string source_vcenter;
  std::string target_vcenter;
  std::map<std::string, std::string> fingerprints;  // object key -> SHA-256 of its canonical JSON, or "absent"
  Plan plan;
  // As read from the file ("" when made here: WritePlanFile computes them). The digest is
  // the SHA-256 of CanonicalText, the signature its HMAC-SHA256 under the signing key.
  std::string digest;
  std::string signature;
  // How the vCenters were read: "" for whole, kScopedDiscovery for only what the plan
  // relies on (engine/discovery_scope.h). Applying it reads them the same way, so that
  // fingerprints of the same objects compare (a switch read with some of its hosts lists
  // those members only). Written only when scoped: plans saved before keep their digests.
  std::string discovery = {};
};

inline constexpr const char* kScopedDiscovery = "scoped";

// Fingerprints of what `plan` relies on in the two inventories: the objects its actions
// concern, and the VMs of every host it moves.
std::map<std::string, std::string> Fingerprints(const Plan& plan, const Inventory& source, const Inventory& target);

PlanFile MakePlanFile(const Plan& plan, const std::string& desired_file, const std::string& desired_text,
                      const Inventory& source, const Inventory& target);

// Everything the file says but its digest and signature, written one way only: what
// the digest and the signature are computed over.
std::string CanonicalText(const PlanFile& file);

// The file's text, with its digest; signed when a `signing_key` is given.
std::string WritePlanFile(const PlanFile& file, const std::optional<std::string>& signing_key = std::nullopt);
// A plan as RenderJson writes it: the journal keeps each run's plan so, for resume and
// rollback. `origin` names where it came from in messages.
std::optional<Plan> ReadPlanJson(const std::string& text, const std::string& origin, Diagnostics& diagnostics);

std::optional<PlanFile> ReadPlanFile(const std::string& text, const std::string& path, Diagnostics& diagnostics);

// Errors, naming the file, when it is not what `vcshift plan` wrote: no digest, or one
// its content no longer has; with a `signing_key`, no signature or a wrong one. A signed
// plan checked without a key gets a warning.
Diagnostics VerifyPlanFile(const PlanFile& file, const std::optional<std::string>& signing_key);

// Errors naming what changed since the plan was made: the desired state, or any object
// it relies on; each names the saved plan as its source. None when the plan can still be
// applied as it is.
Diagnostics CheckStaleness(const PlanFile& file, const std::string& desired_text, const Inventory& source,
                           const Inventory& target);

}  // namespace vcshift
