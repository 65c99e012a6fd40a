#pragma once
// The lock a run holds in the target vCenter itself, so that two runs from different state
// directories or machines cannot change one vCenter at once (the journal's lock only sees
// its own state directory). It is a folder named `vcshift-lock` in the vCenter's root
// folder: CreateFolder refuses a name already taken in the folder with DuplicateName, and
// vCenter checks and creates in one step, so of two runs exactly one gets it. Its child
// folders name the holder ("host NAME", "pid N", "run N", "since TIME", "refreshed TIME");
// "refreshed" is renamed while the run lasts. Discovery never sees it: only folders inside
// a datacenter are inventory.

#include <optional>
#include <string>

#include "engine/journal.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class Session;

inline constexpr const char* kTargetLockFolder = "vcshift-lock";

// Takes the lock for `me`: nothing when taken, the holder when another run has it.
Result<std::optional<LockHolder>> TakeTargetLock(Session& session, const LockHolder& me);

// Who holds the lock, if anyone. A lock folder whose holder is not (yet) written reads as
// a holder with pid 0: a run taking it at this moment, or one that failed half-way.
Result<std::optional<LockHolder>> ReadTargetLock(Session& session);

// Renames the "refreshed" child to the current time.
Status RefreshTargetLock(Session& session);

// Destroys the lock folder whoever holds it: who held it, if anyone.
Result<std::optional<LockHolder>> ClearTargetLock(Session& session);

}  // namespace vcshift::vsphere
