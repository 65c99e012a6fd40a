// Resource pools and vApps, VMs into them, vApp start order entries, and per-VM HA/DRS
// overrides.

#include "engine/vapps.h"
#include "tests/vsphere/ops/ops_fixture.h"

namespace vcshift::vsphere {
namespace {

class ResourcePoolOpsTest : public OpsTest {};

std::map<std::string, std::string> Pool(const std::string& path, std::map<std::string, std::string> more = {}) {
  std::map<std::string, std::string> params = {
      {"cluster", "DC1/Cluster1"},         {"pool", path},
      {"cpu.shares", "normal"},            {"cpu.reservation", "0"},
      {"cpu.limit", "-1"},                 {"cpu.expandable_reservation", "true"},
      {"memory.shares", "normal"},         {"memory.reservation", "0"},
      {"memory.limit", "-1"},              {"memory.expandable_reservation", "true"}};
  for (auto& [key, value] : more) params[key] = value;
  return params;
}

// A pool tree is made parent first; an allocation set and set back; a VM moved in and
// back; a pool holding a VM is not removed; each is AlreadyDone the second time.
TEST_F(ResourcePoolOpsTest, PoolsAllocationsAndMembershipRoundTrip) {
  const std::map<std::string, std::string> where = {{"cluster", "DC1/Cluster1"}, {"pool", "OpsTier"}};
  const Action tier = Make(ActionKind::CreateResourcePool, Side::Source, "DC1/Cluster1/OpsTier", Pool("OpsTier"), where);
  const Action child = Make(ActionKind::CreateResourcePool, Side::Source, "DC1/Cluster1/OpsTier/DB",
                            Pool("OpsTier/DB", {{"memory.shares", "3000"}, {"memory.limit", "4096"}}),
                            {{"cluster", "DC1/Cluster1"}, {"pool", "OpsTier/DB"}});
  EXPECT_EQ(Run(child).fault, "NotFound") << "its parent is not there yet";
  ASSERT_EQ(Outcome(Run(tier)), "Done");
  EXPECT_EQ(Outcome(Run(tier)), "AlreadyDone");
  ASSERT_EQ(Outcome(Run(child)), "Done");

  const Action configure = Make(ActionKind::ConfigureResourcePool, Side::Source, "DC1/Cluster1/OpsTier",
                                {{"cluster", "DC1/Cluster1"}, {"pool", "OpsTier"}, {"cpu.shares", "high"},
                                 {"cpu.reservation", "100"}});
  const ActionResult configured = Run(configure);
  ASSERT_EQ(Outcome(configured), "Done");
  EXPECT_EQ(configured.captured.at("cpu.shares"), "normal");
  EXPECT_EQ(configured.captured.at("cpu.reservation"), "0");
  EXPECT_EQ(Outcome(Run(configure)), "AlreadyDone");
  ASSERT_EQ(Outcome(Run(InverseOf(configure, configured))), "Done");

  const Action move = Make(ActionKind::MoveVmToResourcePool, Side::Source, "DC1/vm-4",
                           {{"cluster", "DC1/Cluster1"}, {"pool", "OpsTier/DB"}});
  const ActionResult moved = Run(move);
  ASSERT_EQ(Outcome(moved), "Done");
  EXPECT_EQ(moved.captured.at("pool"), "");
  EXPECT_EQ(Outcome(Run(move)), "AlreadyDone");
  const Action destroy_child = InverseOf(child, Run(child));
  EXPECT_EQ(Run(destroy_child).fault, "ResourceInUse");
  ASSERT_EQ(Outcome(Run(InverseOf(move, moved))), "Done");
  EXPECT_EQ(Outcome(Run(destroy_child)), "Done");
  EXPECT_EQ(Outcome(Run(InverseOf(tier, Run(tier)))), "Done");
  EXPECT_EQ(Outcome(Run(InverseOf(tier, {}))), "AlreadyDone");
}

// A VM's overrides set, AlreadyDone when they hold, and removed by the inverse.
TEST_F(ResourcePoolOpsTest, OverridesSetAndRemoved) {
  const Action set = Make(ActionKind::ConfigureVmOverrides, Side::Source, "DC1/vm-4",
                          {{"cluster", "DC1/Cluster1"}, {"ha.restart_priority", "high"},
                           {"ha.isolation_response", "powerOff"}, {"drs.automation_level", "manual"}});
  const ActionResult done = Run(set);
  ASSERT_EQ(Outcome(done), "Done");
  EXPECT_EQ(done.captured, (std::map<std::string, std::string>{{"cluster", "DC1/Cluster1"}}));
  EXPECT_EQ(Outcome(Run(set)), "AlreadyDone");
  Action changed = set;
  changed.params["ha.restart_priority"] = "low";  // an add replaces the entry
  ASSERT_EQ(Outcome(Run(changed)), "Done");
  const Action back = InverseOf(set, done);
  EXPECT_EQ(Outcome(Run(back)), "Done");
  EXPECT_EQ(Outcome(Run(back)), "AlreadyDone");
}

// A vApp made (in the datacenter's VM folder), a pool beside it found, a VM moved into it and given its start
// order entry, the entry changed and set back; a vApp holding a VM is not removed; each
// is AlreadyDone the second time.
TEST_F(ResourcePoolOpsTest, VAppsAndTheirMembersEntriesRoundTrip) {
  const Action shop = Make(ActionKind::CreateVApp, Side::Source, "DC1/Cluster1/OpsShop",
                           Pool("OpsShop", {{"memory.shares", "high"}}), {{"cluster", "DC1/Cluster1"}, {"pool", "OpsShop"}});
  ASSERT_EQ(Outcome(Run(shop)), "Done");
  EXPECT_EQ(Outcome(Run(shop)), "AlreadyDone");
  // A pool made beside it is found by its name: the root pool's children mix
  // ResourcePool and VirtualApp, and their names are read in one call.
  const Action beside = Make(ActionKind::CreateResourcePool, Side::Source, "DC1/Cluster1/OpsBeside",
                             Pool("OpsBeside"), {{"cluster", "DC1/Cluster1"}, {"pool", "OpsBeside"}});
  ASSERT_EQ(Outcome(Run(beside)), "Done");
  EXPECT_EQ(Outcome(Run(beside)), "AlreadyDone");
  EXPECT_EQ(Outcome(Run(InverseOf(beside, Run(beside)))), "Done");
  const Action move = Make(ActionKind::MoveVmToResourcePool, Side::Source, "DC1/vm-4",
                           {{"cluster", "DC1/Cluster1"}, {"pool", "OpsShop"}});
  const ActionResult moved = Run(move);
  ASSERT_EQ(Outcome(moved), "Done");

  VAppMember member;
  member.start_order = 2;
  member.start_delay = 30;
  member.wait_for_guest = true;
  member.stop_action = "guestShutdown";
  const Action entry = Make(ActionKind::ConfigureVApp, Side::Source, "DC1/vm-4",
                            {{"cluster", "DC1/Cluster1"}, {"pool", "OpsShop"}, {"member.vm-4", MemberText(member)}});
  const ActionResult set = Run(entry);
  ASSERT_EQ(Outcome(set), "Done") << set.message;
  EXPECT_EQ(set.captured.at("member.vm-4"), "");  // moved in with none
  EXPECT_EQ(Outcome(Run(entry)), "AlreadyDone");
  Action changed = entry;
  member.start_order = 4;
  changed.params["member.vm-4"] = MemberText(member);
  const ActionResult reordered = Run(changed);
  ASSERT_EQ(Outcome(reordered), "Done");
  EXPECT_EQ(MemberFromText(reordered.captured.at("member.vm-4")).start_order, 2);
  ASSERT_EQ(Outcome(Run(InverseOf(changed, reordered))), "Done");
  EXPECT_EQ(Outcome(Run(entry)), "AlreadyDone");

  const Action not_member = Make(ActionKind::ConfigureVApp, Side::Source, "DC1/vm-3",
                                 {{"cluster", "DC1/Cluster1"}, {"pool", "OpsShop"}, {"member.vm-3", MemberText(member)}});
  EXPECT_EQ(Run(not_member).fault, "InvalidState");
  const Action destroy = InverseOf(shop, Run(shop));
  EXPECT_EQ(destroy.kind, ActionKind::DestroyVApp);
  EXPECT_EQ(Run(destroy).fault, "ResourceInUse");
  ASSERT_EQ(Outcome(Run(InverseOf(move, moved))), "Done");
  EXPECT_EQ(Outcome(Run(destroy)), "Done");
  EXPECT_EQ(Outcome(Run(destroy)), "AlreadyDone");
}

// A standalone host's pools are found by its compute resource's name ("DC/<host>"), made
// and configured as a cluster's. vCenter destroys them with the host's compute resource:
// its removal captures the tree (paths, kinds, allocations) and the add that undoes it
// makes it again under the new compute resource's root pool, parents first.
TEST_F(ResourcePoolOpsTest, AStandaloneHostsPoolTreeLeavesWithItAndComesBackWithItsAdd) {
  const std::string host = "esx-solo.sim.local", owner = "DC-solo/" + host;
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateDatacenter, Side::Target, "DC-solo"))), "Done");
  ASSERT_EQ(Outcome(Run(Make(ActionKind::AddHost, Side::Target, host,
                             {{"cluster", "DC-solo"},
                              {"thumbprint", "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:10"}}))),
            "Done");
  auto at = [&](const std::string& path) { return std::map<std::string, std::string>{{"cluster", owner}, {"pool", path}}; };
  auto pool = [&](const std::string& path, std::map<std::string, std::string> more) {
    auto params = Pool(path, std::move(more));
    params["cluster"] = owner;
    return params;
  };
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateResourcePool, Side::Target, owner + "/Gold",
                             pool("Gold", {{"cpu.shares", "high"}}), at("Gold")))),
            "Done");
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateResourcePool, Side::Target, owner + "/Gold/Batch",
                             pool("Gold/Batch", {{"memory.shares", "3000"}, {"memory.limit", "4096"}}),
                             at("Gold/Batch")))),
            "Done");
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateVApp, Side::Target, owner + "/Gold/Shop",
                             pool("Gold/Shop", {{"cpu.reservation", "200"}}), at("Gold/Shop")))),
            "Done");

  const Action remove = Make(ActionKind::RemoveHost, Side::Target, owner, {}, {{"cluster", "DC-solo"}});
  const ActionResult removed = Run(remove);
  if (removed.fault == "MethodNotFound") GTEST_SKIP() << "the simulator has no DisconnectHost_Task: " << removed.message;
  ASSERT_EQ(Outcome(removed), "Done");
  EXPECT_NE(removed.captured.at("pooltree:Gold").find("type=pool"), std::string::npos);
  EXPECT_NE(removed.captured.at("pooltree:Gold").find("cpu.shares=high"), std::string::npos);
  EXPECT_NE(removed.captured.at("pooltree:Gold/Batch").find("memory.limit=4096"), std::string::npos);
  EXPECT_NE(removed.captured.at("pooltree:Gold/Shop").find("type=vapp"), std::string::npos);
  EXPECT_TRUE(Find(Side::Target, "DC-solo/host/" + host).empty());

  ASSERT_EQ(Outcome(Run(InverseOf(remove, removed))), "Done");
  // Back as they were: asking for their allocations changes nothing.
  EXPECT_EQ(Outcome(Run(Make(ActionKind::ConfigureResourcePool, Side::Target, owner + "/Gold/Batch",
                             pool("Gold/Batch", {{"memory.shares", "3000"}, {"memory.limit", "4096"}})))),
            "AlreadyDone");
  EXPECT_EQ(Outcome(Run(Make(ActionKind::ConfigureResourcePool, Side::Target, owner + "/Gold",
                             pool("Gold", {{"cpu.shares", "high"}})))),
            "AlreadyDone");
  EXPECT_EQ(Outcome(Run(Make(ActionKind::ConfigureVApp, Side::Target, owner + "/Gold/Shop",
                             pool("Gold/Shop", {{"cpu.reservation", "200"}})))),
            "AlreadyDone");
}

