// Saved plans: what they hold, reading them back, and refusing a stale one.

#include "engine/plan_file.h"

#include <gtest/gtest.h>

#include "engine/planner.h"
#include "engine/render_json.h"
#include "engine/validation.h"
#include "tests/engine/inventory_fixtures.h"

namespace vcshift::testing {
namespace {

const std::string kDesired =
    "version: 1\nconnections:\n  source: {url: https://127.0.0.1:8989/sdk, user: u}\n"
    "  target: {url: https://127.0.0.1:8990/sdk, user: u}\n"
    "datacenters:\n  - name: DC1\n    clusters:\n"
    "      - {name: Cluster1, ha: inherit, hosts: [esx-01.sim.local, esx-02.sim.local]}\n";

class PlanFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    plan_ = *MakePlan(*LoadDesiredStateText(kDesired, "d.yaml").state, source_, target_).plan;
    file_ = MakePlanFile(plan_, "d.yaml", kDesired, source_, target_);
  }
  std::vector<std::string> Stale(const std::string& desired = kDesired) const {
    std::vector<std::string> messages;
    for (const auto& d : CheckStaleness(file_, desired, source_, target_)) messages.push_back(d.message);
    return messages;
  }

  Inventory source_ = SampleSource();
  Inventory target_ = EmptyTarget();
  Plan plan_;
  PlanFile file_;
};

TEST_F(PlanFileTest, RoundTrip) {
  Diagnostics diagnostics;
  const auto read = ReadPlanFile(WritePlanFile(file_), "run.plan", diagnostics);
  ASSERT_TRUE(read) << Format(diagnostics.at(0));
  EXPECT_EQ(read->desired_sha256, file_.desired_sha256);
  EXPECT_EQ(read->fingerprints, file_.fingerprints);
  EXPECT_EQ(read->plan.edges, plan_.edges);
  ASSERT_EQ(read->plan.actions.size(), plan_.actions.size());
  for (size_t i = 0; i < plan_.actions.size(); ++i) {
    Action expected = plan_.actions[i];
    expected.inputs.clear();  // ordering is saved as edges, not resources
    expected.outputs.clear();
    EXPECT_EQ(read->plan.actions[i], expected) << expected.id;
  }
  EXPECT_EQ(WritePlanFile(*read), WritePlanFile(file_));
}

TEST_F(PlanFileTest, PlanJsonAsTheJournalKeepsItReadsBack) {
  Diagnostics diagnostics;
  const auto read = ReadPlanJson(RenderJson(plan_), "journal run 1", diagnostics);
  ASSERT_TRUE(read) << Format(diagnostics.at(0));
  EXPECT_EQ(RenderJson(*read), RenderJson(plan_));
  EXPECT_FALSE(ReadPlanJson("{\"actions\": [{\"id\": \"x\"}]}", "journal run 1", diagnostics));
  EXPECT_EQ(diagnostics.back().message, "the plan is damaged: an action without a known id, kind, side or criticality");
}

TEST_F(PlanFileTest, FingerprintsWhatThePlanReliesOn) {
  EXPECT_TRUE(file_.fingerprints.count("source:host:esx-01.sim.local"));
  EXPECT_TRUE(file_.fingerprints.count("source:vm:DC1/vm-1"));  // travels with its host
  EXPECT_EQ(file_.fingerprints.at("target:host:esx-01.sim.local"), "absent");
  EXPECT_EQ(file_.fingerprints.at("target:cluster:DC1/Cluster1"), "absent");
  EXPECT_EQ(file_.fingerprints.at("source:host:esx-01.sim.local").size(), 64u);
  // The switch its network steps move the host off.
  EXPECT_EQ(file_.fingerprints.at("source:dvs:DC1/DSwitch1").size(), 64u);
}

TEST_F(PlanFileTest, AChangedSwitchUnderAHostsNetworkStepsIsStale) {
  source_.switches[0].port_groups[1].vlan = 101;
  EXPECT_EQ(Stale(), std::vector<std::string>{"source:dvs:DC1/DSwitch1 changed since the plan was made; make a new plan"});
}

TEST_F(PlanFileTest, FreshPlanIsNotStale) { EXPECT_EQ(Stale(), std::vector<std::string>{}); }

TEST_F(PlanFileTest, ChangedDesiredStateIsStale) {
  EXPECT_EQ(Stale(kDesired + "# edited\n"),
            std::vector<std::string>{"d.yaml changed since the plan was made; make a new plan"});
}

TEST_F(PlanFileTest, ChangedInventoryIsStale) {
  source_.hosts[0].maintenance_mode = true;
  source_.vms[3].host = "esx-01.sim.local";  // vm-4 moved between the hosts
  target_.clusters.push_back({"DC1", "", "Cluster1", {}, {}, "", false, {}, {}});
  EXPECT_EQ(Stale(), (std::vector<std::string>{
                         "source:host:esx-01.sim.local changed since the plan was made; make a new plan",
                         "source:vm:DC1/vm-4 changed since the plan was made; make a new plan",
                         "target:cluster:DC1/Cluster1 appeared since the plan was made; make a new plan",
                     }));
}

TEST_F(PlanFileTest, UnrelatedChangesDoNotMakeItStale) {
  InventoryHost other = SampleHost("esx-99.sim.local", "10.0.0.99");
  other.cluster = "Other";
  source_.hosts.push_back(other);
  EXPECT_EQ(Stale(), std::vector<std::string>{});
}

TEST_F(PlanFileTest, OtherVCenterIsStale) {
  target_.vcenter = "https://elsewhere/sdk";
  EXPECT_EQ(Stale(), (std::vector<std::string>{"the plan was made for target https://127.0.0.1:8990/sdk, not "
                                                "https://elsewhere/sdk; make a new plan"}));
}

TEST_F(PlanFileTest, DamagedFilesAreRefused) {
  Diagnostics diagnostics;
  EXPECT_FALSE(ReadPlanFile("{\"format_version\": 1}", "a.plan", diagnostics));
  std::string text = WritePlanFile(file_);
  text.replace(text.find("\"kind\":\"create_datacenter\""), 26, "\"kind\":\"make_coffee\"");
  EXPECT_FALSE(ReadPlanFile(text, "b.plan", diagnostics));
  EXPECT_FALSE(ReadPlanFile(WritePlanFile(file_).substr(0, 300), "c.plan", diagnostics));
  ASSERT_EQ(diagnostics.size(), 3u);
  EXPECT_EQ(Format(diagnostics[0]), "a.plan: error: not a saved vcshift plan (make one with vcshift plan -o FILE)");
  EXPECT_EQ(Format(diagnostics[1]),
            "b.plan: error: the saved plan is damaged: an action without a known id, kind, side or criticality");
  EXPECT_EQ(diagnostics[2].file, "c.plan");
}

}  // namespace
}  // namespace vcshift::testing
