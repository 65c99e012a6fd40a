#include "engine/plan_uncarried.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/plan_changes.h"
#include "engine/uncarried.h"

namespace vcshift::planning {
namespace {

// Objects found, by kind name.
using Found = std::map<std::string, std::vector<std::string>>;

void Alarms(const std::vector<std::string>& alarms, const std::string& where, Found& found) {
  for (const auto& alarm : alarms) found["alarms"].push_back(where + ": " + alarm);
}

// A standalone host's vApps' product and property sections and inner vApps' entries:
// vCenter destroys them with the host's compute resource, and the removal's capture of
// its pool tree holds the vApps' allocations, not these, so a rollback would make its
// vApps again without them.
void StandaloneVApps(const std::vector<InventoryVApp>& vapps, const std::string& path, Found& found) {
  auto& list = found["standalone_vapp_sections"];
  for (const auto& vapp : vapps) {
    const std::string at = path + "/" + vapp.path + ": ";
    for (const auto& product : vapp.products) list.push_back(at + "product " + product.name);
    for (const auto& property : vapp.properties) list.push_back(at + "property " + property.id);
    for (const auto& child : vapp.children) list.push_back(at + "entry of " + child.vapp);
  }
}

void Host(const PlanRecorder& plan, const InventoryHost& host, Found& found) {
  const std::string& parent = host.cluster.empty() ? host.folder : host.cluster;  // "" a standalone host at the root
  const std::string path = host.datacenter + "/" + (parent.empty() ? "" : parent + "/") + host.name;
  Alarms(host.alarms, path, found);
  if (!host.host_profile.empty()) found["host_profiles"].push_back(path + ": " + host.host_profile);
  if (host.cluster.empty()) StandaloneVApps(host.vapps, path, found);
  for (const InventoryVm* vm : plan.source_index().VmsOn(host.name)) {
    const std::string vm_path = vm->datacenter + "/" + vm->name;
    Alarms(vm->alarms, vm_path, found);
  }
}

// The moving VMs with a restart ready condition of their own in their cluster.
void Orchestration(const PlanRecorder& plan, const InventoryHost& host, Found& found) {
  const InventoryCluster* cluster = plan.source_index().Cluster(host.datacenter, host.cluster);
  if (!cluster) return;
  for (const InventoryVm* vm : plan.source_index().VmsOn(host.name)) {
    const auto& own = cluster->vm_orchestration;
    if (std::find(own.begin(), own.end(), vm->name) != own.end()) {
      found["vm_orchestration"].push_back(vm->datacenter + "/" + vm->name);
    }
  }
}

void Cluster(const InventoryCluster& cluster, Found& found) {
  const std::string path = cluster.datacenter + "/" + cluster.name;
  Alarms(cluster.alarms, path, found);
  if (!cluster.host_profile.empty()) found["host_profiles"].push_back(path + ": " + cluster.host_profile);
}

PlanWarning Warning(const UncarriedKind& kind, std::vector<std::string> objects) {
  const std::string noun = objects.size() == 1 ? kind.one : kind.many;
  std::string message = std::to_string(objects.size()) + " " + noun + " not carried to the target: " +
                        FirstFew(objects) + " (" + kind.consequence + ")";
  return {kind.name, std::move(objects), std::move(message)};
}

PlanWarning NotChecked(std::vector<std::string> kinds, const std::vector<std::string>& nouns) {
  std::string message = "not checked, so not counted: " + Join(nouns, ", ") +
                        " (vcshift cannot read them yet; what the moving hosts and VMs have of them is not carried)";
  return {"not_checked", std::move(kinds), std::move(message)};
}

}  // namespace

void PlanUncarried(PlanRecorder& plan) {
  const std::set<std::string> leaving = plan.LeavingHosts();
  if (leaving.empty()) return;
  const InventoryIndex& index = plan.source_index();
  Found found;
  std::set<std::pair<std::string, std::string>> clusters;
  std::set<std::string> datacenters;
  for (const auto& name : leaving) {
    const InventoryHost* host = index.Host(name);
    if (!host) continue;
    Host(plan, *host, found);
    Orchestration(plan, *host, found);
    if (!host->cluster.empty()) clusters.emplace(host->datacenter, host->cluster);
    datacenters.insert(host->datacenter);
  }
  for (const auto& [dc, name] : clusters) {
    if (const InventoryCluster* cluster = index.Cluster(dc, name)) Cluster(*cluster, found);
  }
  for (const auto& dc : plan.source().datacenters) {
    if (!datacenters.count(dc.name)) continue;
    Alarms(dc.alarms, dc.name, found);
  }

  const auto& checked = plan.source().checked;
  std::vector<std::string> unchecked, nouns;
  for (const auto& kind : UncarriedKinds()) {
    if (std::find(checked.begin(), checked.end(), kind.name) == checked.end()) {
      unchecked.push_back(kind.name);
      nouns.push_back(kind.many);
    } else if (auto& objects = found[kind.name]; !objects.empty()) {
      plan.Warn(Warning(kind, std::move(objects)));
    }
  }
  if (!unchecked.empty()) plan.Warn(NotChecked(std::move(unchecked), nouns));
}

}  // namespace vcshift::planning
