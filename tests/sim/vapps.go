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
//     key replaced), remove (removeKey); vcshift does not carry them but must
//     see them to warn of them.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
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
