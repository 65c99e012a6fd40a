#include "engine/plan_index.h"

namespace vcshift::planning {
namespace {

// A key of two names; no name holds a NUL.
std::string Pair(const std::string& first, const std::string& second) { return first + '\0' + second; }

template <typename Map, typename Key>
const typename Map::mapped_type* Lookup(const Map& map, const Key& key) {
  const auto found = map.find(key);
  return found == map.end() ? nullptr : &found->second;
}

template <typename T>
const std::vector<const T*>& ListOf(const std::unordered_map<std::string, std::vector<const T*>>& map,
                                    const std::string& key) {
  static const std::vector<const T*> none;
  const auto* found = Lookup(map, key);
  return found ? *found : none;
}

}  // namespace

InventoryIndex::InventoryIndex(const Inventory& inventory) {
  for (const auto& host : inventory.hosts) {
    hosts_.emplace(host.name, &host);
    hosts_in_[host.datacenter].push_back(&host);
    hosts_in_[Pair(host.datacenter, host.cluster)].push_back(&host);
    std::unordered_set<std::string> on;
    for (const auto& proxy : host.proxy_switches) {
      if (on.insert(proxy.dvs).second) hosts_on_[Pair(host.datacenter, proxy.dvs)].push_back(&host);
    }
  }
  for (const auto& cluster : inventory.clusters) clusters_.emplace(Pair(cluster.datacenter, cluster.name), &cluster);
  for (const auto& dvs : inventory.switches) {
    switches_.emplace(Pair(dvs.datacenter, dvs.name), &dvs);
    switches_.emplace(Pair("", dvs.name), &dvs);
    switches_in_[dvs.datacenter].push_back(&dvs);
  }
  for (const auto& dc : inventory.datacenters) datacenters_.insert(dc.name);
  for (const auto& vm : inventory.vms) vms_on_[vm.host].push_back(&vm);
}

const InventoryHost* InventoryIndex::Host(const std::string& name) const {
  const auto* found = Lookup(hosts_, name);
  return found ? *found : nullptr;
}

const InventoryCluster* InventoryIndex::Cluster(const std::string& dc, const std::string& name) const {
  const auto* found = Lookup(clusters_, Pair(dc, name));
  return found ? *found : nullptr;
}

const InventoryDvs* InventoryIndex::Dvs(const std::string& dc, const std::string& name) const {
  const auto* found = Lookup(switches_, Pair(dc, name));
  return found ? *found : nullptr;
}

const std::vector<const InventoryVm*>& InventoryIndex::VmsOn(const std::string& host) const {
  return ListOf(vms_on_, host);
}

const std::vector<const InventoryHost*>& InventoryIndex::HostsIn(const std::string& dc) const {
  return ListOf(hosts_in_, dc);
}

const std::vector<const InventoryHost*>& InventoryIndex::HostsIn(const std::string& dc,
                                                                 const std::string& cluster) const {
  return ListOf(hosts_in_, Pair(dc, cluster));
}

const std::vector<const InventoryHost*>& InventoryIndex::HostsOn(const std::string& dc, const std::string& dvs) const {
  return ListOf(hosts_on_, Pair(dc, dvs));
}

const std::vector<const InventoryDvs*>& InventoryIndex::SwitchesIn(const std::string& dc) const {
  return ListOf(switches_in_, dc);
}

DesiredIndex::DesiredIndex(const DesiredState& desired) {
  for (const auto& dc : desired.datacenters) {
    for (const auto& cluster : dc.clusters) {
      for (const auto& host : cluster.hosts) listed_.insert(host.value);
    }
    for (const auto& host : dc.standalone_hosts) listed_.insert(host.name.value);
    for (const auto& spec : dc.distributed_switches) {
      auto& members = members_[&spec];
      for (const auto& member : spec.hosts) members.emplace(member.name, &member);
    }
  }
  for (const auto& settings : desired.esxi.hosts) {
    if (!settings.thumbprint.empty()) thumbprints_.emplace(settings.name, settings.thumbprint);
  }
}

const DvsHostMember* DesiredIndex::Member(const DistributedSwitchSpec& spec, const std::string& host) const {
  const auto* members = Lookup(members_, &spec);
  if (!members) return nullptr;
  const auto* found = Lookup(*members, host);
  return found ? *found : nullptr;
}

std::string DesiredIndex::Thumbprint(const std::string& host) const {
  const auto* found = Lookup(thumbprints_, host);
  return found ? *found : "";
}

}  // namespace vcshift::planning
