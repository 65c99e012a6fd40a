#include "engine/plan_changes.h"

#include <algorithm>
#include <utility>

namespace vcshift::planning {

void Flattener::Add(const std::string& path, const std::string& value) { result[path] = value; }
void Flattener::Add(const std::string& path, int value) { result[path] = std::to_string(value); }
void Flattener::Add(const std::string& path, bool value) { result[path] = value ? "true" : "false"; }
void Flattener::Add(const std::string& path, const std::vector<std::string>& values) { result[path] = Join(values, ","); }

void Flattener::Add(const std::string& path, const std::vector<std::pair<int, int>>& ranges) {
  std::string joined;
  for (const auto& [start, end] : ranges) {
    joined += (joined.empty() ? "" : ",") + std::to_string(start) + (start == end ? "" : "-" + std::to_string(end));
  }
  result[path] = joined;
}

std::vector<FieldChange> Differences(const std::map<std::string, std::string>& before,
                                     const std::map<std::string, std::string>& after) {
  std::vector<FieldChange> changes;
  for (const auto& [field, value] : after) {
    const auto it = before.find(field);
    const std::string old = it == before.end() ? "" : it->second;
    if (old != value) changes.push_back({field, old, value});
  }
  return changes;
}

void SetChanges(Action& action, std::vector<FieldChange> changes) {
  for (const auto& change : changes) {
    action.params[change.field] = change.after;
    action.prior[change.field] = change.before;
  }
  action.changes = std::move(changes);
}

std::map<std::string, std::string> SwitchSettings(const InventoryDvs& dvs) {
  return {{"mtu", std::to_string(dvs.mtu)}, {"uplinks", Join(dvs.uplinks, ",")}, {"nioc", dvs.nioc ? "true" : "false"}};
}

std::map<std::string, std::string> PortGroupSettings(const DvsPortGroup& pg) {
  auto settings = Flatten("", pg);
  settings.erase("name");
  if (!pg.vlan_trunk.empty()) settings["vlan"] = "0";  // a trunk has no VLAN id of its own
  return settings;
}

std::string Join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
}

std::string FirstFew(const std::vector<std::string>& objects) {
  constexpr size_t kNamed = 5;
  const size_t named = std::min(objects.size(), kNamed);
  std::string out = Join(std::vector<std::string>(objects.begin(), objects.begin() + named), ", ");
  if (objects.size() > named) out += " and " + std::to_string(objects.size() - named) + " more";
  return out;
}

}  // namespace vcshift::planning
