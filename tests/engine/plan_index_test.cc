// The planners' lookups by name: each answers as a scan of the inventory or desired state
// in its order would (the first match), so that building them once changes no plan.

#include "engine/plan_index.h"

#include <gtest/gtest.h>

#include "engine/plan_recorder.h"

namespace vcshift::planning {
namespace {

InventoryHost Host(const std::string& dc, const std::string& cluster, const std::string& name,
                   std::vector<std::string> switches = {}) {
  InventoryHost host;
  host.datacenter = dc;
  host.cluster = cluster;
  host.name = name;
  for (const auto& dvs : switches) host.proxy_switches.push_back({dvs, {}});
  return host;
}

InventoryDvs Dvs(const std::string& dc, const std::string& name, const std::string& version) {
  InventoryDvs dvs;
  dvs.datacenter = dc;
  dvs.name = name;
  dvs.version = version;
  return dvs;
}

TEST(InventoryIndex, FindsTheFirstOfANameAsAScanWould) {
  Inventory inventory;
  inventory.hosts = {Host("DC1", "A", "esx-01"), Host("DC2", "B", "esx-01"), Host("DC1", "A", "esx-02")};
  inventory.switches = {Dvs("DC2", "dvs", "7.0.0"), Dvs("DC1", "dvs", "7.0.3")};
  inventory.datacenters = {{"DC1", {}, {}}};
  const InventoryIndex index(inventory);
  ASSERT_NE(index.Host("esx-01"), nullptr);
  EXPECT_EQ(index.Host("esx-01")->datacenter, "DC1");
  EXPECT_EQ(index.Host("esx-03"), nullptr);
  EXPECT_EQ(index.Dvs("", "dvs")->version, "7.0.0");  // any datacenter: the first
  EXPECT_EQ(index.Dvs("DC1", "dvs")->version, "7.0.3");
  EXPECT_EQ(index.Dvs("DC3", "dvs"), nullptr);
  EXPECT_TRUE(index.HasDatacenter("DC1"));
  EXPECT_FALSE(index.HasDatacenter("DC2"));
}

TEST(InventoryIndex, ListsInInventoryOrder) {
  Inventory inventory;
  inventory.hosts = {Host("DC1", "A", "esx-02", {"dvs", "dvs"}), Host("DC1", "", "esx-09"),
                     Host("DC1", "A", "esx-01", {"dvs"}), Host("DC2", "A", "esx-03", {"dvs"})};
  inventory.vms = {{"DC1", "", "vm-b", "esx-01", "poweredOn", {}}, {"DC1", "", "vm-a", "esx-01", "poweredOff", {}}};
  inventory.switches = {Dvs("DC1", "dvs-b", ""), Dvs("DC2", "dvs", ""), Dvs("DC1", "dvs-a", "")};
  const InventoryIndex index(inventory);
  const auto names = [](const auto& items) {
    std::vector<std::string> out;
    for (const auto* item : items) out.push_back(item->name);
    return out;
  };
  EXPECT_EQ(names(index.VmsOn("esx-01")), (std::vector<std::string>{"vm-b", "vm-a"}));
  EXPECT_TRUE(index.VmsOn("esx-02").empty());
  EXPECT_EQ(names(index.HostsIn("DC1")), (std::vector<std::string>{"esx-02", "esx-09", "esx-01"}));
  EXPECT_EQ(names(index.HostsIn("DC1", "A")), (std::vector<std::string>{"esx-02", "esx-01"}));
  EXPECT_EQ(names(index.HostsIn("DC1", "")), (std::vector<std::string>{"esx-09"}));
  // A host on a switch once, however many of its proxy switches name it.
  EXPECT_EQ(names(index.HostsOn("DC1", "dvs")), (std::vector<std::string>{"esx-02", "esx-01"}));
  EXPECT_EQ(names(index.SwitchesIn("DC1")), (std::vector<std::string>{"dvs-b", "dvs-a"}));
}

TEST(DesiredIndex, AnswersForEachHost) {
  DesiredState desired;
  desired.datacenters.resize(1);
  DatacenterSpec& dc = desired.datacenters[0];
  dc.clusters.resize(1);
  dc.clusters[0].hosts = {{"esx-01", {}}};
  dc.distributed_switches.resize(2);
  dc.distributed_switches[0].hosts = {{"esx-01", {}, {}, {1, 1}}, {"esx-01", {}, {}, {2, 1}}};
  desired.esxi.hosts = {{"esx-01", "", {}, "", {}}, {"esx-01", "", {}, "AA:BB", {}}, {"esx-01", "", {}, "CC", {}}};
  const DesiredIndex index(desired);
  EXPECT_TRUE(index.Lists("esx-01"));
  EXPECT_FALSE(index.Lists("esx-02"));
  ASSERT_NE(index.Member(dc.distributed_switches[0], "esx-01"), nullptr);
  EXPECT_EQ(index.Member(dc.distributed_switches[0], "esx-01")->location.line, 1);
  EXPECT_EQ(index.Member(dc.distributed_switches[1], "esx-01"), nullptr);
  EXPECT_EQ(index.Thumbprint("esx-01"), "AA:BB");  // the first that gives one
  EXPECT_EQ(index.Thumbprint("esx-02"), "");
}

TEST(PlanRecorder, FindsTheAddsOfAHost) {
  DesiredState desired;
  Inventory empty;
  PlanRecorder plan(desired, empty, empty);
  plan.Add(ActionKind::AddHost, Side::Target, "esx-01");
  plan.Add(ActionKind::RemoveHost, Side::Source, "DC1/A/esx-01");
  for (int i = 0; i < 100; ++i) plan.Add(ActionKind::CreateFolder, Side::Target, "DC1/vm/f" + std::to_string(i));
  plan.Add(ActionKind::AddHost, Side::Target, "esx-01").inputs = {"second"};
  const std::vector<Action*> adds = plan.HostAdds("esx-01");
  ASSERT_EQ(adds.size(), 2u);
  EXPECT_EQ(adds[0], &plan.actions()[0]);
  EXPECT_EQ(adds[1]->inputs, std::vector<std::string>{"second"});
  EXPECT_TRUE(plan.HostAdds("esx-02").empty());
}

}  // namespace
}  // namespace vcshift::planning
