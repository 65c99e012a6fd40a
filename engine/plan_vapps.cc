#include "engine/plan_vapps.h"

#include <algorithm>

#include "engine/name_patterns.h"
#include "engine/plan_resource_pools.h"
#include "engine/plan_resources.h"
#include "engine/plan_vm_placement.h"

namespace vcshift::planning {
namespace {

DesiredVApp Flatten(const VAppSpec& spec) {
  DesiredVApp vapp{spec.Path(), spec.cpu, spec.memory, {}};
  for (const auto& member : spec.members) {
    DesiredVAppMember flat{{}, member.settings};
    for (const auto& vm : member.vms) flat.vms.push_back(vm.value);
    vapp.members.push_back(std::move(flat));
  }
  return vapp;
}

// The source vApp's entry of a VM; vSphere's defaults when it has none.
VAppMember EntryOf(const InventoryVApp& vapp, const std::string& vm) {
  for (const auto& member : vapp.members) {
    if (member.vm == vm) return member.settings;
  }
  return {};
}

// A missing vApp created (after the pool it is in; the cluster's hosts arrive after it:
// plan_resource_pools.cc); an existing one's allocations set as declared.
void PlanVAppItself(PlanRecorder& plan, const std::string& cluster_path, const InventoryCluster* existing,
                    const DesiredVApp& vapp) {
  const InventoryVApp* found = VAppAt(existing, vapp.path);
  PlanPoolItself(plan, {ActionKind::CreateVApp, ActionKind::ConfigureVApp}, cluster_path,
                 {vapp.path, vapp.cpu, vapp.memory},
                 found ? std::optional(PoolAllocationParams(found->cpu, found->memory)) : std::nullopt);
}

// Each VM that ends up in a vApp gets its entry once it is there (moved by
// plan_resource_pools.cc, whose move it waits for). A VM arrives with none: vCenter
// dropped it on the source with the VM.
void PlanEntries(PlanRecorder& plan, const std::string& dc, const std::string& cluster_path,
                 const InventoryCluster* existing, const std::vector<DesiredVApp>& vapps, const ClusterVms& vms) {
  for (const auto& [vm, arriving] : vms) {
    const auto [vapp, wanted] = VAppFor(vapps, vm->name);
    if (!vapp) continue;
    std::string current;
    if (const InventoryVApp* found = VAppAt(existing, vapp->path); found && !arriving) {
      for (const auto& member : found->members) {
        if (member.vm == vm->name) current = MemberText(member.settings);
      }
    }
    const std::string text = MemberText(*wanted);
    if (text == current) continue;
    const std::string key = kVAppMemberPrefix + vm->name;
    Action& set = plan.Add(ActionKind::ConfigureVApp, Side::Target, dc + "/" + vm->name);
    set.params = {{"cluster", cluster_path}, {"pool", vapp->path}, {key, text}};
    set.prior = {{"cluster", cluster_path}, {"pool", vapp->path}, {key, current}};
    set.changes = {{"vapp " + vapp->path, current.empty() ? "(no start order entry)" : current, text}};
    set.inputs = {HostReady(vm->host), PoolReady(cluster_path, vapp->path), "vm-pool@target:" + dc + "/" + vm->name};
    set.criticality = Criticality::Finishing;
    set.expected_seconds = 1;
  }
}

}  // namespace

const InventoryVApp* VAppAt(const InventoryCluster* cluster, const std::string& path) {
  if (!cluster) return nullptr;
  const auto it = std::find_if(cluster->vapps.begin(), cluster->vapps.end(),
                               [&](const InventoryVApp& vapp) { return vapp.path == path; });
  return it == cluster->vapps.end() ? nullptr : &*it;
}

std::optional<std::vector<DesiredVApp>> DesiredVApps(PlanRecorder& plan, const ClusterSpec& cluster,
                                                     const InventoryCluster* inherited, bool exists) {
  using Mode = Managed<std::vector<VAppSpec>>::Mode;
  std::vector<DesiredVApp> vapps;
  switch (cluster.vapps.mode) {
    case Mode::Unmanaged: return std::nullopt;
    case Mode::Set:
      for (const auto& spec : cluster.vapps.value) vapps.push_back(Flatten(spec));
      return vapps;
    case Mode::Inherit: break;
  }
  if (!inherited) {
    NothingToInherit(plan, cluster, "vapps", exists);
    return std::nullopt;
  }
  const auto moving = VmsOn(plan.source_index(), HostsOf(cluster));
  for (const auto& source : inherited->vapps) {
    DesiredVApp vapp{source.path, source.cpu, source.memory, {}};
    for (const InventoryVm* vm : moving) {
      if (vm->resource_pool == source.path) vapp.members.push_back({{vm->name}, EntryOf(source, vm->name)});
    }
    vapps.push_back(std::move(vapp));
  }
  return vapps;
}

std::pair<const DesiredVApp*, const VAppMember*> VAppFor(const std::vector<DesiredVApp>& vapps, const std::string& vm) {
  for (const auto& vapp : vapps) {
    for (const auto& member : vapp.members) {
      if (AnyNameMatches(member.vms, vm)) return {&vapp, &member.settings};
    }
  }
  return {nullptr, nullptr};
}

void PlanVApps(PlanRecorder& plan, const std::string& dc, const std::string& cluster_path,
               const InventoryCluster* existing, const std::vector<DesiredVApp>& vapps, const ClusterVms& vms) {
  for (const auto& vapp : vapps) PlanVAppItself(plan, cluster_path, existing, vapp);
  PlanEntries(plan, dc, cluster_path, existing, vapps, vms);
}

}  // namespace vcshift::planning
