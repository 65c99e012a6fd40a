package main

// Resource pools and per-VM HA/DRS overrides across a host's departure and
// arrival, as vCenter has them:
//   - a cluster's pools are the cluster's: they stay when a host leaves
//     ("the hierarchy remains with the cluster", vSphere Resource Management,
//     "Removing a host from a cluster"); the host's VMs leave the inventory
//     with it, and with them their pool membership (removeVM);
//   - a VM that arrives with a host lands in the root pool of the host's new
//     compute resource (createVM: hostPool);
//   - a VM that leaves the inventory loses the cluster's per-VM overrides:
//     vCenter keeps them by the VM's managed object id and purges them with it
//     (Broadcom KB 436954, "Behavior of DRS Affinity Rules and VM Overrides
//     during Virtual Machine Deletion"): dropOverrides.
// vcsim 0.24 lacks MoveIntoResourcePool and its UpdateConfig drops
// expandableReservation and checks a new name against the pool's children
// instead of its siblings; both are answered here.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	extMethods["MoveIntoResourcePool"] = extMoveIntoResourcePool
	extMethods["UpdateConfig"] = extUpdatePoolConfig
}

// poolOf is the ResourcePool part of a pool or vApp.
func poolOf(ref types.ManagedObjectReference) *mo.ResourcePool {
	switch p := simulator.Map.Get(ref).(type) {
	case *simulator.ResourcePool:
		return &p.ResourcePool
	case *simulator.VirtualApp:
		return &p.ResourcePool
	}
	return nil
}

// extMoveIntoResourcePool: "the pools and virtual machines must be part of
// the cluster or standalone host that contains this pool" (the reference's
// InvalidArgument); a pool may not move below itself; a pool's name must be
// free among its new siblings (DuplicateName).
func extMoveIntoResourcePool(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.MoveIntoResourcePool)
	dest := poolOf(req.This)
	if dest == nil {
		return nil, false
	}
	body := &methods.MoveIntoResourcePoolBody{}
	if f := moveIntoPoolFault(dest, req.List); f != nil {
		body.Fault_ = fault(f)
		return body, true
	}
	for _, ref := range req.List {
		if vm, ok := simulator.Map.Get(ref).(*simulator.VirtualMachine); ok {
			if *vm.ResourcePool != dest.Self {
				leavePool(*vm.ResourcePool, ref) // its vApp entry too (vapps.go)
			} else {
				simulator.RemoveReference(&dest.Vm, ref)
			}
			dest.Vm = append(dest.Vm, ref)
			to := dest.Self
			vm.ResourcePool = &to
			simulator.Map.Update(vm, []types.PropertyChange{{Name: "resourcePool", Val: to}})
			continue
		}
		child := poolOf(ref)
		if old := poolOf(*child.Parent); old != nil {
			simulator.RemoveReference(&old.ResourcePool, ref)
		}
		dest.ResourcePool = append(dest.ResourcePool, ref)
		to := dest.Self
		child.Parent = &to
		simulator.Map.Update(simulator.Map.Get(ref), []types.PropertyChange{{Name: "parent", Val: to}})
	}
	body.Res = &types.MoveIntoResourcePoolResponse{}
	return body, true
}

func moveIntoPoolFault(dest *mo.ResourcePool, list []types.ManagedObjectReference) types.BaseMethodFault {
	for _, ref := range list {
		if vm, ok := simulator.Map.Get(ref).(*simulator.VirtualMachine); ok {
			if vm.ResourcePool == nil || ownerOf(*vm.ResourcePool) != dest.Owner {
				return &types.InvalidArgument{InvalidProperty: "list"}
			}
			continue
		}
		child := poolOf(ref)
		if child == nil {
			return &types.ManagedObjectNotFound{Obj: ref}
		}
		if child.Owner != dest.Owner || child.Parent == nil || isPoolBelow(dest.Self, ref) {
			return &types.InvalidArgument{InvalidProperty: "list"}
		}
		if *child.Parent != dest.Self {
			if e := simulator.Map.FindByName(child.Name, dest.ResourcePool); e != nil {
				return &types.DuplicateName{Name: child.Name, Object: e.Reference()}
			}
		}
	}
	return nil
}

func ownerOf(pool types.ManagedObjectReference) types.ManagedObjectReference {
	if p := poolOf(pool); p != nil {
		return p.Owner
	}
	return types.ManagedObjectReference{}
}

// isPoolBelow: pool is ancestor itself or one of its descendants.
func isPoolBelow(pool, ancestor types.ManagedObjectReference) bool {
	for p := poolOf(pool); p != nil; {
		if p.Self == ancestor {
			return true
		}
		if p.Parent == nil {
			return false
		}
		p = poolOf(*p.Parent)
	}
	return false
}

