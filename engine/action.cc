#include "engine/action.h"

#include <algorithm>

#include "engine/action_kinds.h"

namespace vcshift {

const char* KindName(ActionKind kind) { return Traits(kind).name; }

const char* SideName(Side side) { return side == Side::Source ? "source" : "target"; }

const char* CriticalityName(Criticality criticality) {
  switch (criticality) {
    case Criticality::Critical: return "critical";
    case Criticality::Finishing: return "finishing";
    case Criticality::Cleanup: return "cleanup";
  }
  return "critical";
}

std::optional<ActionKind> KindFromName(const std::string& name) {
  const auto kinds = AllKinds();
  const auto found = std::find_if(kinds.begin(), kinds.end(), [&](const KindTraits& k) { return name == k.name; });
  if (found == kinds.end()) return std::nullopt;
  return found->kind;
}

std::optional<Side> SideFromName(const std::string& name) {
  for (const Side side : {Side::Source, Side::Target}) {
    if (name == SideName(side)) return side;
  }
  return std::nullopt;
}

std::optional<Criticality> CriticalityFromName(const std::string& name) {
  for (const Criticality c : {Criticality::Critical, Criticality::Finishing, Criticality::Cleanup}) {
    if (name == CriticalityName(c)) return c;
  }
  return std::nullopt;
}

Action Inverse(const Action& action) {
  // Every action carries what it sets and what was there before, so undoing one is the
  // paired kind with the two swapped. Ordering comes from the plan's reversed edges, not
  // from resources, so the inverse has none.
  Action inverse;
  inverse.id = "undo:" + action.id;
  inverse.kind = Traits(action.kind).inverse;
  inverse.side = action.side;
  inverse.object = action.object;
  inverse.params = action.prior;
  inverse.prior = action.params;
  for (const auto& change : action.changes) inverse.changes.push_back({change.field, change.after, change.before});
  inverse.criticality = Criticality::Critical;
  inverse.expected_seconds = action.expected_seconds;
  return inverse;
}

}  // namespace vcshift
