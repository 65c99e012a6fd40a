// Prechecks the planner makes from the inventories: a plan that would fail is refused
// before anything is touched, with a reason a person can act on.

#include <gtest/gtest.h>

#include "engine/planner.h"
#include "engine/validation.h"
#include "engine/version.h"
#include "tests/engine/inventory_fixtures.h"

namespace vcshift::testing {
namespace {

const std::string kHeader =
    "version: 1\nconnections:\n  source: {url: https://127.0.0.1:8989/sdk, user: u}\n"
    "  target: {url: https://127.0.0.1:8990/sdk, user: u}\ndatacenters:\n  - name: DC1\n";

std::vector<std::string> Refusals(const std::string& datacenter_body, const Inventory& source, const Inventory& target) {
  const LoadResult loaded = LoadDesiredStateText(kHeader + datacenter_body, "d.yaml");
  EXPECT_TRUE(loaded.state) << (loaded.diagnostics.empty() ? "" : Format(loaded.diagnostics.front()));
  const PlanResult result = MakePlan(*loaded.state, source, target);
  std::vector<std::string> messages;
  for (const auto& d : result.diagnostics) messages.push_back(Format(d));
  EXPECT_EQ(result.plan.has_value(), messages.empty());
  return messages;
}

TEST(Version, ComparesComponentByComponent) {
  EXPECT_EQ(CompareVersions("7.0.3", "7.0.3.0"), 0);
  EXPECT_LT(CompareVersions("7.0.2", "7.0.10"), 0);
  EXPECT_GT(CompareVersions("8.0.0", "7.0.3.0"), 0);
  EXPECT_LT(CompareVersions("6.7", "7"), 0);
}

TEST(Prechecks, HostNewerThanTheTargetVCenter) {
  Inventory source = SampleSource();
  source.hosts[0].version = "8.0.1";
  EXPECT_EQ(Refusals("    clusters: [{name: C, hosts: [esx-01.sim.local]}]\n", source, EmptyTarget()),
            std::vector<std::string>{"d.yaml:7:34: error: host 'esx-01.sim.local' runs ESXi 8.0.1, newer than the "
                                     "target vCenter (API 7.0.3.0) can manage; upgrade the target vCenter first"});
}

TEST(Prechecks, HostOlderThanTheSwitch) {
  Inventory source = SampleSource();
  source.hosts[0].version = "6.7.0";
  EXPECT_EQ(Refusals("    clusters: [{name: C, hosts: [esx-01.sim.local]}]\n"
                     "    distributed_switches:\n      - name: D\n        version: 7.0.0\n"
                     "        hosts: [{name: esx-01.sim.local}]\n",
                     source, EmptyTarget()),
            std::vector<std::string>{"d.yaml:11:17: error: host 'esx-01.sim.local' runs ESXi 6.7.0 and cannot join "
                                     "switch 'D' of version 7.0.0; a host joins a distributed switch of its own "
                                     "version or older"});
}

TEST(Prechecks, ClusterNameTakenOnTheTarget) {
  Inventory target = EmptyTarget();
  target.datacenters = {{"DC1", {"Prod", "Gold"}, {}}};
  target.clusters = {{"DC1", "Old", "Silver", {}, {}, "", false, {}, {}}};
  EXPECT_EQ(Refusals("    host_folders: [Prod]\n    clusters:\n"
                     "      - {name: Silver, folder: Prod}\n      - {name: Gold}\n",
                     SampleSource(), target),
            (std::vector<std::string>{
                "d.yaml:9:9: error: cluster 'DC1/Silver' exists on the target in folder 'Old', not 'Prod'; vcshift "
                "does not move clusters",
                "d.yaml:10:9: error: a folder named 'Gold' already exists on the target in datacenter 'DC1' where "
                "cluster 'Gold' would be"}));
}

TEST(Prechecks, PortGroupNameTakenByAnotherSwitch) {
  Inventory target = EmptyTarget();
  target.datacenters = {{"DC1", {}, {}}};
  InventoryDvs other;
  other.datacenter = "DC1";
  other.name = "Legacy";
  other.port_groups = {{"pg-web", 5, {}, 8, "static", "loadbalance_srcid", {}, {}}};
  target.switches = {other};
  EXPECT_EQ(Refusals("    distributed_switches:\n      - {name: D, port_groups: [{name: pg-web}, {name: pg-db}]}\n",
                     SampleSource(), target),
            std::vector<std::string>{"d.yaml:8:9: error: port group 'pg-web' already exists on switch 'Legacy' in "
                                     "datacenter 'DC1'; port group names are unique in a datacenter"});
}

TEST(Prechecks, HostInAVsanCluster) {
  Inventory source = SampleSource();
  source.clusters[0].vsan = true;
  EXPECT_EQ(Refusals("    clusters: [{name: C, hosts: [esx-01.sim.local]}]\n", source, EmptyTarget()),
            std::vector<std::string>{"d.yaml:7:34: error: host 'esx-01.sim.local' is in vSAN cluster 'DC1/Cluster1'; "
                                     "vcshift does not move vSAN hosts (their disks hold the cluster's data)"});
}

TEST(Prechecks, HostOnASwitchWithLacp) {
  Inventory source = SampleSource();
  source.switches[0].lacp_groups = {"lag1"};
  EXPECT_EQ(Refusals("    clusters: [{name: C, hosts: [esx-01.sim.local]}]\n", source, EmptyTarget()),
            std::vector<std::string>{"d.yaml:7:34: error: host 'esx-01.sim.local' is on distributed switch "
                                     "'DSwitch1', which uses LACP (lag1); move its uplinks off the link "
                                     "aggregation first"});
}

// Rebalancing: esx-02 (vm-3 and vm-4 powered on) moves from Cluster1 to Gold.
std::vector<std::string> RebalanceRefusals(const Inventory& inventory) {
  const LoadResult loaded = LoadDesiredStateText(
      "version: 1\nconnections:\n  source: {url: https://vc, user: u}\n  target: {same_as: source}\n"
      "datacenters:\n  - name: DC1\n    clusters:\n      - {name: Gold, hosts: [esx-02.sim.local]}\n",
      "d.yaml");
  std::vector<std::string> messages;
  for (const auto& d : MakePlan(*loaded.state, inventory, inventory).diagnostics) messages.push_back(Format(d));
  return messages;
}

Inventory TwoClusters() {
  Inventory inventory = SampleSource();
  InventoryCluster gold = inventory.clusters[0];
  gold.name = "Gold";
  inventory.clusters.push_back(gold);
  return inventory;
}

TEST(Prechecks, PoweredOnVmsNeedFullyAutomatedDrsToLeave) {
  EXPECT_TRUE(RebalanceRefusals(TwoClusters()).empty());
  Inventory inventory = TwoClusters();
  inventory.clusters[0].drs.automation_level = "partiallyAutomated";
  EXPECT_EQ(RebalanceRefusals(inventory),
            std::vector<std::string>{"d.yaml:8:30: error: host 'esx-02.sim.local' has 2 powered-on VMs and cluster "
                                     "'DC1/Cluster1' does not have fully automated DRS to move them; vMotion or power "
                                     "them off first, or set DRS to fullyAutomated"});
  inventory.vms[2].power_state = inventory.vms[3].power_state = "poweredOff";
  EXPECT_TRUE(RebalanceRefusals(inventory).empty()) << "powered-off VMs stay on the host";
}

TEST(Prechecks, PoweredOnVmsNeedAnotherHostToGoTo) {
  Inventory inventory = TwoClusters();
  inventory.hosts[0].maintenance_mode = true;
  EXPECT_EQ(RebalanceRefusals(inventory),
            std::vector<std::string>{"d.yaml:8:30: error: host 'esx-02.sim.local' has 2 powered-on VMs and no other "
                                     "host of cluster 'DC1/Cluster1' can take them"});
}

TEST(Prechecks, VmOnANetworkLocalToItsHost) {
  Inventory inventory = TwoClusters();
  inventory.hosts[1].standard_switches = {{"vSwitch-internal", 1500, {}, {}, {}}};
  inventory.hosts[1].port_groups = {{"isolated", "vSwitch-internal", 0}};
  inventory.vms[2].nics = {{"Network adapter 1", "isolated", "", true}};
  EXPECT_EQ(RebalanceRefusals(inventory),
            std::vector<std::string>{"d.yaml:8:30: error: VM 'vm-3' on host 'esx-02.sim.local' is on network "
                                     "'isolated', which has no physical NIC, so it cannot be moved off the host; "
                                     "move or power off the VM first"});
  inventory.hosts[1].standard_switches[0].pnics = {"vmnic2"};
  EXPECT_TRUE(RebalanceRefusals(inventory).empty());
}

}  // namespace
}  // namespace vcshift::testing
