package main

import (
	"reflect"
	"strings"
	"testing"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/vim25/types"
)

// Moving a host by hand (disconnect, remove, add to the other vCenter)
// while it is still on a distributed switch the target does not have cuts
// its VMs off: each connected NIC is an incident, read through either
// vCenter.
func TestManualMoveOffItsSwitchIsAnIncident(t *testing.T) {
	s := startSim(t, nil)
	src, tgt := s.login(t, "source"), s.login(t, "target")
	moveHost(t, src, tgt, targetCluster(t, tgt), "esx-01.sim.local")
	want := []string{"vm_nic_disconnected vm-1 'Network adapter 1'", "vm_nic_disconnected vm-2 'Network adapter 1'"}
	for _, vc := range []string{"source", "target"} {
		if got := incidentKinds(t, s, vc); !reflect.DeepEqual(got, want) {
			t.Errorf("incidents through %s: %v, want %v", vc, got, want)
		}
	}
}

// A host whose VMs are on its standard switches arrives with their
// networks: nothing is cut off.
func TestMoveWithItsNetworksIsNoIncident(t *testing.T) {
	s := startSim(t, DefaultWorld(true))
	src, tgt := s.login(t, "source"), s.login(t, "target")
	moveHost(t, src, tgt, targetCluster(t, tgt), "esx-01.sim.local")
	if got := incidentKinds(t, s, "source"); len(got) != 0 {
		t.Errorf("incidents %v", got)
	}
}

// ESXi refuses to remove a standard port group, or a switch, that a
// connected VM NIC is on (ResourceInUse, as with a VMkernel adapter), in
// each call that can remove one; a disconnected NIC does not keep it.
func TestRemovePortGroupInUseRefused(t *testing.T) {
	s := startSim(t, DefaultWorld(true))
	c := s.login(t, "source")
	ctx := tctxLong(t)
	ns := netSystem(t, mustHost(t, c, "DC1", "esx-01.sim.local"))
	if err := ns.RemovePortGroup(ctx, "VM Network"); !isFault(err, &types.ResourceInUse{}) {
		t.Errorf("RemovePortGroup with VMs on it: %v", err)
	}
	remove := types.HostNetworkConfig{Portgroup: []types.HostPortGroupConfig{{ChangeOperation: "remove",
		Spec: &types.HostPortGroupSpec{Name: "VM Network", VswitchName: "vSwitch0"}}}}
	if _, err := ns.UpdateNetworkConfig(ctx, remove, "modify"); !isFault(err, &types.ResourceInUse{}) {
		t.Errorf("UpdateNetworkConfig removing it: %v", err)
	}
	if err := ns.AddVirtualSwitch(ctx, "vSwitch1", nil); err != nil {
		t.Fatal(err)
	}
	if err := ns.AddPortGroup(ctx, types.HostPortGroupSpec{Name: "Isolated", VswitchName: "vSwitch1"}); err != nil {
		t.Fatal(err)
	}
	setNetwork(t, vmNamed(t, c, "vm-1"), "Isolated")
	if err := ns.RemoveVirtualSwitch(ctx, "vSwitch1"); !isFault(err, &types.ResourceInUse{}) {
		t.Errorf("RemoveVirtualSwitch with a VM on it: %v", err)
	}
	setConnected(t, vmNamed(t, c, "vm-2"), false)
	if err := ns.RemovePortGroup(ctx, "VM Network"); err != nil {
		t.Errorf("only a disconnected NIC on it: %v", err)
	}
	if got := incidentKinds(t, s, "source"); len(got) != 0 {
		t.Errorf("incidents %v", got)
	}
}

// Renaming a standard port group is allowed with VMs on it (UpdatePortGroup
// has no ResourceInUse); their NICs still name the old port group and are
// cut off.
func TestRenamePortGroupCutsOffItsVMs(t *testing.T) {
	s := startSim(t, DefaultWorld(true))
	c := s.login(t, "source")
	ns := netSystem(t, mustHost(t, c, "DC1", "esx-01.sim.local"))
	if err := ns.UpdatePortGroup(tctxLong(t), "VM Network", types.HostPortGroupSpec{Name: "VM Network 2", VswitchName: "vSwitch0"}); err != nil {
		t.Fatal(err)
	}
	want := []string{"vm_nic_disconnected vm-1 'Network adapter 1'", "vm_nic_disconnected vm-2 'Network adapter 1'"}
	if got := incidentKinds(t, s, "source"); !reflect.DeepEqual(got, want) {
		t.Errorf("incidents %v, want %v", got, want)
	}
}

