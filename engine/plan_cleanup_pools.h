#pragma once
// Cleanup of the source's resource pools and vApps that the moves empty, when the
// desired state asks for it (`cleanup: remove_empty_resource_pools`): a pool or vApp
// whose VMs, its own and those of the pools below it, all leave with the moving hosts,
// in a cluster that stays. Each is destroyed once those hosts are released, the pools
// below it first; a failure only warns. Unlike a cluster's removal, a pool's can be
// undone (its allocations are captured): a rollback makes it again before the hosts
// return, so that their VMs go back into it.

#include "engine/plan_recorder.h"

namespace vcshift::planning {

// After PlanCleanup (a cluster it removes takes its pools with it).
void PlanPoolCleanup(PlanRecorder& plan);

}  // namespace vcshift::planning
