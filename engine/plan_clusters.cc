#include "engine/plan_clusters.h"

#include <algorithm>
#include <string>
#include <vector>

#include "engine/plan_cluster_rules.h"
#include "engine/plan_changes.h"
#include "engine/plan_host_moves.h"
#include "engine/plan_resources.h"

namespace vcshift::planning {
namespace {

// vSphere's settings for a cluster created without any: HA and DRS off.
HaSettings NewClusterHa() {
  HaSettings ha;
  ha.enabled = false;
  return ha;
}
DrsSettings NewClusterDrs() {
  DrsSettings drs;
  drs.enabled = false;
  return drs;
}

template <typename T>
bool Resolve(PlanRecorder& plan, const Managed<T>& managed, const T* inherited, bool exists, const T& current, T& out,
             const ClusterSpec& cluster, const char* what) {
  switch (managed.mode) {
    case Managed<T>::Mode::Unmanaged: out = current; return true;
    case Managed<T>::Mode::Set: out = managed.value; return true;
    case Managed<T>::Mode::Inherit:
      // Once every host has left the source, the target cluster holds what was
      // inherited when it was made: planning again changes nothing.
      if (!inherited && exists) {
        out = current;
        return true;
      }
      if (!inherited) {
        plan.Error(cluster.location, std::string(what) + ": inherit, but none of the hosts of cluster '" +
                                         cluster.name + "' is in a cluster on the source");
        return false;
      }
      out = *inherited;
      return true;
  }
  return false;
}

// The cluster's name must not be taken on the target by something else: the same
// cluster in another folder, or a folder of that name where it would be created.
bool NameFreeForCluster(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster,
                        const InventoryCluster* existing) {
  const std::string& folder = cluster.folder.value;
  if (existing && !folder.empty() && existing->folder != folder) {
    plan.Error(cluster.location, "cluster '" + dc.name + "/" + cluster.name + "' exists on the target in folder '" +
                                     existing->folder + "', not '" + folder + "'; vcshift does not move clusters");
    return false;
  }
  const std::string sibling = folder.empty() ? cluster.name : folder + "/" + cluster.name;
  for (const auto& candidate : plan.target().datacenters) {
    if (candidate.name != dc.name) continue;
    if (std::find(candidate.host_folders.begin(), candidate.host_folders.end(), sibling) != candidate.host_folders.end()) {
      plan.Error(cluster.location, "a folder named '" + sibling + "' already exists on the target in datacenter '" +
                                       dc.name + "' where cluster '" + cluster.name + "' would be");
      return false;
    }
  }
  return true;
}

void NoteUnmanagedHosts(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster) {
  for (const InventoryHost* host : plan.target_index().HostsIn(dc.name, cluster.name)) {
    if (!plan.desired_index().Lists(host->name)) {
      plan.Note(cluster.location, "host '" + host->name + "' is in cluster '" + dc.name + "/" + cluster.name +
                                      "' but not in the desired state; vcshift leaves it alone");
    }
  }
}

}  // namespace

const InventoryCluster* InheritFrom(const PlanRecorder& plan, const ClusterSpec& cluster) {
  for (const auto& host : cluster.hosts) {
    const InventoryHost* found = plan.source_index().Host(host.value);
    if (found && !found->cluster.empty()) return plan.source_index().Cluster(found->datacenter, found->cluster);
  }
  return nullptr;
}

void PlanCluster(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster) {
  const std::string path = dc.name + "/" + cluster.name;
  const InventoryCluster* existing = plan.target_index().Cluster(dc.name, cluster.name);
  if (!NameFreeForCluster(plan, dc, cluster, existing)) return;
  const InventoryCluster* inherited = InheritFrom(plan, cluster);
  const HaSettings current_ha = existing ? existing->ha : NewClusterHa();
  const DrsSettings current_drs = existing ? existing->drs : NewClusterDrs();
  const std::string current_evc = existing ? existing->evc_mode : "disabled";
  HaSettings ha;
  DrsSettings drs;
  std::string evc;
  const bool resolved =
      Resolve(plan, cluster.ha, inherited ? &inherited->ha : nullptr, existing, current_ha, ha, cluster, "ha") &&
      Resolve(plan, cluster.drs, inherited ? &inherited->drs : nullptr, existing, current_drs, drs, cluster, "drs") &&
      Resolve(plan, cluster.evc_mode, inherited ? &inherited->evc_mode : nullptr, existing, current_evc, evc, cluster,
              "evc_mode");
  if (!resolved) return;

  auto wanted = Flatten("ha", ha);
  const auto drs_fields = Flatten("drs", drs);
  wanted.insert(drs_fields.begin(), drs_fields.end());
  wanted["evc_mode"] = evc;
  auto before = Flatten("ha", current_ha);
  const auto drs_before = Flatten("drs", current_drs);
  before.insert(drs_before.begin(), drs_before.end());
  before["evc_mode"] = current_evc;

  if (!existing) {
    Action& create = plan.Add(ActionKind::CreateCluster, Side::Target, path);
    create.params = wanted;
    create.params["folder"] = cluster.folder.value;
    create.changes = Differences({}, wanted);
    create.inputs = {cluster.folder.value.empty() ? DatacenterReady(dc.name)
                                                  : FolderReady(dc.name, "host", cluster.folder.value)};
    create.outputs = {ClusterReady(path)};
    create.expected_seconds = 5;
  } else if (auto changes = Differences(before, wanted); !changes.empty()) {
    Action& configure = plan.Add(ActionKind::ConfigureCluster, Side::Target, path);
    SetChanges(configure, std::move(changes));
    configure.outputs = {"cluster-config@target:" + path};
    configure.expected_seconds = 5;
  }
  std::vector<std::string> arrivals;
  for (const auto& host : cluster.hosts) {
    if (auto arrival = PlanHostMove(plan, dc, cluster, host, evc); !arrival.empty()) arrivals.push_back(arrival);
  }
  PlanClusterRules(plan, dc, cluster, existing, arrivals);
  if (existing) NoteUnmanagedHosts(plan, dc, cluster);
}

}  // namespace vcshift::planning
