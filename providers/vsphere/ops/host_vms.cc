#include "providers/vsphere/ops/host_vms.h"

#include "providers/vsphere/ops/calls.h"
#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/ops/values.h"
#include "providers/vsphere/properties.h"
#include "providers/vsphere/session.h"

namespace vcshift::vsphere {
namespace {

struct VmPlace {
  MoRef vm;
  std::string name;
  MoRef parent;
};

Result<std::vector<VmPlace>> VmsOn(Session& session, const MoRef& host) {
  auto refs = ReadRefs(session, host, "vm");
  if (!refs) return refs.fault();
  std::map<std::string, VmPlace> read;  // by moref
  if (refs->empty()) return std::vector<VmPlace>{};
  auto status = RetrieveProperties(session, *refs, "VirtualMachine", {"name", "parent"},
                                   [&](const MoRef& vm, const std::string& key, const xsd__anyType* value) {
                                     VmPlace& place = read[vm.value];
                                     place.vm = vm;
                                     if (key == "name") place.name = TextOf(value);
                                     if (key == "parent") place.parent = RefOf(value);
                                   });
  if (!status) return status.fault();
  std::vector<VmPlace> vms;
  for (auto& [ref, place] : read) vms.push_back(std::move(place));
  return vms;
}

std::string DiscoveredFolderPath(const std::string& datacenter) {
  return VmFolderPath(datacenter, kDiscoveredVmFolder);
}

}  // namespace

Result<std::map<std::string, std::string>> VmFoldersOn(Session& session, const MoRef& host) {
  auto vms = VmsOn(session, host);
  if (!vms) return vms.fault();
  std::map<std::string, std::string> folders;
  for (const auto& vm : *vms) {
    auto path = VmFolderPathOf(session, vm.parent);
    if (!path) return path.fault();
    folders[kVmFolderPrefix + vm.name] = *path;
  }
  return folders;
}

Status ReturnVmsToFolders(Session& session, const MoRef& host, const std::string& datacenter,
                          const std::map<std::string, std::string>& folders, const std::string& object,
                          std::chrono::steady_clock::time_point deadline) {
  auto vms = VmsOn(session, host);
  if (!vms) return vms.fault();
  std::map<std::string, std::vector<MoRef>> moves;  // by folder path
  for (const auto& vm : *vms) {
    const auto wanted = folders.find(kVmFolderPrefix + vm.name);
    if (wanted == folders.end()) continue;
    auto now = VmFolderPathOf(session, vm.parent);
    if (!now) return now.fault();
    if (*now != wanted->second) moves[wanted->second].push_back(vm.vm);
  }
  for (const auto& [path, batch] : moves) {
    auto folder = FindByPath(session, VmFolderPath(datacenter, path));
    if (!folder) return folder.fault();
    if (folder->type != "Folder") continue;
    if (auto moved = MoveIntoFolder(session, *folder, batch, object, deadline); !moved) return moved;
  }
  return Done{};
}

DatacenterGate& GateOf(const std::string& vcenter, const std::string& datacenter) {
  static std::mutex guard;
  static std::map<std::pair<std::string, std::string>, DatacenterGate> gates;
  std::lock_guard<std::mutex> lock(guard);
  return gates[{vcenter, datacenter}];
}

Result<bool> DiscoveredFolderBeforeAdds(Session& session, const std::string& datacenter) {
  DatacenterGate& gate = GateOf(session.url(), datacenter);
  std::lock_guard<std::mutex> lock(gate.first);
  if (!gate.folder_before) {
    auto has = HasDiscoveredFolder(session, datacenter);
    if (!has) return has.fault();
    gate.folder_before = *has;
  }
  return *gate.folder_before;
}

Result<bool> HasDiscoveredFolder(Session& session, const std::string& datacenter) {
  auto folder = FindByPath(session, DiscoveredFolderPath(datacenter));
  if (!folder) return folder.fault();
  return folder->type == "Folder";
}

Status RemoveDiscoveredFolderIfEmpty(Session& session, const std::string& datacenter, const std::string& object,
                                     std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::shared_mutex> alone(GateOf(session.url(), datacenter).adds);
  auto folder = FindByPath(session, DiscoveredFolderPath(datacenter));
  if (!folder) return folder.fault();
  if (folder->type != "Folder") return Done{};
  auto children = ReadRefs(session, *folder, "childEntity");
  if (!children) return children.fault();
  if (!children->empty()) return Done{};
  return Destroy(session, *folder, object, deadline);
}

}  // namespace vcshift::vsphere
