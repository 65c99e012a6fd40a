package main

import (
	"reflect"
	"testing"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// A vApp stays with its cluster when a host leaves; its member VM leaves it, and
// its start order entry with it, and arrives on the other vCenter in the root
// pool. UpdateVAppConfig sets an entry for a member and refuses one for a VM
// that is not in the vApp.
func TestVAppAcrossAHostsMove(t *testing.T) {
	s := startSim(t, withoutPools(DefaultWorld(true)))
	defer s.stop(t)
	src, tgt := s.login(t, "source"), s.login(t, "target")
	ctx := tctxLong(t)
	dc := finder(t, src, "DC1")
	cl, err := dc.ClusterComputeResource(ctx, "Cluster1")
	if err != nil {
		t.Fatal(err)
	}
	root, err := cl.ResourcePool(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dcObj, err := dc.Datacenter(ctx, "DC1")
	if err != nil {
		t.Fatal(err)
	}
	folders, err := dcObj.Folders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	vmFolder := folders.VmFolder.Reference()
	created, err := methods.CreateVApp(ctx, src, &types.CreateVApp{This: root.Reference(), Name: "Shop",
		ResSpec: poolSpec(types.SharesLevelHigh, 0, 0, -1, true), VmFolder: &vmFolder})
	if err != nil {
		t.Fatal(err)
	}
	app := created.Returnval
	vm1, vm2 := vmNamed(t, src, "vm-1").Reference(), vmNamed(t, src, "vm-2").Reference()
	if _, err := methods.MoveIntoResourcePool(ctx, src, &types.MoveIntoResourcePool{This: app,
		List: []types.ManagedObjectReference{vm1}}); err != nil {
		t.Fatal(err)
	}
	entry := types.VAppEntityConfigInfo{Key: &vm1, StartOrder: 2, StartDelay: 30, StartAction: "powerOn",
		WaitingForGuest: types.NewBool(true), StopDelay: 60, StopAction: "guestShutdown"}
	if _, err := methods.UpdateVAppConfig(ctx, src, &types.UpdateVAppConfig{This: app,
		Spec: types.VAppConfigSpec{EntityConfig: []types.VAppEntityConfigInfo{entry}}}); err != nil {
		t.Fatalf("UpdateVAppConfig: %v", err)
	}
	stranger := entry
	stranger.Key = &vm2
	if _, err := methods.UpdateVAppConfig(ctx, src, &types.UpdateVAppConfig{This: app,
		Spec: types.VAppConfigSpec{EntityConfig: []types.VAppEntityConfigInfo{stranger}}}); err == nil {
		t.Error("UpdateVAppConfig took an entry for a VM outside the vApp")
	}
	before, err := TakeSnapshot(ctx, src.Client, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []SnapVAppEntry{{Entity: "vm-1", StartOrder: 2, StartDelay: 30, StartAction: "powerOn",
		WaitingForGuest: true, StopDelay: 60, StopAction: "guestShutdown"}}
	c := clusterSnap(t, before, "Cluster1")
	if len(c.ResourcePools) != 1 || !c.ResourcePools[0].VApp || !reflect.DeepEqual(c.ResourcePools[0].StartOrder, want) {
		t.Fatalf("vApp %+v", c.ResourcePools)
	}
	if got := vmPools(before)["vm-1"]; got != "Shop" {
		t.Errorf("vm-1 in %q", got)
	}

	moveHost(t, src, tgt, targetCluster(t, tgt), "esx-01.sim.local")
	after, err := TakeSnapshot(ctx, src.Client, nil)
	if err != nil {
		t.Fatal(err)
	}
	c = clusterSnap(t, after, "Cluster1")
	if len(c.ResourcePools) != 1 || c.ResourcePools[0].Path != "Shop" || len(c.ResourcePools[0].StartOrder) != 0 {
		t.Errorf("vApp after its member's host left: %+v", c.ResourcePools)
	}
	var shop mo.VirtualApp
	if err := property.DefaultCollector(src.Client).RetrieveOne(ctx, app, []string{"vm"}, &shop); err != nil {
		t.Fatal(err)
	} else if len(shop.Vm) != 0 {
		t.Errorf("the vApp still lists VMs that left: %v", shop.Vm)
	}
	arrived, err := TakeSnapshot(ctx, tgt.Client, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := vmPools(arrived); got["vm-1"] != "" {
		t.Errorf("vm-1 arrived in %q, want the root pool", got["vm-1"])
	}
}

// UpdateVAppConfig keeps a vApp's product and property sections, by key: add, edit
// (replaced), remove (ArrayUpdateSpec), as a client like pyVmomi sets them.
func TestVAppProductAndPropertySections(t *testing.T) {
	src, shop := worldShop(t)
	ctx := tctxLong(t)
	add := types.ArrayUpdateSpec{Operation: types.ArrayUpdateOperationAdd}
	edit := types.ArrayUpdateSpec{Operation: types.ArrayUpdateOperationEdit}
	for _, spec := range []types.VAppConfigSpec{
		{VmConfigSpec: types.VmConfigSpec{
			Product: []types.VAppProductSpec{{ArrayUpdateSpec: add, Info: &types.VAppProductInfo{Key: 0, Name: "Shop", Version: "1.0"}}},
			Property: []types.VAppPropertySpec{
				{ArrayUpdateSpec: add, Info: &types.VAppPropertyInfo{Key: 1, Id: "ip", Type: "string"}},
				{ArrayUpdateSpec: add, Info: &types.VAppPropertyInfo{Key: 2, Id: "dns", Type: "string"}}}}},
		{VmConfigSpec: types.VmConfigSpec{Property: []types.VAppPropertySpec{
			{ArrayUpdateSpec: edit, Info: &types.VAppPropertyInfo{Key: 1, Id: "ip", Type: "string", Value: "10.0.0.9"}},
			{ArrayUpdateSpec: types.ArrayUpdateSpec{Operation: types.ArrayUpdateOperationRemove, RemoveKey: int32(2)}}}}},
	} {
		if _, err := methods.UpdateVAppConfig(ctx, src, &types.UpdateVAppConfig{This: shop.Reference(), Spec: spec}); err != nil {
			t.Fatal(err)
		}
	}
	var app mo.VirtualApp
	if err := property.DefaultCollector(src.Client).RetrieveOne(ctx, shop.Reference(), []string{"vAppConfig"}, &app); err != nil {
		t.Fatal(err)
	}
	c := app.VAppConfig
	if len(c.Product) != 1 || c.Product[0].Name != "Shop" || len(c.Property) != 1 || c.Property[0].Value != "10.0.0.9" ||
		len(c.EntityConfig) != 2 {
		t.Errorf("vAppConfig %+v", c)
	}
	// The snapshot shows them, so that a referee sees them lost.
	_, snap := snapHost(t, src, "esx-01.sim.local")
	for _, p := range clusterSnap(t, snap, "Cluster1").ResourcePools {
		if p.Path == "Shop" && (len(p.Products) != 1 || p.Products[0].Name != "Shop" || len(p.Properties) != 1 ||
			p.Properties[0].Value != "10.0.0.9") {
			t.Errorf("the snapshot's Shop: products %+v, properties %+v", p.Products, p.Properties)
		}
	}
}

// A vApp made inside a vApp is listed by the outer one, so a container view finds it.
func TestVAppInsideAVApp(t *testing.T) {
	src, shop := worldShop(t)
	ctx := tctxLong(t)
	made, err := methods.CreateVApp(ctx, src, &types.CreateVApp{This: shop.Reference(), Name: "Inner",
		ResSpec: poolSpec(types.SharesLevelNormal, 0, 0, -1, true)})
	if err != nil {
		t.Fatal(err)
	}
	// Its entry in Shop's start order (an entity of Shop: UpdateVAppConfig takes it).
	inner := made.Returnval
	entry := types.VAppEntityConfigInfo{Key: &inner, StartOrder: 3, StartDelay: 10, StartAction: "powerOn",
		StopDelay: 20, StopAction: "guestShutdown"}
	if _, err := methods.UpdateVAppConfig(ctx, src, &types.UpdateVAppConfig{This: shop.Reference(),
		Spec: types.VAppConfigSpec{EntityConfig: []types.VAppEntityConfigInfo{entry}}}); err != nil {
		t.Fatalf("UpdateVAppConfig: %v", err)
	}
	_, snap := snapHost(t, src, "esx-01.sim.local")
	var paths []string
	var shopEntries []string
	for _, p := range clusterSnap(t, snap, "Cluster1").ResourcePools {
		paths = append(paths, p.Path)
		for _, e := range p.StartOrder {
			if p.Path == "Shop" {
				shopEntries = append(shopEntries, e.Entity)
			}
		}
	}
	if want := []string{"Shop", "Shop/Inner", "Tier1", "Tier1/DB"}; !reflect.DeepEqual(paths, want) {
		t.Errorf("pools %v, want %v", paths, want)
	}
	if want := []string{"Inner", "vm-3", "vm-4"}; !reflect.DeepEqual(shopEntries, want) {
		t.Errorf("Shop's start order entries %v, want %v", shopEntries, want)
	}
	// Shop lists it among its pools (VirtualApp.resourcePool), as vCenter does.
	res, err := methods.RetrieveProperties(ctx, src, &types.RetrieveProperties{
		This: src.ServiceContent.PropertyCollector,
		SpecSet: []types.PropertyFilterSpec{{
			ObjectSet: []types.ObjectSpec{{Obj: shop.Reference()}},
			PropSet:   []types.PropertySpec{{Type: "VirtualApp", PathSet: []string{"resourcePool"}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Returnval) != 1 || len(res.Returnval[0].PropSet) != 1 ||
		!reflect.DeepEqual(res.Returnval[0].PropSet[0].Val,
			types.ArrayOfManagedObjectReference{ManagedObjectReference: []types.ManagedObjectReference{inner}}) {
		t.Errorf("Shop's resourcePool: %+v", res.Returnval)
	}
	// Destroyed, it takes its entry with it.
	task, err := object.NewVirtualApp(src.Client, inner).Destroy(ctx)
	if err == nil {
		err = task.Wait(ctx)
	}
	if err != nil {
		t.Fatal(err)
	}
	_, snap = snapHost(t, src, "esx-01.sim.local")
	for _, p := range clusterSnap(t, snap, "Cluster1").ResourcePools {
		if p.Path == "Shop" && len(p.StartOrder) != 2 {
			t.Errorf("Shop's start order after Inner was destroyed: %+v", p.StartOrder)
		}
	}
}

// worldShop serves the default world: a client of its source vCenter and the vApp Shop.
func worldShop(t *testing.T) (*govmomi.Client, *object.VirtualApp) {
	t.Helper()
	s := startSim(t, DefaultWorld(true))
	src := s.login(t, "source")
	shop, err := finder(t, src, "DC1").VirtualApp(tctxLong(t), "/DC1/host/Cluster1/Resources/Shop")
	if err != nil {
		t.Fatal(err)
	}
	return src, shop
}