// extUpdatePoolConfig: a new name checked among the siblings; every set
// field of each allocation applied, expandableReservation included.
func extUpdatePoolConfig(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.UpdateConfig)
	p := poolOf(req.This)
	if p == nil {
		return nil, false
	}
	body := &methods.UpdateConfigBody{}
	if req.Name != "" && req.Name != p.Name && p.Parent != nil {
		if parent := poolOf(*p.Parent); parent != nil {
			if e := simulator.Map.FindByName(req.Name, parent.ResourcePool); e != nil {
				body.Fault_ = fault(&types.DuplicateName{Name: req.Name, Object: e.Reference()})
				return body, true
			}
		}
	}
	if c := req.Config; c != nil {
		if f := allocationFault("cpu", &c.CpuAllocation); f != nil {
			body.Fault_ = fault(f)
			return body, true
		}
		if f := allocationFault("memory", &c.MemoryAllocation); f != nil {
			body.Fault_ = fault(f)
			return body, true
		}
		mergeAllocation(&p.Config.CpuAllocation, &c.CpuAllocation)
		mergeAllocation(&p.Config.MemoryAllocation, &c.MemoryAllocation)
	}
	if req.Name != "" {
		p.Name = req.Name
		simulator.Map.Update(simulator.Map.Get(req.This), []types.PropertyChange{{Name: "name", Val: req.Name}})
	}
	body.Res = &types.UpdateConfigResponse{}
	return body, true
}

func allocationFault(kind string, a *types.ResourceAllocationInfo) types.BaseMethodFault {
	bad := (a.Reservation != nil && *a.Reservation < 0) || (a.Limit != nil && *a.Limit < -1) ||
		(a.Shares != nil && a.Shares.Level == types.SharesLevelCustom && a.Shares.Shares < 0)
	if bad {
		return &types.InvalidArgument{InvalidProperty: "config." + kind + "Allocation"}
	}
	return nil
}

func mergeAllocation(cur, spec *types.ResourceAllocationInfo) {
	if spec.Reservation != nil {
		cur.Reservation = spec.Reservation
	}
	if spec.Limit != nil {
		cur.Limit = spec.Limit
	}
	if spec.ExpandableReservation != nil {
		cur.ExpandableReservation = spec.ExpandableReservation
	}
	if spec.Shares != nil {
		cur.Shares = spec.Shares
	}
}

// dropOverrides removes the VM's per-VM HA and DRS overrides from the cluster
// it is in, as vCenter does when the VM leaves its inventory.
func dropOverrides(vm *simulator.VirtualMachine) {
	if vm.Runtime.Host == nil {
		return
	}
	h, ok := simulator.Map.Get(*vm.Runtime.Host).(*simulator.HostSystem)
	if !ok || h.Parent == nil {
		return
	}
	cl, ok := simulator.Map.Get(*h.Parent).(*simulator.ClusterComputeResource)
	if !ok {
		return
	}
	cfg := cl.ConfigurationEx.(*types.ClusterConfigInfoEx)
	dropDas(cfg, vm.Self)
	dropDrs(cfg, vm.Self)
}

func dropDas(cfg *types.ClusterConfigInfoEx, vm types.ManagedObjectReference) {
	kept := cfg.DasVmConfig[:0]
	for _, c := range cfg.DasVmConfig {
		if c.Key != vm {
			kept = append(kept, c)
		}
	}
	cfg.DasVmConfig = kept
}

func dropDrs(cfg *types.ClusterConfigInfoEx, vm types.ManagedObjectReference) {
	kept := cfg.DrsVmConfig[:0]
	for _, c := range cfg.DrsVmConfig {
		if c.Key != vm {
			kept = append(kept, c)
		}
	}
	cfg.DrsVmConfig = kept
}

// replaceOverridesOnAdd: "add: add a configuration for the virtual machine,
// overwriting the existing configuration if one exists" (the reference,
// ClusterDasVmConfigSpec and ClusterDrsVmConfigSpec); vcsim refuses an add for
// a VM that has one, so the entry goes first.
func replaceOverridesOnAdd(cfg *types.ClusterConfigInfoEx, spec *types.ClusterConfigSpecEx) {
	for _, s := range spec.DasVmConfigSpec {
		if s.Operation == types.ArrayUpdateOperationAdd && s.Info != nil {
			dropDas(cfg, s.Info.Key)
		}
	}
	for _, s := range spec.DrsVmConfigSpec {
		if s.Operation == types.ArrayUpdateOperationAdd && s.Info != nil {
			dropDrs(cfg, s.Info.Key)
		}
	}
}
