// VMs into VM folders: where a host's VMs land once it has arrived, and back.

#include "providers/vsphere/ops/calls.h"
#include "providers/vsphere/ops/host_vms.h"
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

// The VM folder `to` of datacenter `dc`; vCenter's discovered folder is made again when a
// rollback returns a VM to it (placing the VMs removed it).
Result<MoRef> FolderFor(const OpContext& op, const std::string& dc, const std::string& to, const MoRef& root) {
  auto folder = FindByPath(op.session, VmFolderPath(dc, to));
  if (!folder || !folder->empty() || to != kDiscoveredVmFolder) return folder;
  auto made = CreateFolderIn(op.session, root, kDiscoveredVmFolder, op.action.object);
  // Undoing several placements at once, another VM's undo may have made it first.
  if (!made && made.fault().type == "DuplicateName") return FindByPath(op.session, VmFolderPath(dc, to));
  return made;
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
  auto folder = FolderFor(op, dc, to, *root);
  if (!folder) return Failed(folder.fault());
  if (folder->type != "Folder") return Refused("NotFound", object, "VM folder '" + to + "' does not exist in '" + dc + "'");
  MoRef parent;
  auto read = RetrieveProperties(op.session, {*vm}, "VirtualMachine", {"parent"},
                                 [&](const MoRef&, const std::string&, const xsd__anyType* value) { parent = RefOf(value); });
  if (!read) return Failed(read.fault());
  auto from = VmFolderPathOf(op.session, parent);
  if (!from) return Failed(from.fault());
  auto moved = MoveIntoFolder(op.session, *folder, {*vm}, object, op.deadline);
  if (!moved) return Failed(moved.fault());
  // vCenter's folder for the VMs of added hosts goes once the last of them is placed, as
  // it would not have been there had the VMs never moved.
  if (*from == kDiscoveredVmFolder) {
    if (auto removed = RemoveDiscoveredFolderIfEmpty(op.session, dc, object, op.deadline); !removed) {
      return Failed(removed.fault());
    }
  }
  return Succeeded({{"folder", *from}});
}

}  // namespace vcshift::vsphere::ops
