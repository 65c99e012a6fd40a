#pragma once
// The lookups the planners make once per host, built once per plan so that planning
// stays linear in the size of the inventories (a scan per host made 5,000 hosts cost
// 13 times 1,000; docs/performance.md). Each answers as the scan it replaces did: the
// first match in inventory (or desired-state) order.

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/desired_state.h"
#include "engine/inventory.h"

namespace vcshift::planning {

// One inventory's objects by name. Lookups return nullptr (or an empty list) for none.
class InventoryIndex {
 public:
  explicit InventoryIndex(const Inventory& inventory);

  const InventoryHost* Host(const std::string& name) const;
  const InventoryCluster* Cluster(const std::string& dc, const std::string& name) const;
  // An empty `dc` finds a switch in any datacenter.
  const InventoryDvs* Dvs(const std::string& dc, const std::string& name) const;
  bool HasDatacenter(const std::string& name) const { return datacenters_.count(name) > 0; }

  // In inventory order: the VMs registered on a host; the hosts of a datacenter, of a
  // cluster (an empty cluster: the datacenter's standalone hosts), on a distributed
  // switch; the switches of a datacenter.
  const std::vector<const InventoryVm*>& VmsOn(const std::string& host) const;
  const std::vector<const InventoryHost*>& HostsIn(const std::string& dc) const;
  const std::vector<const InventoryHost*>& HostsIn(const std::string& dc, const std::string& cluster) const;
  const std::vector<const InventoryHost*>& HostsOn(const std::string& dc, const std::string& dvs) const;
  const std::vector<const InventoryDvs*>& SwitchesIn(const std::string& dc) const;

 private:
  std::unordered_map<std::string, const InventoryHost*> hosts_;
  std::unordered_map<std::string, const InventoryCluster*> clusters_;  // by "dc\0name"
  std::unordered_map<std::string, const InventoryDvs*> switches_;      // by "dc\0name" and "\0name"
  std::unordered_set<std::string> datacenters_;
  std::unordered_map<std::string, std::vector<const InventoryVm*>> vms_on_;
  std::unordered_map<std::string, std::vector<const InventoryHost*>> hosts_in_;  // by "dc" and "dc\0cluster"
  std::unordered_map<std::string, std::vector<const InventoryHost*>> hosts_on_;  // by "dc\0dvs"
  std::unordered_map<std::string, std::vector<const InventoryDvs*>> switches_in_;
};

// The desired state's per-host answers.
class DesiredIndex {
 public:
  explicit DesiredIndex(const DesiredState& desired);

  // Whether any cluster or `standalone_hosts` lists the host (it may be moving away).
  bool Lists(const std::string& host) const { return listed_.count(host) > 0; }
  // The host's entry under the switch's `hosts`.
  const DvsHostMember* Member(const DistributedSwitchSpec& spec, const std::string& host) const;
  // The thumbprint `esxi.hosts` gives the host; "" when none does.
  std::string Thumbprint(const std::string& host) const;

 private:
  std::unordered_set<std::string> listed_;
  std::unordered_map<const DistributedSwitchSpec*, std::unordered_map<std::string, const DvsHostMember*>> members_;
  std::unordered_map<std::string, std::string> thumbprints_;
};

}  // namespace vcshift::planning
