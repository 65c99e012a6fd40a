package main

import (
	"reflect"
	"testing"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

func poolSpec(level types.SharesLevel, shares int32, reservation, limit int64, expandable bool) types.ResourceConfigSpec {
	alloc := func() types.ResourceAllocationInfo {
		return types.ResourceAllocationInfo{Reservation: types.NewInt64(reservation), Limit: types.NewInt64(limit),
			ExpandableReservation: types.NewBool(expandable), Shares: &types.SharesInfo{Level: level, Shares: shares}}
	}
	return types.ResourceConfigSpec{CpuAllocation: alloc(), MemoryAllocation: alloc()}
}

func clusterSnap(t *testing.T, s *Snapshot, name string) SnapCluster {
	t.Helper()
	for _, c := range s.Clusters {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no cluster %s", name)
	return SnapCluster{}
}

func vmPools(s *Snapshot) map[string]string {
	out := map[string]string{}
	for _, vm := range s.VMs {
		out[vm.Name] = vm.Pool
	}
	return out
}

// A cluster's pools stay when a host leaves; its VMs leave their pools and the
// cluster's per-VM overrides with the inventory, and arrive on the other vCenter
// in the root pool. MoveIntoResourcePool and UpdateConfig (expandable
// reservation, a sibling's name refused) behave as the reference says.
func TestPoolsAndOverridesAcrossAHostsMove(t *testing.T) {
	s := startSim(t, withoutPools(DefaultWorld(true)))
	defer s.stop(t)
	src, tgt := s.login(t, "source"), s.login(t, "target")
	ctx := tctxLong(t)
	cl, err := finder(t, src, "DC1").ClusterComputeResource(ctx, "Cluster1")
	if err != nil {
		t.Fatal(err)
	}
	root, err := cl.ResourcePool(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tier, err := root.Create(ctx, "Tier1", poolSpec(types.SharesLevelHigh, 0, 100, -1, true))
	if err != nil {
		t.Fatal(err)
	}
	db, err := tier.Create(ctx, "DB", poolSpec(types.SharesLevelCustom, 3000, 0, 4000, false))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := root.Create(ctx, "Tier2", poolSpec(types.SharesLevelLow, 0, 0, -1, false)); err != nil {
		t.Fatal(err)
	}
	vm1 := vmNamed(t, src, "vm-1")
	if _, err := methods.MoveIntoResourcePool(ctx, src, &types.MoveIntoResourcePool{This: db.Reference(),
		List: []types.ManagedObjectReference{vm1.Reference()}}); err != nil {
		t.Fatalf("MoveIntoResourcePool: %v", err)
	}
	tier2 := object.NewResourcePool(src.Client, types.ManagedObjectReference{})
	if p, err := finder(t, src, "DC1").ResourcePool(ctx, "/DC1/host/Cluster1/Resources/Tier2"); err == nil {
		tier2 = p
	} else {
		t.Fatal(err)
	}
	if _, err := methods.UpdateConfig(ctx, src, &types.UpdateConfig{This: tier2.Reference(), Name: "Tier1"}); err == nil {
		t.Error("UpdateConfig renamed a pool to its sibling's name")
	}
	update := poolSpec(types.SharesLevelNormal, 0, 50, 8000, true)
	if _, err := methods.UpdateConfig(ctx, src, &types.UpdateConfig{This: tier2.Reference(), Config: &update}); err != nil {
		t.Fatal(err)
	}
	spec := &types.ClusterConfigSpecEx{
		DasVmConfigSpec: []types.ClusterDasVmConfigSpec{{ArrayUpdateSpec: types.ArrayUpdateSpec{Operation: types.ArrayUpdateOperationAdd},
			Info: &types.ClusterDasVmConfigInfo{Key: vm1.Reference(), DasSettings: &types.ClusterDasVmSettings{
				RestartPriority: "high", IsolationResponse: "powerOff",
				VmToolsMonitoringSettings: &types.ClusterVmToolsMonitoringSettings{VmMonitoring: "vmMonitoringOnly"}}}}},
		DrsVmConfigSpec: []types.ClusterDrsVmConfigSpec{{ArrayUpdateSpec: types.ArrayUpdateSpec{Operation: types.ArrayUpdateOperationAdd},
			Info: &types.ClusterDrsVmConfigInfo{Key: vm1.Reference(), Enabled: types.NewBool(true), Behavior: types.DrsBehaviorManual}}},
	}
	first := *spec.DasVmConfigSpec[0].Info.DasSettings
	first.RestartPriority = "low"
	earlier := &types.ClusterConfigSpecEx{DasVmConfigSpec: []types.ClusterDasVmConfigSpec{{
		ArrayUpdateSpec: types.ArrayUpdateSpec{Operation: types.ArrayUpdateOperationAdd},
		Info:            &types.ClusterDasVmConfigInfo{Key: vm1.Reference(), DasSettings: &first}}}}
	// An add replaces the VM's entry (the reference); vcsim refused it.
	for _, s := range []*types.ClusterConfigSpecEx{earlier, spec} {
		if f := taskFault(cl.Reconfigure(ctx, s, true)); f != nil {
			t.Fatalf("reconfigure: %#v", f)
		}
	}
	before, err := TakeSnapshot(ctx, src.Client, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := clusterSnap(t, before, "Cluster1")
	wantPools := []SnapPool{
		{Path: "Tier1", CPU: SnapAlloc{Level: "high", Reservation: 100, Limit: -1, Expandable: true},
			Memory: SnapAlloc{Level: "high", Reservation: 100, Limit: -1, Expandable: true}},
		{Path: "Tier1/DB", CPU: SnapAlloc{Level: "custom", Shares: 3000, Limit: 4000},
			Memory: SnapAlloc{Level: "custom", Shares: 3000, Limit: 4000}},
		{Path: "Tier2", CPU: SnapAlloc{Level: "normal", Reservation: 50, Limit: 8000, Expandable: true},
			Memory: SnapAlloc{Level: "normal", Reservation: 50, Limit: 8000, Expandable: true}},
	}
	if !reflect.DeepEqual(c.ResourcePools, wantPools) {
		t.Errorf("pools\n%+v\nwant\n%+v", c.ResourcePools, wantPools)
	}
	if len(c.VMOverrides) != 1 || c.VMOverrides[0].VM != "vm-1" || c.VMOverrides[0].RestartPriority != "high" ||
		c.VMOverrides[0].VMMonitoring != "vmMonitoringOnly" || c.VMOverrides[0].DRSBehavior != "manual" {
		t.Errorf("overrides %+v", c.VMOverrides)
	}
	if got := vmPools(before)["vm-1"]; got != "Tier1/DB" {
		t.Errorf("vm-1 in pool %q", got)
	}

	moveHost(t, src, tgt, targetCluster(t, tgt), "esx-01.sim.local")
	after, err := TakeSnapshot(ctx, src.Client, nil)
	if err != nil {
		t.Fatal(err)
	}
	c = clusterSnap(t, after, "Cluster1")
	if !reflect.DeepEqual(c.ResourcePools, wantPools) {
		t.Errorf("pools after the host left\n%+v", c.ResourcePools)
	}
	if len(c.VMOverrides) != 0 {
		t.Errorf("the overrides of VMs that left stayed: %+v", c.VMOverrides)
	}
	arrived, err := TakeSnapshot(ctx, tgt.Client, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := vmPools(arrived); got["vm-1"] != "" || len(got) != 2 {
		t.Errorf("VMs arrived in pools %v, want the root pool", got)
	}
	if _, err := methods.MoveIntoResourcePool(ctx, src, &types.MoveIntoResourcePool{This: tier2.Reference(),
		List: []types.ManagedObjectReference{tier.Reference()}}); err != nil {
		t.Errorf("moving a pool: %v", err)
	}
	if _, err := methods.MoveIntoResourcePool(ctx, src, &types.MoveIntoResourcePool{This: db.Reference(),
		List: []types.ManagedObjectReference{tier2.Reference()}}); err == nil {
		t.Error("a pool moved below itself")
	}
}

// withoutPools is the world without its clusters' pools, vApps and overrides, for
// the tests that make their own.
func withoutPools(w *World) *World {
	for v := range w.VCenters {
		for d := range w.VCenters[v].Datacenters {
			for c := range w.VCenters[v].Datacenters[d].Clusters {
				cl := &w.VCenters[v].Datacenters[d].Clusters[c]
				cl.Pools, cl.Overrides = nil, nil
			}
		}
	}
	return w
}

// A standalone host's pools are its ComputeResource's: a world makes them below its
// root pool with their VMs, and they go with the host when it leaves (vCenter destroys
// the compute resource and its contents), not left behind as objects a client can
// still read.
func TestStandalonePoolsGoWithTheHost(t *testing.T) {
	w := GenerateWorld(1, 0, 0, 1, 2)
	w.VCenters[0].Datacenters[0].Standalone[0].Pools = []PoolDef{
		{Path: "Gold", Shares: "high", VMs: []string{"vm-0001-01"}},
		{Path: "Gold/Batch", VApp: true, VMs: []string{"vm-0001-02"}, StartOrder: map[string]int32{"vm-0001-02": 1}}}
	s := startSim(t, w)
	src := s.login(t, "source")
	ctx := tctxLong(t)
	host, snap := snapHost(t, src, "esx-0001.sim.local")
	if got := vmPools(snap); got["vm-0001-01"] != "Gold" || got["vm-0001-02"] != "Gold/Batch" {
		t.Errorf("VMs by pool %v", got)
	}
	// The snapshot names the host's pools and vApps as a cluster's.
	if got := host.ResourcePools; len(got) != 2 || got[0].Path != "Gold" ||
		got[0].CPU.Level != "high" || got[1].Path != "Gold/Batch" || !got[1].VApp || len(got[1].StartOrder) != 1 {
		t.Errorf("the snapshot's pools of the standalone host: %+v", got)
	}
	gold, err := finder(t, src, "DC1").ResourcePool(ctx, "/DC1/host/Standalone/esx-0001.sim.local/Resources/Gold")
	if err != nil {
		t.Fatal(err)
	}
	batch, err := finder(t, src, "DC1").VirtualApp(ctx, "/DC1/host/Standalone/esx-0001.sim.local/Resources/Gold/Batch")
	if err != nil {
		t.Fatal(err)
	}
	h := mustHost(t, src, "DC1", "esx-0001.sim.local")
	if f := taskFault(h.Disconnect(ctx)); f != nil {
		t.Fatalf("disconnect: %#v", f)
	}
	if f := taskFault(h.Destroy(ctx)); f != nil {
		t.Fatalf("remove: %#v", f)
	}
	for _, pool := range []*object.ResourcePool{gold, batch.ResourcePool} {
		var left mo.ResourcePool
		if err := pool.Properties(ctx, pool.Reference(), []string{"name"}, &left); err == nil {
			t.Errorf("pool %s is still there after its host left: %+v", pool.Reference(), left)
		}
	}
}
