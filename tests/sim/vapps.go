package main

// vApps across a host's departure and arrival, as vCenter has them:
//   - a vApp is a resource pool of its cluster (VirtualApp extends
//     ResourcePool): it stays when a host leaves, as the pools do (pools.go);
//     the host's VMs leave the inventory and with it the vApp (removeVM);
//   - a vApp's entityConfig holds the start order entry of each member
//     ("This object type describes the behavior of an entity (virtual machine
//     or sub-vApp container) in a vApp container": the reference,
//     VAppEntityConfigInfo). What becomes of a VM's entry when it leaves the
//     vApp, or the inventory, the reference does not say: here it goes with
//     the membership (docs/testing.md), and a VM moved into a vApp has none
//     until UpdateVAppConfig gives it one;
//   - UpdateVAppConfig: an entry replaces the one for its key or is added
//     (the entities an update does not name keep theirs, as the Terraform
//     provider's vsphere_vapp_entity relies on); an entry for an entity that
//     is not in the vApp is an InvalidArgument. vcsim 0.24 lacks the method;
//   - its product and property sections (VmConfigSpec.product, .property) are
//     arrays updated by ArrayUpdateSpec, by key: add, edit (the entry of that
//     key replaced), remove (removeKey);
//   - VirtualApp.resourcePool lists the vApps and pools inside it (vcsim 0.24's
//     property collector answered it with the vApp's own ResourcePool part: Go's
//     FieldByName finds the embedded mo.ResourcePool first; no client could
//     walk into a vApp inside a vApp);
//   - a vApp destroyed inside a vApp takes its entry in the outer's start order
//     with it, as a VM leaving does; what it holds goes to the outer vApp, as
//     vcsim does for a pool (vcsim 0.24's Destroy_Task of a vApp inside a vApp
//     took the outer for a pool and crashed the simulator: extDestroy).

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	extMethods["UpdateVAppConfig"] = extUpdateVAppConfig
	extMethods["CreateVApp"] = extCreateVAppInVApp
}

// extCreateVAppInVApp: a vApp inside a vApp is one of the outer vApp's pools (its
// resourcePool), as vCenter lists it. vcsim 0.24's VirtualApp.CreateVApp made the
// child on a copy of the outer vApp's pool, so the outer vApp never listed it and a
// container view (vcshift's discovery, the referees) did not find it.
func extCreateVAppInVApp(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.CreateVApp)
	app, ok := simulator.Map.Get(req.This).(*simulator.VirtualApp)
	if !ok {
		return nil, false
	}
	outer := &simulator.ResourcePool{ResourcePool: app.ResourcePool}
	res := outer.CreateVApp(req)
	app.ResourcePool.ResourcePool = outer.ResourcePool.ResourcePool
	simulator.Map.Update(app, []types.PropertyChange{{Name: "resourcePool", Val: app.ResourcePool.ResourcePool}})
	return res, true
}

func extUpdateVAppConfig(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.UpdateVAppConfig)
	app, ok := simulator.Map.Get(req.This).(*simulator.VirtualApp)
	if !ok {
		return nil, false
	}
	body := &methods.UpdateVAppConfigBody{}
	for _, e := range req.Spec.EntityConfig {
		if e.Key == nil || (simulator.FindReference(app.Vm, *e.Key) == nil &&
			simulator.FindReference(app.ResourcePool.ResourcePool, *e.Key) == nil) {
			body.Fault_ = fault(&types.InvalidArgument{InvalidProperty: "spec.entityConfig"})
			return body, true
		}
	}
	if app.VAppConfig == nil {
		app.VAppConfig = &types.VAppConfigInfo{}
	}
	for _, e := range req.Spec.EntityConfig {
		dropEntry(app, *e.Key)
		app.VAppConfig.EntityConfig = append(app.VAppConfig.EntityConfig, e)
	}
	for _, p := range req.Spec.Product {
		updateSection(&app.VAppConfig.Product, p.ArrayUpdateSpec, p.Info, func(i types.VAppProductInfo) int32 { return i.Key })
	}
	for _, p := range req.Spec.Property {
		updateSection(&app.VAppConfig.Property, p.ArrayUpdateSpec, p.Info, func(i types.VAppPropertyInfo) int32 { return i.Key })
	}
	simulator.Map.Update(app, []types.PropertyChange{{Name: "vAppConfig", Val: app.VAppConfig}})
	body.Res = &types.UpdateVAppConfigResponse{}
	return body, true
}

