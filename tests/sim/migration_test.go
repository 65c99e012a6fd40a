package main

import (
	"testing"

	"github.com/vmware/govmomi/vim25/types"
)

// The distributed-switch runbook on esx-01: a standard switch takes
// vmnic1 from the DVS, vmk0 and the VMs follow, the host leaves the DVS,
// moves to the target vCenter and arrives with everything connected.
func TestDistributedToStandardThenMove(t *testing.T) {
	s := startSim(t, nil)
	src, tgt := s.login(t, "source"), s.login(t, "target")
	ctx := tctxLong(t)
	h := mustHost(t, src, "DC1", "esx-01.sim.local")
	ns := netSystem(t, h)
	d, _ := dvSwitch(t, src, "DSwitch1")

	if f := reconfigureMember(t, d, h, "edit", pnicBacking("vmnic0", uplinkKey(t, h, "DSwitch1", "uplink1"))); f != nil {
		t.Fatalf("free vmnic1: %#v", f)
	}
	if err := ns.AddVirtualSwitch(ctx, "vSwitch0", &types.HostVirtualSwitchSpec{NumPorts: 128,
		Bridge: &types.HostVirtualSwitchBondBridge{NicDevice: []string{"vmnic0"}}}); err == nil {
		t.Error("vmnic0 is on the DVS: taking it too must fail")
	}
	if err := ns.AddVirtualSwitch(ctx, "vSwitch0", &types.HostVirtualSwitchSpec{NumPorts: 128,
		Bridge: &types.HostVirtualSwitchBondBridge{NicDevice: []string{"vmnic1"}}}); err != nil {
		t.Fatal(err)
	}
	for _, pg := range []string{"Management Network", "VM Network"} {
		if err := ns.AddPortGroup(ctx, types.HostPortGroupSpec{Name: pg, VswitchName: "vSwitch0"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := ns.UpdateVirtualNic(ctx, "vmk0", types.HostVirtualNicSpec{Portgroup: "Management Network"}); err != nil {
		t.Fatal(err)
	}
	if f := reconfigureMember(t, d, h, "remove", nil); f == nil {
		t.Error("VMs still on the DVS: removing the host must fail")
	}
	for _, name := range []string{"vm-1", "vm-2"} {
		setNetwork(t, vmNamed(t, src, name), "VM Network")
	}
	if f := reconfigureMember(t, d, h, "remove", nil); f != nil {
		t.Fatalf("leave DVS: %#v", f)
	}
	before, _ := snapHost(t, src, "esx-01.sim.local")
	if before.ConnectionState != "connected" || len(before.Proxies) != 0 || before.Vmknics[0].Portgroup != "Management Network" {
		t.Fatalf("after the network moves: %+v", before)
	}
	moveHost(t, src, tgt, targetCluster(t, tgt), "esx-01.sim.local")
	after, snap := snapHost(t, tgt, "esx-01.sim.local")
	if after.ConnectionState != "connected" || len(after.VSwitches) != 1 || after.VSwitches[0].Pnics[0] != "vmnic1" {
		t.Errorf("in target: %+v", after)
	}
	for _, vm := range snap.VMs {
		if !vm.NICs[0].Connected || vm.NICs[0].Network != "VM Network" {
			t.Errorf("%s nics %+v", vm.Name, vm.NICs)
		}
	}
}
