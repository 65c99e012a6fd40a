// Distributed switches, port groups and member hosts.

#include "providers/vsphere/dvs_config.h"
#include "providers/vsphere/ops/outcome.h"
#include "tests/vsphere/ops/ops_fixture.h"

namespace vcshift::vsphere {
namespace {

class DvsOpsTest : public OpsTest {
 protected:
  static void Datacenter(const std::string& dc) {
    ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateDatacenter, Side::Target, dc))), "Done");
  }
  static Action CreateSwitch(const std::string& path) {
    return Make(ActionKind::CreateDvs, Side::Target, path, {{"version", "7.0.3"}, {"mtu", "9000"}, {"uplinks", "Uplink 1,Uplink 2"}});
  }
  static std::map<std::string, std::string> PortGroupParams() {
    return {{"vlan", "100"},           {"vlan_trunk", ""},           {"ports", "16"},
            {"port_binding", "static"}, {"teaming_policy", "failover_explicit"},
            {"active_uplinks", "Uplink 1"}, {"standby_uplinks", "Uplink 2"}};
  }
  // The switch's settings as discovery reads them, its version from summary.productInfo.
  static InventoryDvs SwitchAt(const std::string& path) {
    InventoryDvs dvs;
    const MoRef ref = Find(Side::Target, path);
    Read(Side::Target, ref, "summary.productInfo", [&](const xsd__anyType* value) {
      if (auto* product = dynamic_cast<const vim25__DistributedVirtualSwitchProductSpec*>(value)) {
        dvs.version = product->version ? *product->version : "";
      }
    });
    Read(Side::Target, ref, "config", [&](const xsd__anyType* value) {
      if (auto* config = dynamic_cast<const vim25__DVSConfigInfo*>(value)) ReadSwitchConfig(*config, dvs);
    });
    return dvs;
  }
  static DvsPortGroup PortGroupAt(const std::string& path) {
    DvsPortGroup group;
    Read(Side::Target, Find(Side::Target, path), "config", [&](const xsd__anyType* value) {
      if (auto* config = dynamic_cast<const vim25__DVPortgroupConfigInfo*>(value)) ReadPortGroupConfig(*config, group);
    });
    return group;
  }
  static std::vector<MoRef> Members(Side side, const std::string& dvs_path) {
    std::vector<MoRef> members;
    Read(side, Find(side, dvs_path), "summary.hostMember", [&](const xsd__anyType* value) {
      if (auto* array = dynamic_cast<const vim25__ArrayOfManagedObjectReference*>(value)) {
        for (const auto* ref : array->ManagedObjectReference) members.push_back({ref->type, ref->__item});
      }
    });
    return members;
  }
};

TEST_F(DvsOpsTest, CreateDvsThenAlreadyDoneThenUndone) {
  Datacenter("DC-dvs");
  const Action create = CreateSwitch("DC-dvs/DSwitch-new");
  const ActionResult made = Run(create);
  ASSERT_EQ(Outcome(made), "Done");
  const MoRef dvs = Find(Side::Target, "DC-dvs/network/DSwitch-new");
  ASSERT_FALSE(dvs.empty());
  std::vector<std::string> uplinks;
  Read(Side::Target, dvs, "config", [&](const xsd__anyType* value) {
    if (auto* config = dynamic_cast<const vim25__VMwareDVSConfigInfo*>(value)) {
      if (auto* names = dynamic_cast<const vim25__DVSNameArrayUplinkPortPolicy*>(config->uplinkPortPolicy)) uplinks = names->uplinkPortName;
    }
  });
  EXPECT_EQ(uplinks, (std::vector<std::string>{"Uplink 1", "Uplink 2"}));
  EXPECT_EQ(SwitchAt("DC-dvs/network/DSwitch-new").mtu, 9000);
  EXPECT_FALSE(SwitchAt("DC-dvs/network/DSwitch-new").nioc);
  EXPECT_EQ(Outcome(Run(create)), "AlreadyDone");
  const Action undo = InverseOf(create, made);
  EXPECT_EQ(Outcome(Run(undo)), "Done");
  EXPECT_TRUE(Find(Side::Target, "DC-dvs/network/DSwitch-new").empty());
  EXPECT_EQ(Outcome(Run(undo)), "AlreadyDone");
}

