#pragma once
// A host's VMs across a move between vCenters. vCenter registers the VMs of a host it
// adds in the datacenter's "Discovered virtual machine" folder, making that folder if
// needed: a host that returns to its vCenter must put its VMs back in their folders, and
// the folder must go again when the move made it. Both are part of undoing a move.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>

#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class Session;

inline constexpr char kDiscoveredVmFolder[] = "Discovered virtual machine";

// Captured values name a VM's folder as "vm:<name>" -> "Web/Sub" ("" for the root).
inline constexpr char kVmFolderPrefix[] = "vm:";

// Where each VM on `host` is, as captured values.
Result<std::map<std::string, std::string>> VmFoldersOn(Session& session, const MoRef& host);

// Moves each VM on `host` that `folders` (captured values, other keys ignored) places
// elsewhere into that folder, in one MoveIntoFolder_Task per folder. A folder that no
// longer exists leaves its VMs where vCenter put them: someone removed it since.
Status ReturnVmsToFolders(Session& session, const MoRef& host, const std::string& datacenter,
                          const std::map<std::string, std::string>& folders, const std::string& object,
                          std::chrono::steady_clock::time_point deadline);

// The DRS groups and rules of `cluster` that name any VM of `host`, each cut down to
// those VMs, as ConfigureClusterRules writes them ("group.web" -> "vm: vm-1,vm-2").
// vCenter takes a VM out of every group and rule when its host leaves; Rejoin puts it back.
Result<std::map<std::string, std::string>> MembershipsOf(Session& session, const MoRef& cluster, const MoRef& host);

// Adds the VMs of `memberships` back into the groups and rules of cluster `path`, keeping
// the members there now, and makes a group or rule that is gone; VMs the cluster does
// not have are left out. Nothing for a path that names no cluster.
Status Rejoin(Session& session, const std::string& path, const std::map<std::string, std::string>& memberships,
              std::chrono::steady_clock::time_point deadline);

// Adding a host makes vCenter fill the discovered folder, and Destroy_Task on a folder
// deletes what is in it, VMs included: removing the folder must never overlap an add
// into the same datacenter. Adds share a datacenter's gate (`adds`); the removal holds it
// alone. One gate per vCenter and datacenter for the whole process.
struct DatacenterGate {
  std::shared_mutex adds;
  std::mutex first;                 // guards folder_before
  std::optional<bool> folder_before;
};
DatacenterGate& GateOf(const std::string& vcenter, const std::string& datacenter);

// Whether the datacenter had the discovered folder before this process added any host
// to it: asked once, so that hosts added in parallel all answer as the first one did
// (the second would otherwise see the folder the first add made).
Result<bool> DiscoveredFolderBeforeAdds(Session& session, const std::string& datacenter);

// Whether the datacenter has the discovered folder now.
Result<bool> HasDiscoveredFolder(Session& session, const std::string& datacenter);

// Removes the datacenter's discovered folder if it is there and empty, holding the gate.
Status RemoveDiscoveredFolderIfEmpty(Session& session, const std::string& datacenter, const std::string& object,
                                     std::chrono::steady_clock::time_point deadline);

}  // namespace vcshift::vsphere
