#pragma once
// Discovery: a vCenter's inventory as the engine models it (engine/inventory.h), read
// with one container view over every object type and paged RetrievePropertiesEx, then
// the VMs' devices by object in chunks on several connections, asking only for the
// properties the model needs. Objects leave here named by inventory path; managed object
// ids stay in the provider. The Fault is that of the first call that failed. With a
// scope that is not whole, only what it selects (scoped_reads.h): an inventory of the
// objects a plan of the desired state relies on.

#include "engine/discovery_scope.h"
#include "engine/inventory.h"
#include "providers/vsphere/discover_tags.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class Session;

// With `taggable`, also the objects tags are carried on, by managed object id.
Result<Inventory> Discover(Session& session, TaggableObjects* taggable = nullptr, const DiscoveryScope& scope = {});

}  // namespace vcshift::vsphere
