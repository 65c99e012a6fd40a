#include "engine/plan_attributes.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "engine/export.h"
#include "engine/plan.h"
#include "engine/planner.h"
#include "engine/render_text.h"
#include "engine/validation.h"
#include "tests/engine/inventory_fixtures.h"
#include "tests/engine/plan_test_support.h"

namespace vcshift {
namespace {

using testing::EmptyTarget;
using testing::Find;
using testing::PlanOf;
using testing::Planned;
using testing::Position;
using testing::SampleSource;

const std::string kConnections =
    "version: 1\nconnections:\n  source: {url: https://127.0.0.1:8989/sdk, user: u}\n"
    "  target: {url: https://127.0.0.1:8990/sdk, user: u}\n";
const std::string kCluster =
    "datacenters:\n  - name: DC1\n    clusters:\n"
    "      - name: Cluster1\n        hosts: [esx-01.sim.local, esx-02.sim.local]\n";
// Every definition and value of the source, inherited.
const std::string kInherit = kConnections + kCluster + "        attributes: inherit\n" +
                             "    host_attributes: inherit\n    vm_attributes: inherit\n" +
                             "custom_attributes: inherit\n";

// The sample source with custom attributes: Owner on every type, Backup on VMs; values on
// esx-01, vm-1 (on esx-01) and Cluster1.
Inventory WithAttributes(Inventory inventory) {
  inventory.custom_attribute_defs = {{"Backup", "vm"}, {"Owner", "global"}, {"Zone", "Datacenter"}};
  inventory.hosts[0].custom_attributes = {{"Owner", "team-a"}};
  inventory.vms[0].custom_attributes = {{"Backup", "daily"}, {"Owner", "team-b"}};
  inventory.clusters[0].custom_attributes = {{"Owner", "ops"}};
  return inventory;
}

// The target after the plan has run: the hosts, VMs and cluster there with their values.
Inventory Arrived(const Inventory& source) {
  Inventory target = source;
  target.vcenter = EmptyTarget().vcenter;
  std::erase_if(target.custom_attribute_defs, [](const CustomAttributeDef& def) { return def.type == "Datacenter"; });
  return target;
}

TEST(PlanAttributes, InheritCarriesTheDefinitionsAndTheValues) {
  const Plan plan = Planned(kInherit, WithAttributes(SampleSource()), EmptyTarget());
  const Action* owner = Find(plan, "add_custom_field:target:Owner");
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->params, (std::map<std::string, std::string>{{"type", "global"}}));
  ASSERT_TRUE(Find(plan, "add_custom_field:target:Backup"));
  EXPECT_FALSE(Find(plan, "add_custom_field:target:Zone")) << "a datacenter's definition is not carried";
  const Action* host = Find(plan, "set_custom_values:target:DC1/Cluster1/esx-01.sim.local");
  ASSERT_TRUE(host);
  EXPECT_EQ(host->params, (std::map<std::string, std::string>{{"type", "host"}, {"value.Owner", "team-a"}}));
  EXPECT_EQ(host->prior, (std::map<std::string, std::string>{{"type", "host"}, {"value.Owner", ""}}));
  const Action* vm = Find(plan, "set_custom_values:target:DC1/vm-1");
  ASSERT_TRUE(vm);
  EXPECT_EQ(vm->params.at("value.Backup"), "daily");
  EXPECT_EQ(vm->params.at("value.Owner"), "team-b");
  ASSERT_TRUE(Find(plan, "set_custom_values:target:DC1/Cluster1"));
  // Each value waits for its object on the target and for its definition.
  EXPECT_LT(Position(plan, "add_host:target:esx-01.sim.local"), Position(plan, host->id));
  EXPECT_LT(Position(plan, "add_custom_field:target:Owner"), Position(plan, host->id));
  EXPECT_LT(Position(plan, "create_cluster:target:DC1/Cluster1"), Position(plan, "set_custom_values:target:DC1/Cluster1"));
}

// vCenter drops a leaving host's values and its VMs': the source's are cleared before the
// host disconnects, and the rollback sets them again after the host is back.
TEST(PlanAttributes, TheSourceValuesComeBackWithARollback) {
  const Plan plan = Planned(kInherit, WithAttributes(SampleSource()), EmptyTarget());
  const std::string host = "set_custom_values:source:DC1/Cluster1/esx-01.sim.local";
  const std::string vm = "set_custom_values:source:DC1/vm-1";
  ASSERT_TRUE(Find(plan, host) && Find(plan, vm));
  EXPECT_EQ(Find(plan, vm)->params, (std::map<std::string, std::string>{
                                        {"type", "vm"}, {"value.Backup", ""}, {"value.Owner", ""}}));
  EXPECT_EQ(Find(plan, vm)->prior.at("value.Backup"), "daily");
  EXPECT_EQ(Find(plan, vm)->criticality, Criticality::Critical);
  EXPECT_LT(Position(plan, vm), Position(plan, "disconnect_host:source:DC1/Cluster1/esx-01.sim.local"));
  EXPECT_FALSE(Find(plan, "set_custom_values:source:DC1/vm-3")) << "vm-3 has no values";
  const Plan rollback = RollbackPlan(plan);
  EXPECT_LT(Position(rollback, "undo:remove_host:source:DC1/Cluster1/esx-01.sim.local"), Position(rollback, "undo:" + vm));
  const Action* undo = Find(rollback, "undo:" + host);
  ASSERT_TRUE(undo);
  EXPECT_EQ(undo->params, (std::map<std::string, std::string>{{"type", "host"}, {"value.Owner", "team-a"}}));
}

// Values the desired state does not carry are not lost without a word.
TEST(PlanAttributes, ValuesLeftBehindAreNoted) {
  const std::string yaml = kConnections + kCluster +
                           "    host_attributes:\n      - {hosts: [esx-01.sim.local], attributes: {Owner: team-a}}\n"
                           "custom_attributes: inherit\n";
  const Plan plan = Planned(yaml, WithAttributes(SampleSource()), EmptyTarget());
  std::string notes;
  for (const auto& note : plan.notes) notes += note.message + "\n";
  EXPECT_NE(notes.find("2 custom attribute values of the moving hosts and VMs not carried to the target: "
                       "DC1/vm-1: Backup, DC1/vm-1: Owner (the source drops them with the host;"),
            std::string::npos)
      << notes;
  EXPECT_EQ(Planned(kInherit, WithAttributes(SampleSource()), EmptyTarget()).notes.size(),
            Planned(kConnections + kCluster, SampleSource(), EmptyTarget()).notes.size());
}

TEST(PlanAttributes, NothingToDoOnceTheTargetHasThem) {
  const Inventory source = WithAttributes(SampleSource());
  Inventory target = Arrived(source);
  const Plan plan = Planned(kInherit, target, target);
  for (const auto& action : plan.actions) {
    EXPECT_NE(action.kind, ActionKind::AddCustomField) << action.id;
    EXPECT_NE(action.kind, ActionKind::SetCustomValues) << action.id;
  }
}

TEST(PlanAttributes, ValuesByNameOrGlobAndOnlyThoseThatDiffer) {
  Inventory target = Arrived(WithAttributes(SampleSource()));
  const std::string yaml = kConnections + kCluster +
                           "    vm_attributes:\n      - {vms: [\"vm-*\"], attributes: {Backup: weekly}}\n"
                           "      - {vms: [vm-1], attributes: {Backup: daily, Owner: team-b}}\n";
  const Plan plan = Planned(yaml, target, target);
  EXPECT_FALSE(Find(plan, "set_custom_values:target:DC1/vm-1")) << "vm-1 has these values already";
  const Action* vm2 = Find(plan, "set_custom_values:target:DC1/vm-2");
  ASSERT_TRUE(vm2);
  EXPECT_EQ(vm2->params, (std::map<std::string, std::string>{{"type", "vm"}, {"value.Backup", "weekly"}}));
  EXPECT_EQ(vm2->changes.front().field, "Backup");
}

TEST(PlanAttributes, AnUndefinedAttributeIsRefusedByName) {
  const std::string yaml = kConnections + kCluster +
                           "    host_attributes:\n      - {hosts: [esx-01.sim.local], attributes: {Rack: R12}}\n"
                           "    vm_attributes:\n      - {vms: [vm-1], attributes: {Owner: x}}\n"
                           "custom_attributes:\n  - {name: Owner, type: host}\n";
  const PlanResult result = PlanOf(yaml, SampleSource(), EmptyTarget());
  EXPECT_FALSE(result.plan);
  std::string all;
  for (const auto& diagnostic : result.diagnostics) all += Format(diagnostic) + "\n";
  EXPECT_NE(all.find("custom attribute 'Rack' (on host 'esx-01.sim.local') is defined neither"), std::string::npos) << all;
  EXPECT_NE(all.find("custom attribute 'Owner' (on vm 'vm-1')"), std::string::npos) << all;
}

TEST(PlanAttributes, ADefinitionDeclaredTwiceIsRefused) {
  const LoadResult loaded = LoadDesiredStateText(
      kConnections + "custom_attributes:\n  - {name: Owner}\n  - {name: Owner, type: vm}\n", "desired.yaml");
  ASSERT_FALSE(loaded.diagnostics.empty());
  EXPECT_NE(Format(loaded.diagnostics.front()).find("custom attribute 'Owner' is declared twice"), std::string::npos);
}

// Export writes the definitions and the values; planned against the vCenter it came
// from, nothing changes.
TEST(PlanAttributes, AnExportConverges) {
  const Inventory inventory = WithAttributes(SampleSource());
  const std::string exported = ExportDesiredState(inventory);
  EXPECT_NE(exported.find("custom_attributes:"), std::string::npos) << exported;
  EXPECT_NE(exported.find("host_attributes:"), std::string::npos) << exported;
  EXPECT_NE(exported.find("vm_attributes:"), std::string::npos) << exported;
  EXPECT_EQ(exported.find("Zone"), std::string::npos) << exported;
  const LoadResult loaded = LoadDesiredStateText(exported, "exported.yaml");
  ASSERT_TRUE(loaded.state) << Format(loaded.diagnostics.front()) << exported;
  const PlanResult result = MakePlan(*loaded.state, inventory, inventory);
  ASSERT_TRUE(result.plan);
  EXPECT_EQ(RenderText(*result.plan), "No changes.\n");
}

}  // namespace
}  // namespace vcshift
