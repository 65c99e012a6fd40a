#pragma once
// Discovery: a vCenter's inventory as the engine models it (engine/inventory.h), read
// with one container view over every object type and paged RetrievePropertiesEx, then
// the VMs' devices by object in chunks on several connections, asking only for the
// properties the model needs. Objects leave here named by inventory path; managed object
// ids stay in the provider. The Fault is that of the first call that failed.

#include "engine/inventory.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class Session;

Result<Inventory> Discover(Session& session);

}  // namespace vcshift::vsphere
