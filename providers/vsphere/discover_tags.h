#pragma once
// Discovery of tags (the vSphere Automation API): every category and tag of a vCenter,
// and the tags attached to the objects a migration carries them on (clusters, hosts,
// VMs), read with one list call per kind, one read per category and tag, and one call
// for all attachments. Objects come back named as discovery named them.

#include <map>
#include <string>
#include <utility>

#include "engine/tags.h"
#include "providers/vsphere/rest_session.h"

namespace vcshift::vsphere {

// The objects tags are carried on, by managed object id: kind (kTaggedCluster, ...) and
// engine path ("DC1/Cluster1"). Discover fills it.
using TaggableObjects = std::map<std::string, std::pair<std::string, std::string>>;

Result<InventoryTagging> DiscoverTagging(RestSession& rest, const TaggableObjects& objects);

}  // namespace vcshift::vsphere
