// Host licences in the desired state and the plan: `host_licenses` by edition, by the
// key's last five characters or `inherit`, assigned on the target after add_host; the
// source's released before the host disconnects (so a rollback assigns it again); a key
// the target does not hold refused with how to add it; never a whole key; export.

#include "engine/plan_licenses.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "engine/export.h"
#include "engine/plan.h"
#include "engine/planner.h"
#include "engine/validation.h"
#include "tests/engine/inventory_fixtures.h"
#include "tests/engine/plan_test_support.h"

namespace vcshift::testing {
namespace {

const std::string kConnections =
    "version: 1\nconnections:\n  source: {url: https://127.0.0.1:8989/sdk, user: u}\n"
    "  target: {url: https://127.0.0.1:8990/sdk, user: u}\n";

std::string Moving(const std::string& rules) {
  return kConnections + "datacenters:\n  - name: DC1\n    clusters:\n" +
         "      - name: Cluster1\n        hosts: [esx-01.sim.local, esx-02.sim.local]\n" + rules;
}

const LicenseRef kEnterprise{"esx.enterprisePlus.cpuPackage", "vSphere 7 Enterprise Plus", "3E8P1"};
const LicenseRef kStandard{"esx.standard.cpuPackage", "vSphere 7 Standard", "1MVX2"};

Inventory LicensedSource() { return WithLicences(SampleSource()); }
Inventory LicensedTarget() { return WithLicences(EmptyTarget(), false); }

std::string Errors(const PlanResult& result) {
  std::string all;
  for (const auto& d : result.diagnostics) all += Format(d) + "\n";
  return all;
}

const std::string kTargetOne = "set_host_license:target:DC1/Cluster1/esx-01.sim.local";
const std::string kTargetTwo = "set_host_license:target:DC1/Cluster1/esx-02.sim.local";
const std::string kRelease = "set_host_license:source:DC1/Cluster1/esx-01.sim.local";

// By edition, by last five characters, and inherit (the source host's own key): each
// assigned on the target after its add_host, by edition and tail only.
TEST(PlanLicenses, TheTargetAssignsTheDeclaredLicenceAfterAddHost) {
  PlanResult result = PlanOf(Moving("    host_licenses:\n"
                                    "      - {hosts: [esx-01.sim.local], license: inherit}\n"
                                    "      - {hosts: [esx-02.sim.local], license: esx.enterprisePlus.cpuPackage}\n"
                                    "      - {hosts: [\"esx-0[2]*\"], license: 1MVX2}\n"),
                             LicensedSource(), LicensedTarget());
  ASSERT_TRUE(result.plan) << Errors(result);
  const Plan& plan = *result.plan;
  const Action* one = Find(plan, kTargetOne);
  const Action* two = Find(plan, kTargetTwo);
  ASSERT_TRUE(one && two);
  EXPECT_EQ(one->params, (std::map<std::string, std::string>{
                             {"edition", kEnterprise.edition}, {"name", kEnterprise.name}, {"key_tail", "3E8P1"}}));
  EXPECT_TRUE(one->prior.empty()) << "a host arrives in evaluation mode";
  EXPECT_EQ(two->params.at("key_tail"), "1MVX2") << "a later rule wins";
  EXPECT_EQ(one->changes.front().before, "evaluation mode");
  EXPECT_EQ(one->changes.front().after, "vSphere 7 Enterprise Plus (...3E8P1)");
  EXPECT_LT(Position(plan, "add_host:target:esx-01.sim.local"), Position(plan, kTargetOne));
  EXPECT_TRUE(plan.warnings.empty() || plan.warnings.front().kind != "licenses") << "esx-01's licence is carried";
}

// The source's licence is released before the host disconnects; undone, after the host
// is back, it is assigned again by edition and tail (the key is found again there).
TEST(PlanLicenses, TheSourcesLicenceIsReleasedBeforeTheHostLeavesAndComesBackOnRollback) {
  PlanResult result =
      PlanOf(Moving("    host_licenses:\n      - {hosts: [\"*\"], license: inherit}\n"), LicensedSource(),
             LicensedTarget());
  ASSERT_TRUE(result.plan) << Errors(result);
  const Plan& plan = *result.plan;
  const Action* release = Find(plan, kRelease);
  ASSERT_NE(release, nullptr);
  EXPECT_TRUE(release->params.empty()) << "evaluation mode";
  EXPECT_EQ(release->prior.at("key_tail"), "3E8P1");
  EXPECT_LT(Position(plan, kRelease), Position(plan, "disconnect_host:source:DC1/Cluster1/esx-01.sim.local"));
  EXPECT_EQ(Find(plan, "set_host_license:source:DC1/Cluster1/esx-02.sim.local"), nullptr) << "none to release";
  EXPECT_EQ(Find(plan, kTargetTwo), nullptr) << "inherit of evaluation mode: nothing to assign";
  const Plan rollback = RollbackPlan(plan);
  const auto undo = [&](const std::string& id) { return Position(rollback, "undo:" + id); };
  EXPECT_LT(undo("remove_host:source:DC1/Cluster1/esx-01.sim.local"), undo(kRelease));
  EXPECT_LT(undo(kTargetOne), undo("add_host:target:esx-01.sim.local"));
  EXPECT_EQ(rollback.actions[undo(kRelease)].params.at("key_tail"), "3E8P1");
  EXPECT_TRUE(rollback.actions[undo(kTargetOne)].params.empty()) << "back to evaluation mode";
}

// A licence the target does not hold refuses the plan, saying how to add it; a whole key
// written in the desired state is refused without being repeated.
TEST(PlanLicenses, AKeyTheTargetDoesNotHoldIsAnErrorThatSaysHowToAddIt) {
  Inventory target = LicensedTarget();
  target.license_keys = {kStandard};  // not the source host's
  PlanResult result = PlanOf(Moving("    host_licenses:\n      - {hosts: [esx-01.sim.local], license: inherit}\n"),
                             LicensedSource(), target);
  ASSERT_FALSE(result.plan);
  const std::string errors = Errors(result);
  EXPECT_NE(errors.find("esx.enterprisePlus.cpuPackage ...3E8P1"), std::string::npos) << errors;
  EXPECT_NE(errors.find("LicenseManager.AddLicense"), std::string::npos) << errors;
  EXPECT_NE(errors.find("vSphere Client"), std::string::npos) << errors;

  const std::string key = "N40UA-2DA1Q-L8R3C-0U2K4-3E8P1";
  result = PlanOf(Moving("    host_licenses:\n      - {hosts: [esx-01.sim.local], license: " + key + "}\n"),
                  LicensedSource(), LicensedTarget());
  ASSERT_FALSE(result.plan);
  EXPECT_NE(Errors(result).find("whole licence key"), std::string::npos) << Errors(result);
  EXPECT_EQ(Errors(result).find(key), std::string::npos) << Errors(result);
}

TEST(PlanLicenses, DeclaredWhileTheTargetsLicencesWereNotReadIsAnError) {
  Inventory target = LicensedTarget();
  target.checked.clear();
  PlanResult result = PlanOf(Moving("    host_licenses:\n      - {hosts: [\"*\"], license: 1MVX2}\n"),
                             LicensedSource(), target);
  ASSERT_FALSE(result.plan);
  EXPECT_NE(Errors(result).find("LicenseManager could not be read"), std::string::npos) << Errors(result);
}

// Not declared: the licence leaves with the host, and the plan says so; the source still
// gets it back on a rollback.
TEST(PlanLicenses, ALicenceLeftBehindIsWarnedOf) {
  PlanResult result = PlanOf(Moving(""), LicensedSource(), LicensedTarget());
  ASSERT_TRUE(result.plan) << Errors(result);
  const auto& warnings = result.plan->warnings;
  const auto warning = std::find_if(warnings.begin(), warnings.end(), [](const auto& w) { return w.kind == "licenses"; });
  ASSERT_NE(warning, warnings.end());
  EXPECT_EQ(warning->objects,
            std::vector<std::string>{"DC1/Cluster1/esx-01.sim.local: vSphere 7 Enterprise Plus (...3E8P1)"});
  EXPECT_NE(Find(*result.plan, kRelease), nullptr);
}

// Export writes each licensed host's edition (never the key, nor its tail: the edition
// names a key on another vCenter too), and planning the export against the target
// assigns it there.
TEST(PlanLicenses, ExportWritesTheEditionAndItIsCarried) {
  const std::string exported = ExportDesiredState(LicensedSource());
  EXPECT_NE(exported.find("host_licenses:\n      - {hosts: [esx-01.sim.local], license: esx.enterprisePlus.cpuPackage}"),
            std::string::npos)
      << exported;
  EXPECT_EQ(exported.find("3E8P1"), std::string::npos) << exported;
  std::string retargeted = exported;
  const std::string same = "  target: {same_as: source}\n";
  ASSERT_NE(retargeted.find(same), std::string::npos) << exported;
  retargeted.replace(retargeted.find(same), same.size(), "  target: {url: https://127.0.0.1:8990/sdk, user: u}\n");
  PlanResult result = PlanOf(retargeted, LicensedSource(), LicensedTarget());
  ASSERT_TRUE(result.plan) << Errors(result);
  ASSERT_NE(Find(*result.plan, kTargetOne), nullptr);
  EXPECT_EQ(Find(*result.plan, kTargetOne)->params.at("key_tail"), "3E8P1");
}

}  // namespace
}  // namespace vcshift::testing
