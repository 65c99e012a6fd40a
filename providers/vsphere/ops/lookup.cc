#include "providers/vsphere/ops/lookup.h"

#include "providers/vsphere/ops/values.h"
#include "providers/vsphere/properties.h"
#include "providers/vsphere/session.h"

namespace vcshift::vsphere {

Result<MoRef> FindByPath(Session& session, const std::string& path) {
  MoRef found;
  auto status = session.Invoke("FindByInventoryPath", Effect::ReadOnly, path, [&](Channel& channel) {
    _vim25__FindByInventoryPath request;
    request._USCOREthis = NewMor(channel.soap(), session.content().search_index);
    request.inventoryPath = path;
    _vim25__FindByInventoryPathResponse response;
    const int rc = soap_call___vim25__FindByInventoryPath(channel.soap(), channel.endpoint(), channel.action(),
                                                          &request, response);
    found = ToMoRef(response.returnval);
    return rc;
  });
  if (!status) return status.fault();
  return found;
}

Result<MoRef> FindChild(Session& session, const MoRef& parent, const std::string& name) {
  MoRef found;
  auto status = session.Invoke("FindChild", Effect::ReadOnly, name, [&](Channel& channel) {
    _vim25__FindChild request;
    request._USCOREthis = NewMor(channel.soap(), session.content().search_index);
    request.entity = NewMor(channel.soap(), parent);
    request.name = name;
    _vim25__FindChildResponse response;
    const int rc =
        soap_call___vim25__FindChild(channel.soap(), channel.endpoint(), channel.action(), &request, response);
    found = ToMoRef(response.returnval);
    return rc;
  });
  if (!status) return status.fault();
  return found;
}

Result<MoRef> FindNamed(Session& session, const MoRef& root, const std::string& type, const std::string& name) {
  MoRef found;
  auto status = RetrieveAll(session, root, type, {"name"}, [&](const MoRef& object, const std::string&, const xsd__anyType* value) {
    if (found.empty() && TextOf(value) == name) found = object;
  });
  if (!status) return status.fault();
  return found;
}

std::string ParentPathOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

std::string DatacenterOf(const std::string& path) { return path.substr(0, path.find('/')); }

std::string NameOf(const std::string& path) { return path.substr(path.rfind('/') + 1); }

namespace {

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// An object of `type` (or a subtype: VmwareDistributedVirtualSwitch) found at `path`, or
// under the datacenter's `folder` ("host", "network") at any depth.
Result<MoRef> FindInDatacenter(Session& session, const std::string& path, const std::string& folder,
                               const std::string& type) {
  const std::string dc = DatacenterOf(path), name = NameOf(path);
  auto direct = FindByPath(session, dc + "/" + folder + "/" + name);
  if (!direct) return direct;
  if (EndsWith(direct->type, type)) return direct;
  auto root = FindByPath(session, dc + "/" + folder);
  if (!root || root->empty()) return root;
  return FindNamed(session, *root, type, name);
}

}  // namespace

Result<MoRef> FindCluster(Session& session, const std::string& path) {
  return FindInDatacenter(session, path, "host", "ClusterComputeResource");
}

Result<MoRef> FindComputeResource(Session& session, const std::string& path) {
  auto cluster = FindCluster(session, path);
  if (!cluster || !cluster->empty()) return cluster;
  return FindInDatacenter(session, path, "host", "ComputeResource");
}

Result<MoRef> FindDvs(Session& session, const std::string& path) {
  return FindInDatacenter(session, path, "network", "DistributedVirtualSwitch");
}

Result<MoRef> FindHostFolder(Session& session, const std::string& datacenter, const std::string& folder) {
  auto found = FindByPath(session, datacenter + "/host" + (folder.empty() ? "" : "/" + folder));
  if (found && !found->empty() && found->type != "Folder") return MoRef{};
  return found;
}

Result<MoRef> FindHost(Session& session, const std::string& name, const std::vector<std::string>& places) {
  for (const auto& place : places) {
    if (place.empty()) continue;
    const std::string dc = DatacenterOf(place);
    const std::string within = place.size() > dc.size() ? place.substr(dc.size() + 1) : "";
    const std::string base = dc + "/host/" + (within.empty() ? "" : within + "/");
    // In a cluster the host is a child of it; standalone, of its own compute resource.
    for (const std::string& path : {base + name, base + name + "/" + name}) {
      auto found = FindByPath(session, path);
      if (!found) return found;
      if (found->type == "HostSystem") return found;
    }
  }
  return FindNamed(session, session.content().root_folder, "HostSystem", name);
}

std::string VmFolderPath(const std::string& datacenter, const std::string& folder) {
  return datacenter + "/vm" + (folder.empty() ? "" : "/" + folder);
}

Result<std::string> VmFolderPathOf(Session& session, MoRef folder) {
  std::string path;
  while (true) {
    std::string name;
    MoRef parent;
    auto status = RetrieveProperties(session, {folder}, folder.type, {"name", "parent"},
                                     [&](const MoRef&, const std::string& key, const xsd__anyType* value) {
                                       if (key == "name") name = TextOf(value);
                                       if (key == "parent") parent = RefOf(value);
                                     });
    if (!status) return status.fault();
    if (parent.empty() || parent.type == "Datacenter") return path;
    path = name + (path.empty() ? "" : "/" + path);
    folder = parent;
  }
}

Result<MoRef> FindTyped(Session& session, const std::string& type, const std::string& object) {
  if (type == "host") return FindHost(session, NameOf(object), {ParentPathOf(object)});
  if (type == "cluster") return FindCluster(session, object);
  if (type == "datacenter") return FindByPath(session, object);
  if (type == "folder") return FindByPath(session, object.ends_with('/') ? object.substr(0, object.size() - 1) : object);
  auto root = FindByPath(session, VmFolderPath(DatacenterOf(object), ""));
  if (!root || root->empty()) return root;
  return FindNamed(session, *root, "VirtualMachine", NameOf(object));
}

}  // namespace vcshift::vsphere
