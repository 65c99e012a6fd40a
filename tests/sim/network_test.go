package main

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func netSystem(t *testing.T, h *object.HostSystem) *object.HostNetworkSystem {
	t.Helper()
	ns, err := h.ConfigManager().NetworkSystem(tctxLong(t))
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

func dvSwitch(t *testing.T, c *govmomi.Client, name string) (*object.DistributedVirtualSwitch, mo.DistributedVirtualSwitch) {
	t.Helper()
	n, err := finder(t, c, "DC1").Network(tctxLong(t), name)
	if err != nil {
		t.Fatal(err)
	}
	d := n.(*object.DistributedVirtualSwitch)
	var props mo.DistributedVirtualSwitch
	if err := d.Properties(tctxLong(t), d.Reference(), []string{"uuid", "portgroup", "config"}, &props); err != nil {
		t.Fatal(err)
	}
	return d, props
}

func pnicBacking(pairs ...string) *types.DistributedVirtualSwitchHostMemberPnicBacking {
	b := &types.DistributedVirtualSwitchHostMemberPnicBacking{}
	for i := 0; i < len(pairs); i += 2 {
		b.PnicSpec = append(b.PnicSpec, types.DistributedVirtualSwitchHostMemberPnicSpec{PnicDevice: pairs[i], UplinkPortKey: pairs[i+1]})
	}
	return b
}

// uplinkKey is the key of the host's uplink port called uplink on the switch
// dvs, from its proxySwitch.uplinkPort.
func uplinkKey(t *testing.T, h *object.HostSystem, dvs, uplink string) string {
	t.Helper()
	var props mo.HostSystem
	if err := h.Properties(tctxLong(t), h.Reference(), []string{"config.network.proxySwitch"}, &props); err != nil {
		t.Fatal(err)
	}
	for _, px := range props.Config.Network.ProxySwitch {
		for _, port := range px.UplinkPort {
			if px.DvsName == dvs && port.Value == uplink {
				return port.Key
			}
		}
	}
	t.Fatalf("%s has no uplink port %s on %s", h.Name(), uplink, dvs)
	return ""
}

func reconfigureMember(t *testing.T, d *object.DistributedVirtualSwitch, h *object.HostSystem, op string, b types.BaseDistributedVirtualSwitchHostMemberBacking) types.BaseMethodFault {
	t.Helper()
	spec := &types.VMwareDVSConfigSpec{DVSConfigSpec: types.DVSConfigSpec{Host: []types.DistributedVirtualSwitchHostMemberConfigSpec{{
		Operation: op, Host: h.Reference(), Backing: b}}}}
	return taskFault(d.Reconfigure(tctxLong(t), spec))
}

// incidentKinds lists the incidents the simulator recorded (GET /incidents
// on one vCenter's control endpoint: every host's), as "kind subject".
func incidentKinds(t *testing.T, s *simWorld, vcenter string) []string {
	t.Helper()
	resp, err := http.Get(s.vcenters[vcenter].Control + "/incidents")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Incidents []struct {
			Kind    string `json:"kind"`
			Subject string `json:"subject"`
		} `json:"incidents"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	kinds := []string{}
	for _, i := range out.Incidents {
		kinds = append(kinds, i.Kind+" "+i.Subject)
	}
	return kinds
}

func requireHostCommunication(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s on a not responding host worked", what)
		return
	}
	if !soap.IsSoapFault(err) {
		t.Errorf("%s: %v", what, err)
	} else if f := soap.ToSoapFault(err).VimFault(); reflect.TypeOf(f) != reflect.TypeOf(types.HostCommunication{}) {
		t.Errorf("%s: %#v", what, f)
	}
}

// Rule: taking the last active uplink from the management VMkernel
// adapter (standard switch) makes the host notResponding; later calls on
// it fail.
func TestManagementWithoutUplinkStandard(t *testing.T) {
	s := startSim(t, DefaultWorld(true))
	c := s.login(t, "source")
	ctx := tctxLong(t)
	h := mustHost(t, c, "DC1", "esx-01.sim.local")
	ns := netSystem(t, h)
	spec := types.HostVirtualSwitchSpec{NumPorts: 128, Bridge: &types.HostVirtualSwitchBondBridge{NicDevice: []string{"vmnic0"}}}
	if err := ns.UpdateVirtualSwitch(ctx, "vSwitch0", spec); err != nil {
		t.Fatal(err)
	}
	if st := hostProps(t, h).Runtime.ConnectionState; st != types.HostSystemConnectionStateConnected {
		t.Fatalf("one uplink left: %s", st)
	}
	spec.Bridge = nil
	if err := ns.UpdateVirtualSwitch(ctx, "vSwitch0", spec); err != nil {
		t.Fatal(err)
	}
	if st := hostProps(t, h).Runtime.ConnectionState; st != types.HostSystemConnectionStateNotResponding {
		t.Fatalf("no uplink: %s", st)
	}
	requireHostCommunication(t, "AddPortGroup", ns.AddPortGroup(ctx, types.HostPortGroupSpec{Name: "x", VswitchName: "vSwitch0"}))
	_, err := h.EnterMaintenanceMode(ctx, 0, false, nil)
	requireHostCommunication(t, "EnterMaintenanceMode", err)
	_, err = vmNamed(t, c, "vm-1").PowerOff(ctx)
	requireHostCommunication(t, "PowerOff of its VM", err)
	if st := hostProps(t, mustHost(t, c, "DC1", "esx-02.sim.local")).Runtime.ConnectionState; st != types.HostSystemConnectionStateConnected {
		t.Errorf("the other host: %s", st)
	}
}

// A standard switch's teaming order is kept as sent: a pNIC of the bridge in
// neither list is unused (HostNicOrderPolicy: "an empty activeNic array
// means there are no active Ethernet adapters in the team"), so a
// management adapter whose pNICs are all unused has no uplink.
func TestStandardTeamingOrderLeavesUnlistedPnicsUnused(t *testing.T) {
	s := startSim(t, DefaultWorld(true))
	c := s.login(t, "source")
	ctx := tctxLong(t)
	h := mustHost(t, c, "DC1", "esx-01.sim.local")
	ns := netSystem(t, h)
	spec := types.HostVirtualSwitchSpec{NumPorts: 128,
		Bridge: &types.HostVirtualSwitchBondBridge{NicDevice: []string{"vmnic0", "vmnic1"}},
		Policy: &types.HostNetworkPolicy{NicTeaming: &types.HostNicTeamingPolicy{
			NicOrder: &types.HostNicOrderPolicy{ActiveNic: []string{"vmnic1"}}}}}
	if err := ns.UpdateVirtualSwitch(ctx, "vSwitch0", spec); err != nil {
		t.Fatal(err)
	}
	var props mo.HostSystem
	if err := h.Properties(ctx, h.Reference(), []string{"config.network.vswitch"}, &props); err != nil {
		t.Fatal(err)
	}
	order := props.Config.Network.Vswitch[0].Spec.Policy.NicTeaming.NicOrder
	if !reflect.DeepEqual(order.ActiveNic, []string{"vmnic1"}) || len(order.StandbyNic) != 0 {
		t.Fatalf("vmnic0 unused: read back active %v, standby %v", order.ActiveNic, order.StandbyNic)
	}
	if st := hostProps(t, h).Runtime.ConnectionState; st != types.HostSystemConnectionStateConnected {
		t.Fatalf("vmnic1 still active: %s", st)
	}
	spec.Policy.NicTeaming.NicOrder.ActiveNic = nil
	if err := ns.UpdateVirtualSwitch(ctx, "vSwitch0", spec); err != nil {
		t.Fatal(err)
	}
	if st := hostProps(t, h).Runtime.ConnectionState; st != types.HostSystemConnectionStateNotResponding {
		t.Fatalf("both pNICs unused: %s", st)
	}
}

// Same rule on a DVS: with pg-mgmt's active uplink (uplink1) unbound, the
// standby uplink alone does not keep the host reachable.
func TestManagementWithoutUplinkDistributed(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	h := mustHost(t, c, "DC1", "esx-01.sim.local")
	d, _ := dvSwitch(t, c, "DSwitch1")
	if f := reconfigureMember(t, d, h, "edit", pnicBacking("vmnic1", uplinkKey(t, h, "DSwitch1", "uplink2"))); f != nil {
		t.Fatal(f)
	}
	if st := hostProps(t, h).Runtime.ConnectionState; st != types.HostSystemConnectionStateNotResponding {
		t.Fatalf("only a standby uplink: %s", st)
	}
	// DSwitch1 has network I/O control on and vmnic0 was not opted out of it.
	want := []string{"nioc vmnic0", "host_not_responding esx-01.sim.local"}
	if got := incidentKinds(t, s, "target"); !reflect.DeepEqual(got, want) {
		t.Errorf("incidents (read through the other vCenter) %v, want %v", got, want)
	}
}

// Rule: a VM NIC whose port group is not on its host is disconnected —
// after a reconfigure, and when the host arrives in a vCenter without the
// host's distributed switch.
func TestNICWithoutPortgroupDisconnected(t *testing.T) {
	s := startSim(t, nil)
	src, tgt := s.login(t, "source"), s.login(t, "target")
	setNetwork(t, vmNamed(t, src, "vm-3"), "No Such Network")
	_, snap := snapHost(t, src, "esx-02.sim.local")
	for _, v := range snap.VMs {
		if want := v.Name != "vm-3"; v.NICs[0].Connected != want {
			t.Errorf("%s connected=%v, want %v", v.Name, v.NICs[0].Connected, want)
		}
	}
	if got, want := incidentKinds(t, s, "source"), []string{"vm_nic_disconnected vm-3 'Network adapter 1'"}; !reflect.DeepEqual(got, want) {
		t.Errorf("incidents %v, want %v", got, want)
	}
	cl := targetCluster(t, tgt)
	moveHost(t, src, tgt, cl, "esx-01.sim.local")
	host, snap := snapHost(t, tgt, "esx-01.sim.local")
	for _, v := range snap.VMs {
		if v.NICs[0].Connected || v.NICs[0].DVS != "DSwitch1" {
			t.Errorf("%s: want disconnected, still naming the source's switch: %+v", v.Name, v.NICs[0])
		}
	}
	if len(host.Proxies) != 1 || host.Proxies[0].DVS != "DSwitch1" || host.ConnectionState != "connected" {
		t.Errorf("host keeps its proxy switch and management network: %+v", host)
	}
}

// A reconfigure that puts a VM NIC on another VLAN is an incident; one that
// keeps the VLAN (a mirror port group on a standard switch) is not.
func TestNICOnAnotherVLANIsAnIncident(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	ctx := tctxLong(t)
	// vm-1 (on esx-01, pg-vm, VLAN 100) moves to a standard port group of the same VLAN.
	ns := netSystem(t, mustHost(t, c, "DC1", "esx-01.sim.local"))
	if err := ns.AddVirtualSwitch(ctx, "vSwitch-mirror", nil); err != nil {
		t.Fatal(err)
	}
	if err := ns.AddPortGroup(ctx, types.HostPortGroupSpec{Name: "pg-vm-mirror", VswitchName: "vSwitch-mirror", VlanId: 100}); err != nil {
		t.Fatal(err)
	}
	setNetwork(t, vmNamed(t, c, "vm-1"), "pg-vm-mirror")
	if got := incidentKinds(t, s, "source"); len(got) != 0 {
		t.Errorf("same VLAN on a mirror port group: incidents %v", got)
	}
	// vm-1 starts connected, so the port group is the only change.
	setDVNetwork(t, c, vmNamed(t, c, "vm-1"), "DSwitch1", "pg-mgmt")
	if got, want := incidentKinds(t, s, "source"), []string{"vm_nic_vlan_changed vm-1 'Network adapter 1'"}; !reflect.DeepEqual(got, want) {
		t.Errorf("incidents %v, want %v", got, want)
	}
}

func dvPortgroupNameOf(t *testing.T, c *govmomi.Client, ref types.ManagedObjectReference) string {
	t.Helper()
	var pg mo.DistributedVirtualPortgroup
	if err := c.PropertyCollector().RetrieveOne(tctxLong(t), ref, []string{"name"}, &pg); err != nil {
		t.Fatal(err)
	}
	return pg.Name
}
