#pragma once
// Planning a desired cluster's resource pools and per-VM HA/DRS overrides on the target:
// each missing pool created before the cluster's hosts arrive (its parent first), an
// existing one's allocations set as declared (`~`); once a host's VMs are there, each
// moved into its pool and given its overrides. The source's memberships and overrides,
// which vCenter drops with the VMs when their host leaves, come back on rollback with
// the host (remove_host captures them; ops/host_move.cc).

#include "engine/desired_state.h"
#include "engine/plan_recorder.h"

namespace vcshift::planning {

void PlanResourcePools(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster);

// Nothing lost without a word: one plan note for the moving VMs that leave a pool on the
// source and that the plan puts in no pool on the target (naming each VM and its source
// pool), one for those whose HA/DRS overrides it does not set again. Once the target's
// actions are planned.
void NoteResourcePoolsLeftBehind(PlanRecorder& plan);

}  // namespace vcshift::planning
