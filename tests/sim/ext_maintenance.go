package main

// EnterMaintenanceMode_Task as vCenter runs it: a host with powered-on VMs
// only gets there when its cluster's DRS is fully automated, which moves
// the VMs to the cluster's other usable hosts; otherwise (or with nowhere
// to go) the task fails instead of waiting forever as vCenter would.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() { extMethods["EnterMaintenanceMode_Task"] = extEnterMaintenance }

func extEnterMaintenance(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.EnterMaintenanceMode_Task)
	hr := vc.hostByRef(req.This)
	if hr == nil {
		return nil, false
	}
	task := taskResult(func() (types.AnyType, types.BaseMethodFault) { return nil, vc.enterMaintenance(hr) }, req.This, "enterMaintenanceMode")
	return &methods.EnterMaintenanceMode_TaskBody{Res: &types.EnterMaintenanceMode_TaskResponse{Returnval: task}}, true
}

func faultMessage(key, msg string) types.MethodFault {
	return types.MethodFault{FaultMessage: []types.LocalizableMessage{{Key: "vcshift-sim." + key, Message: msg}}}
}

func (vc *vcServer) enterMaintenance(hr *hostRT) types.BaseMethodFault {
	h := vc.hostObj(hr)
	if h.Runtime.ConnectionState != types.HostSystemConnectionStateConnected {
		return &types.InvalidState{VimFault: types.VimFault{MethodFault: faultMessage("notConnected", "host "+hr.name+" is not connected")}}
	}
	if h.Runtime.InMaintenanceMode {
		return nil
	}
	var running []*simulator.VirtualMachine
	for _, ref := range h.Vm {
		if vm := simulator.Map.Get(ref).(*simulator.VirtualMachine); vm.Runtime.PowerState == types.VirtualMachinePowerStatePoweredOn {
			running = append(running, vm)
		}
	}
	if len(running) > 0 {
		if f := vc.evacuate(hr, running); f != nil {
			return f
		}
	}
	simulator.Map.Update(h, []types.PropertyChange{{Name: "runtime.inMaintenanceMode", Val: true}})
	if err := vc.saveHost(hr); err != nil {
		return &types.RuntimeFault{}
	}
	return nil
}

// evacuate moves running VMs to the cluster's other hosts when DRS is
// fully automated.
func (vc *vcServer) evacuate(hr *hostRT, running []*simulator.VirtualMachine) types.BaseMethodFault {
	cl, ok := simulator.Map.Get(*vc.hostObj(hr).Parent).(*simulator.ClusterComputeResource)
	if !ok || !drsFullyAutomated(cl) {
		return &types.InvalidState{VimFault: types.VimFault{MethodFault: faultMessage("poweredOnVms",
			"host "+hr.name+" has powered-on VMs and DRS is not fully automated")}}
	}
	var targets []*hostRT
	for _, ref := range cl.Host {
		if t := vc.hostByRef(ref); t != nil && t != hr && vc.usable(t) {
			targets = append(targets, t)
		}
	}
	if len(targets) == 0 {
		return &types.InsufficientResourcesFault{VimFault: types.VimFault{MethodFault: faultMessage("noTarget",
			"no other host in the cluster can take the VMs of "+hr.name)}}
	}
	for i, vm := range running {
		vc.migrateVM(vm, hr, targets[i%len(targets)])
	}
	for _, t := range targets {
		vc.applyHostHealth(t)
		if err := vc.saveHost(t); err != nil {
			return &types.RuntimeFault{}
		}
	}
	return nil
}

func drsFullyAutomated(cl *simulator.ClusterComputeResource) bool {
	drs := cl.ConfigurationEx.(*types.ClusterConfigInfoEx).DrsConfig
	return isTrue(drs.Enabled) && drs.DefaultVmBehavior == types.DrsBehaviorFullyAutomated
}

// usable: connected, responding and not in maintenance mode.
func (vc *vcServer) usable(hr *hostRT) bool {
	h := vc.hostObj(hr)
	return !hr.phys.NotResponding && !h.Runtime.InMaintenanceMode && h.Runtime.ConnectionState == types.HostSystemConnectionStateConnected
}

// migrateVM is vMotion: the VM runs on another host (storage is assumed
// shared).
func (vc *vcServer) migrateVM(vm *simulator.VirtualMachine, from, to *hostRT) {
	src, dst := vc.hostObj(from), vc.hostObj(to)
	simulator.RemoveReference(&src.Vm, vm.Self)
	dst.Vm = append(dst.Vm, vm.Self)
	ref := to.ref
	simulator.Map.Update(vm, []types.PropertyChange{
		{Name: "runtime.host", Val: ref},
		{Name: "summary.runtime.host", Val: ref},
	})
	vm.Runtime.Host, vm.Summary.Runtime.Host = &ref, &ref
}
