package main

// A world's resource pools, vApps and per-VM HA/DRS overrides (issue 16): made on
// the cluster once its hosts and VMs are there, through the same calls a client
// makes (CreateResourcePool, CreateVApp, ReconfigureComputeResource_Task; and
// MoveIntoResourcePool, UpdateVAppConfig as this simulator answers them), so that
// vcshift and the referees meet them as they would on a vCenter.

import (
	"fmt"
	"strings"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// PoolDef is a resource pool or vApp below a cluster's root pool, by path
// ("Tier1/DB": its parent comes first in the list), with the VMs it holds.
type PoolDef struct {
	Path string `json:"path"`
	VApp bool   `json:"vapp,omitempty"`
	// Shares: low | normal | high, or a number (custom); the same for CPU and memory.
	Shares      string   `json:"shares,omitempty"`
	Reservation int64    `json:"reservation,omitempty"` // MHz and MB
	Limit       int64    `json:"limit,omitempty"`       // 0: unlimited
	Fixed       bool     `json:"fixed_reservation,omitempty"`
	VMs         []string `json:"vms,omitempty"`
	// StartOrder: a vApp member's start order group, by VM name (delays 120 s,
	// powerOn / guestShutdown).
	StartOrder map[string]int32 `json:"start_order,omitempty"`
}

// OverrideDef is one VM's HA restart priority and DRS automation level.
type OverrideDef struct {
	VM              string `json:"vm"`
	RestartPriority string `json:"restart_priority,omitempty"`
	DRSBehavior     string `json:"drs_behavior,omitempty"`
}

func (p PoolDef) spec() types.ResourceConfigSpec {
	shares := types.SharesInfo{Level: types.SharesLevelNormal}
	switch p.Shares {
	case "", "normal":
	case "low", "high":
		shares.Level = types.SharesLevel(p.Shares)
	default:
		var n int32
		fmt.Sscan(p.Shares, &n)
		shares = types.SharesInfo{Level: types.SharesLevelCustom, Shares: n}
	}
	limit := p.Limit
	if limit == 0 {
		limit = -1
	}
	alloc := func() types.ResourceAllocationInfo {
		return types.ResourceAllocationInfo{Reservation: types.NewInt64(p.Reservation), Limit: types.NewInt64(limit),
			ExpandableReservation: types.NewBool(!p.Fixed), Shares: &shares}
	}
	return types.ResourceConfigSpec{CpuAllocation: alloc(), MemoryAllocation: alloc()}
}

// createPools makes the cluster's pools and vApps and sets the overrides.
func (vc *vcServer) createPools(dc *dcRT, cl *object.ClusterComputeResource, cd ClusterDef) error {
	if len(cd.Pools) == 0 && len(cd.Overrides) == 0 {
		return nil
	}
	root, err := cl.ResourcePool(vc.ctx)
	if err != nil {
		return err
	}
	if err := vc.createPoolTree(dc, root.Reference(), cd.Pools); err != nil {
		return err
	}
	return vc.setOverrides(cl, cd.Overrides)
}

// createStandalonePools makes a standalone host's pools and vApps below the root pool
// of its ComputeResource, when this vCenter manages the host.
func (vc *vcServer) createStandalonePools(dc *dcRT, s StandaloneDef) error {
	hosts := vc.refsByName("HostSystem", []string{s.Host})
	if len(s.Pools) == 0 || len(hosts) == 0 {
		return nil
	}
	h := simulator.Map.Get(hosts[0]).(*simulator.HostSystem)
	cr, ok := simulator.Map.Get(*h.Parent).(*mo.ComputeResource)
	if !ok || cr.ResourcePool == nil {
		return fmt.Errorf("standalone host %s: no compute resource of its own", s.Host)
	}
	return vc.createPoolTree(dc, *cr.ResourcePool, s.Pools)
}

// createPoolTree makes pools and vApps below root, moves their VMs in and gives a
// vApp's members their start order entries.
func (vc *vcServer) createPoolTree(dc *dcRT, root types.ManagedObjectReference, pools []PoolDef) error {
	made := map[string]types.ManagedObjectReference{"": root}
	for _, p := range pools {
		parentPath := ""
		if i := strings.LastIndex(p.Path, "/"); i >= 0 {
			parentPath = p.Path[:i]
		}
		parent, ok := made[parentPath]
		if !ok {
			return fmt.Errorf("pool %s: no pool %q above it", p.Path, parentPath)
		}
		name := p.Path[strings.LastIndex(p.Path, "/")+1:]
		if p.VApp {
			folder := dc.vmFolder
			res, err := methods.CreateVApp(vc.ctx, vc.c, &types.CreateVApp{This: parent, Name: name, ResSpec: p.spec(),
				VmFolder: &folder})
			if err != nil {
				return fmt.Errorf("vApp %s: %v", p.Path, err)
			}
			made[p.Path] = res.Returnval
		} else {
			res, err := methods.CreateResourcePool(vc.ctx, vc.c, &types.CreateResourcePool{This: parent, Name: name,
				Spec: p.spec()})
			if err != nil {
				return fmt.Errorf("pool %s: %v", p.Path, err)
			}
			made[p.Path] = res.Returnval
		}
		vms := vc.refsByName("VirtualMachine", p.VMs)
		if len(vms) > 0 {
			if err := vc.ext("MoveIntoResourcePool", &types.MoveIntoResourcePool{This: made[p.Path], List: vms}); err != nil {
				return fmt.Errorf("pool %s: %v", p.Path, err)
			}
		}
		if err := vc.startOrder(made[p.Path], p); err != nil {
			return err
		}
	}
	return nil
}

func (vc *vcServer) startOrder(app types.ManagedObjectReference, p PoolDef) error {
	var entries []types.VAppEntityConfigInfo
	for _, vm := range p.VMs {
		order, ok := p.StartOrder[vm]
		refs := vc.refsByName("VirtualMachine", []string{vm})
		if !ok || len(refs) == 0 {
			continue
		}
		key := refs[0]
		entries = append(entries, types.VAppEntityConfigInfo{Key: &key, StartOrder: order, StartDelay: 120,
			StartAction: "powerOn", WaitingForGuest: types.NewBool(false), StopDelay: 120, StopAction: "guestShutdown"})
	}
	if len(entries) == 0 {
		return nil
	}
	return vc.ext("UpdateVAppConfig", &types.UpdateVAppConfig{This: app, Spec: types.VAppConfigSpec{EntityConfig: entries}})
}

// ext answers a call vcsim lacks in-process, as a client's call is answered
// (the world is built through vcsim's own client, which the extensions do not see).
func (vc *vcServer) ext(name string, body interface{}) error {
	res, _ := extMethods[name](vc, &simulator.Method{Name: name, Body: body})
	if res != nil && res.Fault() != nil {
		return fmt.Errorf("%s: %s", name, res.Fault().String)
	}
	return nil
}

func (vc *vcServer) setOverrides(cl *object.ClusterComputeResource, overrides []OverrideDef) error {
	if len(overrides) == 0 {
		return nil
	}
	var spec types.ClusterConfigSpecEx
	for _, o := range overrides {
		refs := vc.refsByName("VirtualMachine", []string{o.VM})
		if len(refs) == 0 {
			continue
		}
		if o.RestartPriority != "" {
			spec.DasVmConfigSpec = append(spec.DasVmConfigSpec, types.ClusterDasVmConfigSpec{
				ArrayUpdateSpec: types.ArrayUpdateSpec{Operation: types.ArrayUpdateOperationAdd},
				Info: &types.ClusterDasVmConfigInfo{Key: refs[0],
					DasSettings: &types.ClusterDasVmSettings{RestartPriority: o.RestartPriority}}})
		}
		if o.DRSBehavior != "" {
			spec.DrsVmConfigSpec = append(spec.DrsVmConfigSpec, types.ClusterDrsVmConfigSpec{
				ArrayUpdateSpec: types.ArrayUpdateSpec{Operation: types.ArrayUpdateOperationAdd},
				Info: &types.ClusterDrsVmConfigInfo{Key: refs[0], Enabled: types.NewBool(true),
					Behavior: types.DrsBehavior(o.DRSBehavior)}})
		}
	}
	task, err := cl.Reconfigure(vc.ctx, &spec, true)
	if err != nil {
		return err
	}
	return task.Wait(vc.ctx)
}
