#pragma once
// Resource pools and vApps made and read as the operations need them: a pool's
// allocations, a pool or vApp created in its parent, and the whole tree below a
// standalone host's root pool as captured values. vCenter destroys a standalone host's
// pools with its ComputeResource when the host is removed; the removal captures the tree
// and the add that undoes it makes it again under the new compute resource's root pool
// (before its VMs go back into their pools: vm_pools.h).

#include <map>
#include <string>

#include "engine/resource_pools.h"
#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/result.h"
#include "soapH.h"

namespace vcshift::vsphere {

class Session;

struct Allocations {
  PoolAllocation cpu, memory;
};

// A pool's or vApp's allocations (config), and as plan params ("cpu.shares", ...).
Result<Allocations> AllocationsOf(Session& session, const MoRef& pool);
std::map<std::string, std::string> ParamsOf(const Allocations& allocations);
// The spec that sets them (CreateResourcePool, CreateVApp, UpdateConfig).
vim25__ResourceConfigSpec* NewResourceSpec(struct soap* soap, const Allocations& allocations);

// CreateResourcePool, or CreateVApp (`vm_folder` its VMs' folder, empty in a vApp: "This
// must be null if this is a child vApp", the reference), named `name` in `parent`.
Status CreatePoolIn(Session& session, const MoRef& parent, const std::string& name, const Allocations& allocations,
                    const std::string& object);
Status CreateVAppIn(Session& session, const MoRef& parent, const std::string& name, const Allocations& allocations,
                    const MoRef& vm_folder, const std::string& object);

// Captured values: "pooltree:<path>" -> "type=pool" or "type=vapp" and its allocations
// ("key=value;...", ParamsOf' keys), for each pool and vApp below `owner`'s root pool.
inline constexpr char kPoolTreePrefix[] = "pooltree:";
Result<std::map<std::string, std::string>> PoolTreeOf(Session& session, const MoRef& owner);
// Each captured pool and vApp that `owner` lacks made again, parents first (a parent's
// path sorts before its children's); a vApp's VMs in the datacenter's `vm_folder`.
Status RecreatePoolTree(Session& session, const MoRef& owner, const MoRef& vm_folder,
                        const std::map<std::string, std::string>& captured, const std::string& object);

}  // namespace vcshift::vsphere
