#include "engine/planner.h"

#include <utility>

#include "engine/action_kinds.h"
#include "engine/plan_attributes.h"
#include "engine/plan_permissions.h"
#include "engine/plan_cleanup.h"
#include "engine/plan_cleanup_pools.h"
#include "engine/plan_clusters.h"
#include "engine/plan_datacenters.h"
#include "engine/plan_hooks.h"
#include "engine/plan_host_moves.h"
#include "engine/plan_host_network.h"
#include "engine/plan_recorder.h"
#include "engine/plan_resource_pools.h"
#include "engine/plan_switches.h"
#include "engine/plan_tags.h"
#include "engine/plan_licenses.h"
#include "engine/plan_uncarried.h"
#include "engine/plan_vm_placement.h"

namespace vcshift {

// One planner per kind of object, in an order that lets each read what the ones before
// it recorded: a cluster's hosts record the networking they bring on standard switches;
// the switches skip joining those hosts, and record themselves as planned; the arrivals
// then move that networking onto them; cleanup removes what the moves emptied; the hooks wait for the steps of their
// phase; last, the
// warnings of what the moves leave behind uncarried. Within a
// run, the order actions are recorded in is the plan's order among ready actions.
PlanResult MakePlan(const DesiredState& desired, const Inventory& source, const Inventory& target) {
  planning::PlanRecorder plan(desired, source, target);
  planning::PlanCustomAttributeDefs(plan);
  planning::PlanRoles(plan);
  for (const auto& dc : desired.datacenters) {
    planning::PlanDatacenter(plan, dc);
    for (const auto& cluster : dc.clusters) planning::PlanCluster(plan, dc, cluster);
    for (const auto& host : dc.standalone_hosts) planning::PlanStandaloneHost(plan, dc, host);
    for (const auto& dvs : dc.distributed_switches) planning::PlanSwitch(plan, dc, dvs);
    for (const auto& cluster : dc.clusters) {
      for (const auto& host : cluster.hosts) planning::PlanArrival(plan, dc, host.value);
    }
    for (const auto& host : dc.standalone_hosts) planning::PlanArrival(plan, dc, host.name.value);
    planning::PlanVmPlacement(plan, dc);
    for (const auto& cluster : dc.clusters) planning::PlanResourcePools(plan, dc, cluster);
    for (const auto& host : dc.standalone_hosts) planning::PlanStandalonePools(plan, dc, host);
    planning::PlanAttributeValues(plan, dc);
    planning::PlanPermissions(plan, dc);
  }
  planning::PlanSourceAttributes(plan);
  planning::PlanSourcePermissions(plan);
  planning::PlanRootPermissions(plan);
  planning::NoteResourcePoolsLeftBehind(plan);
  planning::PlanCleanup(plan);
  planning::PlanPoolCleanup(plan);
  planning::PlanTags(plan);
  planning::PlanLicenses(plan);
  planning::PlanHooks(plan);  // after every planner that adds a host's steps
  planning::PlanUncarried(plan);
  PlanResult result = WithDeclaredParams(std::move(plan).Finish());
  // Ordering errors (two producers of a resource, a cycle) concern the plan as a whole,
  // which comes from the desired-state file; so does a param a planner got wrong.
  for (auto& diagnostic : result.diagnostics) {
    if (diagnostic.file.empty()) diagnostic.file = desired.file;
  }
  return result;
}

PlanResult WithDeclaredParams(PlanResult result) {
  if (!result.plan) return result;
  for (const auto& action : result.plan->actions) {
    for (const auto& problem : ParamProblems(action)) {
      result.diagnostics.push_back({Severity::Error, "", {}, "", "internal error: " + problem});
    }
  }
  if (HasErrors(result.diagnostics)) result.plan.reset();
  return result;
}

}  // namespace vcshift
