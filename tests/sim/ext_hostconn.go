package main

// DisconnectHost_Task and ReconnectHost_Task, which vcsim lacks. A
// disconnected host stays in the inventory and stays managed by this
// vCenter (another vCenter still needs force to take it). Reconnecting
// fails when the host cannot be reached (management network lost) or when
// another vCenter has taken it over.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	extMethods["DisconnectHost_Task"] = extDisconnectHost
	extMethods["ReconnectHost_Task"] = extReconnectHost
}

func (vc *vcServer) hostByRef(ref types.ManagedObjectReference) *hostRT {
	for _, hr := range vc.hosts {
		if hr.ref == ref {
			return hr
		}
	}
	return nil
}

func (vc *vcServer) setConnection(hr *hostRT, state types.HostSystemConnectionState) {
	simulator.Map.Update(vc.hostObj(hr), []types.PropertyChange{{Name: "runtime.connectionState", Val: state}})
}

func extDisconnectHost(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.DisconnectHost_Task)
	hr := vc.hostByRef(req.This)
	if hr == nil {
		return failWith(&types.ManagedObjectNotFound{Obj: req.This})
	}
	task := taskResult(func() (types.AnyType, types.BaseMethodFault) {
		vc.setConnection(hr, types.HostSystemConnectionStateDisconnected)
		hr.phys.Connected = false
		if err := vc.saveHost(hr); err != nil {
			return nil, &types.RuntimeFault{}
		}
		return nil, nil
	}, req.This, "disconnectHost")
	return &methods.DisconnectHost_TaskBody{Res: &types.DisconnectHost_TaskResponse{Returnval: task}}, true
}

func extReconnectHost(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.ReconnectHost_Task)
	hr := vc.hostByRef(req.This)
	if hr == nil {
		return failWith(&types.ManagedObjectNotFound{Obj: req.This})
	}
	task := taskResult(func() (types.AnyType, types.BaseMethodFault) {
		if hr.phys.NotResponding {
			return nil, &types.NoHost{Name: hr.name}
		}
		// The shared state decides, not the poller that notices takeovers later.
		if by := vc.currentManager(hr.name); hr.lost || by != vc.def.Name {
			force := req.CnxSpec != nil && req.CnxSpec.Force
			if by != "" && by != vc.def.Name && !force {
				return nil, &types.AlreadyBeingManaged{IpAddress: vc.addressOf(by)}
			}
			if fault := vc.retakeHost(hr); fault != nil {
				return nil, fault
			}
		}
		vc.setConnection(hr, types.HostSystemConnectionStateConnected)
		hr.phys.Connected = true
		if err := vc.saveHost(hr); err != nil {
			return nil, &types.RuntimeFault{}
		}
		return nil, nil
	}, req.This, "reconnectHost")
	return &methods.ReconnectHost_TaskBody{Res: &types.ReconnectHost_TaskResponse{Returnval: task}}, true
}

func (vc *vcServer) currentManager(name string) string {
	var by string
	_ = vc.state.withLock(func() error {
		ph, err := vc.state.readHost(name)
		if ph != nil {
			by = ph.ManagedBy
		}
		return err
	})
	return by
}

// retakeHost takes a host back from the vCenter that took it over.
func (vc *vcServer) retakeHost(hr *hostRT) types.BaseMethodFault {
	err := vc.state.withLock(func() error {
		ph, err := vc.state.readHost(hr.name)
		if err != nil || ph == nil {
			return err
		}
		ph.ManagedBy = vc.def.Name
		hr.phys = ph
		return vc.state.writeHost(ph)
	})
	if err != nil {
		return &types.RuntimeFault{}
	}
	hr.lost = false
	vc.renderNetwork(hr)
	return nil
}
