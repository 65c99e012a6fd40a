// Ordering actions into a DAG, and the rollback graph.

#include "engine/plan.h"

#include <gtest/gtest.h>

#include "engine/action_kinds.h"

namespace vcshift {
namespace {

Action Step(const std::string& id, std::vector<std::string> inputs, std::vector<std::string> outputs) {
  Action action;
  action.id = id;
  action.kind = ActionKind::CreateFolder;
  action.object = id;
  action.inputs = std::move(inputs);
  action.outputs = std::move(outputs);
  action.params = {{"path", id}};
  return action;
}

std::vector<std::string> Ids(const Plan& plan) {
  std::vector<std::string> ids;
  for (const auto& action : plan.actions) ids.push_back(action.id);
  return ids;
}

TEST(Plan, OrdersByResourcesAndKeepsIndependentChainsApart) {
  const PlanResult result = OrderActions({Step("c", {"b"}, {"c"}), Step("x", {}, {"x"}), Step("a", {}, {"a"}),
                                          Step("b", {"a", "missing-is-already-there"}, {"b"})});
  ASSERT_TRUE(result.plan);
  EXPECT_EQ(Ids(*result.plan), (std::vector<std::string>{"x", "a", "b", "c"}));
  EXPECT_EQ(result.plan->edges, (std::vector<std::pair<size_t, size_t>>{{1, 2}, {2, 3}}));
}

TEST(Plan, ACycleNamesEveryActionInIt) {
  const PlanResult result = OrderActions(
      {Step("a", {"c"}, {"a"}), Step("b", {"a"}, {"b"}), Step("c", {"b"}, {"c"}), Step("d", {"a"}, {"d"})});
  EXPECT_FALSE(result.plan);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].message, "these actions depend on each other in a cycle: a, b, c");
}

TEST(Plan, EveryCycleIsNamedAfterTwoProducersOfOneResource) {
  const PlanResult result =
      OrderActions({Step("e", {"f"}, {"e", "r"}), Step("a", {"b"}, {"a"}), Step("b", {"a"}, {"b"}),
                    Step("f", {"e"}, {"f"}), Step("g", {"b"}, {"r"}), Step("h", {}, {"h"})});
  EXPECT_FALSE(result.plan);
  ASSERT_EQ(result.diagnostics.size(), 3u);
  EXPECT_EQ(result.diagnostics[0].message, "actions e and g both produce r");
  EXPECT_EQ(result.diagnostics[1].message, "these actions depend on each other in a cycle: e, f");
  EXPECT_EQ(result.diagnostics[2].message, "these actions depend on each other in a cycle: a, b");
}

TEST(Plan, TwoProducersOfOneResourceAreAnError) {
  const PlanResult result = OrderActions({Step("a", {}, {"r"}), Step("b", {}, {"r"})});
  EXPECT_FALSE(result.plan);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].message, "actions a and b both produce r");
}

TEST(Plan, RollbackReversesTheEdgesAndBridgesWhatIsNotUndone) {
  std::vector<Action> actions = {Step("a", {}, {"a"}), Step("b", {"a"}, {"b"}), Step("c", {"b"}, {"c"}),
                                 Step("z", {}, {"z"})};
  actions[1].reversible = false;
  const Plan forward = *OrderActions(actions).plan;
  const Plan rollback = RollbackPlan(forward);
  EXPECT_EQ(Ids(rollback), (std::vector<std::string>{"undo:z", "undo:c", "undo:a"}));
  EXPECT_EQ(rollback.edges, (std::vector<std::pair<size_t, size_t>>{{1, 2}}));  // c's undo before a's
  EXPECT_EQ(rollback.actions[1].kind, ActionKind::DestroyFolder);
  EXPECT_EQ(rollback.actions[1].object, "c");

  const Plan partial = RollbackPlan(forward, {"a", "z"});  // c never ran
  EXPECT_EQ(Ids(partial), (std::vector<std::string>{"undo:z", "undo:a"}));
  EXPECT_TRUE(partial.edges.empty());
  EXPECT_TRUE(RollbackPlan(forward, std::set<std::string>{}).Empty()) << "nothing done, nothing to undo";
}

TEST(Action, InverseSwapsWhatWasAndWhatIsSet) {
  Action move;
  move.id = "move_host:target:h1";
  move.kind = ActionKind::MoveHost;
  move.params = {{"cluster", "DC1/B"}};
  move.prior = {{"cluster", "DC1/A"}};
  move.changes = {{"cluster", "DC1/A", "DC1/B"}};
  const Action undo = Inverse(move);
  EXPECT_EQ(undo.id, "undo:move_host:target:h1");
  EXPECT_EQ(undo.kind, ActionKind::MoveHost);
  EXPECT_EQ(undo.params.at("cluster"), "DC1/A");
  EXPECT_EQ(undo.changes, (std::vector<FieldChange>{{"cluster", "DC1/B", "DC1/A"}}));
  EXPECT_EQ(Inverse(undo).params, move.params);
}

TEST(Action, EveryKindHasANameAndAnInverseKind) {
  for (size_t k = 0; k < kKindCount; ++k) {
    const auto kind = static_cast<ActionKind>(k);
    Action action;
    action.kind = kind;
    EXPECT_NE(std::string(KindName(kind)), "");
    EXPECT_EQ(Inverse(Inverse(action)).kind, kind) << KindName(kind);
  }
}

}  // namespace
}  // namespace vcshift
