#include "engine/plan_vm_placement.h"


#include <algorithm>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/name_patterns.h"
#include "engine/plan_resources.h"

namespace vcshift::planning {
namespace {

// The folder the desired state places `vm` in ("": the datacenter's VM folder), if any.
std::optional<std::string> PlacementOf(const DatacenterSpec& dc, const std::string& vm) {
  for (const auto& placement : dc.vm_placement) {
    if (AnyNameMatches(placement.vms, vm)) return placement.folder.value;
  }
  return std::nullopt;
}

std::string Shown(const std::string& folder) { return folder.empty() ? "(the datacenter's VM folder)" : folder; }

}  // namespace

std::vector<const InventoryVm*> VmsOn(const InventoryIndex& inventory, const std::set<std::string>& hosts) {
  std::vector<const InventoryVm*> out;
  for (const auto& host : hosts) {
    const auto& vms = inventory.VmsOn(host);
    out.insert(out.end(), vms.begin(), vms.end());
  }
  std::sort(out.begin(), out.end(), std::less<>());  // one vector's elements: its order
  return out;
}

void PlanVmPlacement(PlanRecorder& plan, const DatacenterSpec& dc) {
  if (dc.vm_placement.empty()) return;
  std::set<std::string> hosts;  // the hosts that end up in this datacenter
  for (const auto& cluster : dc.clusters) {
    for (const auto& host : cluster.hosts) hosts.insert(host.value);
  }
  for (const auto& host : dc.standalone_hosts) hosts.insert(host.name.value);
  std::set<std::string> planned;
  for (const InventoryIndex* inventory : {&plan.target_index(), &plan.source_index()}) {
    const bool arriving = inventory == &plan.source_index();
    if (arriving && plan.same_vcenter()) break;
    for (const InventoryVm* vm : VmsOn(*inventory, hosts)) {
      if (planned.count(vm->name)) continue;
      const auto folder = PlacementOf(dc, vm->name);
      if (!folder || (!arriving && vm->folder == *folder)) continue;
      planned.insert(vm->name);
      Action& move = plan.Add(ActionKind::MoveVmToFolder, Side::Target, dc.name + "/" + vm->name);
      move.params = {{"folder", *folder}};
      move.prior = {{"folder", arriving ? "" : vm->folder}};
      move.changes = {{"folder", arriving ? "(arrives with " + vm->host + ")" : Shown(vm->folder), Shown(*folder)}};
      move.inputs = {HostReady(vm->host)};
      if (!folder->empty()) move.inputs.push_back(FolderReady(dc.name, "vm", *folder));
      move.criticality = Criticality::Finishing;
      move.expected_seconds = 1;
    }
  }
}

}  // namespace vcshift::planning