TEST_F(DvsOpsTest, CreateDvsTurnsOnNetworkIoControl) {
  Datacenter("DC-nioc");
  Action create = CreateSwitch("DC-nioc/DSw");
  create.params["nioc"] = "true";
  ASSERT_EQ(Outcome(Run(create)), "Done");
  EXPECT_TRUE(SwitchAt("DC-nioc/network/DSw").nioc);
  EXPECT_EQ(Outcome(Run(create)), "AlreadyDone");
}

// The switch is made and NIOC then refused: half done, so the executor retries and, giving
// up, undoes it (a plain failure would leave the switch behind a rollback).
TEST_F(DvsOpsTest, NetworkIoControlRefusedAfterTheCreateIsHalfDone) {
  Datacenter("DC-niocf");
  Action create = CreateSwitch("DC-niocf/DSw");
  create.params["nioc"] = "true";
  Inject("target", R"({"method":"EnableNetworkResourceManagement","kind":"soap_fault","fault":"DvsFault","message":"A general fault occurred."})");
  const ActionResult result = Run(create);
  EXPECT_EQ(result.fault, "DvsFault") << Outcome(result);
  EXPECT_TRUE(result.transient);
  EXPECT_FALSE(SwitchAt("DC-niocf/network/DSw").nioc);
  ASSERT_EQ(Outcome(Run(create)), "Done");  // the retry finds the switch and turns NIOC on
  EXPECT_TRUE(SwitchAt("DC-niocf/network/DSw").nioc);
}

TEST_F(DvsOpsTest, ConfigureDvsChangesWhatDiffersAndItsInverseSetsItBack) {
  Datacenter("DC-cfg");
  ASSERT_EQ(Outcome(Run(CreateSwitch("DC-cfg/DSw"))), "Done");
  const Action configure = Make(ActionKind::ConfigureDvs, Side::Target, "DC-cfg/DSw",
                                {{"mtu", "1600"}, {"nioc", "true"}, {"uplinks", "Uplink 1,Uplink 2"}});
  const ActionResult done = Run(configure);
  ASSERT_EQ(Outcome(done), "Done");
  EXPECT_EQ(done.captured, (Captured{{"mtu", "9000"}, {"nioc", "false"}}));  // the uplinks did not change
  InventoryDvs now = SwitchAt("DC-cfg/network/DSw");
  EXPECT_EQ(now.mtu, 1600);
  EXPECT_TRUE(now.nioc);
  EXPECT_EQ(Outcome(Run(configure)), "AlreadyDone");
  const Action renamed = Make(ActionKind::ConfigureDvs, Side::Target, "DC-cfg/DSw", {{"uplinks", "up-a,up-b"}});
  const ActionResult rename = Run(renamed);
  ASSERT_EQ(Outcome(rename), "Done");
  EXPECT_EQ(SwitchAt("DC-cfg/network/DSw").uplinks, (std::vector<std::string>{"up-a", "up-b"}));
  ASSERT_EQ(Outcome(Run(InverseOf(renamed, rename))), "Done");
  ASSERT_EQ(Outcome(Run(InverseOf(configure, done))), "Done");
  now = SwitchAt("DC-cfg/network/DSw");
  EXPECT_EQ(now.mtu, 9000);
  EXPECT_FALSE(now.nioc);
  EXPECT_EQ(now.uplinks, (std::vector<std::string>{"Uplink 1", "Uplink 2"}));
}

TEST_F(DvsOpsTest, UpgradeDvsGoesUpOnly) {
  Datacenter("DC-up");
  Action create = CreateSwitch("DC-up/DSw");
  create.params["version"] = "7.0.0";
  ASSERT_EQ(Outcome(Run(create)), "Done");
  const Action upgrade = Make(ActionKind::UpgradeDvs, Side::Target, "DC-up/DSw", {{"version", "7.0.3"}});
  const ActionResult done = Run(upgrade);
  ASSERT_EQ(Outcome(done), "Done");
  EXPECT_EQ(done.captured, (Captured{{"version", "7.0.0"}}));
  EXPECT_EQ(SwitchAt("DC-up/network/DSw").version, "7.0.3");
  EXPECT_EQ(Outcome(Run(upgrade)), "AlreadyDone");
  const ActionResult down = Run(Make(ActionKind::UpgradeDvs, Side::Target, "DC-up/DSw", {{"version", "7.0.0"}}));
  EXPECT_EQ(down.fault, "InvalidArgument") << Outcome(down);
  EXPECT_EQ(SwitchAt("DC-up/network/DSw").version, "7.0.3");
}

