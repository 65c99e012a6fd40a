#include "engine/plan_uncarried.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "engine/plan_file.h"
#include "engine/planner.h"
#include "engine/render_json.h"
#include "engine/render_markdown.h"
#include "engine/render_text.h"
#include "engine/uncarried.h"
#include "engine/validation.h"
#include "tests/engine/inventory_fixtures.h"

namespace vcshift {
namespace {

using testing::EmptyTarget;
using testing::SampleSource;
using testing::WithUncarriedState;

const std::string kConnections =
    "version: 1\nconnections:\n  source: {url: https://127.0.0.1:8989/sdk, user: u}\n"
    "  target: {url: https://127.0.0.1:8990/sdk, user: u}\n";

// Both hosts of Cluster1 to the empty target; or esx-01 alone.
const std::string kBothHosts = kConnections +
                               "datacenters:\n  - name: DC1\n    clusters:\n"
                               "      - name: Cluster1\n        hosts: [esx-01.sim.local, esx-02.sim.local]\n";
const std::string kFirstHost = kConnections +
                               "datacenters:\n  - name: DC1\n    clusters:\n"
                               "      - name: Cluster1\n        hosts: [esx-01.sim.local]\n";

Plan Planned(const std::string& yaml, const Inventory& source, const Inventory& target) {
  LoadResult loaded = LoadDesiredStateText(yaml, "desired.yaml");
  EXPECT_TRUE(loaded.state);
  PlanResult result = MakePlan(loaded.state.value_or(DesiredState{}), source, target);
  EXPECT_TRUE(result.plan) << (result.diagnostics.empty() ? "" : Format(result.diagnostics.front()));
  return result.plan.value_or(Plan{});
}

const PlanWarning* Find(const Plan& plan, const std::string& kind) {
  for (const auto& warning : plan.warnings) {
    if (warning.kind == kind) return &warning;
  }
  return nullptr;
}

std::vector<std::string> Kinds(const Plan& plan) {
  std::vector<std::string> kinds;
  for (const auto& warning : plan.warnings) kinds.push_back(warning.kind);
  return kinds;
}

TEST(PlanUncarried, OneWarningPerKindWithTheCountAndTheObjects) {
  const Plan plan = Planned(kBothHosts, WithUncarriedState(SampleSource()), EmptyTarget());
  // Licences are carried (plan_licenses): their warning comes from there, first; vApps,
  // roles and permissions are carried (plan_vapps.h, plan_permissions.h): no warning.
  EXPECT_EQ(Kinds(plan), (std::vector<std::string>{"licenses", "not_checked"}));
  EXPECT_EQ(Find(plan, "licenses")->objects,
            std::vector<std::string>{"DC1/Cluster1/esx-01.sim.local: vSphere 7 Enterprise Plus (...3E8P1)"});
  EXPECT_EQ(Find(plan, "licenses")->message.substr(0, 14), "1 host licence");
}

// Alarms defined on the moving hosts, their VMs, clusters and datacenters, and the host
// profiles attached to the moving hosts or their clusters, once read, are counted.
TEST(PlanUncarried, AlarmsAndHostProfilesOnWhatMovesAreCounted) {
  Inventory source = WithUncarriedState(SampleSource());
  source.checked.insert(source.checked.end(), {"host_profiles", "alarms"});
  source.datacenters[0].alarms = {"Datacenter storage"};
  source.clusters[0].alarms = {"Cluster HA failover"};
  source.clusters[0].host_profile = "Gold profile";
  source.hosts[0].alarms = {"Host CPU usage", "Host connection"};
  source.hosts[1].host_profile = "Silver profile";
  source.vms[2].alarms = {"VM memory usage"};  // on esx-02
  Plan plan = Planned(kFirstHost, source, EmptyTarget());
  ASSERT_TRUE(Find(plan, "alarms"));
  EXPECT_EQ(Find(plan, "alarms")->objects,
            (std::vector<std::string>{"DC1/Cluster1/esx-01.sim.local: Host CPU usage",
                                      "DC1/Cluster1/esx-01.sim.local: Host connection",
                                      "DC1/Cluster1: Cluster HA failover", "DC1: Datacenter storage"}));
  EXPECT_EQ(Find(plan, "alarms")->message.substr(0, 38), "4 alarms not carried to the target: DC");
  ASSERT_TRUE(Find(plan, "host_profiles"));
  EXPECT_EQ(Find(plan, "host_profiles")->objects, std::vector<std::string>{"DC1/Cluster1: Gold profile"});
  EXPECT_EQ(Find(plan, "host_profiles")->message,
            "1 host profile not carried to the target: DC1/Cluster1: Gold profile (attach again in the target "
            "vCenter)");
  EXPECT_EQ(Find(plan, "not_checked")->objects, (std::vector<std::string>{"storage_policies"}));
  plan = Planned(kBothHosts, source, EmptyTarget());
  EXPECT_EQ(Find(plan, "alarms")->objects.size(), 5u);
  EXPECT_EQ(Find(plan, "host_profiles")->objects,
            (std::vector<std::string>{"DC1/Cluster1/esx-02.sim.local: Silver profile", "DC1/Cluster1: Gold profile"}));
}

// The moving VMs' own restart ready conditions (vmOrchestration) are not carried: each
// is counted, those of VMs that stay are not.
TEST(PlanUncarried, ReadyConditionsOfMovingVmsAreCounted) {
  Inventory source = WithUncarriedState(SampleSource());
  source.clusters[0].vm_orchestration = {"vm-1", "vm-3"};  // vm-3 on esx-02
  const Plan plan = Planned(kFirstHost, source, EmptyTarget());
  const PlanWarning* orchestration = Find(plan, "vm_orchestration");
  ASSERT_TRUE(orchestration) << RenderText(plan);
  EXPECT_EQ(orchestration->objects, std::vector<std::string>{"DC1/vm-1"});
  EXPECT_EQ(orchestration->message,
            "1 VM restart ready condition not carried to the target: DC1/vm-1 (HA restarts the VMs with the "
            "cluster's ready condition; set again in the target vCenter)");
  EXPECT_EQ(Find(Planned(kBothHosts, source, EmptyTarget()), "vm_orchestration")->objects.size(), 2u);
}

// A standalone host's vApps are carried with their sections to the target, but vCenter
// destroys them with its ComputeResource and the removal's capture of the pool tree holds
// their allocations only: their sections and inner vApps' entries are named before
// anything changes (a rollback would make the vApps again without them).
TEST(PlanUncarried, AStandaloneHostsVAppSectionsAreNamed) {
  Inventory source = WithUncarriedState(SampleSource());
  for (auto& host : source.hosts) {
    if (host.name != "esx-02.sim.local") continue;
    host.cluster = "";
    host.vapps = {{"Shop", {}, {}, {}}, {"Shop/Inner", {}, {}, {}}};
    host.vapps[0].products = {{0, "", "", "Shop", "", "1.0", "", "", "", ""}};
    host.vapps[0].properties = {{3, "", "", "ip", "", "", "string", "", true, "", "", ""}};
    host.vapps[0].children = {{"Inner", {}}};
  }
  const Plan plan = Planned(kConnections + "datacenters:\n  - name: DC1\n    standalone_hosts:\n"
                                           "      - {name: esx-02.sim.local, vapps: inherit}\n",
                            source, EmptyTarget());
  const PlanWarning* sections = Find(plan, "standalone_vapp_sections");
  ASSERT_TRUE(sections) << RenderText(plan);
  EXPECT_EQ(sections->objects, (std::vector<std::string>{"DC1/esx-02.sim.local/Shop: product Shop",
                                                         "DC1/esx-02.sim.local/Shop: property ip",
                                                         "DC1/esx-02.sim.local/Shop: entry of Inner"}));
  EXPECT_NE(RenderText(plan).find("Warning: 3 sections and inner vApps' entries of standalone hosts' vApps not "
                                  "carried"),
            std::string::npos);
  EXPECT_FALSE(Find(Planned(kFirstHost, source, EmptyTarget()), "standalone_vapp_sections")) << "esx-02 stays";
}

// A vApp's product and property sections, and a vApp inside a vApp (its entry in the
// outer one's start order), are carried (engine/plan_vapps.h): no warning names them.
TEST(PlanUncarried, VAppSectionsAndNestedVAppsAreNotWarnedOf) {
  Inventory source = WithUncarriedState(SampleSource());
  source.clusters[0].vapps = {{"Shop", {}, {}, {}}, {"Shop/Inner", {}, {}, {}}};
  source.clusters[0].vapps[0].products = {{0, "", "", "Shop", "", "1.0", "", "", "", ""}};
  source.clusters[0].vapps[0].children = {{"Inner", {}}};
  const Plan plan = Planned(kFirstHost, source, EmptyTarget());
  for (const auto& warning : plan.warnings) EXPECT_EQ(warning.message.find("vApp"), std::string::npos) << warning.message;
}

TEST(PlanUncarried, WhatDiscoveryCannotReadIsSaidOncePlainly) {
  const Plan plan = Planned(kBothHosts, WithUncarriedState(SampleSource()), EmptyTarget());
  const PlanWarning* unchecked = Find(plan, "not_checked");
  ASSERT_TRUE(unchecked);
  EXPECT_EQ(unchecked->objects, (std::vector<std::string>{"host_profiles", "alarms", "storage_policies"}));
  EXPECT_EQ(unchecked->message,
            "not checked, so not counted: host profiles, alarms, storage policies (vcshift cannot read them "
            "yet; what the moving hosts and VMs have of them is not carried)");
  // An inventory that says nothing of what it was read for (a hand-written one) has
  // been checked for nothing: every kind is named, none is counted.
  // Licences, carried, are warned of by plan_licenses: not read, not carried.
  const Plan unread = Planned(kBothHosts, SampleSource(), EmptyTarget());
  ASSERT_EQ(Kinds(unread), (std::vector<std::string>{"licenses", "not_checked"}));
  EXPECT_EQ(unread.warnings[1].objects.size(), UncarriedKinds().size());
}

TEST(PlanUncarried, OnlyWhatThePlanMovesCounts) {
  Inventory moving = WithUncarriedState(SampleSource());
  moving.hosts[1].license = {"esx.standard.cpuPackage", "vSphere 7 Standard", "1MVX2"};
  const Plan plan = Planned(kFirstHost, moving, EmptyTarget());
  ASSERT_TRUE(Find(plan, "licenses"));
  EXPECT_EQ(Find(plan, "licenses")->objects,  // esx-02's stays with it
            std::vector<std::string>{"DC1/Cluster1/esx-01.sim.local: vSphere 7 Enterprise Plus (...3E8P1)"});
  // A plan that moves nothing warns of nothing.
  const Inventory source = WithUncarriedState(SampleSource());
  EXPECT_TRUE(Planned(kBothHosts, source, source).warnings.empty());
}

TEST(PlanUncarried, ALongListNamesTheFirstFewAndCountsTheRest) {
  Inventory source = WithUncarriedState(SampleSource());
  source.checked.push_back("alarms");
  source.clusters[0].alarms = {"P1", "P2", "P3", "P4", "P5", "P6", "P7"};
  const Plan plan = Planned(kBothHosts, source, EmptyTarget());
  ASSERT_TRUE(Find(plan, "alarms"));
  EXPECT_EQ(Find(plan, "alarms")->objects.size(), 7u);
  EXPECT_NE(Find(plan, "alarms")->message.find("P5 and 2 more ("), std::string::npos) << Find(plan, "alarms")->message;
}

TEST(PlanUncarried, EveryRendererShowsTheWarnings) {
  const Plan plan = Planned(kBothHosts, WithUncarriedState(SampleSource()), EmptyTarget());
  const std::string& message = Find(plan, "licenses")->message;
  EXPECT_NE(RenderText(plan).find("\nWarning: " + message + "\n"), std::string::npos);
  EXPECT_NE(RenderMarkdown(plan).find("\n> **Warning:** " + message + "\n"), std::string::npos);
  const YAML::Node json = YAML::Load(RenderJson(plan));
  ASSERT_TRUE(json["warnings"].IsSequence());
  EXPECT_EQ(json["warnings"].size(), plan.warnings.size());
  EXPECT_EQ(json["warnings"][0]["kind"].as<std::string>(), "licenses");
  EXPECT_EQ(json["warnings"][0]["count"].as<int>(), 1);
  EXPECT_EQ(json["warnings"][0]["objects"].size(), 1u);
  EXPECT_EQ(json["warnings"][0]["message"].as<std::string>(), message);
}

TEST(PlanUncarried, ASavedPlanKeepsItsWarnings) {
  const Inventory source = WithUncarriedState(SampleSource());
  const Plan plan = Planned(kBothHosts, source, EmptyTarget());
  const PlanFile file = MakePlanFile(plan, "desired.yaml", kBothHosts, source, EmptyTarget());
  Diagnostics problems;
  const auto read = ReadPlanFile(WritePlanFile(file), "run.plan", problems);
  ASSERT_TRUE(read) << (problems.empty() ? "" : Format(problems.front()));
  EXPECT_EQ(read->plan.warnings, plan.warnings);
}

TEST(PlanUncarried, ThePlanSchemaListsEveryKind) {
  const YAML::Node schema = YAML::LoadFile(VCSHIFT_SOURCE_DIR "/schemas/plan.schema.json");
  std::vector<std::string> kinds;
  for (const auto& kind : UncarriedKinds()) kinds.push_back(kind.name);
  kinds.push_back("not_checked");
  kinds.push_back("tags");  // plan_tags.cc: tags on what leaves that the desired state does not carry
  kinds.push_back("licenses");  // plan_licenses.cc: likewise host licences
  EXPECT_EQ(schema["properties"]["warnings"]["items"]["properties"]["kind"]["enum"].as<std::vector<std::string>>(),
            kinds);
}

}  // namespace
}  // namespace vcshift
