#pragma once
// What discovery reads for a plan (issue 20): only what the desired state names or its
// plan depends on, so that planning the move of one cluster costs the same whatever the
// size of the vCenter it leaves. Two steps, both pure and here:
//   1. DiscoveryScopeOf: from the desired state alone, what a side's plan can touch.
//   2. SelectObjects: given the vCenter's outline (every datacenter, cluster and host by
//      name: a cheap read the provider makes first), the clusters, hosts and switches to
//      read in full; with each host, the VMs registered on it.
// The planner reads, across a whole inventory, the datacenters (their names and
// folders: the outline has them all) and otherwise only objects reached from the named
// hosts, the desired clusters and datacenters, and the switches inherited from:
// docs/architecture.md, "Scoped discovery", lists each such read and why the scope
// covers it. `export`, `inventory` and `--full-discovery` read everything (`whole`).

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/action.h"
#include "engine/desired_state.h"

namespace vcshift {

struct DiscoveryScope {
  bool whole = true;                  // everything; the rest is then unused
  std::set<std::string> hosts;        // by name, wherever they are, each with its cluster
  std::set<std::string> clusters;     // "DC/Cluster", read with every host of it, when it exists
  std::set<std::string> datacenters;  // every host and switch in them
  std::set<std::string> switches;     // distributed switches by name, in any datacenter
  // The datacenters the named hosts are in, read whole: cleanup must know every host
  // of a switch or datacenter to tell whether the move empties it.
  bool hosts_datacenters = false;
  bool operator==(const DiscoveryScope&) const = default;
};

// What a plan of `desired` reads of `side`. The source: the hosts the desired state
// lists (clusters, standalone hosts, switch members), with their clusters; the desired
// clusters of the same path (for `attributes: inherit`); the switches inherited from.
// The target: the same hosts (a host already there), the desired clusters, and every
// host and switch of the desired datacenters (name clashes, switches with their members
// and the members' versions, hosts left alone in a desired cluster).
// When the target is the source both sides read the union: the planner takes them as
// one inventory.
DiscoveryScope DiscoveryScopeOf(const DesiredState& desired, Side side);

// A vCenter by name only: what the provider reads of every object first.
struct OutlineHost {
  std::string datacenter;
  std::string cluster;  // "" for a standalone host
  std::string name;
};
struct InventoryOutline {
  std::vector<std::pair<std::string, std::string>> clusters;  // datacenter, cluster
  std::vector<OutlineHost> hosts;
};

// What to read in full of an outlined vCenter: these clusters (with their pools), these
// hosts, the VMs registered on `vm_hosts`, every switch of `switch_datacenters` and
// those named `switches` anywhere. A named host is read with its cluster and every host
// of that cluster, each with its VMs (a cluster's rules, groups and overrides name its
// VMs; evacuation asks its other hosts); a scope's datacenter adds its hosts without
// their VMs or clusters (only the named hosts' VMs and clusters, and the desired
// clusters, are planned from); each host's datacenter has its
// switches read (a host's network steps and its VMs' NICs name them).
struct ScopedObjects {
  std::set<std::pair<std::string, std::string>> clusters;  // datacenter, cluster
  std::set<std::string> hosts;
  std::set<std::string> vm_hosts;
  std::set<std::string> switch_datacenters;
  std::set<std::string> switches;
  bool operator==(const ScopedObjects&) const = default;
};

// For a scope that is not `whole` (which reads everything without an outline).
ScopedObjects SelectObjects(const DiscoveryScope& scope, const InventoryOutline& outline);

}  // namespace vcshift
