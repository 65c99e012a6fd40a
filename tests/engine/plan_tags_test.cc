// Tags in the desired state and the plan: categories and tags made on the target,
// attachments once their objects are there, the source's attachments detached before
// their objects leave (so a rollback attaches them again), `inherit`, export, checks.

#include "engine/plan_tags.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "engine/export.h"
#include "engine/plan.h"
#include "engine/planner.h"
#include "engine/render_text.h"
#include "engine/validation.h"
#include "tests/engine/inventory_fixtures.h"

namespace vcshift::testing {
namespace {

const std::string kConnections =
    "version: 1\nconnections:\n  source: {url: https://127.0.0.1:8989/sdk, user: u}\n"
    "  target: {url: https://127.0.0.1:8990/sdk, user: u}\n";

// The default world's cluster moved, with tags declared on it, its first host and VMs.
const std::string kTagged = kConnections +
                            "tag_categories:\n"
                            "  - {name: Owner, cardinality: single, associable_types: [ClusterComputeResource, "
                            "HostSystem, VirtualMachine]}\n"
                            "tags:\n  - {category: Owner, name: team-a}\n  - {category: Owner, name: team-b}\n"
                            "datacenters:\n  - name: DC1\n    clusters:\n"
                            "      - name: Cluster1\n        hosts: [esx-01.sim.local, esx-02.sim.local]\n"
                            "        tags: [Owner/team-a]\n"
                            "    host_tags:\n      - {hosts: [esx-01.sim.local], tags: [Owner/team-a]}\n"
                            "    vm_tags:\n      - {vms: [\"vm-[12]\"], tags: [Owner/team-b]}\n";

DesiredState Desired(const std::string& yaml) {
  LoadResult loaded = LoadDesiredStateText(yaml, "desired.yaml");
  EXPECT_TRUE(loaded.state) << (loaded.diagnostics.empty() ? "" : Format(loaded.diagnostics.front()));
  return loaded.state.value_or(DesiredState{});
}

Inventory TaggedSource() { return WithTags(SampleSource()); }

Inventory ReadTarget() {
  Inventory target = EmptyTarget();
  target.tagging.read = true;
  return target;
}

PlanResult PlanOf(const std::string& yaml, const Inventory& source, const Inventory& target) {
  return MakePlan(Desired(yaml), source, target);
}

std::vector<std::string> TagIds(const Plan& plan) {
  std::vector<std::string> ids;
  for (const auto& action : plan.actions) {
    if (std::string(KindName(action.kind)).find("tag") != std::string::npos) {
      ids.push_back(action.id);
    }
  }
  return ids;
}

size_t IndexOf(const Plan& plan, const std::string& id) {
  const auto it = std::find_if(plan.actions.begin(), plan.actions.end(), [&](const Action& a) { return a.id == id; });
  EXPECT_NE(it, plan.actions.end()) << "no action " << id;
  return static_cast<size_t>(it - plan.actions.begin());
}

TEST(PlanTags, TheTargetGetsTheCategoriesTagsAndAttachmentsOnceTheObjectsAreThere) {
  PlanResult result = PlanOf(kTagged, TaggedSource(), ReadTarget());
  ASSERT_TRUE(result.plan) << Format(result.diagnostics.front());
  const Plan& plan = *result.plan;
  const std::vector<std::string> ids = TagIds(plan);
  for (const char* id : {"create_tag_category:target:Owner", "create_tag:target:Owner/team-a",
                         "create_tag:target:Owner/team-b", "attach_tag:target:DC1/Cluster1#Owner/team-a",
                         "attach_tag:target:DC1/esx-01.sim.local#Owner/team-a", "attach_tag:target:DC1/vm-1#Owner/team-b",
                         "attach_tag:target:DC1/vm-2#Owner/team-b"}) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  }
  EXPECT_EQ(plan.actions[IndexOf(plan, "create_tag_category:target:Owner")].params.at("cardinality"), "SINGLE");
  // Ordered after what they need: the tag, the cluster, the host (and with it its VMs).
  EXPECT_LT(IndexOf(plan, "create_tag:target:Owner/team-a"), IndexOf(plan, "attach_tag:target:DC1/Cluster1#Owner/team-a"));
  EXPECT_LT(IndexOf(plan, "create_cluster:target:DC1/Cluster1"), IndexOf(plan, "attach_tag:target:DC1/Cluster1#Owner/team-a"));
  EXPECT_LT(IndexOf(plan, "add_host:target:esx-01.sim.local"), IndexOf(plan, "attach_tag:target:DC1/vm-1#Owner/team-b"));
}

// The source's tags on what leaves are detached just before it leaves: undone, after the
// host is back, they are attached again.
TEST(PlanTags, TheSourcesAttachmentsAreDetachedBeforeTheirObjectsLeaveAndComeBackOnRollback) {
  PlanResult result = PlanOf(kTagged, TaggedSource(), ReadTarget());
  ASSERT_TRUE(result.plan);
  const Plan& plan = *result.plan;
  const std::string detach_host = "detach_tag:source:DC1/esx-01.sim.local#Owner/team-a";
  const std::string detach_vm = "detach_tag:source:DC1/vm-2#Owner/team-b";
  EXPECT_LT(IndexOf(plan, detach_host), IndexOf(plan, "remove_host:source:DC1/Cluster1/esx-01.sim.local"));
  EXPECT_LT(IndexOf(plan, detach_vm), IndexOf(plan, "remove_host:source:DC1/Cluster1/esx-01.sim.local"));
  const Plan rollback = RollbackPlan(plan);
  const auto undo = [&](const std::string& id) { return IndexOf(rollback, "undo:" + id); };
  EXPECT_LT(undo("remove_host:source:DC1/Cluster1/esx-01.sim.local"), undo(detach_host));
  EXPECT_EQ(rollback.actions[undo(detach_host)].kind, ActionKind::AttachTag);
  EXPECT_LT(undo("attach_tag:target:DC1/vm-1#Owner/team-b"), undo("create_tag:target:Owner/team-b"));
}

// Tags on what leaves that the desired state does not carry are warned of; the source
// still gets them back on a rollback.
TEST(PlanTags, TagsLeftBehindAreWarnedOf) {
  const std::string untagged = kConnections +
                               "datacenters:\n  - name: DC1\n    clusters:\n"
                               "      - name: Cluster1\n        hosts: [esx-01.sim.local, esx-02.sim.local]\n";
  PlanResult result = PlanOf(untagged, TaggedSource(), ReadTarget());
  ASSERT_TRUE(result.plan);
  const auto warning = std::find_if(result.plan->warnings.begin(), result.plan->warnings.end(),
                                    [](const PlanWarning& w) { return w.kind == "tags"; });
  ASSERT_NE(warning, result.plan->warnings.end());
  EXPECT_EQ(warning->message,
            "3 tags not carried to the target: DC1/esx-01.sim.local: Owner/team-a, DC1/vm-1: Owner/team-b, "
            "DC1/vm-2: Owner/team-b (declare them in host_tags, vm_tags, folder_tags or the object's own tags, or "
            "inherit them)");
  IndexOf(*result.plan, "detach_tag:source:DC1/esx-01.sim.local#Owner/team-a");
}

TEST(PlanTags, WhatTheTargetHasIsNotPlannedAgain) {
  Inventory target = TaggedSource();
  target.vcenter = EmptyTarget().vcenter;
  Inventory source = EmptyTarget();
  source.vcenter = SampleSource().vcenter;
  source.tagging.read = true;
  PlanResult result = PlanOf(kTagged, source, target);
  ASSERT_TRUE(result.plan) << Format(result.diagnostics.front());
  EXPECT_EQ(TagIds(*result.plan), std::vector<std::string>{});
}

TEST(PlanTags, InheritCopiesTheSourcesCategoriesTagsAndAttachments) {
  const std::string inherited = kConnections +
                                "tag_categories: inherit\ntags: inherit\n"
                                "datacenters:\n  - name: DC1\n    clusters:\n"
                                "      - name: Cluster1\n        hosts: [esx-01.sim.local, esx-02.sim.local]\n"
                                "        tags: inherit\n"
                                "    host_tags:\n      - {hosts: ['*'], tags: inherit}\n"
                                "    vm_tags:\n      - {vms: ['*'], tags: inherit}\n";
  PlanResult declared = PlanOf(kTagged, TaggedSource(), ReadTarget());
  PlanResult result = PlanOf(inherited, TaggedSource(), ReadTarget());
  ASSERT_TRUE(result.plan) << Format(result.diagnostics.front());
  EXPECT_EQ(TagIds(*result.plan), TagIds(*declared.plan));
}

TEST(PlanTags, ATargetWhoseTagsCouldNotBeReadRefusesAPlanThatDeclaresTags) {
  PlanResult result = PlanOf(kTagged, TaggedSource(), EmptyTarget());
  EXPECT_FALSE(result.plan);
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_NE(Format(result.diagnostics.front()).find("the target's could not be read"), std::string::npos)
      << Format(result.diagnostics.front());
}

TEST(PlanTags, ASourceWhoseTagsCouldNotBeReadRefusesAPlanThatInheritsThem) {
  const std::string inherited = kConnections +
                                "datacenters:\n  - name: DC1\n    clusters:\n"
                                "      - name: Cluster1\n        hosts: [esx-01.sim.local, esx-02.sim.local]\n"
                                "        tags: inherit\n";
  Inventory unread = TaggedSource();
  unread.tagging = {};
  PlanResult result = PlanOf(inherited, unread, ReadTarget());
  EXPECT_FALSE(result.plan);
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_NE(Format(result.diagnostics.front()).find("the source's could not be read"), std::string::npos)
      << Format(result.diagnostics.front());
  // Declared tags need nothing of the source's.
  EXPECT_TRUE(PlanOf(kTagged, unread, ReadTarget()).plan);
}

TEST(PlanTags, AnUndeclaredTagOrCategoryIsAValidationError) {
  const std::string undeclared = std::regex_replace(kTagged, std::regex("tags: \\[Owner/team-a\\]\n    host_tags"),
                                                    "tags: [Owner/team-c]\n    host_tags");
  LoadResult loaded = LoadDesiredStateText(undeclared, "desired.yaml");
  ASSERT_FALSE(loaded.state);
  EXPECT_NE(Format(loaded.diagnostics.front()).find("tag 'Owner/team-c' is not declared in tags"), std::string::npos)
      << Format(loaded.diagnostics.front());
  const std::string no_category = std::regex_replace(kTagged, std::regex("- \\{category: Owner, name: team-b\\}"),
                                                     "- {category: Ownr, name: team-b}");
  loaded = LoadDesiredStateText(no_category, "desired.yaml");
  ASSERT_FALSE(loaded.state);
  EXPECT_NE(Format(loaded.diagnostics.front()).find("which tag_categories does not declare; did you mean 'Owner'?"),
            std::string::npos)
      << Format(loaded.diagnostics.front());
}

// The export writes every tag out, and plans no change against the vCenter it describes.
TEST(PlanTags, AnExportCarriesTheTagsAndPlansNoChangesAgainstItself) {
  const Inventory source = TaggedSource();
  const std::string exported = ExportDesiredState(source);
  EXPECT_NE(exported.find("tag_categories:\n  - {name: Owner, cardinality: single, associable_types: "
                          "[ClusterComputeResource, HostSystem, VirtualMachine]}"),
            std::string::npos)
      << exported;
  EXPECT_NE(exported.find("host_tags:\n      - {hosts: [esx-01.sim.local], tags: [Owner/team-a]}"), std::string::npos)
      << exported;
  LoadResult loaded = LoadDesiredStateText(exported, "exported.yaml");
  ASSERT_TRUE(loaded.state) << Format(loaded.diagnostics.front());
  PlanResult result = MakePlan(*loaded.state, source, source);
  ASSERT_TRUE(result.plan) << Format(result.diagnostics.front());
  EXPECT_EQ(TagIds(*result.plan), std::vector<std::string>{});
}

}  // namespace
}  // namespace vcshift::testing

