// What the planners share: the actions, errors and notes they record, and what one
// leaves for another.

#include "engine/plan_recorder.h"

#include <utility>

#include <gtest/gtest.h>

namespace vcshift::planning {
namespace {

TEST(PlanRecorder, NamesEachActionByKindSideAndObject) {
  DesiredState desired;
  Inventory empty;
  PlanRecorder plan(desired, empty, empty);
  plan.Add(ActionKind::CreateDatacenter, Side::Target, "DC1");
  ASSERT_EQ(plan.actions().size(), 1u);
  EXPECT_EQ(plan.actions()[0].id, "create_datacenter:target:DC1");
  EXPECT_EQ(plan.actions()[0].object, "DC1");
}

TEST(PlanRecorder, AnErrorRefusesThePlanAndLeavesOutTheNotes) {
  DesiredState desired;
  desired.file = "desired.yaml";
  Inventory empty;
  PlanRecorder plan(desired, empty, empty);
  plan.Add(ActionKind::CreateDatacenter, Side::Target, "DC1");
  plan.Note({3, 5}, "left alone");
  plan.Error({7, 9}, "cannot move");
  const PlanResult result = std::move(plan).Finish();
  EXPECT_FALSE(result.plan);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(Format(result.diagnostics[0]), "desired.yaml:7:9: error: cannot move");
}

TEST(PlanRecorder, WithoutErrorsThePlanCarriesTheNotes) {
  DesiredState desired;
  Inventory empty;
  PlanRecorder plan(desired, empty, empty);
  Action& create = plan.Add(ActionKind::CreateDatacenter, Side::Target, "DC1");
  create.outputs = {"dc@target:DC1"};
  plan.Note({3, 5}, "left alone");
  const PlanResult result = std::move(plan).Finish();
  ASSERT_TRUE(result.plan);
  EXPECT_EQ(result.plan->actions.size(), 1u);
  EXPECT_TRUE(result.diagnostics.empty());
  ASSERT_EQ(result.plan->notes.size(), 1u);
  EXPECT_EQ(result.plan->notes[0].severity, Severity::Warning);
}

TEST(PlanRecorder, KeepsWhatOnePlannerLeavesForAnother) {
  DesiredState desired;
  Inventory empty;
  PlanRecorder plan(desired, empty, empty);
  plan.arrivals()["esx-01"].carried["dvs-prod"] = "vSwitch-vcshift";
  EXPECT_TRUE(plan.Carries("esx-01", "dvs-prod"));
  EXPECT_FALSE(plan.Carries("esx-01", "dvs-test"));
  EXPECT_FALSE(plan.Carries("esx-02", "dvs-prod"));

  InventoryDvs dvs;
  dvs.name = "dvs-prod";
  plan.AddPlannedSwitch("DC1", dvs);
  ASSERT_NE(plan.PlannedSwitch("DC1", "dvs-prod"), nullptr);
  EXPECT_EQ(plan.PlannedSwitch("DC2", "dvs-prod"), nullptr);
  EXPECT_TRUE(plan.PlannedSwitches("DC2").empty());
}

}  // namespace
}  // namespace vcshift::planning
