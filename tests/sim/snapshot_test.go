package main

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/vim25/types"
)

func snapshotOf(t *testing.T, c *govmomi.Client) []byte {
	t.Helper()
	s, err := TakeSnapshot(tctxLong(t), c.Client, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.JSON()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The snapshot CLI is byte-identical for two reads of an unchanged vCenter
// and for two separate starts of the same world (nothing volatile in it).
func TestSnapshotStable(t *testing.T) {
	a, b := startSim(t, nil), startSim(t, nil)
	snap := func(s *simWorld) []byte {
		v := s.vcenters["source"]
		return runSim(t, "snapshot", "--url", v.URL, "--user", v.User, "--password", v.Password, "--insecure")
	}
	first, second, other := snap(a), snap(a), snap(b)
	if !bytes.Equal(first, second) {
		t.Errorf("two snapshots differ:\n%s\n%s", first, second)
	}
	if !bytes.Equal(first, other) {
		t.Errorf("snapshots of two starts differ:\n%s\n%s", first, other)
	}
	for _, want := range []string{`"esx-01.sim.local"`, `"vm-4"`, `"DSwitch1"`, `"web-apart"`, `"pg-mgmt"`, `"DSwitch1-DVUplinks"`} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("snapshot lacks %s", want)
		}
	}
}

// Each listed kind of change shows in the snapshot.
func TestSnapshotSeesChanges(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	ctx := tctxLong(t)
	f := finder(t, c, "DC1")
	vm := func(name string) *object.VirtualMachine {
		v, err := f.VirtualMachine(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	wait := func(task *object.Task, err error) {
		t.Helper()
		if err == nil {
			err = task.Wait(ctx)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	changes := []struct {
		name string
		do   func()
	}{
		{"power off a VM", func() { wait(vm("vm-1").PowerOff(ctx)) }},
		{"rename a VM", func() { wait(vm("vm-2").Rename(ctx, "vm-2b")) }},
		{"maintenance mode", func() {
			wait(mustHost(t, c, "DC1", "esx-02.sim.local").EnterMaintenanceMode(ctx, 0, false, nil))
		}},
		{"vm folder", func() {
			if _, err := datacenterFolders(t, c, "DC1").VmFolder.CreateFolder(ctx, "Database"); err != nil {
				t.Fatal(err)
			}
		}},
		{"DRS automation", func() {
			cl, err := f.ClusterComputeResource(ctx, "Cluster1")
			if err != nil {
				t.Fatal(err)
			}
			spec := &types.ClusterConfigSpecEx{DrsConfig: &types.ClusterDrsConfigInfo{DefaultVmBehavior: types.DrsBehaviorPartiallyAutomated}}
			wait(cl.Reconfigure(ctx, spec, true))
		}},
		{"host standard switch", func() {
			ns, _ := mustHost(t, c, "DC1", "esx-01.sim.local").ConfigManager().NetworkSystem(ctx)
			if err := ns.AddVirtualSwitch(ctx, "vSwitch9", &types.HostVirtualSwitchSpec{NumPorts: 128}); err != nil {
				t.Fatal(err)
			}
		}},
		{"vmknic address", func() {
			ns, _ := mustHost(t, c, "DC1", "esx-01.sim.local").ConfigManager().NetworkSystem(ctx)
			if err := ns.UpdateVirtualNic(ctx, "vmk0", types.HostVirtualNicSpec{Ip: &types.HostIpConfig{IpAddress: "10.0.0.99", SubnetMask: "255.255.255.0"}}); err != nil {
				t.Fatal(err)
			}
		}},
		{"connection state", func() { wait(mustHost(t, c, "DC1", "esx-01.sim.local").Disconnect(ctx)) }},
		{"DVS port group", func() {
			n, err := f.Network(ctx, "DSwitch1")
			if err != nil {
				t.Fatal(err)
			}
			dvs := n.(*object.DistributedVirtualSwitch)
			wait(dvs.AddPortgroup(ctx, []types.DVPortgroupConfigSpec{{Name: "pg-new", NumPorts: 8}}))
		}},
	}
	prev := snapshotOf(t, c)
	for _, ch := range changes {
		ch.do()
		next := snapshotOf(t, c)
		if bytes.Equal(prev, next) {
			t.Errorf("%s: snapshot unchanged", ch.name)
		}
		prev = next
	}
}

// The snapshot lists every Network object per datacenter with its type, its
// switch and the names of its hosts and VMs; an uplink port group without
// the moref number in its name.
func TestSnapshotListsNetworks(t *testing.T) {
	both := []string{"esx-01.sim.local", "esx-02.sim.local"}
	cases := []struct {
		standard bool
		want     []SnapNetwork
	}{
		{false, []SnapNetwork{
			{Datacenter: "DC1", Name: "DSwitch1-DVUplinks", Type: "DistributedVirtualPortgroup", Switch: "DSwitch1", Hosts: both, VMs: []string{}},
			{Datacenter: "DC1", Name: "VM Network", Type: "Network", Hosts: []string{}, VMs: []string{}},
			{Datacenter: "DC1", Name: "pg-mgmt", Type: "DistributedVirtualPortgroup", Switch: "DSwitch1", Hosts: both, VMs: []string{"vm-4"}},
			{Datacenter: "DC1", Name: "pg-vm", Type: "DistributedVirtualPortgroup", Switch: "DSwitch1", Hosts: both, VMs: []string{"vm-1", "vm-2", "vm-3"}},
		}},
		{true, []SnapNetwork{
			{Datacenter: "DC1", Name: "Management Network", Type: "Network", Hosts: both, VMs: []string{}},
			{Datacenter: "DC1", Name: "VM Network", Type: "Network", Hosts: both, VMs: []string{"vm-1", "vm-2", "vm-3", "vm-4"}},
		}},
	}
	for _, tc := range cases {
		s := startSim(t, DefaultWorld(tc.standard))
		snap, err := TakeSnapshot(tctxLong(t), s.login(t, "source").Client, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(snap.Networks, tc.want) {
			t.Errorf("standard=%v: networks\n%+v\nwant\n%+v", tc.standard, snap.Networks, tc.want)
		}
	}
}
