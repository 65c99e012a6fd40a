// The one reader of a host's HostNetworkInfo (discovery's and the host network steps'),
// against the property as vSphere writes it: pNICs named by device, the teaming order as
// given (HostNicOrderPolicy), uplinks by name with their port keys kept for edits.

#include <gtest/gtest.h>

#include <sstream>

#include "engine/host_network.h"
#include "providers/vsphere/host_network_info.h"
#include "soapH.h"

extern SOAP_NMAC struct Namespace namespaces[];

namespace vcshift::vsphere {
namespace {

// vSwitch0 lists vmnic0 active and vmnic1 in neither list; vSwitch1 gives an order that
// lists nothing; vSwitch2 gives none. vmk0 is on a distributed port group of DSwitch1,
// where vmnic4 backs uplink2 by its port key.
constexpr char kNetworkInfo[] = R"(<HostNetworkInfo xmlns="urn:vim25"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <vswitch><name>vSwitch0</name><key>key-vim.host.VirtualSwitch-vSwitch0</key><numPorts>128</numPorts>
    <mtu>9000</mtu><pnic>key-vim.host.PhysicalNic-vmnic0</pnic><pnic>key-vim.host.PhysicalNic-vmnic1</pnic>
    <spec><numPorts>256</numPorts>
      <bridge xsi:type="HostVirtualSwitchBondBridge"><nicDevice>vmnic0</nicDevice><nicDevice>vmnic1</nicDevice></bridge>
      <policy><nicTeaming><policy>failover_explicit</policy><nicOrder><activeNic>vmnic0</activeNic></nicOrder>
      </nicTeaming></policy></spec></vswitch>
  <vswitch><name>vSwitch1</name><key>key-vim.host.VirtualSwitch-vSwitch1</key><numPorts>128</numPorts>
    <pnic>key-vim.host.PhysicalNic-vmnic2</pnic>
    <spec><numPorts>128</numPorts><policy><nicTeaming><nicOrder></nicOrder></nicTeaming></policy></spec></vswitch>
  <vswitch><name>vSwitch2</name><key>key-vim.host.VirtualSwitch-vSwitch2</key><numPorts>64</numPorts>
    <pnic>key-vim.host.PhysicalNic-vmnic3</pnic></vswitch>
  <proxySwitch><dvsUuid>50 2a 11</dvsUuid><dvsName>DSwitch1</dvsName><key>DvsPortset-0</key><numPorts>512</numPorts>
    <numPortsAvailable>500</numPortsAvailable>
    <uplinkPort><key>16</key><value>uplink1</value></uplinkPort><uplinkPort><key>17</key><value>uplink2</value></uplinkPort>
    <spec><backing xsi:type="DistributedVirtualSwitchHostMemberPnicBacking">
      <pnicSpec><pnicDevice>vmnic4</pnicDevice><uplinkPortKey>17</uplinkPortKey></pnicSpec></backing></spec>
  </proxySwitch>
  <portgroup><key>key-vim.host.PortGroup-pg-a</key><spec><name>pg-a</name><vlanId>10</vlanId>
    <vswitchName>vSwitch0</vswitchName><policy></policy></spec></portgroup>
  <pnic><key>key-vim.host.PhysicalNic-vmnic0</key><device>vmnic0</device><pci>0000:0b:00.0</pci>
    <linkSpeed><speedMb>10000</speedMb><duplex>true</duplex></linkSpeed></pnic>
  <pnic><key>key-vim.host.PhysicalNic-vmnic1</key><device>vmnic1</device><pci>0000:0c:00.0</pci></pnic>
  <pnic><key>key-vim.host.PhysicalNic-vmnic2</key><device>vmnic2</device><pci>0000:0d:00.0</pci></pnic>
  <pnic><key>key-vim.host.PhysicalNic-vmnic3</key><device>vmnic3</device><pci>0000:0e:00.0</pci></pnic>
  <pnic><key>key-vim.host.PhysicalNic-vmnic4</key><device>vmnic4</device><pci>0000:0f:00.0</pci></pnic>
  <vnic><device>vmk0</device><key>key-vim.host.VirtualNic-vmk0</key><portgroup></portgroup>
    <spec><ip><dhcp>false</dhcp><ipAddress>10.0.0.11</ipAddress><subnetMask>255.255.255.0</subnetMask></ip>
      <distributedVirtualPort><switchUuid>50 2a 11</switchUuid><portgroupKey>dvportgroup-12</portgroupKey>
      </distributedVirtualPort></spec></vnic>
</HostNetworkInfo>)";

class HostNetworkInfoRead : public ::testing::Test {
 protected:
  HostNetworkInfoRead() : soap_(soap_new1(SOAP_C_UTFSTRING)) {
    soap_set_namespaces(soap_, namespaces);
    input_.str(kNetworkInfo);
    soap_->is = &input_;
    info_ = soap_new_vim25__HostNetworkInfo(soap_);
    EXPECT_EQ(soap_read_vim25__HostNetworkInfo(soap_, info_), SOAP_OK);
    host_.name = "esx-01";
    keys_ = ReadHostNetwork(*info_, host_);
  }
  ~HostNetworkInfoRead() override {
    soap_destroy(soap_);
    soap_end(soap_);
    soap_free(soap_);
  }

