#pragma once
// Planning a desired-state text against two inventories, and finding actions in the
// result: what the planners' tests of one kind each (plan_attributes_test.cc,
// plan_permissions_test.cc) share.

#include <gtest/gtest.h>

#include <string>

#include "engine/plan.h"
#include "engine/planner.h"
#include "engine/validation.h"

namespace vcshift::testing {

inline PlanResult PlanOf(const std::string& yaml, const Inventory& source, const Inventory& target) {
  LoadResult loaded = LoadDesiredStateText(yaml, "desired.yaml");
  EXPECT_TRUE(loaded.state) << (loaded.diagnostics.empty() ? "" : Format(loaded.diagnostics.front()));
  return MakePlan(loaded.state.value_or(DesiredState{}), source, target);
}

inline Plan Planned(const std::string& yaml, const Inventory& source, const Inventory& target) {
  PlanResult result = PlanOf(yaml, source, target);
  EXPECT_TRUE(result.plan) << (result.diagnostics.empty() ? "" : Format(result.diagnostics.front()));
  return result.plan.value_or(Plan{});
}

inline const Action* Find(const Plan& plan, const std::string& id) {
  for (const auto& action : plan.actions) {
    if (action.id == id) return &action;
  }
  return nullptr;
}

inline size_t Position(const Plan& plan, const std::string& id) {
  for (size_t i = 0; i < plan.actions.size(); ++i) {
    if (plan.actions[i].id == id) return i;
  }
  ADD_FAILURE() << id << " is not in the plan";
  return plan.actions.size();
}

}  // namespace vcshift::testing