// dropEntry removes the start order entry of `entity` from the vApp.
func dropEntry(app *simulator.VirtualApp, entity types.ManagedObjectReference) {
	if app.VAppConfig == nil {
		return
	}
	kept := app.VAppConfig.EntityConfig[:0]
	for _, e := range app.VAppConfig.EntityConfig {
		if e.Key == nil || *e.Key != entity {
			kept = append(kept, e)
		}
	}
	app.VAppConfig.EntityConfig = kept
}

// destroyVAppInVApp removes the vApp `app` from the vApp `outer` it is inside,
// with its entry there; its VMs and pools become the outer's.
func (vc *vcServer) destroyVAppInVApp(app, outer *simulator.VirtualApp) types.BaseMethodFault {
	simulator.RemoveReference(&outer.ResourcePool.ResourcePool, app.Self)
	dropEntry(outer, app.Self)
	for _, ref := range app.ResourcePool.ResourcePool {
		if child, ok := simulator.Map.Get(ref).(mo.Entity); ok {
			child.Entity().Parent = &outer.Self
		}
		outer.ResourcePool.ResourcePool = append(outer.ResourcePool.ResourcePool, ref)
	}
	for _, ref := range app.Vm {
		if vm, ok := simulator.Map.Get(ref).(*simulator.VirtualMachine); ok {
			vm.ResourcePool = &outer.Self
		}
		outer.Vm = append(outer.Vm, ref)
	}
	simulator.Map.Update(outer, []types.PropertyChange{{Name: "resourcePool", Val: outer.ResourcePool.ResourcePool},
		{Name: "vm", Val: outer.Vm}, {Name: "vAppConfig", Val: outer.VAppConfig}})
	vc.removeEntity(app.Self)
	return nil
}

// vAppPoolsAsVCenterListsThem answers each VirtualApp's resourcePool with the
// pools and vApps inside it.
func vAppPoolsAsVCenterListsThem(objects []types.ObjectContent) {
	for i := range objects {
		o := &objects[i]
		if o.Obj.Type != "VirtualApp" {
			continue
		}
		app, ok := simulator.Map.Get(o.Obj).(*simulator.VirtualApp)
		if !ok {
			continue
		}
		inside := types.ArrayOfManagedObjectReference{
			ManagedObjectReference: append([]types.ManagedObjectReference{}, app.ResourcePool.ResourcePool...)}
		for j := range o.PropSet {
			if o.PropSet[j].Name == "resourcePool" {
				o.PropSet[j].Val = inside
			}
		}
		kept := o.MissingSet[:0]
		for _, m := range o.MissingSet {
			if m.Path == "resourcePool" {
				o.PropSet = append(o.PropSet, types.DynamicProperty{Name: "resourcePool", Val: inside})
				continue
			}
			kept = append(kept, m)
		}
		o.MissingSet = kept
	}
}

// leavePool takes a VM out of the pool or vApp it is in, with its entry in a
// vApp's start order.
func leavePool(pool types.ManagedObjectReference, vm types.ManagedObjectReference) {
	if app, ok := simulator.Map.Get(pool).(*simulator.VirtualApp); ok {
		dropEntry(app, vm)
	}
	if p := poolOf(pool); p != nil {
		simulator.RemoveReference(&p.Vm, vm)
	}
}

// updateSection applies one ArrayUpdateSpec to a vApp's product or property list.
func updateSection[T any](list *[]T, spec types.ArrayUpdateSpec, info *T, key func(T) int32) {
	var drop int32
	switch {
	case spec.Operation == types.ArrayUpdateOperationRemove:
		k, _ := spec.RemoveKey.(int32)
		drop = k
	case info != nil:
		drop = key(*info)
	default:
		return
	}
	kept := (*list)[:0]
	for _, item := range *list {
		if key(item) != drop {
			kept = append(kept, item)
		}
	}
	*list = kept
	if spec.Operation != types.ArrayUpdateOperationRemove {
		*list = append(*list, *info)
	}
}
