#include "engine/plan_attributes.h"


#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/name_patterns.h"
#include "engine/plan_changes.h"
#include "engine/plan_host_moves.h"
#include "engine/plan_resources.h"

namespace vcshift::planning {
namespace {

using Values = std::map<std::string, std::string>;  // attribute name -> value

// The custom attribute definition `name` exists on the target, or a planned
// add_custom_field makes it.
std::string FieldReady(const std::string& name) { return "custom-field@target:" + name; }
// A leaving object's values were read and cleared on the source.
std::string ValuesKept(const std::string& object) { return "custom-values@source:" + object; }

// The definitions the desired state asks for: its list, or the source's (inherit).
std::vector<CustomAttributeSpec> DesiredDefs(const PlanRecorder& plan) {
  const auto& managed = plan.desired().custom_attributes;
  if (managed.mode == Managed<std::vector<CustomAttributeSpec>>::Mode::Set) return managed.value;
  std::vector<CustomAttributeSpec> defs;
  if (managed.mode == Managed<std::vector<CustomAttributeSpec>>::Mode::Inherit) {
    for (const auto& def : plan.source().custom_attribute_defs) {
      if (def.type == "host" || def.type == "vm" || def.type == "cluster" || def.type == "global") {
        defs.push_back({def.name, def.type, {}});
      }
    }
  }
  return defs;
}

// A definition of that name whose type covers objects of `type` ("" for any).
bool Covers(const std::string& def_name, const std::string& def_type, const std::string& name,
            const std::string& type) {
  return def_name == name && (type.empty() || def_type == type || def_type == "global" || type == "global");
}

bool OnTarget(const PlanRecorder& plan, const std::string& name, const std::string& type) {
  for (const auto& def : plan.target().custom_attribute_defs) {
    if (Covers(def.name, def.type, name, type)) return true;
  }
  return false;
}

// Whether values of `name` can be set on objects of `type` once the plan's definitions exist.
bool Defined(const PlanRecorder& plan, const std::string& name, const std::string& type) {
  if (OnTarget(plan, name, type)) return true;
  for (const auto& def : DesiredDefs(plan)) {
    if (Covers(def.name, def.type, name, type)) return true;
  }
  return false;
}

Values ToValues(const CustomAttributes& attributes) { return {attributes.begin(), attributes.end()}; }

// The values the assignments give `name` (a later assignment wins).
Values Assigned(const std::vector<AttributeAssignment>& assignments, const std::string& name) {
  Values values;
  for (const auto& assignment : assignments) {
    if (!AnyNameMatches(assignment.objects, name)) continue;
    for (const auto& value : assignment.values) values[value.name.value] = value.value;
  }
  return values;
}

// Every value the desired state names must have a definition for its object's type.
void CheckDefined(PlanRecorder& plan, const Values& values, const std::string& type, const std::string& object,
                  SourceLocation location) {
  for (const auto& [name, value] : values) {
    if (Defined(plan, name, type)) continue;
    plan.Error(location, "custom attribute '" + name + "' (on " + type + " '" + object +
                             "') is defined neither on the target (" + plan.target().vcenter +
                             ") nor in custom_attributes for " + type + "s");
  }
}

// One set_custom_values on `object` of `type`: the desired values that differ from `now`.
void PlanValues(PlanRecorder& plan, const std::string& type, const std::string& object, const Values& desired,
                const Values& now, const std::string& ready) {
  Values params, prior;
  std::vector<FieldChange> changes;
  for (const auto& [name, value] : desired) {
    const auto it = now.find(name);
    const std::string before = it == now.end() ? "" : it->second;
    if (before == value) continue;
    params["value." + name] = value;
    prior["value." + name] = before;
    changes.push_back({name, before, value});
  }
  if (params.empty()) return;
  Action& set = plan.Add(ActionKind::SetCustomValues, Side::Target, object);
  params["type"] = prior["type"] = type;
  set.params = std::move(params);
  set.prior = std::move(prior);
  set.changes = std::move(changes);
  if (!ready.empty()) set.inputs.push_back(ready);
  for (const auto& [name, value] : desired) set.inputs.push_back(FieldReady(name));
  set.criticality = Criticality::Finishing;
  set.expected_seconds = 1;
}

void PlanClusterValues(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster) {
  using Mode = Managed<std::vector<AttributeValue>>::Mode;
  Values desired;
  if (cluster.attributes.mode == Mode::Set) {
    for (const auto& value : cluster.attributes.value) desired[value.name.value] = value.value;
  } else if (cluster.attributes.mode == Mode::Inherit) {
    if (const auto* from = plan.source_index().Cluster(dc.name, cluster.name)) desired = ToValues(from->custom_attributes);
  }
  if (desired.empty()) return;
  const std::string path = dc.name + "/" + cluster.name;
  CheckDefined(plan, desired, "cluster", path, cluster.location);
  const auto* there = plan.target_index().Cluster(dc.name, cluster.name);
  PlanValues(plan, "cluster", path, desired, there ? ToValues(there->custom_attributes) : Values{},
             ClusterReady(path));
}

void PlanHostValues(PlanRecorder& plan, const DatacenterSpec& dc) {
  using Mode = Managed<std::vector<AttributeAssignment>>::Mode;
  if (dc.host_attributes.mode == Mode::Unmanaged) return;
  for (const auto& [name, place] : DesiredHosts(dc)) {
    const InventoryHost* there = plan.target_index().Host(name);
    const InventoryHost* from = plan.same_vcenter() ? nullptr : plan.source_index().Host(name);
    Values desired;
    if (dc.host_attributes.mode == Mode::Set) {
      desired = Assigned(dc.host_attributes.value, name);
    } else if (!there && from) {
      desired = ToValues(from->custom_attributes);
    }
    if (desired.empty()) continue;
    CheckDefined(plan, desired, "host", name, dc.location);
    PlanValues(plan, "host", place + "/" + name, desired, there ? ToValues(there->custom_attributes) : Values{},
               HostReady(name));
  }
}

void PlanVmValues(PlanRecorder& plan, const DatacenterSpec& dc) {
  using Mode = Managed<std::vector<AttributeAssignment>>::Mode;
  if (dc.vm_attributes.mode == Mode::Unmanaged) return;
  std::set<std::string> planned;
  for (const auto& host : DesiredHosts(dc)) {
    for (const InventoryIndex* inventory : {&plan.target_index(), &plan.source_index()}) {
      const bool arriving = inventory == &plan.source_index();
      if (arriving && (plan.same_vcenter() || plan.target_index().Host(host.name))) break;
      for (const InventoryVm* vm : inventory->VmsOn(host.name)) {
        if (!planned.insert(vm->name).second) continue;
        Values desired;
        if (dc.vm_attributes.mode == Mode::Set) {
          desired = Assigned(dc.vm_attributes.value, vm->name);
        } else if (arriving) {
          desired = ToValues(vm->custom_attributes);
        }
        if (desired.empty()) continue;
        CheckDefined(plan, desired, "vm", vm->name, dc.location);
        PlanValues(plan, "vm", dc.name + "/" + vm->name, desired,
                   arriving ? Values{} : ToValues(vm->custom_attributes), HostReady(vm->host));
      }
    }
  }
}

// The values the target gets, by object name: a planned set_custom_values sets them.
std::set<std::string> CarriedValues(PlanRecorder& plan) {
  std::set<std::string> carried;  // "object name\0attribute"
  for (const auto& action : plan.actions()) {
    if (action.kind != ActionKind::SetCustomValues || action.side != Side::Target) continue;
    const std::string name = action.object.substr(action.object.rfind('/') + 1);
    for (const auto& [key, value] : action.params) {
      if (key.starts_with("value.")) carried.insert(name + '\0' + key.substr(6));
    }
  }
  return carried;
}

// One note for the values of leaving hosts and VMs that the desired state does not carry:
// vCenter drops them with the host.
void NoteUncarried(PlanRecorder& plan, const std::vector<std::pair<std::string, const CustomAttributes*>>& leaving) {
  const std::set<std::string> carried = CarriedValues(plan);
  std::vector<std::string> lost;
  for (const auto& [object, values] : leaving) {
    const std::string name = object.substr(object.rfind('/') + 1);
    for (const auto& [attribute, value] : *values) {
      if (!carried.count(name + '\0' + attribute)) lost.push_back(object + ": " + attribute);
    }
  }
  if (lost.empty()) return;
  const std::string named = FirstFew(lost);
  plan.Note({}, std::to_string(lost.size()) + " custom attribute value" + (lost.size() == 1 ? "" : "s") +
                    " of the moving hosts and VMs not carried to the target: " + named +
                    " (the source drops them with the host; host_attributes or vm_attributes: inherit carries them)");
}

// Clears `values` of a leaving object on the source; its inverse sets them again.
std::string PlanClear(PlanRecorder& plan, const std::string& type, const std::string& object,
                      const CustomAttributes& values) {
  Action& clear = plan.Add(ActionKind::SetCustomValues, Side::Source, object);
  clear.params = clear.prior = {{"type", type}};
  for (const auto& [name, value] : values) {
    clear.params["value." + name] = "";
    clear.prior["value." + name] = value;
    clear.changes.push_back({name, value, "(leaves with the host)"});
  }
  clear.outputs = {ValuesKept(object)};
  clear.expected_seconds = 1;
  return ValuesKept(object);
}

}  // namespace

void PlanCustomAttributeDefs(PlanRecorder& plan) {
  std::set<std::string> planned;
  for (const auto& def : DesiredDefs(plan)) {
    if (OnTarget(plan, def.name, def.type) || !planned.insert(def.name).second) continue;
    Action& add = plan.Add(ActionKind::AddCustomField, Side::Target, def.name);
    add.params = add.prior = {{"type", def.type}};
    add.outputs = {FieldReady(def.name)};
    add.criticality = Criticality::Finishing;
    add.expected_seconds = 1;
  }
}

void PlanAttributeValues(PlanRecorder& plan, const DatacenterSpec& dc) {
  for (const auto& cluster : dc.clusters) PlanClusterValues(plan, dc, cluster);
  PlanHostValues(plan, dc);
  PlanVmValues(plan, dc);
}

void PlanSourceAttributes(PlanRecorder& plan) {
  const std::set<std::string> leaving = plan.LeavingHosts();
  std::vector<std::pair<std::string, const CustomAttributes*>> cleared;
  for (const auto& name : leaving) {
    const InventoryHost* host = plan.source_index().Host(name);
    if (!host) continue;
    const std::string path = PlacePath(host->datacenter, host->cluster, host->folder) + "/" + name;
    std::vector<std::string> kept;
    if (!host->custom_attributes.empty()) {
      kept.push_back(PlanClear(plan, "host", path, host->custom_attributes));
      cleared.emplace_back(path, &host->custom_attributes);
    }
    for (const InventoryVm* vm : plan.source_index().VmsOn(name)) {
      if (vm->custom_attributes.empty()) continue;
      const std::string vm_path = vm->datacenter + "/" + vm->name;
      kept.push_back(PlanClear(plan, "vm", vm_path, vm->custom_attributes));
      cleared.emplace_back(vm_path, &vm->custom_attributes);
    }
    if (kept.empty()) continue;
    for (auto& action : plan.actions()) {
      if (action.kind == ActionKind::DisconnectHost && action.side == Side::Source && action.object == path) {
        action.inputs.insert(action.inputs.end(), kept.begin(), kept.end());
      }
    }
  }
  NoteUncarried(plan, cleared);
}

}  // namespace vcshift::planning
