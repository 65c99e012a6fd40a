// Datacenters and folders. Destroying either destroys what is inside it, VMs included:
// vcshift only destroys them empty.

#include "providers/vsphere/ops/calls.h"
#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/ops/ops.h"
#include "providers/vsphere/ops/outcome.h"
#include "providers/vsphere/ops/values.h"
#include "providers/vsphere/properties.h"

namespace vcshift::vsphere::ops {
namespace {

// What an object holds that its destruction would take with it: hosts and VMs.
Result<bool> HoldsHostsOrVms(Session& session, const MoRef& root) {
  bool holds = false;
  for (const char* type : {"HostSystem", "VirtualMachine"}) {
    auto status = RetrieveAll(session, root, type, {"name"},
                              [&](const MoRef&, const std::string&, const xsd__anyType*) { holds = true; });
    if (!status) return status.fault();
  }
  return holds;
}

}  // namespace

ActionResult CreateDatacenter(const OpContext& op) {
  const std::string& name = op.action.object;
  auto existing = FindByPath(op.session, name);
  if (!existing) return Failed(existing.fault());
  if (existing->type == "Datacenter") return AlreadyDone();
  if (!existing->empty()) {
    return Refused("DuplicateName", name, "a " + existing->type + " named '" + name + "' is in the root folder");
  }
  auto status = op.session.Invoke("CreateDatacenter", Effect::Changes, name, [&](Channel& channel) {
    _vim25__CreateDatacenter request;
    request._USCOREthis = NewMor(channel.soap(), op.session.content().root_folder);
    request.name = name;
    _vim25__CreateDatacenterResponse response;
    return soap_call___vim25__CreateDatacenter(channel.soap(), channel.endpoint(), channel.action(), &request,
                                               response);
  });
  return status ? Succeeded() : Failed(status.fault());
}

ActionResult DestroyDatacenter(const OpContext& op) {
  const std::string& name = op.action.object;
  auto dc = FindByPath(op.session, name);
  if (!dc) return Failed(dc.fault());
  if (dc->type != "Datacenter") return AlreadyDone();
  auto holds = HoldsHostsOrVms(op.session, *dc);
  if (!holds) return Failed(holds.fault());
  if (*holds) return Refused("ResourceInUse", name, "datacenter '" + name + "' still holds hosts or VMs");
  auto status = Destroy(op.session, *dc, name, op.deadline);
  return status ? Succeeded() : Failed(status.fault());
}

ActionResult CreateFolder(const OpContext& op) {
  const std::string& path = op.action.object;
  auto existing = FindByPath(op.session, path);
  if (!existing) return Failed(existing.fault());
  if (existing->type == "Folder") return AlreadyDone();
  if (!existing->empty()) return Refused("DuplicateName", path, "a " + existing->type + " is at '" + path + "'");
  auto parent = FindByPath(op.session, ParentPathOf(path));
  if (!parent) return Failed(parent.fault());
  if (parent->empty()) return Refused("NotFound", path, "the parent folder '" + ParentPathOf(path) + "' does not exist");
  auto made = CreateFolderIn(op.session, *parent, NameOf(path), path);
  return made ? Succeeded() : Failed(made.fault());
}

ActionResult DestroyFolder(const OpContext& op) {
  const std::string& path = op.action.object;
  auto folder = FindByPath(op.session, path);
  if (!folder) return Failed(folder.fault());
  if (folder->type != "Folder") return AlreadyDone();
  auto children = ReadRefs(op.session, *folder, "childEntity");
  if (!children) return Failed(children.fault());
  if (!children->empty()) return Refused("ResourceInUse", path, "folder '" + path + "' is not empty");
  auto status = Destroy(op.session, *folder, path, op.deadline);
  return status ? Succeeded() : Failed(status.fault());
}

}  // namespace vcshift::vsphere::ops