namespace vcshift::testing {
namespace {

// A datacenter's tags: attached once the target's datacenter exists; on the source,
// detached before a cleanup destroys the emptied datacenter, attached again on rollback.
TEST(PlanTags, ADatacentersTagsAreCarriedAndTheSourcesDetachedBeforeItGoes) {
  Inventory source = TaggedSource();
  source.tagging.attachments.push_back({kTaggedDatacenter, "DC1", "Owner/team-a"});
  const std::string yaml = kConnections +
                           "tag_categories: inherit\ntags: inherit\n"
                           "cleanup: {remove_empty_clusters: true, remove_empty_datacenters: true}\n"
                           "datacenters:\n  - name: DC1\n    tags: inherit\n    clusters:\n"
                           "      - name: Cluster1\n        hosts: [esx-01.sim.local, esx-02.sim.local]\n";
  PlanResult result = PlanOf(yaml, source, ReadTarget());
  ASSERT_TRUE(result.plan) << Format(result.diagnostics.front());
  const Plan& plan = *result.plan;
  const std::string attach = "attach_tag:target:DC1#Owner/team-a";
  const std::string detach = "detach_tag:source:DC1#Owner/team-a";
  EXPECT_LT(IndexOf(plan, "create_datacenter:target:DC1"), IndexOf(plan, attach));
  EXPECT_EQ(plan.actions[IndexOf(plan, attach)].params.at("type"), "datacenter");
  EXPECT_LT(IndexOf(plan, detach), IndexOf(plan, "destroy_datacenter:source:DC1"));
  const std::string exported = ExportDesiredState(source);
  EXPECT_NE(exported.find("    vm_folders: [Web]\n    tags: [Owner/team-a]\n    clusters:"), std::string::npos) << exported;
}

}  // namespace
}  // namespace vcshift::testing

