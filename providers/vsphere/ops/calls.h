#pragma once
// vim25 calls more than one family of operations makes, as plain values.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class Session;

}  // namespace vcshift::vsphere

class vim25__ClusterConfigSpecEx;
struct soap;

namespace vcshift::vsphere {

// Destroy_Task on `entity`, awaited. `object` names it in a Fault.
Status Destroy(Session& session, const MoRef& entity, const std::string& object,
               std::chrono::steady_clock::time_point deadline);

// DisconnectHost_Task on `host`, awaited.
Status Disconnect(Session& session, const MoRef& host, const std::string& object,
                  std::chrono::steady_clock::time_point deadline);

// ReconfigureComputeResource_Task with the spec `build` makes (modify = true: what the
// spec leaves unset stays as it is), awaited.
Status ReconfigureCluster(Session& session, const MoRef& cluster, const std::string& object,
                          std::chrono::steady_clock::time_point deadline,
                          const std::function<vim25__ClusterConfigSpecEx*(struct soap*)>& build);

// MoveIntoFolder_Task: `entities` (VMs, or a standalone host's) into `folder`, awaited.
Status MoveIntoFolder(Session& session, const MoRef& folder, const std::vector<MoRef>& entities,
                      const std::string& object, std::chrono::steady_clock::time_point deadline);

// CreateFolder: a folder named `name` in `parent`; DuplicateName when the name is taken
// there (vCenter checks and creates in one step). `object` names it in a Fault.
Result<MoRef> CreateFolderIn(Session& session, const MoRef& parent, const std::string& name,
                             const std::string& object);

// The managed objects a property of `entity` lists (childEntity, host, vm).
Result<std::vector<MoRef>> ReadRefs(Session& session, const MoRef& entity, const std::string& path);

}  // namespace vcshift::vsphere
