#include "engine/discovery_scope.h"

namespace vcshift {

DiscoveryScope DiscoveryScopeOf(const DesiredState& desired, Side side) {
  const bool one_vcenter = desired.connections.target_is_source;
  const bool source = side == Side::Source || one_vcenter;
  const bool target = side == Side::Target || one_vcenter;
  DiscoveryScope scope;
  scope.whole = false;
  for (const auto& dc : desired.datacenters) {
    if (target) scope.datacenters.insert(dc.name);
    for (const auto& cluster : dc.clusters) {
      scope.clusters.insert(dc.name + "/" + cluster.name);
      for (const auto& host : cluster.hosts) scope.hosts.insert(host.value);
    }
    for (const auto& host : dc.standalone_hosts) scope.hosts.insert(host.name.value);
    for (const auto& dvs : dc.distributed_switches) {
      for (const auto& member : dvs.hosts) scope.hosts.insert(member.name);
      if (source && !dvs.inherit.value.empty()) scope.switches.insert(dvs.inherit.value);
    }
  }
  // Cleanup runs only between two vCenters (plan_cleanup.cc).
  const CleanupPolicy& cleanup = desired.cleanup;
  scope.hosts_datacenters = source && !one_vcenter &&
                            (cleanup.remove_unused_distributed_switches || cleanup.remove_empty_datacenters);
  return scope;
}

ScopedObjects SelectObjects(const DiscoveryScope& scope, const InventoryOutline& outline) {
  ScopedObjects out;
  std::set<std::string> whole = scope.datacenters;
  for (const auto& host : outline.hosts) {
    if (!scope.hosts.count(host.name)) continue;
    if (!host.cluster.empty()) out.clusters.emplace(host.datacenter, host.cluster);
    if (scope.hosts_datacenters) whole.insert(host.datacenter);
  }
  for (const auto& [dc, name] : outline.clusters) {
    if (scope.clusters.count(dc + "/" + name)) out.clusters.emplace(dc, name);
  }
  for (const auto& host : outline.hosts) {
    const bool in_cluster = !host.cluster.empty() && out.clusters.count({host.datacenter, host.cluster});
    if (scope.hosts.count(host.name) || in_cluster) out.vm_hosts.insert(host.name);
    if (scope.hosts.count(host.name) || in_cluster || whole.count(host.datacenter)) {
      out.hosts.insert(host.name);
      out.switch_datacenters.insert(host.datacenter);
    }
  }
  out.switch_datacenters.insert(whole.begin(), whole.end());
  out.switches = scope.switches;
  return out;
}

}  // namespace vcshift
