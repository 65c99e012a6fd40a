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
//     is not in the vApp is an InvalidArgument. vcsim 0.24 lacks the method.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	extMethods["UpdateVAppConfig"] = extUpdateVAppConfig
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
