// The table of action kinds: one row per kind, the params each declares, the checks a
// plan's actions and a provider's reads go through, and the plan schema in step.

#include "engine/action_kinds.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <set>
#include <stdexcept>

#include "engine/planner.h"

namespace vcshift {
namespace {

Action MoveHost(std::map<std::string, std::string> params, std::map<std::string, std::string> prior = {}) {
  Action action;
  action.id = "move_host:target:esx-01";
  action.kind = ActionKind::MoveHost;
  action.object = "esx-01";
  action.params = std::move(params);
  action.prior = std::move(prior);
  return action;
}

TEST(ActionKinds, EveryKindHasItsRowWithANameAnInverseAndASubject) {
  std::set<std::string> names;
  ASSERT_EQ(AllKinds().size(), kKindCount);
  for (size_t k = 0; k < kKindCount; ++k) {
    const auto kind = static_cast<ActionKind>(k);
    const KindTraits& traits = Traits(kind);
    EXPECT_EQ(traits.kind, kind);
    EXPECT_TRUE(names.insert(traits.name).second) << traits.name << " twice";
    EXPECT_EQ(KindFromName(traits.name), kind);
    EXPECT_EQ(Traits(traits.inverse).inverse, kind) << traits.name << " is not its inverse's inverse";
    EXPECT_NE(std::string(traits.subject), "") << traits.name;
  }
  EXPECT_THROW(Traits(ActionKind::Count), std::logic_error);
}

TEST(ActionKinds, EachKindDeclaresAKeyOnceAndOnlyPlainKeysAsRequired) {
  for (const auto& traits : AllKinds()) {
    std::set<std::string_view> keys;
    for (const auto& key : traits.params) {
      EXPECT_TRUE(keys.insert(key.name).second) << traits.name << " declares " << key.name << " twice";
      EXPECT_FALSE(key.meaning.empty()) << traits.name << "'s " << key.name << " says nothing";
      EXPECT_TRUE(key.need == Need::Optional || !key.name.ends_with('*')) << traits.name << "'s " << key.name;
    }
  }
}

TEST(ActionKinds, AnActionCarryingWhatItsKindDeclaresHasNoProblem) {
  EXPECT_TRUE(ParamProblems(MoveHost({{"cluster", "DC1/B"}}, {{"cluster", "DC1/A"}})).empty());
  Action add = MoveHost({{"cluster", "DC1/B"}, {"thumbprint", ""}, {"vm:vm-1", "Apps"}, {"group.g", "vm: vm-1"}});
  add.kind = ActionKind::AddHost;
  EXPECT_TRUE(ParamProblems(add).empty()) << "group.* and vm:* stand for every key they start";
}

TEST(ActionKinds, AnUndeclaredParamAMissingRequiredOneAndAPriorTheInverseDoesNotTakeAreProblems) {
  EXPECT_EQ(ParamProblems(MoveHost({{"cluster", "DC1/B"}, {"clustr", "DC1/B"}})),
            std::vector<std::string>{"action move_host:target:esx-01: param 'clustr' is not declared for move_host"});
  EXPECT_EQ(ParamProblems(MoveHost({})),
            std::vector<std::string>{"action move_host:target:esx-01: required param 'cluster' is missing"});
  Action remove = MoveHost({}, {{"cluster", "DC1/A"}, {"folder", "Apps"}});
  remove.id = "remove_host:source:DC1/A/esx-01";
  remove.kind = ActionKind::RemoveHost;
  EXPECT_EQ(ParamProblems(remove), std::vector<std::string>{"action remove_host:source:DC1/A/esx-01: prior 'folder' "
                                                            "is not declared for its inverse, add_host"});
}

// MakePlan's last step: a planner's slip refuses the plan as an internal error.
TEST(ActionKinds, APlanWithAnUndeclaredParamIsRefusedAsAnInternalError) {
  PlanResult planned = OrderActions({MoveHost({{"cluster", "DC1/B"}, {"evc_mode", "intel-broadwell"}})});
  ASSERT_TRUE(planned.plan);
  const PlanResult checked = WithDeclaredParams(std::move(planned));
  EXPECT_FALSE(checked.plan);
  ASSERT_EQ(checked.diagnostics.size(), 1u);
  EXPECT_EQ(checked.diagnostics[0].severity, Severity::Error);
  EXPECT_EQ(checked.diagnostics[0].message,
            "internal error: action move_host:target:esx-01: param 'evc_mode' is not declared for move_host");

  EXPECT_TRUE(WithDeclaredParams(OrderActions({MoveHost({{"cluster", "DC1/B"}})})).plan);
}

TEST(ActionKinds, AReaderAskingForAKeyItsKindDoesNotDeclareThrows) {
  const Action move = MoveHost({{"cluster", "DC1/B"}}, {{"cluster", "DC1/A"}});
  EXPECT_EQ(ParamOf(move, "cluster"), "DC1/B");
  EXPECT_EQ(PriorOf(move, "cluster"), "DC1/A");
  try {
    ParamOf(move, "folder");
    ADD_FAILURE() << "an undeclared key was read";
  } catch (const std::logic_error& e) {
    EXPECT_EQ(std::string(e.what()), "'folder' is not a param of move_host (engine/action_kinds.cc declares each "
                                     "kind's params)");
  }
  Action remove = MoveHost({}, {{"cluster", "DC1/A"}});
  remove.kind = ActionKind::RemoveHost;
  EXPECT_EQ(PriorOf(remove, "cluster"), "DC1/A") << "a removal's prior is its inverse's, add_host's, params";
  EXPECT_THROW(ParamOf(remove, "cluster"), std::logic_error);
  EXPECT_EQ(ParamOf(remove, "discovered_folder"), "") << "declared and absent";
}

// The plan schema names every kind the table has, in its order: editors and
// `schema.independent_validator` check plans against it.
TEST(ActionKinds, ThePlanSchemaListsEveryKind) {
  const YAML::Node schema = YAML::LoadFile(VCSHIFT_SOURCE_DIR "/schemas/plan.schema.json");
  std::vector<std::string> kinds;
  for (const auto& kind : AllKinds()) kinds.push_back(kind.name);
  EXPECT_EQ(schema["definitions"]["action"]["properties"]["kind"]["enum"].as<std::vector<std::string>>(), kinds);
}

}  // namespace
}  // namespace vcshift