namespace vcshift::testing {
namespace {

// The sample source with Tier1 (vm-1 and vm-2 in it) and the vApp Shop in Cluster1, and
// a tag on each kind of object a datacenter holds besides hosts and VMs.
Inventory WithObjectTags(Inventory source) {
  source.clusters[0].pools = {{"Tier1", {}, {}}};
  source.clusters[0].vapps = {{"Shop", {}, {}, {}}};
  source.vms[0].resource_pool = "Tier1";
  source.vms[1].resource_pool = "Tier1";
  source.tagging.attachments.insert(source.tagging.attachments.end(),
                                    {{kTaggedFolder, "DC1/vm/Web", "Owner/team-a"},
                                     {kTaggedFolder, "DC1/host", "Owner/team-b"},
                                     {kTaggedSwitch, "DC1/DSwitch1", "Owner/team-a"},
                                     {kTaggedPortGroup, "DC1/DSwitch1/pg-vm", "Owner/team-b"},
                                     {kTaggedPool, "DC1/Cluster1/Tier1", "Owner/team-a"},
                                     {kTaggedVApp, "DC1/Cluster1/Shop", "Owner/team-b"}});
  std::sort(source.tagging.attachments.begin(), source.tagging.attachments.end());
  return source;
}

// The export of `source`, its target the other vCenter (as export, retarget, apply does).
std::string Retargeted(const Inventory& source) {
  std::string exported = ExportDesiredState(source);
  const std::string same = "  target: {same_as: source}\n";
  const auto at = exported.find(same);
  EXPECT_NE(at, std::string::npos) << exported;
  if (at != std::string::npos) exported.replace(at, same.size(), "  target: {url: https://127.0.0.1:8990/sdk, user: u}\n");
  return exported;
}

// Folders, switches, port groups, pools and vApps: exported with their tags, which are
// attached on the target once the object is made there.
TEST(PlanTags, TagsOnFoldersSwitchesPortGroupsPoolsAndVAppsAreCarried) {
  const Inventory source = WithObjectTags(TaggedSource());
  const std::string desired = Retargeted(source);
  for (const char* written :
       {"            vms: [vm-1, vm-2]\n            tags: [Owner/team-a]\n",            // the pool
        "            tags: [Owner/team-b]\n        tags: [Owner/team-a]\n",              // the vApp, the cluster
        "vmkernel: {vmk0: pg-mgmt}}\n        tags: [Owner/team-a]\n    vm_placement",  // the switch
        "teaming: {policy: loadbalance_srcid}, tags: [Owner/team-b]}",                  // its port group
        "folder_tags:\n      - {kind: host, folder: \"\", tags: [Owner/team-b]}\n"
        "      - {kind: vm, folder: Web, tags: [Owner/team-a]}"}) {
    EXPECT_NE(desired.find(written), std::string::npos) << written << " not in\n" << desired;
  }
  PlanResult result = PlanOf(desired, source, ReadTarget());
  ASSERT_TRUE(result.plan) << Format(result.diagnostics.front());
  const Plan& plan = *result.plan;
  const std::pair<const char*, const char*> made_then_tagged[] = {
      {"create_folder:target:DC1/vm/Web", "attach_tag:target:DC1/vm/Web#Owner/team-a"},
      {"create_datacenter:target:DC1", "attach_tag:target:DC1/host#Owner/team-b"},
      {"create_dvs:target:DC1/DSwitch1", "attach_tag:target:DC1/DSwitch1#Owner/team-a"},
      {"create_dvs_port_group:target:DC1/DSwitch1/pg-vm", "attach_tag:target:DC1/DSwitch1/pg-vm#Owner/team-b"},
      {"create_resource_pool:target:DC1/Cluster1/Tier1", "attach_tag:target:DC1/Cluster1/Tier1#Owner/team-a"},
      {"create_vapp:target:DC1/Cluster1/Shop", "attach_tag:target:DC1/Cluster1/Shop#Owner/team-b"}};
  for (const auto& [made, tagged] : made_then_tagged) EXPECT_LT(IndexOf(plan, made), IndexOf(plan, tagged)) << tagged;
  EXPECT_EQ(plan.actions[IndexOf(plan, "attach_tag:target:DC1/DSwitch1/pg-vm#Owner/team-b")].params.at("type"),
            "port_group");
  // Planned again against the vCenter it describes: nothing to attach.
  LoadResult loaded = LoadDesiredStateText(ExportDesiredState(source), "exported.yaml");
  ASSERT_TRUE(loaded.state) << Format(loaded.diagnostics.front());
  PlanResult again = MakePlan(*loaded.state, source, source);
  ASSERT_TRUE(again.plan) << Format(again.diagnostics.front());
  EXPECT_EQ(TagIds(*again.plan), std::vector<std::string>{});
}

// `tags: inherit` on a folder, switch, port group, pool and vApp takes the source's
// object of that path (a switch's: the one it inherits).
TEST(PlanTags, AnObjectsTagsInheritTheSourceObjects) {
  const std::string yaml = kConnections +
                           "tag_categories: inherit\ntags: inherit\n"
                           "datacenters:\n  - name: DC1\n    vm_folders: [Web]\n"
                           "    folder_tags:\n      - {kind: vm, folder: Web, tags: inherit}\n"
                           "    clusters:\n      - name: Cluster1\n        hosts: [esx-01.sim.local, esx-02.sim.local]\n"
                           "        resource_pools: [{name: Tier1, tags: inherit}]\n"
                           "        vapps: [{name: Shop, tags: inherit}]\n"
                           "    distributed_switches:\n      - name: DSwitch2\n        inherit: DSwitch1\n"
                           "        tags: inherit\n        port_groups: [{name: pg-vm, vlan: 100, tags: inherit}]\n";
  PlanResult result = PlanOf(yaml, WithObjectTags(TaggedSource()), ReadTarget());
  ASSERT_TRUE(result.plan) << Format(result.diagnostics.front());
  for (const char* id : {"attach_tag:target:DC1/vm/Web#Owner/team-a", "attach_tag:target:DC1/DSwitch2#Owner/team-a",
                         "attach_tag:target:DC1/DSwitch2/pg-vm#Owner/team-b",
                         "attach_tag:target:DC1/Cluster1/Tier1#Owner/team-a",
                         "attach_tag:target:DC1/Cluster1/Shop#Owner/team-b"}) {
    IndexOf(*result.plan, id);
  }
}

// A cleanup that destroys a source switch or pool detaches their tags (a port group's with
// its switch's) first; a rollback re-creates the pool, then attaches them again.
TEST(PlanTags, ACleanupDetachesTheTagsOfWhatItDestroysFirst) {
  const std::string yaml = kConnections +
                           "tag_categories: inherit\ntags: inherit\n"
                           "cleanup: {remove_unused_distributed_switches: true, remove_empty_resource_pools: true}\n"
                           "datacenters:\n  - name: DC1\n    clusters:\n"
                           "      - name: Cluster1\n        hosts: [esx-01.sim.local, esx-02.sim.local]\n";
  PlanResult result = PlanOf(yaml, WithObjectTags(TaggedSource()), ReadTarget());
  ASSERT_TRUE(result.plan) << Format(result.diagnostics.front());
  const Plan& plan = *result.plan;
  const std::string pool = "detach_tag:source:DC1/Cluster1/Tier1#Owner/team-a";
  EXPECT_LT(IndexOf(plan, pool), IndexOf(plan, "destroy_resource_pool:source:DC1/Cluster1/Tier1"));
  EXPECT_LT(IndexOf(plan, "detach_tag:source:DC1/DSwitch1#Owner/team-a"), IndexOf(plan, "destroy_dvs:source:DC1/DSwitch1"));
  EXPECT_LT(IndexOf(plan, "detach_tag:source:DC1/DSwitch1/pg-vm#Owner/team-b"),
            IndexOf(plan, "destroy_dvs:source:DC1/DSwitch1"));
  const Plan rollback = RollbackPlan(plan);
  const auto undo = [&](const std::string& id) { return IndexOf(rollback, "undo:" + id); };
  EXPECT_LT(undo("destroy_resource_pool:source:DC1/Cluster1/Tier1"), undo(pool));
  EXPECT_EQ(rollback.actions[undo(pool)].kind, ActionKind::AttachTag);
}

}  // namespace
}  // namespace vcshift::testing
