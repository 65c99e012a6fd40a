#pragma once
// Reading properties with the PropertyCollector (RetrievePropertiesEx, then
// ContinueRetrievePropertiesEx while vCenter has more pages). Internal to the provider:
// the values are gSOAP objects, valid only while the sink runs; the sink copies what it
// needs into plain values.

#include <functional>
#include <string>
#include <vector>

#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/result.h"

class xsd__anyType;

namespace vcshift::vsphere {

class Session;

using PropertySink = std::function<void(const MoRef& object, const std::string& path, const xsd__anyType* value)>;

// The `paths` of each of `objects` (all of vim25 type `type`). A property that is unset
// is not passed to the sink; one vCenter could not read is the call's Fault.
Status RetrieveProperties(Session& session, const std::vector<MoRef>& objects, const std::string& type,
                          const std::vector<std::string>& paths, const PropertySink& sink);

// The `paths` of every object of `type` under `root` (at any depth), read through a
// container view that is destroyed afterwards: how discovery reads a whole inventory in a
// few calls.
Status RetrieveAll(Session& session, const MoRef& root, const std::string& type, const std::vector<std::string>& paths,
                   const PropertySink& sink);

// The paths of one managed object type (and of its subtypes).
struct PropertySet {
  std::string type;
  std::vector<std::string> paths;
};

// Every object of the sets' types under `root` through one container view, each with the
// paths of every set its type matches (a ClusterComputeResource gets those of
// ComputeResource too): a whole inventory in one paged read.
Status RetrieveAll(Session& session, const MoRef& root, const std::vector<PropertySet>& sets,
                   const PropertySink& sink);

// A step of a walk through the inventory: from an object of `type`, to the objects its
// property `path` lists (Folder.childEntity, ComputeResource.host).
struct Traversal {
  std::string type;
  std::string path;
};

// Every object of the sets' types reached from `roots` (not the roots themselves) by
// the traversals, each taken again from whatever it reaches, with the paths of its sets:
// one paged read whose cost follows what it walks, where a container view's follows
// everything below its root (the VMs of a datacenter's host folder included).
Status RetrieveReached(Session& session, const std::vector<MoRef>& roots, const std::vector<Traversal>& traversals,
                       const std::vector<PropertySet>& sets, const PropertySink& sink);

}  // namespace vcshift::vsphere
