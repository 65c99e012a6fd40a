#pragma once
// A plan: actions and the order they must keep, as a value. Renderers, the executor and
// the plan file all read this; nothing here talks to a vCenter.

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/action.h"
#include "engine/diagnostic.h"

namespace vcshift {

// What vCenter holds about the objects a plan moves that the plan does not carry, of one
// kind (engine/uncarried.h), or the kinds it could not check: lost unless the user
// carries it by hand, so the plan says so before anything changes.
struct PlanWarning {
  std::string kind;                  // an uncarried kind's name, or "not_checked"
  std::vector<std::string> objects;  // every one concerned (for not_checked: the kinds)
  std::string message;               // one line: the count, the first few objects, the consequence
  bool operator==(const PlanWarning&) const = default;
};

struct Plan {
  std::vector<Action> actions;                   // a stable topological order
  std::vector<std::pair<size_t, size_t>> edges;  // (before, after), indices into actions, sorted
  Diagnostics notes;  // things the user should know that change nothing (unmanaged objects, ...)
  std::vector<PlanWarning> warnings;  // state left behind uncarried, one per kind

  bool Empty() const { return actions.empty(); }
};

struct PlanResult {
  std::optional<Plan> plan;
  Diagnostics diagnostics;  // errors refuse the plan
};

// Orders `actions` by their resources: an action comes after every action producing
// one of its inputs. Two actions producing one resource, or a cycle, is an error naming
// every action involved. Independent chains stay unconnected, so they can run in
// parallel. The order is deterministic: among ready actions, the one listed first.
PlanResult OrderActions(std::vector<Action> actions, Diagnostics notes = {});

// The rollback of the actions of `plan` whose ids are in `done`: the inverses of the
// reversible ones that change something (not checks), with the edges reversed.
Plan RollbackPlan(const Plan& plan, const std::set<std::string>& done);

// The rollback of the whole plan, as `plan --show-rollback` and reversing a finished
// run need it.
Plan RollbackPlan(const Plan& plan);

}  // namespace vcshift
