// What a plan reads of each side (issue 20): the scope from the desired state, then the
// objects selected from a vCenter's outline.

#include "engine/discovery_scope.h"

#include <gtest/gtest.h>

namespace vcshift {
namespace {

DesiredState OneClusterMove() {
  DesiredState desired;
  DatacenterSpec dc;
  dc.name = "DC-East";
  ClusterSpec cluster;
  cluster.name = "Compute-A";
  cluster.hosts = {{"esx-01", {}}, {"esx-02", {}}};
  dc.clusters = {cluster};
  dc.standalone_hosts = {{{"esx-09", {}}, {}, {}}};
  DistributedSwitchSpec dvs;
  dvs.name = "DSwitch-East";
  dvs.inherit = {"DSwitch-Old", {}};
  dvs.hosts = {{"esx-03", {}, {}, {}}};
  dc.distributed_switches = {dvs};
  desired.datacenters = {dc};
  return desired;
}

TEST(DiscoveryScope, TheSourceReadsTheNamedHostsTheDesiredClustersAndTheSwitchesInheritedFrom) {
  const DiscoveryScope scope = DiscoveryScopeOf(OneClusterMove(), Side::Source);
  EXPECT_FALSE(scope.whole);
  EXPECT_EQ(scope.hosts, (std::set<std::string>{"esx-01", "esx-02", "esx-03", "esx-09"}));
  EXPECT_EQ(scope.clusters, (std::set<std::string>{"DC-East/Compute-A"}));
  EXPECT_EQ(scope.switches, (std::set<std::string>{"DSwitch-Old"}));
  EXPECT_TRUE(scope.datacenters.empty());
  EXPECT_FALSE(scope.hosts_datacenters);
}

TEST(DiscoveryScope, TheTargetReadsTheDesiredDatacentersWholeAndTheSameHosts) {
  const DiscoveryScope scope = DiscoveryScopeOf(OneClusterMove(), Side::Target);
  EXPECT_EQ(scope.datacenters, (std::set<std::string>{"DC-East"}));
  EXPECT_EQ(scope.hosts, (std::set<std::string>{"esx-01", "esx-02", "esx-03", "esx-09"}));
  EXPECT_TRUE(scope.switches.empty());  // inherit reads the source
}

TEST(DiscoveryScope, OneVCenterReadsTheUnionOnBothSides) {
  DesiredState desired = OneClusterMove();
  desired.connections.target_is_source = true;
  desired.cleanup.remove_empty_datacenters = true;  // cleanup never runs within one vCenter
  const DiscoveryScope source = DiscoveryScopeOf(desired, Side::Source);
  EXPECT_EQ(source, DiscoveryScopeOf(desired, Side::Target));
  EXPECT_EQ(source.datacenters, (std::set<std::string>{"DC-East"}));
  EXPECT_EQ(source.switches, (std::set<std::string>{"DSwitch-Old"}));
  EXPECT_FALSE(source.hosts_datacenters);
}

TEST(DiscoveryScope, CleanupOfSwitchesOrDatacentersReadsTheNamedHostsDatacentersWhole) {
  for (const bool switches : {true, false}) {
    DesiredState desired = OneClusterMove();
    (switches ? desired.cleanup.remove_unused_distributed_switches : desired.cleanup.remove_empty_datacenters) = true;
    EXPECT_TRUE(DiscoveryScopeOf(desired, Side::Source).hosts_datacenters);
    EXPECT_FALSE(DiscoveryScopeOf(desired, Side::Target).hosts_datacenters);
  }
  DesiredState clusters = OneClusterMove();
  clusters.cleanup.remove_empty_clusters = true;  // a named host's cluster is read whole anyway
  EXPECT_FALSE(DiscoveryScopeOf(clusters, Side::Source).hosts_datacenters);
}

InventoryOutline Outline() {
  InventoryOutline outline;
  outline.clusters = {{"DC1", "A"}, {"DC1", "B"}, {"DC2", "A"}, {"DC2", "Empty"}};
  outline.hosts = {{"DC1", "A", "a1"}, {"DC1", "A", "a2"}, {"DC1", "B", "b1"}, {"DC1", "", "lone"},
                   {"DC2", "A", "c1"}, {"DC3", "", "far"}};
  return outline;
}

TEST(SelectObjects, ANamedHostBringsItsClusterEveryHostOfItWithTheirVmsAndItsDatacentersSwitches) {
  DiscoveryScope scope;
  scope.whole = false;
  scope.hosts = {"a1", "nowhere"};
  const ScopedObjects objects = SelectObjects(scope, Outline());
  EXPECT_EQ(objects.clusters, (std::set<std::pair<std::string, std::string>>{{"DC1", "A"}}));
  EXPECT_EQ(objects.hosts, (std::set<std::string>{"a1", "a2"}));
  EXPECT_EQ(objects.vm_hosts, objects.hosts);
  EXPECT_EQ(objects.switch_datacenters, (std::set<std::string>{"DC1"}));
  EXPECT_TRUE(objects.switches.empty());
}

TEST(SelectObjects, ADesiredClusterIsReadWhereItExistsAndSwitchesByNameAnywhere) {
  DiscoveryScope scope;
  scope.whole = false;
  scope.clusters = {"DC2/A", "DC9/New"};
  scope.switches = {"DSwitch-Old"};
  const ScopedObjects objects = SelectObjects(scope, Outline());
  EXPECT_EQ(objects.clusters, (std::set<std::pair<std::string, std::string>>{{"DC2", "A"}}));
  EXPECT_EQ(objects.hosts, (std::set<std::string>{"c1"}));
  EXPECT_EQ(objects.switch_datacenters, (std::set<std::string>{"DC2"}));
  EXPECT_EQ(objects.switches, (std::set<std::string>{"DSwitch-Old"}));
}

TEST(SelectObjects, ADatacenterOfTheScopeAddsEveryHostButNotTheirVmsOrClusters) {
  DiscoveryScope scope;
  scope.whole = false;
  scope.datacenters = {"DC1", "DC-New"};
  const ScopedObjects objects = SelectObjects(scope, Outline());
  EXPECT_TRUE(objects.clusters.empty());
  EXPECT_EQ(objects.hosts, (std::set<std::string>{"a1", "a2", "b1", "lone"}));
  EXPECT_TRUE(objects.vm_hosts.empty());
  EXPECT_EQ(objects.switch_datacenters, (std::set<std::string>{"DC1", "DC-New"}));
}

TEST(SelectObjects, CleanupReadsTheNamedHostsDatacentersWhole) {
  DiscoveryScope scope;
  scope.whole = false;
  scope.hosts = {"lone"};
  scope.hosts_datacenters = true;
  const ScopedObjects objects = SelectObjects(scope, Outline());
  EXPECT_EQ(objects.hosts, (std::set<std::string>{"a1", "a2", "b1", "lone"}));
  EXPECT_EQ(objects.vm_hosts, (std::set<std::string>{"lone"}));
  EXPECT_TRUE(objects.clusters.empty());  // a standalone host has none
}

}  // namespace
}  // namespace vcshift
