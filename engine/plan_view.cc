#include "engine/plan_view.h"

#include <map>
#include <set>
#include <unordered_map>

#include "engine/hooks.h"
#include "engine/host_network_actions.h"

namespace vcshift {
namespace {

// What a person calls the object an action is about, and its name. Host steps are
// grouped under the host they move.
std::pair<std::string, std::string> SubjectOnItsSide(const Action& action) {
  const std::string type = Traits(action.kind).subject;
  if (type == "host") return {type, action.object.substr(action.object.rfind('/') + 1)};
  return {type, action.object};
}

std::pair<std::string, std::string> Subject(const Action& action) {
  auto [type, name] = SubjectOnItsSide(action);
  // The source and the target may both hold an object of that path (a cluster being
  // recreated on the target and removed from the source).
  if (type != "host" && action.side == Side::Source) name += " (source)";
  return {type, name};
}

}  // namespace

Category CategoryOf(ActionKind kind) { return Traits(kind).category; }

const char* Symbol(Category category) {
  switch (category) {
    case Category::Create: return "+";
    case Category::Destroy: return "-";
    case Category::Move: return ">";
    default: return "~";
  }
}

std::vector<std::pair<const Action*, const FieldChange*>> ObjectGroup::Changes() const {
  std::vector<std::pair<const Action*, const FieldChange*>> out;
  for (const Action* action : actions) {
    if (action != lead && (category() != Category::Change || CategoryOf(action->kind) != Category::Change)) continue;
    for (const auto& change : action->changes) out.emplace_back(action, &change);
  }
  return out;
}

std::string ObjectGroup::Movement() const {
  if (category() != Category::Move || lead->changes.empty()) return "";
  return lead->changes.front().before + " -> " + lead->changes.front().after;
}

std::vector<ObjectGroup> GroupByObject(const Plan& plan) {
  std::vector<ObjectGroup> groups;
  std::unordered_map<std::string, size_t> index;  // by "type\0name"
  for (const auto& action : plan.actions) {
    const auto subject = Subject(action);
    const auto [it, inserted] = index.emplace(subject.first + '\0' + subject.second, groups.size());
    if (inserted) groups.push_back({subject.first, subject.second, &action, {}});
    ObjectGroup& group = groups[it->second];
    group.actions.push_back(&action);
    if (CategoryOf(group.lead->kind) == Category::Step && CategoryOf(action.kind) != Category::Step) group.lead = &action;
  }
  return groups;
}

std::string Detail(const Action& action) {
  // A rollback's undo shows its command; a forward hook shows it among its changes.
  if (action.kind == ActionKind::UndoHook) return "runs " + ParamOf(action, "run");
  // A VM's pool and overrides, shown with its move: where it ends up.
  if (action.kind == ActionKind::MoveVmToResourcePool || action.kind == ActionKind::ConfigureVmOverrides) {
    // An override not set is the cluster's setting.
    const auto shown = [](const std::string& value) { return value.empty() ? std::string("(the cluster's)") : value; };
    std::string text;
    for (const auto& change : action.changes) {
      text += (text.empty() ? "" : ", ") + change.field + " " + shown(change.before) + " -> " + shown(change.after);
    }
    return text;
  }
  return Detail(StepOf(action));
}

std::string Detail(const std::optional<NetworkStep>& step) { return step ? Describe(*step) : ""; }

void StepsOf(const ObjectGroup& group, std::vector<std::optional<NetworkStep>>& steps) {
  steps.clear();
  for (const Action* action : group.actions) steps.push_back(StepOf(*action));
}

namespace {

std::string PlaceText(const NetworkPlace& place, const std::map<std::string, int>& vlans) {
  const std::string name = place.switch_name + "/" + place.port_group;
  const auto vlan = vlans.find(name);
  return vlan == vlans.end() ? name : name + " (" + VlanText(VlansOf(StandardPortGroup{"", "", vlan->second})) + ")";
}

}  // namespace

std::vector<std::string> NetworkPaths(const std::vector<std::optional<NetworkStep>>& steps) {
  std::map<std::string, int> vlans;  // standard port groups the steps create, "switch/name" -> VLAN
  std::map<std::string, std::vector<NetworkPlace>> places;  // each NIC's, in the order it passes them
  const auto pass = [&](const std::string& nic, const NetworkPlace& from, const NetworkPlace& to) {
    auto& path = places[nic];
    if (path.empty()) path.push_back(from);
    path.push_back(to);
  };
  for (const auto& step : steps) {
    if (!step) continue;
    if (step->kind == StepKind::CreatePortGroup) vlans[step->to.switch_name + "/" + step->object] = step->vlan;
    if (step->kind == StepKind::MoveVmknic) pass(step->object, step->from, step->to);
    if (step->kind == StepKind::MoveVmNic) pass(step->object + "\n" + step->nic, step->from, step->to);
    for (const auto& vmk : step->vmknics) pass(vmk.device, vmk.from, vmk.to);
  }
  std::set<std::string> lines;  // NICs on one network take one path: one line for them all
  for (const auto& [nic, path] : places) {
    std::string line;
    for (const auto& place : path) line += (line.empty() ? "" : " -> ") + PlaceText(place, vlans);
    lines.insert(line);
  }
  return {lines.begin(), lines.end()};
}

std::string Summary(const Plan& plan) {
  std::map<Category, int> counts;
  for (const auto& action : plan.actions) ++counts[CategoryOf(action.kind)];
  if (plan.actions.empty()) return "No changes.";
  return "Plan: " + std::to_string(counts[Category::Create]) + " to create, " +
         std::to_string(counts[Category::Change]) + " to change, " + std::to_string(counts[Category::Move]) +
         " to move, " + std::to_string(counts[Category::Destroy]) + " to destroy.";
}

}  // namespace vcshift