// A vApp's sections set (added), edited and removed by key, a vApp inside it given its
// entry in the outer's start order; each AlreadyDone the second time, each inverse
// putting back what was there (a section removed made again whole; a vApp destroyed made
// again with its sections and entry).
TEST_F(ResourcePoolOpsTest, VAppSectionsAndAnInnerVAppsEntryRoundTrip) {
  const std::map<std::string, std::string> outer_at = {{"cluster", "DC1/Cluster1"}, {"pool", "OpsOuter"}};
  const std::map<std::string, std::string> inner_at = {{"cluster", "DC1/Cluster1"}, {"pool", "OpsOuter/Inner"}};
  const Action outer = Make(ActionKind::CreateVApp, Side::Source, "DC1/Cluster1/OpsOuter", Pool("OpsOuter"), outer_at);
  const Action inner =
      Make(ActionKind::CreateVApp, Side::Source, "DC1/Cluster1/OpsOuter/Inner", Pool("OpsOuter/Inner"), inner_at);
  ASSERT_EQ(Outcome(Run(outer)), "Done");
  ASSERT_EQ(Outcome(Run(inner)), "Done");

  std::map<std::string, std::string> params = outer_at;
  params.merge(SectionParams({{0, "", "", "Shop", "ACME", "2.1", "", "", "", "https://shop.example/"}},
                             {{3, "", "", "db_host", "", "", "string", "", true, "", "db-1; port=5432", ""}}));
  const Action sections = Make(ActionKind::ConfigureVApp, Side::Source, "DC1/Cluster1/OpsOuter", params, outer_at);
  const ActionResult added = Run(sections);
  ASSERT_EQ(Outcome(added), "Done") << added.message;
  EXPECT_EQ(added.captured.at("product.0.key"), "");  // there was none
  EXPECT_EQ(Outcome(Run(sections)), "AlreadyDone");

  // One field edited, the product removed: what was there is captured whole.
  Action edit = Make(ActionKind::ConfigureVApp, Side::Source, "DC1/Cluster1/OpsOuter",
                     {{"cluster", "DC1/Cluster1"}, {"pool", "OpsOuter"}, {"property.3.value", "db-2"},
                      {"product.0.key", ""}, {"product.0.name", ""}, {"product.0.vendor", ""},
                      {"product.0.version", ""}, {"product.0.app_url", ""}},
                     outer_at);
  const ActionResult edited = Run(edit);
  ASSERT_EQ(Outcome(edited), "Done") << edited.message;
  EXPECT_EQ(edited.captured.at("property.3.value"), "db-1; port=5432");
  EXPECT_EQ(edited.captured.at("product.0.app_url"), "https://shop.example/");
  EXPECT_EQ(Outcome(Run(edit)), "AlreadyDone");
  ASSERT_EQ(Outcome(Run(InverseOf(edit, edited))), "Done");
  EXPECT_EQ(Outcome(Run(sections)), "AlreadyDone") << "the inverse put both back as they were";

  VAppMember entry;
  entry.start_order = 3;
  entry.stop_action = "none";
  std::map<std::string, std::string> start = inner_at;
  start[kVAppStartParam] = MemberText(entry);
  const Action in_outer = Make(ActionKind::ConfigureVApp, Side::Source, "DC1/Cluster1/OpsOuter/Inner", start, inner_at);
  const ActionResult set = Run(in_outer);
  ASSERT_EQ(Outcome(set), "Done") << set.message;
  EXPECT_EQ(set.captured.at(kVAppStartParam), "");
  EXPECT_EQ(Outcome(Run(in_outer)), "AlreadyDone");
  // A vApp in no vApp has no such entry to set.
  std::map<std::string, std::string> top = outer_at;
  top[kVAppStartParam] = MemberText(entry);
  EXPECT_EQ(Run(Make(ActionKind::ConfigureVApp, Side::Source, "DC1/Cluster1/OpsOuter", top, outer_at)).fault,
            "NotFound");

  // Destroyed (a cleanup does so), a vApp comes back by its inverse with its sections
  // and its entry in the vApp it was inside.
  std::map<std::string, std::string> own = inner_at;
  own.merge(SectionParams({}, {{7, "", "", "ip", "", "", "string", "", false, "", "10.0.0.9", ""}}));
  const Action inner_sections = Make(ActionKind::ConfigureVApp, Side::Source, "DC1/Cluster1/OpsOuter/Inner", own, inner_at);
  ASSERT_EQ(Outcome(Run(inner_sections)), "Done");
  const Action destroy = InverseOf(inner, Run(inner));
  ASSERT_EQ(destroy.kind, ActionKind::DestroyVApp);
  const ActionResult gone = Run(destroy);
  ASSERT_EQ(Outcome(gone), "Done") << gone.message;
  EXPECT_EQ(gone.captured.at(kVAppStartParam), MemberText(entry));
  EXPECT_EQ(gone.captured.at("property.7.value"), "10.0.0.9");
  const ActionResult back = Run(InverseOf(destroy, gone));
  ASSERT_EQ(Outcome(back), "Done") << back.message;
  EXPECT_EQ(Outcome(Run(in_outer)), "AlreadyDone");
  EXPECT_EQ(Outcome(Run(inner_sections)), "AlreadyDone");

  ASSERT_EQ(Outcome(Run(InverseOf(in_outer, set))), "AlreadyDone");  // none before: left as it is
  ASSERT_EQ(Outcome(Run(InverseOf(sections, added))), "Done");  // both removed: the vApp can go
  ASSERT_EQ(Outcome(Run(InverseOf(inner, Run(inner)))), "Done");
  ASSERT_EQ(Outcome(Run(InverseOf(outer, Run(outer)))), "Done");
}

}  // namespace
}  // namespace vcshift::vsphere