TEST_F(DvsOpsTest, ConfigurePortGroupChangesWhatDiffersAndItsInverseSetsItBack) {
  Datacenter("DC-pgc");
  ASSERT_EQ(Outcome(Run(CreateSwitch("DC-pgc/DSw"))), "Done");
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateDvsPortGroup, Side::Target, "DC-pgc/DSw/pg-c", PortGroupParams()))),
            "Done");
  const DvsPortGroup before = PortGroupAt("DC-pgc/network/pg-c");
  // Every uplink active again: the port group inherits its switch's order.
  const Action configure = Make(ActionKind::ConfigureDvsPortGroup, Side::Target, "DC-pgc/DSw/pg-c",
                                {{"vlan", "200"}, {"active_uplinks", ""}, {"standby_uplinks", ""}, {"ports", "16"}});
  const ActionResult done = Run(configure);
  ASSERT_EQ(Outcome(done), "Done");
  EXPECT_EQ(done.captured,
            (Captured{{"vlan", "100"}, {"active_uplinks", "Uplink 1"}, {"standby_uplinks", "Uplink 2"}}));
  DvsPortGroup now = PortGroupAt("DC-pgc/network/pg-c");
  EXPECT_EQ(now.vlan, 200);
  EXPECT_EQ(now.active_uplinks, std::vector<std::string>{});
  EXPECT_EQ(now.ports, 16);
  EXPECT_EQ(now.teaming_policy, "failover_explicit");
  EXPECT_EQ(Outcome(Run(configure)), "AlreadyDone");
  ASSERT_EQ(Outcome(Run(InverseOf(configure, done))), "Done");
  EXPECT_EQ(PortGroupAt("DC-pgc/network/pg-c"), before);
}

TEST_F(DvsOpsTest, ASwitchWithMembersIsNotDestroyed) {
  const ActionResult result = Run(Make(ActionKind::DestroyDvs, Side::Source, "DC1/DSwitch1"));
  EXPECT_EQ(result.fault, "ResourceInUse") << Outcome(result);
  EXPECT_FALSE(Find(Side::Source, "DC1/network/DSwitch1").empty());
}

TEST_F(DvsOpsTest, CreateDvsFaultIsReported) {
  Datacenter("DC-dvsf");
  Inject("target", R"({"method":"CreateDVS_Task","kind":"task_error","fault":"DvsNotAuthorized","message":"The switch is owned by another extension."})");
  const ActionResult result = Run(CreateSwitch("DC-dvsf/DSwitch-x"));
  EXPECT_EQ(result.fault, "DvsNotAuthorized") << Outcome(result);
  EXPECT_NE(result.message.find("The switch is owned by another extension."), std::string::npos) << result.message;
  EXPECT_FALSE(result.transient);
}

