package main

// Destroy_Task for hosts, standalone compute resources and clusters
// (vcsim has none for clusters and refuses hosts with VMs). A cluster goes
// with its hosts, each of which must be allowed to leave. A datacenter goes
// with the folders inside it, as in vCenter, where Destroy_Task deletes an
// entity's contents: vcsim refuses while its vm or host folder has any child,
// so a datacenter that vCenter once gave a "Discovered virtual machine"
// folder could never be removed. One holding hosts or VMs is still refused
// (vCenter would take them with it; nothing here needs that). Distributed
// switches and port groups: dvsdestroy.go. A vApp inside a vApp: vapps.go.

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
	case *simulator.Datacenter:
		run = func() (types.AnyType, types.BaseMethodFault) { return nil, vc.destroyDatacenter(obj) }
	case *simulator.DistributedVirtualSwitch:
		run = func() (types.AnyType, types.BaseMethodFault) { return nil, vc.destroyDVS(obj) }
	case *simulator.DistributedVirtualPortgroup:
		return vc.destroyDVPortgroup(obj)
	case *simulator.VirtualApp:
		outer, inside := simulator.Map.Get(*obj.Parent).(*simulator.VirtualApp)
		if !inside {
			return nil, false
		}
		run = func() (types.AnyType, types.BaseMethodFault) { return nil, vc.destroyVAppInVApp(obj, outer) }
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

func (vc *vcServer) destroyDatacenter(dc *simulator.Datacenter) types.BaseMethodFault {
	roots := []types.ManagedObjectReference{dc.VmFolder, dc.HostFolder}
	var folders []types.ManagedObjectReference
	for len(roots) > 0 {
		f, ok := simulator.Map.Get(roots[0]).(*simulator.Folder)
		if !ok {
			return &types.ResourceInUse{Type: roots[0].Type, Name: dc.Name}
		}
		folders = append(folders, f.Self)
		roots = append(roots[1:], f.ChildEntity...)
	}
	// Children first, so that each folder leaves an existing parent.
	for i := len(folders) - 1; i >= 0; i-- {
		if folders[i] != dc.VmFolder && folders[i] != dc.HostFolder {
			vc.removeEntity(folders[i])
		}
	}
	for _, f := range []types.ManagedObjectReference{dc.VmFolder, dc.HostFolder, dc.NetworkFolder, dc.DatastoreFolder} {
		simulator.Map.Remove(f)
	}
	vc.removeEntity(dc.Self)
	delete(vc.dcs, dc.Self.Value)
	return nil
}
