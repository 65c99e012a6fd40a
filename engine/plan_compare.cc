#include "engine/plan_compare.h"

#include <map>
#include <set>
#include <vector>

namespace vcshift {
namespace {

std::string Quoted(const std::string& value) { return "'" + value + "'"; }

// The ids of the actions each action depends on.
std::vector<std::set<std::string>> DependenciesOf(const Plan& plan) {
  std::vector<std::set<std::string>> out(plan.actions.size());
  for (const auto& [before, after] : plan.edges) out[after].insert(plan.actions[before].id);
  return out;
}

// The first key of `what` ("param", "prior value") whose value differs, "" when none.
std::string MapDifference(const std::string& what, const std::map<std::string, std::string>& saved,
                          const std::map<std::string, std::string>& now) {
  std::set<std::string> keys;
  for (const auto& entry : saved) keys.insert(entry.first);
  for (const auto& entry : now) keys.insert(entry.first);
  for (const auto& key : keys) {
    const auto in_saved = saved.find(key);
    const auto in_now = now.find(key);
    const std::string was = in_saved == saved.end() ? "absent" : Quoted(in_saved->second);
    const std::string is = in_now == now.end() ? "absent" : Quoted(in_now->second);
    if (was != is) return what + " " + key + " is " + was + " in the saved plan, " + is + " in a plan made now";
  }
  return "";
}

std::string Yes(bool value) { return value ? "true" : "false"; }

// How one action differs, "" when it does not (dependencies apart).
std::string ActionDifference(const Action& saved, const Action& now) {
  const auto field = [](const std::string& name, const std::string& was, const std::string& is) {
    return was == is ? "" : name + " is " + Quoted(was) + " in the saved plan, " + Quoted(is) + " in a plan made now";
  };
  for (const std::string& difference :
       {field("kind", KindName(saved.kind), KindName(now.kind)), field("side", SideName(saved.side), SideName(now.side)),
        field("object", saved.object, now.object),
        field("criticality", CriticalityName(saved.criticality), CriticalityName(now.criticality)),
        field("reversible", Yes(saved.reversible), Yes(now.reversible)),
        field("expected_seconds", std::to_string(saved.expected_seconds), std::to_string(now.expected_seconds)),
        MapDifference("param", saved.params, now.params), MapDifference("prior value", saved.prior, now.prior)}) {
    if (!difference.empty()) return difference;
  }
  if (saved.changes != now.changes) return "the changes it shows for review differ";
  return "";
}

std::string JoinIds(const std::set<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out.empty() ? "nothing" : out;
}

}  // namespace

std::string FirstDifference(const Plan& saved, const Plan& now) {
  std::map<std::string, size_t> position_now;
  for (size_t i = 0; i < now.actions.size(); ++i) position_now.emplace(now.actions[i].id, i);
  std::set<std::string> saved_ids;
  for (const auto& action : saved.actions) saved_ids.insert(action.id);
  const auto saved_dependencies = DependenciesOf(saved);
  const auto now_dependencies = DependenciesOf(now);
  for (size_t i = 0; i < saved.actions.size(); ++i) {
    const Action& action = saved.actions[i];
    const auto found = position_now.find(action.id);
    if (found == position_now.end()) return "action " + action.id + " is in the saved plan, not in a plan made now";
    if (std::string difference = ActionDifference(action, now.actions[found->second]); !difference.empty()) {
      return "action " + action.id + ": " + difference;
    }
    if (saved_dependencies[i] != now_dependencies[found->second]) {
      return "action " + action.id + " depends on " + JoinIds(saved_dependencies[i]) + " in the saved plan, on " +
             JoinIds(now_dependencies[found->second]) + " in a plan made now";
    }
  }
  for (const auto& action : now.actions) {
    if (!saved_ids.count(action.id)) return "a plan made now has action " + action.id + ", which the saved plan has not";
  }
  for (size_t i = 0; i < saved.actions.size(); ++i) {
    if (saved.actions[i].id != now.actions[i].id) {
      return "action " + std::to_string(i + 1) + " is " + saved.actions[i].id + " in the saved plan, " +
             now.actions[i].id + " in a plan made now";
    }
  }
  return "";
}

}  // namespace vcshift
