#include "engine/inventory.h"

#include <gtest/gtest.h>

#include "engine/inventory_json.h"
#include "tests/engine/inventory_fixtures.h"

namespace vcshift::testing {
namespace {

Inventory RoundTrip(const Inventory& inventory) {
  Diagnostics diagnostics;
  const auto read = InventoryFromJson(InventoryToJson(inventory), "inv.json", diagnostics);
  EXPECT_TRUE(diagnostics.empty()) << (diagnostics.empty() ? "" : Format(diagnostics.front()));
  return read.value_or(Inventory{});
}

TEST(InventoryJson, RoundTripKeepsEveryField) {
  Inventory source = SampleSource();
  source.hosts[0].standard_switches = {{"vSwitch0", 9000, {"vmnic2"}, {"vmnic2"}, {}}};
  source.hosts[0].port_groups = {{"VM Network", "vSwitch0", 42}};
  source.hosts[1].maintenance_mode = true;
  source.switches[0].port_groups[1].vlan_trunk = {{200, 299}, {300, 300}};
  source.clusters[0].ha.admission_control.failover_hosts = {"esx-02.sim.local"};
  source.clusters[0].drs.migration_threshold = 5;
  source.vms[3].nics[0].connected = false;
  EXPECT_EQ(RoundTrip(source), source);
  EXPECT_EQ(RoundTrip(EmptyTarget()), EmptyTarget());
}

// A vApp with its allocations and members' entries round-trips; one recorded before
// vApps were carried (its path alone) is read as the vApp with that path.
TEST(InventoryJson, VAppsRoundTripAndTheOlderPathsAreRead) {
  Inventory source = SampleSource();
  InventoryVApp shop{"Tier1/Shop", {}, {}, {}};
  shop.memory.reservation = 512;
  VAppMember entry;
  entry.start_order = 2;
  entry.stop_action = "guestShutdown";
  shop.members = {{"vm-2", entry}};
  source.clusters[0].vapps = {shop};
  EXPECT_EQ(RoundTrip(source), source);

  Diagnostics diagnostics;
  const auto older = InventoryFromJson(R"({"format_version": 1, "clusters": [{"name": "C", "vapps": ["Pool/App"]}]})",
                                       "inv.json", diagnostics);
  ASSERT_TRUE(older.has_value()) << (diagnostics.empty() ? "" : Format(diagnostics.front()));
  ASSERT_EQ(older->clusters.at(0).vapps.size(), 1u);
  EXPECT_EQ(older->clusters.at(0).vapps[0].path, "Pool/App");
  EXPECT_TRUE(older->clusters.at(0).vapps[0].members.empty());
}

// The tagging is recorded (categories, tags, attachments, and whether it was read), so
// an offline plan with tags is the live one; a recording made before it was, as unread.
TEST(InventoryJson, TaggingRoundTripsAndAnOlderRecordingHasItUnread) {
  Inventory source = WithTags(SampleSource());
  source.tagging.tags[0].description = "Team A";
  source.tagging.attachments.push_back({kTaggedPortGroup, "DC1/DSwitch1/pg-vm", "Owner/team-a"});
  EXPECT_EQ(RoundTrip(source), source);
  Diagnostics diagnostics;
  const auto older = InventoryFromJson(R"({"format_version": 1})", "inv.json", diagnostics);
  ASSERT_TRUE(older.has_value());
  EXPECT_FALSE(older->tagging.read);
}

TEST(InventoryJson, WritesFormatVersionAndNamedFields) {
  const std::string json = InventoryToJson(EmptyTarget());
  EXPECT_EQ(json, R"({"format_version":1,"vcenter":"https://127.0.0.1:8990/sdk","api_version":"7.0.3.0",)"
                  R"("datacenters":[],"clusters":[],"hosts":[],"vms":[],"switches":[],"checked":[],"custom_attribute_defs":[],)"
                  R"("roles":[],"license_keys":[],"root_permissions":[],"tagging":{"read":false,"categories":[],"tags":[],"attachments":[]}})");
}

TEST(InventoryJson, MissingFieldsKeepDefaults) {
  Diagnostics diagnostics;
  const auto inventory =
      InventoryFromJson(R"({"format_version": 1, "hosts": [{"name": "h1"}]})", "inv.json", diagnostics);
  ASSERT_TRUE(inventory.has_value());
  EXPECT_EQ(inventory->hosts.at(0).name, "h1");
  EXPECT_FALSE(inventory->hosts.at(0).maintenance_mode);
}

TEST(InventoryJson, ReportsWhatIsWrongAndWhere) {
  Diagnostics diagnostics;
  EXPECT_FALSE(InventoryFromJson("{\"format_version\": 1,\n \"hosts\": [{\"name\": \"h1\", \"maintenance_mode\": 3,\n"
                                 " \"pnics\": {}}]}",
                                 "inv.json", diagnostics));
  ASSERT_EQ(diagnostics.size(), 2u);
  EXPECT_EQ(Format(diagnostics[0]), "inv.json:2:47: error: hosts[0].maintenance_mode: expected true or false");
  EXPECT_EQ(Format(diagnostics[1]), "inv.json:3:11: error: hosts[0].pnics: expected a list");
}

TEST(InventoryJson, RefusesOtherFilesAndVersions) {
  Diagnostics diagnostics;
  EXPECT_FALSE(InventoryFromJson("version: 1\n", "desired.yaml", diagnostics));
  EXPECT_FALSE(InventoryFromJson("{\"format_version\": 2}", "inv.json", diagnostics));
  ASSERT_EQ(diagnostics.size(), 2u);
  EXPECT_EQ(Format(diagnostics[0]), "desired.yaml:1:1: error: not a recorded inventory (no format_version)");
  EXPECT_EQ(Format(diagnostics[1]),
            "inv.json:1:20: error: format_version: this vcshift reads recorded inventories of format version 1");
}

TEST(Inventory, CanonicalOrderIsIndependentOfDiscoveryOrder) {
  Inventory a = SampleSource();
  Inventory b = SampleSource();
  std::swap(b.hosts[0], b.hosts[1]);
  std::swap(b.vms[0], b.vms[3]);
  std::swap(b.switches[0].port_groups[0], b.switches[0].port_groups[1]);
  std::swap(b.hosts[0].pnics[0], b.hosts[0].pnics[1]);
  EXPECT_NE(a, b);
  Canonicalize(a);
  Canonicalize(b);
  EXPECT_EQ(a, b);
  EXPECT_EQ(InventoryToJson(a), InventoryToJson(b));
  EXPECT_EQ(a.hosts[0].name, "esx-01.sim.local");
}

}  // namespace
}  // namespace vcshift::testing
