#pragma once
// Finding the objects an action names, by inventory path (SearchIndex) rather than by
// reading the inventory: each lookup costs one or two small calls. Every function
// answers an empty MoRef when nothing is there, and a Fault only when vCenter could not
// be asked. Paths are the engine's: "DC1", "DC1/Cluster1", "DC1/host/Prod" (a folder),
// "DC1/DSwitch1"; vSphere's own paths put "host", "vm" or "network" after the datacenter.

#include <string>
#include <vector>

#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class Session;

// SearchIndex.FindByInventoryPath: "DC1/host/Prod/Cluster1".
Result<MoRef> FindByPath(Session& session, const std::string& path);

// SearchIndex.FindChild: a direct child of a folder, datacenter or compute resource.
Result<MoRef> FindChild(Session& session, const MoRef& parent, const std::string& name);

// The first object of vim25 type `type` named `name` anywhere under `root`, read through
// a container view of that type's names only: for objects whose folder is not known.
Result<MoRef> FindNamed(Session& session, const MoRef& root, const std::string& type, const std::string& name);

// The datacenter of an engine path: its first component.
std::string DatacenterOf(const std::string& path);
// The last component of an engine path: the object's own name.
std::string NameOf(const std::string& path);
// All but the last component: "DC1/Cluster1/esx-01" -> "DC1/Cluster1"; "" for a bare name.
std::string ParentPathOf(const std::string& path);

// "DC1/Cluster1": the cluster of that name in any host folder of DC1.
Result<MoRef> FindCluster(Session& session, const std::string& path);

// "DC1/Cluster1" or "DC1/esx-05": a cluster, or a standalone host's own compute resource
// (named after the host), in any host folder of DC1.
Result<MoRef> FindComputeResource(Session& session, const std::string& path);

// A host folder: "DC1" and "Prod/Web" (or "" for the datacenter's host folder).
Result<MoRef> FindHostFolder(Session& session, const std::string& datacenter, const std::string& folder);

// The HostSystem named `name`: looked for first in each of `places` ("DC1/Cluster1", or
// "DC1/Prod" for a standalone host in host folder Prod), then anywhere in the vCenter.
Result<MoRef> FindHost(Session& session, const std::string& name, const std::vector<std::string>& places);

// "DC1" and "Web/Sub" (or "" for the root) -> "DC1/vm/Web/Sub", for FindByPath.
std::string VmFolderPath(const std::string& datacenter, const std::string& folder);

// A VM folder's path below its datacenter's VM folder: "Web/Sub", "" for the root.
Result<std::string> VmFolderPathOf(Session& session, MoRef folder);

// The object a set_custom_values or set_permissions action names, by its `type`: host
// "DC1/Cluster1/esx-01" (or a host folder's path), cluster "DC1/Cluster1", vm "DC1/vm-1"
// (anywhere in the datacenter's VM folders), folder "DC1/vm/Web" ("DC1/host/": the root).
Result<MoRef> FindTyped(Session& session, const std::string& type, const std::string& object);

// "DC1/DSwitch1": the distributed switch of that name in any network folder of DC1.
Result<MoRef> FindDvs(Session& session, const std::string& path);

}  // namespace vcshift::vsphere
