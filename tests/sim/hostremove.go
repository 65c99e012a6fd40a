package main

// Taking a host out of this vCenter's inventory (Destroy_Task on the host,
// its standalone compute resource, or its cluster). vCenter refuses while
// the host is connected and not in maintenance mode; the host's VMs leave
// the inventory with it; the shared state records that no vCenter manages
// the host any more (its VMs and network stay on the physical host).

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// leaveFault: a host may leave its cluster or the inventory only in
// maintenance mode or when not connected.
func (vc *vcServer) leaveFault(hr *hostRT) types.BaseMethodFault {
	h := vc.hostObj(hr)
	if h.Runtime.InMaintenanceMode || h.Runtime.ConnectionState != types.HostSystemConnectionStateConnected {
		return nil
	}
	return &types.InvalidState{VimFault: types.VimFault{MethodFault: types.MethodFault{FaultMessage: []types.LocalizableMessage{{
		Key: "vcshift-sim.notInMaintenanceMode", Message: "host " + hr.name + " must be in maintenance mode or disconnected"}}}}}
}

// detachHost removes the host, its VMs, datastore and switch memberships.
func (vc *vcServer) detachHost(hr *hostRT) error {
	vc.exportVMs(hr)
	h := vc.hostObj(hr)
	dropPermissions(append([]types.ManagedObjectReference{hr.ref}, h.Vm...))
	vc.dropLicence(hr)
	for _, ref := range append([]types.ManagedObjectReference(nil), h.Vm...) {
		vc.removeVM(simulator.Map.Get(ref).(*simulator.VirtualMachine))
	}
	for _, s := range vc.switches {
		if simulator.FindReference(s.Summary.HostMember, hr.ref) != nil {
			vc.dvsRemoveMember(s, hr)
		}
	}
	vc.leaveParent(hr)
	vc.removeDatastore(hr)
	simulator.Map.Remove(hr.ref)
	delete(vc.hosts, hr.name)
	vc.countDead()
	if hr.lost {
		return nil
	}
	return vc.state.withLock(func() error {
		cur, err := vc.state.readHost(hr.name)
		if err != nil || cur == nil || cur.ManagedBy != vc.def.Name {
			return err
		}
		hr.phys.ManagedBy, hr.phys.Connected = "", false
		return vc.state.writeHost(hr.phys)
	})
}

func (vc *vcServer) removeVM(vm *simulator.VirtualMachine) {
	dropOverrides(vm)
	if f, ok := simulator.Map.Get(*vm.Parent).(*simulator.Folder); ok {
		simulator.RemoveReference(&f.ChildEntity, vm.Self)
	}
	if vm.ResourcePool != nil {
		leavePool(*vm.ResourcePool, vm.Self) // a pool's or a vApp's (vapps.go)
	}
	if vm.Runtime.Host != nil {
		h := simulator.Map.Get(*vm.Runtime.Host).(*simulator.HostSystem)
		simulator.RemoveReference(&h.Vm, vm.Self)
	}
	simulator.Map.Remove(vm.Self)
}

// leaveParent takes the host out of its cluster, or removes its standalone
// compute resource.
func (vc *vcServer) leaveParent(hr *hostRT) {
	h := vc.hostObj(hr)
	switch p := simulator.Map.Get(*h.Parent).(type) {
	case *simulator.ClusterComputeResource:
		simulator.RemoveReference(&p.Host, hr.ref)
		if s, ok := p.Summary.(*types.ClusterComputeResourceSummary); ok && s.NumHosts > 0 {
			s.NumHosts--
			s.NumEffectiveHosts--
		}
	case *mo.ComputeResource:
		vc.removeEntity(p.Self)
		removePoolTree(*p.ResourcePool)
	}
}

// removePoolTree removes a pool with the pools and vApps below it: a standalone host's
// pools are its ComputeResource's (its resourcePool is their root), and vCenter destroys
// them with it (the reference's ManagedEntity.Destroy_Task: "Destroys this object,
// deleting its contents and removing it from its parent folder").
func removePoolTree(ref types.ManagedObjectReference) {
	if p := poolOf(ref); p != nil {
		for _, child := range p.ResourcePool {
			removePoolTree(child)
		}
	}
	simulator.Map.Remove(ref)
}

// removeEntity removes an entity and its reference in its parent folder.
func (vc *vcServer) removeEntity(ref types.ManagedObjectReference) {
	e := simulator.Map.Get(ref).(mo.Entity)
	if f, ok := simulator.Map.Get(*e.Entity().Parent).(*simulator.Folder); ok {
		simulator.RemoveReference(&f.ChildEntity, ref)
	}
	simulator.Map.Remove(ref)
	dropPermissions([]types.ManagedObjectReference{ref})
}

func (vc *vcServer) removeDatastore(hr *hostRT) {
	dc := simulator.Map.Get(hr.dc.ref).(*simulator.Datacenter)
	simulator.RemoveReference(&dc.Datastore, hr.ds)
	vc.removeEntity(hr.ds)
}