TEST_F(DvsOpsTest, PortGroupWithVlanAndTeamingThenAlreadyDoneThenUndone) {
  Datacenter("DC-pg");
  ASSERT_EQ(Outcome(Run(CreateSwitch("DC-pg/DSw"))), "Done");
  const Action create = Make(ActionKind::CreateDvsPortGroup, Side::Target, "DC-pg/DSw/pg-web", PortGroupParams());
  const ActionResult made = Run(create);
  ASSERT_EQ(Outcome(made), "Done");
  const MoRef group = Find(Side::Target, "DC-pg/network/pg-web");
  ASSERT_EQ(group.type, "DistributedVirtualPortgroup");
  int vlan = -1, ports = 0;
  std::string policy;
  std::vector<std::string> active;
  Read(Side::Target, group, "config", [&](const xsd__anyType* value) {
    auto* config = dynamic_cast<const vim25__DVPortgroupConfigInfo*>(value);
    if (!config) return;
    ports = config->numPorts;
    auto* setting = dynamic_cast<const vim25__VMwareDVSPortSetting*>(config->defaultPortConfig);
    if (!setting) return;
    if (auto* id = dynamic_cast<const vim25__VmwareDistributedVirtualSwitchVlanIdSpec*>(setting->vlan)) vlan = id->vlanId;
    if (setting->uplinkTeamingPolicy && setting->uplinkTeamingPolicy->policy && setting->uplinkTeamingPolicy->policy->value) {
      policy = *setting->uplinkTeamingPolicy->policy->value;
    }
    if (setting->uplinkTeamingPolicy && setting->uplinkTeamingPolicy->uplinkPortOrder) {
      active = setting->uplinkTeamingPolicy->uplinkPortOrder->activeUplinkPort;
    }
  });
  EXPECT_EQ(vlan, 100);
  EXPECT_EQ(ports, 16);
  EXPECT_EQ(policy, "failover_explicit");
  EXPECT_EQ(active, std::vector<std::string>{"Uplink 1"});
  EXPECT_EQ(Outcome(Run(create)), "AlreadyDone");
  const Action undo = InverseOf(create, made);
  EXPECT_EQ(Outcome(Run(undo)), "Done");
  EXPECT_TRUE(Find(Side::Target, "DC-pg/network/pg-web").empty());
  EXPECT_EQ(Outcome(Run(undo)), "AlreadyDone");
}

TEST_F(DvsOpsTest, TrunkPortGroupCarriesItsRanges) {
  Datacenter("DC-trunk");
  ASSERT_EQ(Outcome(Run(CreateSwitch("DC-trunk/DSw"))), "Done");
  auto params = PortGroupParams();
  params["vlan_trunk"] = "100-110,200";
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateDvsPortGroup, Side::Target, "DC-trunk/DSw/pg-trunk", params))), "Done");
  std::vector<std::pair<int, int>> ranges;
  Read(Side::Target, Find(Side::Target, "DC-trunk/network/pg-trunk"), "config", [&](const xsd__anyType* value) {
    auto* config = dynamic_cast<const vim25__DVPortgroupConfigInfo*>(value);
    auto* setting = config ? dynamic_cast<const vim25__VMwareDVSPortSetting*>(config->defaultPortConfig) : nullptr;
    auto* trunk = setting ? dynamic_cast<const vim25__VmwareDistributedVirtualSwitchTrunkVlanSpec*>(setting->vlan) : nullptr;
    if (!trunk) return;
    for (const auto* range : trunk->vlanId) ranges.emplace_back(range->start, range->end);
  });
  EXPECT_EQ(ranges, (std::vector<std::pair<int, int>>{{100, 110}, {200, 200}}));
}

TEST_F(DvsOpsTest, PortGroupOnAMissingSwitchIsRefused) {
  const ActionResult result = Run(Make(ActionKind::CreateDvsPortGroup, Side::Source, "DC1/NoSwitch/pg", PortGroupParams()));
  EXPECT_EQ(result.fault, "NotFound") << Outcome(result);
}

TEST_F(DvsOpsTest, PortGroupFaultIsReported) {
  Datacenter("DC-pgf");
  ASSERT_EQ(Outcome(Run(CreateSwitch("DC-pgf/DSw"))), "Done");
  Inject("target", R"({"method":"AddDVPortgroup_Task","kind":"task_error","fault":"DuplicateName","message":"The name pg-dup already exists."})");
  const ActionResult result = Run(Make(ActionKind::CreateDvsPortGroup, Side::Target, "DC-pgf/DSw/pg-dup", PortGroupParams()));
  EXPECT_EQ(result.fault, "DuplicateName") << Outcome(result);
  EXPECT_NE(result.message.find("The name pg-dup already exists."), std::string::npos) << result.message;
}

