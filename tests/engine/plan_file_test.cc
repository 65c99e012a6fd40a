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

// Issue 21: a hand-edited saved plan was applied as edited. The digest covers every value
// the plan is read back with: actions, params, dependencies, fingerprints.
class SealedPlanTest : public PlanFileTest {
 protected:
  // The problems VerifyPlanFile finds in `text` read back, as "error: ..." lines.
  std::vector<std::string> Verify(const std::string& text, const std::optional<std::string>& key = std::nullopt) {
    Diagnostics diagnostics;
    const auto read = ReadPlanFile(text, "run.plan", diagnostics);
    EXPECT_TRUE(read) << (diagnostics.empty() ? "" : Format(diagnostics[0]));
    std::vector<std::string> lines;
    if (!read) return lines;
    for (const auto& d : VerifyPlanFile(*read, key)) lines.push_back(Format(d));
    return lines;
  }
  static std::string Replaced(std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? text : text.replace(at, from.size(), to);
  }
  const std::string kKey = "0123456789abcdef0123456789abcdef";
  const std::string kEdited =
      "run.plan: error: the saved plan was changed after vcshift plan wrote it: its content no longer matches its "
      "digest; make a new plan";
};

TEST_F(SealedPlanTest, AnUneditedPlanVerifies) {
  EXPECT_EQ(Verify(WritePlanFile(file_)), std::vector<std::string>{});
  // Spacing is no content: a plan re-indented by an editor or a JSON tool still verifies.
  std::string spaced = WritePlanFile(file_);
  for (size_t at = spaced.find("\":"); at != std::string::npos; at = spaced.find("\":", at + 3)) spaced.insert(at + 2, " ");
  EXPECT_EQ(Verify(spaced), std::vector<std::string>{});
}

TEST_F(SealedPlanTest, AnyEditedValueIsRefused) {
  const std::string text = WritePlanFile(file_);
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"\"cluster\":\"DC1/Cluster1\"", "\"cluster\":\"DC1/Cluster2\""},  // a param
           {"\"expected_seconds\":", "\"expected_seconds\":1"},              // a digit
           {"\"criticality\":\"critical\"", "\"criticality\":\"finishing\""},
           {"\"reversible\":true", "\"reversible\":false"},
           {"\"source:host:esx-01.sim.local\":\"", "\"source:host:esx-01.sim.local\":\"0"},  // a fingerprint
       }) {
    EXPECT_EQ(Verify(Replaced(text, from, to)), std::vector<std::string>{kEdited}) << from << " -> " << to;
  }
  // A dependency removed: the edges are in the digest.
  const size_t depends = text.find("\"depends_on\":[\"");
  ASSERT_NE(depends, std::string::npos);
  std::string fewer = text;
  fewer.replace(depends, text.find(']', depends) - depends, "\"depends_on\":[");
  EXPECT_EQ(Verify(fewer), std::vector<std::string>{kEdited});
  // The digest removed, or its value changed to match nothing.
  EXPECT_EQ(Verify(Replaced(text, "\"digest\":{\"algorithm\":\"sha256\"", "\"digest\":{\"algorithm\":\"none\"")),
            std::vector<std::string>{"run.plan: error: the saved plan has no sha256 digest, so it cannot be told from "
                                     "an edited one; make a new plan"});
}

TEST_F(SealedPlanTest, ASignedPlanVerifiesWithItsKeyOnly) {
  const std::string signed_text = WritePlanFile(file_, kKey);
  EXPECT_EQ(signed_text.find(kKey), std::string::npos) << "the key is never written";
  EXPECT_EQ(Verify(signed_text, kKey), std::vector<std::string>{});
  EXPECT_EQ(Verify(signed_text, kKey + "0"),
            std::vector<std::string>{"run.plan: error: the saved plan's signature is not one made with the signing key "
                                     "given: it was signed with another key, or changed since; make a new plan"});
  EXPECT_EQ(Verify(WritePlanFile(file_), kKey),
            std::vector<std::string>{"run.plan: error: the saved plan is not signed, and a signing key was given: only "
                                     "a plan signed with it is applied"});
  EXPECT_EQ(Verify(signed_text),
            std::vector<std::string>{"run.plan: warning: the saved plan is signed, but no signing key was given to "
                                     "check it"});
}

// How the vCenters were read travels with the plan, inside its digest: a scoped plan
// applied against a whole re-read would find switches with other members.
TEST_F(SealedPlanTest, HowTheVCentersWereReadIsKeptAndSealed) {
  EXPECT_EQ(WritePlanFile(file_).find("\"discovery\""), std::string::npos) << "a whole read writes nothing";
  PlanFile scoped = file_;
  scoped.discovery = kScopedDiscovery;
  const std::string text = WritePlanFile(scoped);
  Diagnostics diagnostics;
  const auto read = ReadPlanFile(text, "run.plan", diagnostics);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->discovery, kScopedDiscovery);
  EXPECT_EQ(Verify(text), std::vector<std::string>{});
  EXPECT_EQ(Verify(Replaced(text, "\"discovery\":\"scoped\"", "\"discovery\":\"\"")), std::vector<std::string>{kEdited});
}

// An edit whose maker also recomputed the digest (SHA-256 needs no key) is caught by the
// signature: the HMAC covers the same canonical text.
TEST_F(SealedPlanTest, AnEditWithARecomputedDigestFailsTheSignature) {
  PlanFile edited = file_;
  for (auto& action : edited.plan.actions) {
    if (action.params.count("cluster")) action.params["cluster"] += "9";
  }
  std::string text = WritePlanFile(edited);  // digest recomputed, unsigned
  const std::string signature = WritePlanFile(file_, kKey);
  const size_t at = signature.find(",\"signature\":");
  text.insert(text.size() - 2, signature.substr(at, signature.size() - 2 - at));  // the original's signature
  EXPECT_EQ(Verify(text), std::vector<std::string>{"run.plan: warning: the saved plan is signed, but no signing key "
                                                   "was given to check it"});
  EXPECT_EQ(Verify(text, kKey),
            std::vector<std::string>{"run.plan: error: the saved plan's signature is not one made with the signing key "
                                     "given: it was signed with another key, or changed since; make a new plan"});
}

}  // namespace
}  // namespace vcshift::testing
