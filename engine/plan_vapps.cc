#include "engine/plan_vapps.h"

#include <algorithm>

#include "engine/name_patterns.h"
#include "engine/plan_changes.h"
#include "engine/plan_resource_pools.h"
#include "engine/plan_resources.h"
#include "engine/plan_vm_placement.h"

namespace vcshift::planning {
namespace {

DesiredVApp Flatten(const VAppSpec& spec) {
  DesiredVApp vapp{spec.Path(), spec.cpu, spec.memory, {}, spec.products, spec.properties, spec.start};
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

// The entry of the vApp at `path` in the start order of the vApp it is inside, when it
// is inside one and has one.
std::optional<VAppMember> EntryInOuter(const InventoryCluster* cluster, const std::string& path) {
  const InventoryVApp* outer = VAppAt(cluster, ParentPool(path));
  if (!outer) return std::nullopt;
  for (const auto& child : outer->children) {
    if (child.vapp == PoolName(path)) return child.settings;
  }
  return std::nullopt;
}

// What a declared list of sections sets, in `before` and `wanted` as configure_vapp's
// params: the whole list, so a section the vApp has beyond it is to be absent (each of
// its fields "").
void DeclareSections(const std::map<std::string, std::string>& had, std::map<std::string, std::string> declared,
                     std::map<std::string, std::string>& before, std::map<std::string, std::string>& wanted) {
  for (const auto& [key, value] : had) declared.emplace(key, "");
  before.insert(had.begin(), had.end());
  wanted.merge(declared);
}

// The configure_vapp params of what the desired vApp declares of its sections and entry,
// before (as `found` has them; none: a vApp about to be made) and wanted.
std::pair<std::map<std::string, std::string>, std::map<std::string, std::string>> ConfigParams(
    const InventoryCluster* existing, const InventoryVApp* found, const DesiredVApp& vapp) {
  std::map<std::string, std::string> before, wanted;
  if (vapp.products) {
    DeclareSections(found ? SectionParams(found->products, {}) : std::map<std::string, std::string>{},
                    SectionParams(*vapp.products, {}), before, wanted);
  }
  if (vapp.properties) {
    DeclareSections(found ? SectionParams({}, found->properties) : std::map<std::string, std::string>{},
                    SectionParams({}, *vapp.properties), before, wanted);
  }
  if (vapp.start) {
    const auto current = found ? EntryInOuter(existing, vapp.path) : std::nullopt;
    before[kVAppStartParam] = current ? MemberText(*current) : "";
    wanted[kVAppStartParam] = MemberText(*vapp.start);
  }
  return {before, wanted};
}

// The action of `kind` planned on the target's `object` so far, if any.
Action* PlannedOn(PlanRecorder& plan, ActionKind kind, const std::string& object) {
  for (auto& action : plan.actions()) {
    if (action.kind == kind && action.side == Side::Target && action.object == object) return &action;
  }
  return nullptr;
}

// A missing vApp created (after the pool it is in; the cluster's hosts arrive after it:
// plan_resource_pools.cc), given its sections and entry by create_vapp once it is there (its inverse destroys it
// with them); an existing one's allocations, sections and entry set as declared, in one
// configure_vapp whose inverse puts back what was there.
void PlanVAppItself(PlanRecorder& plan, const std::string& cluster_path, const InventoryCluster* existing,
                    const DesiredVApp& vapp) {
  const InventoryVApp* found = VAppAt(existing, vapp.path);
  PlanPoolItself(plan, {ActionKind::CreateVApp, ActionKind::ConfigureVApp}, cluster_path,
                 {vapp.path, vapp.cpu, vapp.memory},
                 found ? std::optional(PoolAllocationParams(found->cpu, found->memory)) : std::nullopt);
  const auto [before, wanted] = ConfigParams(existing, found, vapp);
  auto changes = Differences(before, wanted);
  const std::string object = cluster_path + "/" + vapp.path;
  if (Action* create = PlannedOn(plan, ActionKind::CreateVApp, object); create && !found) {
    for (const auto& change : changes) create->params[change.field] = change.after;
    create->changes.insert(create->changes.end(), changes.begin(), changes.end());
  } else if (!changes.empty()) {
    Action* configure = PlannedOn(plan, ActionKind::ConfigureVApp, object);
    if (!configure) {
      configure = &plan.Add(ActionKind::ConfigureVApp, Side::Target, object);
      configure->params = configure->prior = {{"cluster", cluster_path}, {"pool", vapp.path}};
      configure->inputs = {PoolReady(cluster_path, vapp.path)};
      configure->expected_seconds = 1;
    }
    std::vector<FieldChange> all = configure->changes;
    all.insert(all.end(), changes.begin(), changes.end());
    SetChanges(*configure, std::move(all));
  }
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
    DesiredVApp vapp{source.path, source.cpu, source.memory, {}, source.products, source.properties,
                     EntryInOuter(inherited, source.path)};
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
