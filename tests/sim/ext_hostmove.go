package main

// Moving hosts between clusters and folders: MoveInto_Task and
// MoveHostInto_Task on clusters (vcsim has neither) and MoveIntoFolder_Task
// with hosts (vcsim only moves whole entities). A host leaving a cluster
// must be in maintenance mode or disconnected. The host keeps its moref and
// its VMs, which follow it into the new parent's root resource pool.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	extMethods["MoveInto_Task"] = extMoveInto
	extMethods["MoveHostInto_Task"] = extMoveHostInto
	extMethods["MoveIntoFolder_Task"] = extMoveIntoFolder
}

func extMoveInto(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.MoveInto_Task)
	task := taskResult(func() (types.AnyType, types.BaseMethodFault) { return nil, vc.moveHosts(req.Host, req.This) }, req.This, "moveInto")
	return &methods.MoveInto_TaskBody{Res: &types.MoveInto_TaskResponse{Returnval: task}}, true
}

func extMoveHostInto(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.MoveHostInto_Task)
	task := taskResult(func() (types.AnyType, types.BaseMethodFault) {
		return nil, vc.moveHosts([]types.ManagedObjectReference{req.Host}, req.This)
	}, req.This, "moveHostInto")
	return &methods.MoveHostInto_TaskBody{Res: &types.MoveHostInto_TaskResponse{Returnval: task}}, true
}

// extMoveIntoFolder takes the calls that move hosts; the rest is vcsim's.
func extMoveIntoFolder(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.MoveIntoFolder_Task)
	if len(req.List) == 0 || req.List[0].Type != "HostSystem" {
		return nil, false
	}
	task := taskResult(func() (types.AnyType, types.BaseMethodFault) { return nil, vc.moveHosts(req.List, req.This) }, req.This, "moveIntoFolder")
	return &methods.MoveIntoFolder_TaskBody{Res: &types.MoveIntoFolder_TaskResponse{Returnval: task}}, true
}

// moveHosts checks every host, then moves them all into dest (a cluster or
// a host folder of the same datacenter).
func (vc *vcServer) moveHosts(refs []types.ManagedObjectReference, dest types.ManagedObjectReference) types.BaseMethodFault {
	dc := vc.dcOf(dest)
	var hosts []*hostRT
	for _, ref := range refs {
		hr := vc.hostByRef(ref)
		if hr == nil {
			return &types.ManagedObjectNotFound{Obj: ref}
		}
		if hr.dc != dc {
			return &types.InvalidArgument{InvalidProperty: "host"}
		}
		h := vc.hostObj(hr)
		if _, inCluster := simulator.Map.Get(*h.Parent).(*simulator.ClusterComputeResource); inCluster && *h.Parent != dest {
			if f := vc.leaveFault(hr); f != nil {
				return f
			}
		}
		hosts = append(hosts, hr)
	}
	for _, hr := range hosts {
		if *vc.hostObj(hr).Parent != dest {
			vc.reparent(hr, dest)
			if err := vc.saveHost(hr); err != nil {
				return &types.RuntimeFault{}
			}
		}
	}
	return nil
}

// reparent moves the host under dest, with its VMs.
func (vc *vcServer) reparent(hr *hostRT, dest types.ManagedObjectReference) {
	h := vc.hostObj(hr)
	vc.leaveParent(hr)
	var parent, pool types.ManagedObjectReference
	if cl, ok := simulator.Map.Get(dest).(*simulator.ClusterComputeResource); ok {
		cl.Host = append(cl.Host, hr.ref)
		parent, pool = cl.Self, *cl.ResourcePool
	} else {
		parent, pool = vc.newStandalone(hr, dest)
	}
	simulator.Map.Update(h, []types.PropertyChange{{Name: "parent", Val: parent}})
	h.Parent = &parent
	p := simulator.Map.Get(pool).(*simulator.ResourcePool)
	for _, ref := range h.Vm {
		vm := simulator.Map.Get(ref).(*simulator.VirtualMachine)
		if old, ok := simulator.Map.Get(*vm.ResourcePool).(*simulator.ResourcePool); ok {
			simulator.RemoveReference(&old.Vm, ref)
		}
		p.Vm = append(p.Vm, ref)
		vm.ResourcePool = &pool
	}
}

// newStandalone makes the compute resource a standalone host lives in.
func (vc *vcServer) newStandalone(hr *hostRT, folder types.ManagedObjectReference) (types.ManagedObjectReference, types.ManagedObjectReference) {
	h := vc.hostObj(hr)
	f := simulator.Map.Get(folder).(*simulator.Folder)
	cr := &mo.ComputeResource{
		Summary:         &types.ComputeResourceSummary{NumHosts: 1, NumEffectiveHosts: 1},
		ConfigurationEx: &types.ComputeResourceConfigInfo{VmSwapPlacement: "vmDirectory"},
		Host:            []types.ManagedObjectReference{hr.ref},
		Network:         append([]types.ManagedObjectReference(nil), h.Network...),
	}
	cr.Name = hr.name
	simulator.Map.PutEntity(f, simulator.Map.NewEntity(cr))
	f.ChildEntity = append(f.ChildEntity, cr.Self)
	pool := simulator.NewResourcePool()
	simulator.Map.PutEntity(cr, simulator.Map.NewEntity(pool))
	pool.Owner = cr.Self
	cr.ResourcePool = &pool.Self
	return cr.Self, pool.Self
}
