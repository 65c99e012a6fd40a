#include "engine/plan_cleanup.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/plan_resources.h"

namespace vcshift::planning {
namespace {

// Removing what the run did not create cannot be undone: the plan says so.
void AddCleanup(PlanRecorder& plan, ActionKind kind, const std::string& object, std::vector<std::string> inputs) {
  Action& destroy = plan.Add(kind, Side::Source, object);
  destroy.inputs = std::move(inputs);
  destroy.outputs = {RemovedFromSource(object)};
  destroy.criticality = Criticality::Cleanup;
  destroy.reversible = false;
  destroy.expected_seconds = 5;
}

}  // namespace

void PlanCleanup(PlanRecorder& plan) {
  if (plan.same_vcenter()) return;
  const std::set<std::string> leaving = plan.LeavingHosts();
  if (leaving.empty()) return;
  const Inventory& source = plan.source();
  const InventoryIndex& index = plan.source_index();
  const CleanupPolicy& cleanup = plan.desired().cleanup;
  // What removing an object that holds `hosts` waits for: the release of each; nothing
  // when one of them stays, or there are none.
  const auto emptied = [&](const std::vector<const InventoryHost*>& hosts) {
    std::vector<std::string> released;
    for (const InventoryHost* host : hosts) {
      if (!leaving.count(host->name)) return std::vector<std::string>{};
      released.push_back(HostReleased(host->name));
    }
    return released;
  };
  if (cleanup.remove_empty_clusters) {
    for (const auto& cluster : source.clusters) {
      auto inputs = emptied(index.HostsIn(cluster.datacenter, cluster.name));
      if (inputs.empty()) continue;
      AddCleanup(plan, ActionKind::DestroyCluster, cluster.datacenter + "/" + cluster.name, std::move(inputs));
    }
  }
  if (cleanup.remove_unused_distributed_switches) {
    for (const auto& dvs : source.switches) {
      auto inputs = emptied(index.HostsOn(dvs.datacenter, dvs.name));
      if (inputs.empty()) continue;
      AddCleanup(plan, ActionKind::DestroyDvs, dvs.datacenter + "/" + dvs.name, std::move(inputs));
    }
  }
  if (cleanup.remove_empty_datacenters) {
    // A datacenter goes after the source's clean-ups inside it, the ones above included.
    std::vector<std::string> cleaned;
    for (const auto& action : plan.actions()) {
      if (action.side == Side::Source && action.criticality == Criticality::Cleanup) cleaned.push_back(action.object);
    }
    for (const auto& dc : source.datacenters) {
      auto inputs = emptied(index.HostsIn(dc.name));
      if (inputs.empty()) continue;
      for (const auto& object : cleaned) {
        if (object.rfind(dc.name + "/", 0) == 0) inputs.push_back(RemovedFromSource(object));
      }
      AddCleanup(plan, ActionKind::DestroyDatacenter, dc.name, std::move(inputs));
      cleaned.push_back(dc.name);
    }
  }
}

}  // namespace vcshift::planning