  struct soap* soap_;
  std::istringstream input_;
  vim25__HostNetworkInfo* info_ = nullptr;
  InventoryHost host_;
  HostNetworkKeys keys_;
};

TEST_F(HostNetworkInfoRead, TakesATeamingOrderAsGivenAndLeavesAnUnsetOneToTheDefault) {
  ASSERT_EQ(host_.standard_switches.size(), 3u);
  EXPECT_EQ(host_.standard_switches[0],
            (StandardSwitch{"vSwitch0", 9000, {"vmnic0", "vmnic1"}, {"vmnic0"}, {}, {"vmnic1"}}));
  EXPECT_EQ(host_.standard_switches[1], (StandardSwitch{"vSwitch1", 1500, {"vmnic2"}, {}, {}, {"vmnic2"}}));
  EXPECT_EQ(host_.standard_switches[2], (StandardSwitch{"vSwitch2", 1500, {"vmnic3"}, {}, {}, {}}));
  // Where the engine's rules put each: an order that lists a pNIC nowhere leaves it
  // unused, even when it lists none at all; no order at all is the default, all active.
  const HostNetwork state = HostNetworkOf(host_, {}, {});
  EXPECT_EQ(PnicPlace(state, "vmnic0").uplink, "active");
  EXPECT_EQ(PnicPlace(state, "vmnic1").uplink, "unused");
  EXPECT_EQ(PnicPlace(state, "vmnic2").uplink, "unused");
  EXPECT_EQ(PnicPlace(state, "vmnic3").uplink, "active");
}

TEST_F(HostNetworkInfoRead, NamesWhatTheModelNamesAndKeepsWhatAnEditSendsBack) {
  EXPECT_EQ(host_.pnics, (std::vector<PhysicalNic>{
                             {"vmnic0", 10000}, {"vmnic1", 0}, {"vmnic2", 0}, {"vmnic3", 0}, {"vmnic4", 0}}));
  EXPECT_EQ(host_.port_groups, (std::vector<StandardPortGroup>{{"pg-a", "vSwitch0", 10}}));
  EXPECT_EQ(host_.vmkernel_nics, (std::vector<VmkernelNic>{{"vmk0", "dvportgroup-12", "50 2a 11", "10.0.0.11", false}}));
  EXPECT_EQ(host_.proxy_switches, (std::vector<ProxySwitch>{{"DSwitch1", {{"vmnic4", "uplink2"}}}}));
  EXPECT_EQ(keys_.switches.at("vSwitch0").num_ports, 256);
  EXPECT_EQ(keys_.switches.at("vSwitch0").teaming_policy, "failover_explicit");
  EXPECT_EQ(keys_.switches.at("vSwitch2").num_ports, 64);
  EXPECT_EQ(keys_.proxies.at("DSwitch1").uuid, "50 2a 11");
  EXPECT_EQ(keys_.proxies.at("DSwitch1").port_of_uplink,
            (std::map<std::string, std::string>{{"uplink1", "16"}, {"uplink2", "17"}}));
}

}  // namespace
}  // namespace vcshift::vsphere