TEST_F(DvsOpsTest, AHostJoinsAndLeavesASwitch) {
  Datacenter("DC-join");
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateCluster, Side::Target, "DC-join/C",
                             {{"ha.enabled", "false"}, {"drs.enabled", "false"}, {"evc_mode", "disabled"}}))),
            "Done");
  ASSERT_EQ(Outcome(Run(Make(ActionKind::AddHost, Side::Target, Spare(1), {{"cluster", "DC-join/C"}, {"thumbprint", SpareThumbprint(1)}}))),
            "Done");
  ASSERT_EQ(Outcome(Run(CreateSwitch("DC-join/DSw"))), "Done");
  const Action join = Make(ActionKind::JoinHostToDvs, Side::Target, "DC-join/DSw/" + Spare(1),
                           {{"uplinks", "vmnic2=Uplink 1,vmnic3=Uplink 2"}, {"vmkernel", ""}});
  const ActionResult joined = Run(join);
  ASSERT_EQ(Outcome(joined), "Done");
  const MoRef host = Find(Side::Target, "DC-join/host/C/" + Spare(1));
  EXPECT_EQ(Members(Side::Target, "DC-join/network/DSw"), std::vector<MoRef>{host});
  EXPECT_EQ(Outcome(Run(join)), "AlreadyDone");
  const Action leave = InverseOf(join, joined);
  const ActionResult left = Run(leave);
  ASSERT_EQ(Outcome(left), "Done");
  EXPECT_TRUE(Members(Side::Target, "DC-join/network/DSw").empty());
  EXPECT_EQ(Outcome(Run(leave)), "AlreadyDone");
}

TEST_F(DvsOpsTest, AMemberWithItsUplinksIsAlreadyJoined) {
  const ActionResult result = Run(Make(ActionKind::JoinHostToDvs, Side::Source, "DC1/DSwitch1/esx-01.sim.local",
                                       {{"uplinks", "vmnic0=uplink1,vmnic1=uplink2"}, {"vmkernel", "vmk0=pg-mgmt"}}));
  EXPECT_EQ(Outcome(result), "AlreadyDone");
}

TEST_F(DvsOpsTest, JoinFaultIsReported) {
  Datacenter("DC-joinf");
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateCluster, Side::Target, "DC-joinf/C",
                             {{"ha.enabled", "false"}, {"drs.enabled", "false"}, {"evc_mode", "disabled"}}))),
            "Done");
  ASSERT_EQ(Outcome(Run(Make(ActionKind::AddHost, Side::Target, Spare(2), {{"cluster", "DC-joinf/C"}, {"thumbprint", SpareThumbprint(2)}}))),
            "Done");
  ASSERT_EQ(Outcome(Run(CreateSwitch("DC-joinf/DSw"))), "Done");
  Inject("target", R"({"method":"ReconfigureDvs_Task","kind":"task_error","fault":"DvsFault","message":"The host proxy switch cannot be created."})");
  const ActionResult result = Run(Make(ActionKind::JoinHostToDvs, Side::Target, "DC-joinf/DSw/" + Spare(2),
                                       {{"uplinks", "vmnic2=Uplink 1"}, {"vmkernel", ""}}));
  EXPECT_EQ(result.fault, "DvsFault") << Outcome(result);
  EXPECT_NE(result.message.find("The host proxy switch cannot be created."), std::string::npos) << result.message;
  EXPECT_TRUE(Members(Side::Target, "DC-joinf/network/DSw").empty());
}

TEST_F(DvsOpsTest, APnicAStandardSwitchUsesIsRefusedByVCenter) {
  Datacenter("DC-busy");
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateCluster, Side::Target, "DC-busy/C",
                             {{"ha.enabled", "false"}, {"drs.enabled", "false"}, {"evc_mode", "disabled"}}))),
            "Done");
  ASSERT_EQ(Outcome(Run(Make(ActionKind::AddHost, Side::Target, Spare(3), {{"cluster", "DC-busy/C"}, {"thumbprint", SpareThumbprint(3)}}))),
            "Done");
  ASSERT_EQ(Outcome(Run(CreateSwitch("DC-busy/DSw"))), "Done");
  const ActionResult result = Run(Make(ActionKind::JoinHostToDvs, Side::Target, "DC-busy/DSw/" + Spare(3),
                                       {{"uplinks", "vmnic0=Uplink 1"}, {"vmkernel", ""}}));
  EXPECT_EQ(result.fault, "ResourceInUse") << "vmnic0 is vSwitch0's: " << Outcome(result);
  EXPECT_TRUE(Members(Side::Target, "DC-busy/network/DSw").empty());
}

}  // namespace
}  // namespace vcshift::vsphere
