#include "engine/plan.h"

#include <algorithm>
#include <queue>
#include <set>
#include <string_view>
#include <unordered_map>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

#include "engine/action_kinds.h"

namespace vcshift {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

Diagnostic PlanError(std::string message) { return {Severity::Error, "", {}, "", std::move(message)}; }

using Edges = std::vector<std::pair<size_t, size_t>>;  // (before, after)

// Kahn's algorithm, taking the lowest-numbered ready action first. Fewer than `count`
// actions when some depend on each other in a cycle.
std::vector<size_t> StableTopologicalOrder(size_t count, const Edges& edges) {
  std::vector<size_t> first(count + 1, 0);  // the successors of v: next[first[v]] to next[first[v + 1]]
  std::vector<size_t> pending(count, 0);    // predecessors not yet ordered
  for (const auto& [before, after] : edges) {
    ++first[before + 1];
    ++pending[after];
  }
  for (size_t v = 0; v < count; ++v) first[v + 1] += first[v];
  std::vector<size_t> next(edges.size());
  std::vector<size_t> filled(first.begin(), first.end() - 1);
  for (const auto& [before, after] : edges) next[filled[before]++] = after;
  std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready;
  for (size_t v = 0; v < count; ++v) {
    if (pending[v] == 0) ready.push(v);
  }
  std::vector<size_t> order;
  order.reserve(count);
  while (!ready.empty()) {
    const size_t v = ready.top();
    ready.pop();
    order.push_back(v);
    for (size_t e = first[v]; e < first[v + 1]; ++e) {
      if (--pending[next[e]] == 0) ready.push(next[e]);
    }
  }
  return order;
}

// Every cycle, as the ids of the actions in it (strongly connected components of more
// than one action; resources never make an action depend on itself).
std::vector<std::vector<std::string>> Cycles(const Edges& edges, const std::vector<Action>& actions) {
  Graph graph(actions.size());
  for (const auto& [before, after] : edges) boost::add_edge(before, after, graph);
  std::vector<int> component(boost::num_vertices(graph));
  const int count = boost::strong_components(
      graph, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, graph)));
  std::vector<std::vector<size_t>> members(count);
  for (size_t v = 0; v < component.size(); ++v) members[component[v]].push_back(v);
  std::vector<std::vector<std::string>> cycles;
  for (const auto& vertices : members) {
    if (vertices.size() < 2) continue;
    std::vector<std::string> ids;
    for (const size_t v : vertices) ids.push_back(actions[v].id);
    cycles.push_back(std::move(ids));
  }
  return cycles;
}

// Puts actions[order[p]] at p, moving each action once along the cycles of the
// permutation: a second vector of actions would hold the plan twice for a moment.
void Permute(std::vector<Action>& actions, const std::vector<size_t>& order) {
  std::vector<bool> placed(order.size(), false);
  for (size_t start = 0; start < order.size(); ++start) {
    if (placed[start]) continue;
    Action held = std::move(actions[start]);
    size_t p = start;
    for (; order[p] != start; p = order[p]) {
      actions[p] = std::move(actions[order[p]]);
      placed[p] = true;
    }
    actions[p] = std::move(held);
    placed[p] = true;
  }
}

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

}  // namespace

PlanResult OrderActions(std::vector<Action> actions, Diagnostics notes) {
  PlanResult result;
  // Views of the outputs in `actions`, which stay where they are until the plan is built.
  std::unordered_map<std::string_view, size_t> producer;
  producer.reserve(actions.size());
  for (size_t i = 0; i < actions.size(); ++i) {
    for (const auto& output : actions[i].outputs) {
      const auto [it, inserted] = producer.emplace(output, i);
      if (!inserted) {
        result.diagnostics.push_back(PlanError("actions " + actions[it->second].id + " and " + actions[i].id +
                                               " both produce " + output));
      }
    }
  }
  Edges edges;                    // each once
  std::vector<size_t> waits_for;  // the producers action i comes after
  for (size_t i = 0; i < actions.size(); ++i) {
    waits_for.clear();
    for (const auto& input : actions[i].inputs) {
      const auto it = producer.find(input);
      if (it == producer.end() || it->second == i) continue;
      if (std::find(waits_for.begin(), waits_for.end(), it->second) != waits_for.end()) continue;
      waits_for.push_back(it->second);
      edges.emplace_back(it->second, i);
    }
  }
  const std::vector<size_t> order = StableTopologicalOrder(actions.size(), edges);
  if (order.size() < actions.size()) {
    for (const auto& cycle : Cycles(edges, actions)) {
      result.diagnostics.push_back(PlanError("these actions depend on each other in a cycle: " + JoinIds(cycle)));
    }
  }
  if (HasErrors(result.diagnostics)) return result;

  std::vector<size_t> position(order.size());
  for (size_t p = 0; p < order.size(); ++p) position[order[p]] = p;
  Plan plan;
  Permute(actions, order);
  plan.actions = std::move(actions);
  for (const auto& [before, after] : edges) plan.edges.emplace_back(position[before], position[after]);
  std::sort(plan.edges.begin(), plan.edges.end());
  plan.notes = std::move(notes);
  result.plan = std::move(plan);
  return result;
}

Plan RollbackPlan(const Plan& plan) {
  std::set<std::string> all;
  for (const auto& action : plan.actions) all.insert(action.id);
  return RollbackPlan(plan, all);
}

Plan RollbackPlan(const Plan& plan, const std::set<std::string>& done) {
  // Walk the forward order backwards: each inverse comes after the inverses of the
  // actions that depended on it.
  // A check changed nothing: there is nothing of it to undo.
  const auto included = [&](const Action& action) {
    return action.reversible && !Traits(action.kind).changes_nothing && done.count(action.id);
  };
  std::vector<long> index_in_rollback(plan.actions.size(), -1);
  Plan rollback;
  for (size_t i = plan.actions.size(); i-- > 0;) {
    if (!included(plan.actions[i])) continue;
    index_in_rollback[i] = static_cast<long>(rollback.actions.size());
    rollback.actions.push_back(Inverse(plan.actions[i]));
  }
  // An action left out (irreversible, or never run) must not cut the order between the
  // actions around it: follow edges through left-out actions to the next included ones.
  std::vector<std::vector<size_t>> successors(plan.actions.size());
  for (const auto& [before, after] : plan.edges) successors[before].push_back(after);
  for (size_t from = 0; from < plan.actions.size(); ++from) {
    if (index_in_rollback[from] < 0) continue;
    std::set<size_t> seen;
    std::vector<size_t> stack = successors[from];
    while (!stack.empty()) {
      const size_t next = stack.back();
      stack.pop_back();
      if (!seen.insert(next).second) continue;
      if (index_in_rollback[next] >= 0) {
        rollback.edges.emplace_back(index_in_rollback[next], index_in_rollback[from]);
      } else {
        stack.insert(stack.end(), successors[next].begin(), successors[next].end());
      }
    }
  }
  std::sort(rollback.edges.begin(), rollback.edges.end());
  return rollback;
}

}  // namespace vcshift
