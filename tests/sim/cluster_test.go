package main

import (
	"testing"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

func isInvalidState(f types.BaseMethodFault) bool { _, ok := f.(*types.InvalidState); return ok }

func setDRS(t *testing.T, cl *object.ClusterComputeResource, behavior types.DrsBehavior) {
	t.Helper()
	spec := &types.ClusterConfigSpecEx{DrsConfig: &types.ClusterDrsConfigInfo{DefaultVmBehavior: behavior}}
	if f := taskFault(cl.Reconfigure(tctxLong(t), spec, true)); f != nil {
		t.Fatal(f)
	}
}

func sourceCluster(t *testing.T, c *govmomi.Client, name string) *object.ClusterComputeResource {
	t.Helper()
	cl, err := finder(t, c, "DC1").ClusterComputeResource(tctxLong(t), name)
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

func newCluster(t *testing.T, c *govmomi.Client, name string) *object.ClusterComputeResource {
	t.Helper()
	ctx := tctxLong(t)
	folder, err := finder(t, c, "DC1").Folder(ctx, "host")
	if err != nil {
		t.Fatal(err)
	}
	cl, err := folder.CreateCluster(ctx, name, types.ClusterConfigSpecEx{})
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

// Rule: a host leaves its cluster (to another cluster, to a folder, or
// out of the inventory) only in maintenance mode or disconnected.
func TestLeaveClusterNeedsMaintenanceMode(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	ctx := tctxLong(t)
	h := mustHost(t, c, "DC1", "esx-01.sim.local")
	other := newCluster(t, c, "Cluster2")
	folder, _ := finder(t, c, "DC1").Folder(ctx, "host")
	if f := taskFault(other.MoveInto(ctx, h)); !isInvalidState(f) {
		t.Errorf("MoveInto while connected: %#v", f)
	}
	if f := taskFault(folder.MoveInto(ctx, []types.ManagedObjectReference{h.Reference()})); !isInvalidState(f) {
		t.Errorf("MoveIntoFolder while connected: %#v", f)
	}
	if f := taskFault(h.Destroy(ctx)); !isInvalidState(f) {
		t.Errorf("Destroy while connected: %#v", f)
	}
	if f := taskFault(h.EnterMaintenanceMode(ctx, 0, false, nil)); f != nil {
		t.Fatal(f)
	}
	if f := taskFault(moveHostInto(t, c, other, h)); f != nil {
		t.Fatalf("MoveHostInto in maintenance mode: %#v", f)
	}
	if p := hostProps(t, h).Parent; p == nil || *p != other.Reference() {
		t.Errorf("host parent %v, want Cluster2", p)
	}
	h2 := mustHost(t, c, "DC1", "esx-02.sim.local")
	if f := taskFault(h2.Disconnect(ctx)); f != nil {
		t.Fatal(f)
	}
	if f := taskFault(folder.MoveInto(ctx, []types.ManagedObjectReference{h2.Reference()})); f != nil {
		t.Fatalf("disconnected host to folder: %#v", f)
	}
	host, _ := snapHost(t, c, "esx-02.sim.local")
	if host.Cluster != "" {
		t.Errorf("esx-02 still in cluster %q", host.Cluster)
	}
}

// Rule: EnterMaintenanceMode with powered-on VMs needs fully automated DRS,
// which moves the VMs to the other hosts; with no other host it fails.
func TestMaintenanceModeNeedsFullyAutomatedDRS(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	ctx := tctxLong(t)
	cl := sourceCluster(t, c, "Cluster1")
	h1, h2 := mustHost(t, c, "DC1", "esx-01.sim.local"), mustHost(t, c, "DC1", "esx-02.sim.local")
	setDRS(t, cl, types.DrsBehaviorPartiallyAutomated)
	if f := taskFault(h1.EnterMaintenanceMode(ctx, 0, false, nil)); !isInvalidState(f) {
		t.Errorf("partially automated: %#v", f)
	}
	if hostProps(t, h1).Runtime.InMaintenanceMode {
		t.Error("host entered maintenance mode anyway")
	}
	setDRS(t, cl, types.DrsBehaviorFullyAutomated)
	if f := taskFault(h1.EnterMaintenanceMode(ctx, 0, false, nil)); f != nil {
		t.Fatalf("fully automated: %#v", f)
	}
	if n := len(hostProps(t, h1).Vm); n != 0 {
		t.Errorf("esx-01 still runs %d VMs", n)
	}
	if n := len(hostProps(t, h2).Vm); n != 4 {
		t.Errorf("esx-02 runs %d VMs, want 4", n)
	}
	f := taskFault(h2.EnterMaintenanceMode(ctx, 0, false, nil))
	if _, ok := f.(*types.InsufficientResourcesFault); !ok {
		t.Errorf("no other host: %#v", f)
	}
}

// Destroy_Task works on clusters: an empty one goes; one with connected
// hosts outside maintenance mode stays.
func TestDestroyCluster(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	ctx := tctxLong(t)
	empty := newCluster(t, c, "Empty")
	if f := taskFault(empty.Destroy(ctx)); f != nil {
		t.Fatalf("empty cluster: %#v", f)
	}
	if _, err := finder(t, c, "DC1").ClusterComputeResource(ctx, "Empty"); err == nil {
		t.Error("cluster Empty still there")
	}
	if f := taskFault(sourceCluster(t, c, "Cluster1").Destroy(ctx)); !isInvalidState(f) {
		t.Errorf("cluster with connected hosts: %#v", f)
	}
	if _, snap := snapHost(t, c, "esx-01.sim.local"); len(snap.Hosts) != 2 || len(snap.VMs) != 4 {
		t.Errorf("refused destroy changed the inventory: %d hosts %d vms", len(snap.Hosts), len(snap.VMs))
	}
}

// moveHostInto calls MoveHostInto_Task (govmomi's object package has no
// wrapper for it).
func moveHostInto(t *testing.T, c *govmomi.Client, cl *object.ClusterComputeResource, h *object.HostSystem) (*object.Task, error) {
	req := types.MoveHostInto_Task{This: cl.Reference(), Host: h.Reference()}
	res, err := methods.MoveHostInto_Task(tctxLong(t), c.Client, &req)
	if err != nil {
		return nil, err
	}
	return object.NewTask(c.Client, res.Returnval), nil
}

// Destroy_Task on a datacenter takes its empty folders with it, as vCenter
// does (vcsim refuses any child); one still holding hosts is refused.
func TestDestroyDatacenter(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "target")
	ctx := tctxLong(t)
	dc, err := object.NewRootFolder(c.Client).CreateDatacenter(ctx, "DC9")
	if err != nil {
		t.Fatal(err)
	}
	folders, _ := dc.Folders(ctx)
	web, err := folders.VmFolder.CreateFolder(ctx, "Web")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := web.CreateFolder(ctx, "Inner"); err != nil {
		t.Fatal(err)
	}
	if f := taskFault(dc.Destroy(ctx)); f != nil {
		t.Fatalf("datacenter with empty folders: %#v", f)
	}
	if _, err := find.NewFinder(c.Client).Datacenter(ctx, "DC9"); err == nil {
		t.Error("DC9 still there")
	}
	src := s.login(t, "source")
	dc1, err := find.NewFinder(src.Client).Datacenter(ctx, "DC1")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := taskFault(dc1.Destroy(ctx)).(*types.ResourceInUse); !ok {
		t.Error("a datacenter with hosts was destroyed")
	}
}

// CreateClusterEx keeps the HA and DRS settings of its spec, as vCenter does
// (vcsim drops them).
func TestCreateClusterKeepsHAAndDRS(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "target")
	ctx := tctxLong(t)
	dc, err := object.NewRootFolder(c.Client).CreateDatacenter(ctx, "DC7")
	if err != nil {
		t.Fatal(err)
	}
	folders, _ := dc.Folders(ctx)
	spec := types.ClusterConfigSpecEx{
		DasConfig: &types.ClusterDasConfigInfo{Enabled: types.NewBool(true), HostMonitoring: "enabled"},
		DrsConfig: &types.ClusterDrsConfigInfo{Enabled: types.NewBool(true), DefaultVmBehavior: types.DrsBehaviorManual},
	}
	cl, err := folders.HostFolder.CreateCluster(ctx, "HA", spec)
	if err != nil {
		t.Fatal(err)
	}
	var got mo.ClusterComputeResource
	if err := cl.Properties(ctx, cl.Reference(), []string{"configurationEx"}, &got); err != nil {
		t.Fatal(err)
	}
	cfg := got.ConfigurationEx.(*types.ClusterConfigInfoEx)
	if cfg.DasConfig.Enabled == nil || !*cfg.DasConfig.Enabled || cfg.DasConfig.HostMonitoring != "enabled" {
		t.Errorf("HA: %+v", cfg.DasConfig)
	}
	if cfg.DrsConfig.DefaultVmBehavior != types.DrsBehaviorManual {
		t.Errorf("DRS: %+v", cfg.DrsConfig)
	}
}

// ClusterEVCManager sets and clears a cluster's baseline, as the cluster's summary shows.
func TestEvcModeThroughTheEvcManager(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	ctx := tctxLong(t)
	cl := newCluster(t, c, "Evc")
	evc := func() string {
		var got mo.ClusterComputeResource
		if err := cl.Properties(ctx, cl.Reference(), []string{"summary"}, &got); err != nil {
			t.Fatal(err)
		}
		return got.Summary.(*types.ClusterComputeResourceSummary).CurrentEVCModeKey
	}
	res, err := methods.EvcManager(ctx, c.Client, &types.EvcManager{This: cl.Reference()})
	if err != nil || res.Returnval == nil {
		t.Fatalf("EvcManager: %v", err)
	}
	manager := *res.Returnval
	set, err := methods.ConfigureEvcMode_Task(ctx, c.Client, &types.ConfigureEvcMode_Task{This: manager, EvcModeKey: "intel-broadwell"})
	if err != nil {
		t.Fatal(err)
	}
	if f := taskFault(object.NewTask(c.Client, set.Returnval), nil); f != nil {
		t.Fatal(f)
	}
	if got := evc(); got != "intel-broadwell" {
		t.Errorf("after ConfigureEvcMode_Task: %q", got)
	}
	off, err := methods.DisableEvcMode_Task(ctx, c.Client, &types.DisableEvcMode_Task{This: manager})
	if err != nil {
		t.Fatal(err)
	}
	if f := taskFault(object.NewTask(c.Client, off.Returnval), nil); f != nil {
		t.Fatal(f)
	}
	if got := evc(); got != "" {
		t.Errorf("after DisableEvcMode_Task: %q", got)
	}
}