// vCenter refuses to delete a distributed port group, or a switch, with a
// VM NIC or a VMkernel adapter on it; an unused one goes.
func TestDestroyDistributedPortgroupInUseRefused(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	ctx := tctxLong(t)
	d, _ := dvSwitch(t, c, "DSwitch1")
	for _, name := range []string{"pg-vm", "pg-mgmt"} {
		if f := taskFault(dvPortgroup(t, c, name).Destroy(ctx)); !isResourceInUse(f) {
			t.Errorf("destroy %s, in use: %#v", name, f)
		}
	}
	if f := taskFault(d.AddPortgroup(ctx, []types.DVPortgroupConfigSpec{{Name: "pg-spare", Type: "earlyBinding", NumPorts: 8}})); f != nil {
		t.Fatal(f)
	}
	if f := taskFault(dvPortgroup(t, c, "pg-spare").Destroy(ctx)); f != nil {
		t.Errorf("destroy an unused port group: %#v", f)
	}
	if f := taskFault(d.Destroy(ctx)); !isResourceInUse(f) {
		t.Errorf("destroy the switch in use: %#v", f)
	}
	if got := incidentKinds(t, s, "source"); len(got) != 0 {
		t.Errorf("incidents %v", got)
	}
}

// A switch nothing uses goes with its port groups (its uplink port group
// too), and leaves its member hosts: their proxy switch of it is gone.
func TestDestroyUnusedSwitchLeavesItsHosts(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	ctx := tctxLong(t)
	spec := types.DVSCreateSpec{ConfigSpec: &types.VMwareDVSConfigSpec{DVSConfigSpec: types.DVSConfigSpec{Name: "DSwitch2"}}}
	if f := taskFault(datacenterFolders(t, c, "DC1").NetworkFolder.CreateDVS(ctx, spec)); f != nil {
		t.Fatal(f)
	}
	h := mustHost(t, c, "DC1", "esx-01.sim.local")
	d2, _ := dvSwitch(t, c, "DSwitch2")
	if f := reconfigureMember(t, d2, h, "add", nil); f != nil {
		t.Fatal(f)
	}
	if host, _ := snapHost(t, c, "esx-01.sim.local"); len(host.Proxies) != 2 {
		t.Fatalf("proxies %+v", host.Proxies)
	}
	if f := taskFault(d2.Destroy(ctx)); f != nil {
		t.Fatal(f)
	}
	host, snap := snapHost(t, c, "esx-01.sim.local")
	if len(host.Proxies) != 1 || host.Proxies[0].DVS != "DSwitch1" {
		t.Errorf("proxies after the switch went: %+v", host.Proxies)
	}
	for _, n := range snap.Networks {
		if strings.HasPrefix(n.Name, "DSwitch2") {
			t.Errorf("the switch's port group %s stayed after it went", n.Name)
		}
	}
	if got := incidentKinds(t, s, "source"); len(got) != 0 {
		t.Errorf("incidents %v", got)
	}
}

// A VMkernel adapter other than management that loses its last active
// uplink is cut off: one incident per loss, not one per later change.
func TestVmknicWithoutUplinkIsAnIncidentOnce(t *testing.T) {
	w := DefaultWorld(true)
	h := &w.Hosts[0]
	h.Pnics = append(h.Pnics, PnicDef{Device: "vmnic2"})
	h.VSwitches = append(h.VSwitches, VSwitchDef{Name: "vSwitch1", Uplinks: []string{"vmnic2"}, Portgroups: []PortgroupDef{{Name: "vMotion"}}})
	h.Vmknics = append(h.Vmknics, VmknicDef{Device: "vmk1", Portgroup: "vMotion", IP: "10.0.1.11"})
	s := startSim(t, w)
	c := s.login(t, "source")
	ctx := tctxLong(t)
	host := mustHost(t, c, "DC1", "esx-01.sim.local")
	ns := netSystem(t, host)
	bare := types.HostVirtualSwitchSpec{NumPorts: 128}
	uplinked := types.HostVirtualSwitchSpec{NumPorts: 128, Bridge: &types.HostVirtualSwitchBondBridge{NicDevice: []string{"vmnic2"}}}
	for _, step := range []types.HostVirtualSwitchSpec{bare, bare, uplinked, bare} {
		if err := ns.UpdateVirtualSwitch(ctx, "vSwitch1", step); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"vmknic_disconnected vmk1", "vmknic_disconnected vmk1"}
	if got := incidentKinds(t, s, "source"); !reflect.DeepEqual(got, want) {
		t.Errorf("incidents %v, want %v (one per loss)", got, want)
	}
	if st := hostProps(t, host).Runtime.ConnectionState; st != types.HostSystemConnectionStateConnected {
		t.Errorf("a vMotion adapter cut off leaves the host %s", st)
	}
}

func isResourceInUse(f types.BaseMethodFault) bool { _, ok := f.(*types.ResourceInUse); return ok }

func dvPortgroup(t *testing.T, c *govmomi.Client, name string) *object.DistributedVirtualPortgroup {
	t.Helper()
	n, err := finder(t, c, "DC1").Network(tctxLong(t), name)
	if err != nil {
		t.Fatal(err)
	}
	return n.(*object.DistributedVirtualPortgroup)
}
