#pragma once
// Planning the desired state's hooks (engine/hooks.h) as run_hook actions, ordered by
// their phase: before_hosts_leave before the first step of any host it concerns leaving
// its place; after_hosts_arrive once those hosts' vCenter steps are done; after_cleanup
// once the source's cleanup is done too. A scoped hook is one action per cluster of its
// hosts, next to that cluster's actions; the hooks of one cluster (or the unscoped ones)
// run one after another, phase by phase, in the file's order, so a rollback undoes them
// in the reverse order. A hook concerning no moving host is not planned: a plan made
// again after the move is `No changes.`.

#include "engine/plan_recorder.h"

namespace vcshift::planning {

// Once every other action is recorded: it finds the moving hosts among them.
void PlanHooks(PlanRecorder& plan);

}  // namespace vcshift::planning
