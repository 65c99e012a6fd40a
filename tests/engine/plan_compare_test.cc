// A saved plan against the plan made now: `apply` refuses any difference, naming the
// first differing action (issue 21: an edit with a recomputed digest).

#include "engine/plan_compare.h"

#include <gtest/gtest.h>

#include "engine/planner.h"
#include "engine/validation.h"
#include "tests/engine/inventory_fixtures.h"

namespace vcshift::testing {
namespace {

class PlanCompareTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string desired =
        "version: 1\nconnections:\n  source: {url: https://127.0.0.1:8989/sdk, user: u}\n"
        "  target: {url: https://127.0.0.1:8990/sdk, user: u}\n"
        "datacenters:\n  - name: DC1\n    clusters:\n"
        "      - {name: Cluster1, ha: inherit, hosts: [esx-01.sim.local, esx-02.sim.local]}\n";
    plan_ = *MakePlan(*LoadDesiredStateText(desired, "d.yaml").state, SampleSource(), EmptyTarget()).plan;
    ASSERT_GE(plan_.edges.size(), 1u);
  }
  Action& Find(Plan& plan, const std::string& id) {
    for (auto& action : plan.actions) {
      if (action.id == id) return action;
    }
    ADD_FAILURE() << "no action " << id;
    return plan.actions.front();
  }
  Plan plan_;
};

TEST_F(PlanCompareTest, ThePlanItselfHasNoDifference) { EXPECT_EQ(FirstDifference(plan_, plan_), ""); }

TEST_F(PlanCompareTest, AnEditedParamIsNamedWithBothValues) {
  Plan saved = plan_;
  Action& add = Find(saved, "add_host:target:esx-02.sim.local");
  add.params["cluster"] = "DC1/Cluster9";
  EXPECT_EQ(FirstDifference(saved, plan_), "action add_host:target:esx-02.sim.local: param cluster is 'DC1/Cluster9' "
                                           "in the saved plan, 'DC1/Cluster1' in a plan made now");
  add.params.erase("cluster");
  EXPECT_EQ(FirstDifference(saved, plan_), "action add_host:target:esx-02.sim.local: param cluster is absent in the "
                                           "saved plan, 'DC1/Cluster1' in a plan made now");
}

TEST_F(PlanCompareTest, EveryFieldOfAnActionCounts) {
  const std::string id = plan_.actions.back().id;
  for (const auto& edit : std::vector<std::function<void(Action&)>>{
           [](Action& a) { a.criticality = Criticality::Cleanup; }, [](Action& a) { a.reversible = !a.reversible; },
           [](Action& a) { a.expected_seconds += 1; }, [](Action& a) { a.prior["x"] = "y"; },
           [](Action& a) { a.object += "x"; }, [](Action& a) { a.changes.push_back({"f", "a", "b"}); }}) {
    Plan saved = plan_;
    edit(saved.actions.back());
    EXPECT_EQ(FirstDifference(saved, plan_).rfind("action " + id + ": ", 0), 0u) << FirstDifference(saved, plan_);
  }
}

TEST_F(PlanCompareTest, MissingExtraReorderedAndRewiredActions) {
  Plan fewer = plan_;
  const std::string last = fewer.actions.back().id;
  fewer.actions.pop_back();
  fewer.edges.erase(std::remove_if(fewer.edges.begin(), fewer.edges.end(),
                                   [&](const auto& e) { return e.second == fewer.actions.size(); }),
                    fewer.edges.end());
  EXPECT_EQ(FirstDifference(fewer, plan_), "a plan made now has action " + last + ", which the saved plan has not");
  EXPECT_EQ(FirstDifference(plan_, fewer), "action " + last + " is in the saved plan, not in a plan made now");

  Plan rewired = plan_;
  const auto [before, after] = rewired.edges.front();
  rewired.edges.erase(rewired.edges.begin());
  const std::string message = FirstDifference(rewired, plan_);
  EXPECT_EQ(message.rfind("action " + plan_.actions[after].id + " depends on ", 0), 0u) << message;
  EXPECT_NE(message.find(plan_.actions[before].id + " in a plan made now"), std::string::npos) << message;
}

}  // namespace
}  // namespace vcshift::testing
