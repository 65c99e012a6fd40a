package main

// Destroy_Task for hosts, standalone compute resources and clusters
// (vcsim has none for clusters and refuses hosts with VMs). A cluster goes
// with its hosts, each of which must be allowed to leave.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() { extMethods["Destroy_Task"] = extDestroy }

func extDestroy(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.Destroy_Task)
	var run func() (types.AnyType, types.BaseMethodFault)
	switch obj := simulator.Map.Get(req.This).(type) {
	case *simulator.HostSystem:
		run = func() (types.AnyType, types.BaseMethodFault) {
			return nil, vc.destroyHosts([]types.ManagedObjectReference{obj.Self})
		}
	case *mo.ComputeResource:
		run = func() (types.AnyType, types.BaseMethodFault) { return nil, vc.destroyHosts(obj.Host) }
	case *simulator.ClusterComputeResource:
		run = func() (types.AnyType, types.BaseMethodFault) { return nil, vc.destroyCluster(obj) }
	default:
		return nil, false
	}
	task := taskResult(run, req.This, "destroy")
	return &methods.Destroy_TaskBody{Res: &types.Destroy_TaskResponse{Returnval: task}}, true
}

// destroyHosts removes the hosts once all of them may leave.
func (vc *vcServer) destroyHosts(refs []types.ManagedObjectReference) types.BaseMethodFault {
	var hosts []*hostRT
	for _, ref := range refs {
		hr := vc.hostByRef(ref)
		if hr == nil {
			return &types.ManagedObjectNotFound{Obj: ref}
		}
		if f := vc.leaveFault(hr); f != nil {
			return f
		}
		hosts = append(hosts, hr)
	}
	for _, hr := range hosts {
		if err := vc.detachHost(hr); err != nil {
			return &types.RuntimeFault{}
		}
	}
	return nil
}

func (vc *vcServer) destroyCluster(cl *simulator.ClusterComputeResource) types.BaseMethodFault {
	if f := vc.destroyHosts(append([]types.ManagedObjectReference(nil), cl.Host...)); f != nil {
		return f
	}
	simulator.Map.Remove(*cl.ResourcePool)
	vc.removeEntity(cl.Self)
	return nil
}
