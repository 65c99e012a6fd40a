package main

import (
	"reflect"
	"testing"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

func dvsConfig(t *testing.T, c *govmomi.Client, name string) *types.VMwareDVSConfigInfo {
	t.Helper()
	_, sw := dvSwitch(t, c, name)
	return sw.Config.(*types.VMwareDVSConfigInfo)
}

func createSwitch(t *testing.T, c *govmomi.Client, spec types.DVSCreateSpec) *object.DistributedVirtualSwitch {
	t.Helper()
	if f := taskFault(datacenterFolders(t, c, "DC1").NetworkFolder.CreateDVS(tctxLong(t), spec)); f != nil {
		t.Fatal(f)
	}
	d, _ := dvSwitch(t, c, spec.ConfigSpec.GetDVSConfigSpec().Name)
	return d
}

// A client's new switch has the MTU it asked for (vcsim kept 1500), its first
// member's proxy switch too, and the proxy switches follow a changed MTU.
func TestSwitchMTUFromCreateToMembers(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	h := mustHost(t, c, "DC1", "esx-01.sim.local")
	d := createSwitch(t, c, types.DVSCreateSpec{ConfigSpec: &types.VMwareDVSConfigSpec{
		DVSConfigSpec: types.DVSConfigSpec{Name: "DSwitch2",
			UplinkPortPolicy: &types.DVSNameArrayUplinkPortPolicy{UplinkPortName: []string{"u1"}}},
		MaxMtu: 9000}})
	if got := dvsConfig(t, c, "DSwitch2").MaxMtu; got != 9000 {
		t.Errorf("maxMtu %d, want 9000", got)
	}
	if f := reconfigureMember(t, d, h, "add", nil); f != nil {
		t.Fatal(f)
	}
	if got := proxyOf(t, h, "DSwitch2").Mtu; got != 9000 {
		t.Errorf("first member's proxy switch mtu %d, want 9000", got)
	}
	if f := taskFault(d.Reconfigure(tctxLong(t), &types.VMwareDVSConfigSpec{MaxMtu: 1600})); f != nil {
		t.Fatal(f)
	}
	if got, px := dvsConfig(t, c, "DSwitch2").MaxMtu, proxyOf(t, h, "DSwitch2").Mtu; got != 1600 || px != 1600 {
		t.Errorf("after a reconfigure: maxMtu %d, proxy switch %d, want 1600", got, px)
	}
}

func TestEnableNetworkResourceManagement(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	d, _ := dvSwitch(t, c, "DSwitch1")
	for _, enable := range []bool{false, true} {
		req := types.EnableNetworkResourceManagement{This: d.Reference(), Enable: enable}
		if _, err := methods.EnableNetworkResourceManagement(tctxLong(t), c.Client, &req); err != nil {
			t.Fatal(err)
		}
		if got := dvsConfig(t, c, "DSwitch1").NetworkResourceManagementEnabled; got == nil || *got != enable {
			t.Errorf("enable %v: networkResourceManagementEnabled %v", enable, got)
		}
	}
}

func productOperation(t *testing.T, c *govmomi.Client, d *object.DistributedVirtualSwitch, op, version string) types.BaseMethodFault {
	t.Helper()
	req := types.PerformDvsProductSpecOperation_Task{This: d.Reference(), Operation: op,
		ProductSpec: &types.DistributedVirtualSwitchProductSpec{Version: version}}
	res, err := methods.PerformDvsProductSpecOperation_Task(tctxLong(t), c.Client, &req)
	if err != nil {
		return taskFault(nil, err)
	}
	return taskFault(object.NewTask(c.Client, res.Returnval), nil)
}

// Upgrade only: never down, never past a member host's ESXi version.
func TestSwitchVersionUpgrade(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	d := createSwitch(t, c, types.DVSCreateSpec{
		ConfigSpec:  &types.VMwareDVSConfigSpec{DVSConfigSpec: types.DVSConfigSpec{Name: "DSwitch2"}},
		ProductInfo: &types.DistributedVirtualSwitchProductSpec{Version: "6.6.0"}})
	if f := productOperation(t, c, d, "upgrade", "7.0.0"); f != nil {
		t.Fatal(f)
	}
	_, sw := dvSwitch(t, c, "DSwitch2")
	if got := sw.Config.GetDVSConfigInfo().ProductInfo.Version; got != "7.0.0" {
		t.Errorf("config.productInfo.version %s, want 7.0.0", got)
	}
	var summary mo.DistributedVirtualSwitch
	if err := d.Properties(tctxLong(t), d.Reference(), []string{"summary"}, &summary); err != nil {
		t.Fatal(err)
	}
	if got := summary.Summary.ProductInfo.Version; got != "7.0.0" {
		t.Errorf("summary.productInfo.version %s, want 7.0.0", got)
	}
	if f := productOperation(t, c, d, "upgrade", "6.6.0"); !reflect.DeepEqual(f, &types.InvalidArgument{InvalidProperty: "productSpec.version"}) {
		t.Errorf("a downgrade: %#v", f)
	}
	if f := productOperation(t, c, d, "preInstall", "7.0.3"); !reflect.DeepEqual(f, &types.InvalidArgument{InvalidProperty: "operation"}) {
		t.Errorf("another operation: %#v", f)
	}
	d1, _ := dvSwitch(t, c, "DSwitch1") // members run ESXi 7.0.3
	if f := productOperation(t, c, d1, "upgrade", "8.0.0"); f == nil {
		t.Errorf("an upgrade past the members' ESXi version succeeded")
	}
}

func portgroupConfig(t *testing.T, c *govmomi.Client, name string) (*object.DistributedVirtualPortgroup, types.DVPortgroupConfigInfo) {
	t.Helper()
	n, err := finder(t, c, "DC1").Network(tctxLong(t), name)
	if err != nil {
		t.Fatal(err)
	}
	pg := n.(*object.DistributedVirtualPortgroup)
	var props mo.DistributedVirtualPortgroup
	if err := pg.Properties(tctxLong(t), pg.Reference(), []string{"config"}, &props); err != nil {
		t.Fatal(err)
	}
	return pg, props.Config
}

// vCenter changes what the spec sets and keeps the rest; vcsim replaced the
// whole config, the name included.
func TestReconfigurePortgroupKeepsWhatTheSpecLeavesOut(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	pg, before := portgroupConfig(t, c, "pg-vm")
	spec := types.DVPortgroupConfigSpec{ConfigVersion: before.ConfigVersion, DefaultPortConfig: &types.VMwareDVSPortSetting{
		Vlan: &types.VmwareDistributedVirtualSwitchVlanIdSpec{VlanId: 200}}}
	if f := taskFault(pg.Reconfigure(tctxLong(t), spec)); f != nil {
		t.Fatal(f)
	}
	_, after := portgroupConfig(t, c, "pg-vm")
	set := after.DefaultPortConfig.(*types.VMwareDVSPortSetting)
	if vlan, ok := set.Vlan.(*types.VmwareDistributedVirtualSwitchVlanIdSpec); !ok || vlan.VlanId != 200 {
		t.Errorf("vlan %#v, want 200", set.Vlan)
	}
	if after.Name != "pg-vm" || after.NumPorts != before.NumPorts || after.Type != before.Type {
		t.Errorf("name %q ports %d type %q, want them kept", after.Name, after.NumPorts, after.Type)
	}
	if set.UplinkTeamingPolicy == nil || set.UplinkTeamingPolicy.Policy.Value != "loadbalance_srcid" {
		t.Errorf("teaming not kept: %#v", set.UplinkTeamingPolicy)
	}
	order := &types.VMwareUplinkPortOrderPolicy{ActiveUplinkPort: []string{"uplink2"}, StandbyUplinkPort: []string{"uplink1"}}
	spec = types.DVPortgroupConfigSpec{DefaultPortConfig: &types.VMwareDVSPortSetting{
		UplinkTeamingPolicy: &types.VmwareUplinkPortTeamingPolicy{UplinkPortOrder: order}}}
	if f := taskFault(pg.Reconfigure(tctxLong(t), spec)); f != nil {
		t.Fatal(f)
	}
	_, after = portgroupConfig(t, c, "pg-vm")
	set = after.DefaultPortConfig.(*types.VMwareDVSPortSetting)
	if vlan, ok := set.Vlan.(*types.VmwareDistributedVirtualSwitchVlanIdSpec); !ok || vlan.VlanId != 200 {
		t.Errorf("vlan after a teaming change %#v, want 200 kept", set.Vlan)
	}
	if got := set.UplinkTeamingPolicy; got.Policy == nil || got.Policy.Value != "loadbalance_srcid" || !reflect.DeepEqual(got.UplinkPortOrder, order) {
		t.Errorf("teaming %#v, want the policy kept and the order set", got)
	}
	inherit := &types.VMwareUplinkPortOrderPolicy{InheritablePolicy: types.InheritablePolicy{Inherited: true}}
	spec = types.DVPortgroupConfigSpec{DefaultPortConfig: &types.VMwareDVSPortSetting{
		UplinkTeamingPolicy: &types.VmwareUplinkPortTeamingPolicy{UplinkPortOrder: inherit}}}
	if f := taskFault(pg.Reconfigure(tctxLong(t), spec)); f != nil {
		t.Fatal(f)
	}
	_, after = portgroupConfig(t, c, "pg-vm")
	if got := after.DefaultPortConfig.(*types.VMwareDVSPortSetting).UplinkTeamingPolicy.UplinkPortOrder; got != nil {
		t.Errorf("an inherited order: %#v, want the port group's own order gone", got)
	}
}
