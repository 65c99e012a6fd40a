// VMs into VM folders: where a host's VMs land once it has arrived.

#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/ops/ops.h"
#include "providers/vsphere/ops/outcome.h"
#include "providers/vsphere/ops/values.h"
#include "providers/vsphere/properties.h"
#include "providers/vsphere/session.h"
#include "providers/vsphere/task.h"
#include "providers/vsphere/vim25_values.h"

namespace vcshift::vsphere::ops {
namespace {

// "DC1" and "Web/Sub" (or "" for the root) -> "DC1/vm/Web/Sub"
std::string VmFolderPath(const std::string& datacenter, const std::string& folder) {
  return datacenter + "/vm" + (folder.empty() ? "" : "/" + folder);
}

// A VM folder's path below the datacenter's VM folder: "Web/Sub", "" for the root.
Result<std::string> FolderPathOf(Session& session, MoRef folder) {
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

}  // namespace

ActionResult MoveVmToFolder(const OpContext& op) {
  const std::string& object = op.action.object;
  const std::string dc = DatacenterOf(object), name = NameOf(object), to = op.Param("folder");
  auto there = FindByPath(op.session, VmFolderPath(dc, to) + "/" + name);
  if (!there) return Failed(there.fault());
  if (there->type == "VirtualMachine") return AlreadyDone();
  auto root = FindByPath(op.session, VmFolderPath(dc, ""));
  if (!root) return Failed(root.fault());
  if (root->empty()) return Refused("NotFound", object, "datacenter '" + dc + "' does not exist");
  auto vm = FindNamed(op.session, *root, "VirtualMachine", name);
  if (!vm) return Failed(vm.fault());
  if (vm->empty()) return Refused("NotFound", object, "VM '" + name + "' is not in datacenter '" + dc + "'");
  auto folder = FindByPath(op.session, VmFolderPath(dc, to));
  if (!folder) return Failed(folder.fault());
  if (folder->type != "Folder") return Refused("NotFound", object, "VM folder '" + to + "' does not exist in '" + dc + "'");
  MoRef parent;
  auto read = RetrieveProperties(op.session, {*vm}, "VirtualMachine", {"parent"},
                                 [&](const MoRef&, const std::string&, const xsd__anyType* value) { parent = RefOf(value); });
  if (!read) return Failed(read.fault());
  auto from = FolderPathOf(op.session, parent);
  if (!from) return Failed(from.fault());
  auto moved = RunTask(op.session, "MoveIntoFolder_Task", object, op.deadline, [&](Channel& channel, MoRef& task) {
    _vim25__MoveIntoFolder_USCORETask request;
    request._USCOREthis = NewMor(channel.soap(), *folder);
    request.list = {NewMor(channel.soap(), *vm)};
    _vim25__MoveIntoFolder_USCORETaskResponse response;
    const int rc = soap_call___vim25__MoveIntoFolder_USCORETask(channel.soap(), channel.endpoint(), channel.action(),
                                                                &request, response);
    task = ToMoRef(response.returnval);
    return rc;
  });
  return moved ? Succeeded({{"folder", *from}}) : Failed(moved.fault());
}

}  // namespace vcshift::vsphere::ops
