#pragma once
// The objects discovery reads and their properties: a whole vCenter through one
// container view, or, for a DiscoveryScope (engine/discovery_scope.h), an outline first
// (names and parents of every datacenter and distributed switch, of the hosts the
// desired state names, found through the SearchIndex, of the clusters of the datacenters
// it names and of what the selected clusters hold; reads that follow the desired state,
// not the vCenter's size) and then, by object, only those the engine selects from it:
// their clusters, hosts, VMs, switches, port groups and pools, and the parents of all of
// them up to their datacenter. Every object read reaches the sink with its name and
// parent, so paths and names resolve as in a whole read. Which objects of a managed
// object type are read is decided in one place (kSelections in scoped_reads.cc): a
// reader of a new type adds its row there, and a type without one fails discovery.

#include <vector>

#include "engine/discovery_scope.h"
#include "providers/vsphere/properties.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class Session;

// What the whole vCenter holds that answers of a scoped discovery depend on beyond the
// objects it read.
struct OutsideTheScope {
  bool nioc = false;  // one of its distributed switches has network I/O control on
};

// Every object of the sets' types, each with the paths of its sets, into `sink`: all of
// them for a whole scope (OutsideTheScope then says nothing: the sink saw it all), or
// the outline's and the selected ones.
Result<OutsideTheScope> ReadObjects(Session& session, const DiscoveryScope& scope, const std::vector<PropertySet>& sets,
                                    const PropertySink& sink);

}  // namespace vcshift::vsphere
