package main

// AddHost_Task (cluster) and AddStandaloneHost_Task (folder) with the
// checks vCenter makes, in its order: the name must resolve (NoHost), the
// host must not already be in this vCenter (AlreadyConnected), the TLS
// thumbprint must match (SSLVerifyFault carrying the real one, before any
// login), root's password must be right (InvalidLogin, not nested), and a
// host managed by another vCenter needs spec.force (AlreadyBeingManaged).
// The host arrives with its VMs, in "Discovered virtual machine" as in
// vCenter, and its own network configuration; a VM NIC whose network this
// vCenter cannot give it (a distributed switch it does not have) arrives
// disconnected, which is an incident.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// discoveredFolder is where vCenter registers the VMs of an added host.
const discoveredFolder = "Discovered virtual machine"

func init() {
	extMethods["AddHost_Task"] = extAddHost
	extMethods["AddStandaloneHost_Task"] = extAddStandaloneHost
}

func extAddHost(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.AddHost_Task)
	task := vc.addHostTask(req.This, req.Spec, "addHost")
	return &methods.AddHost_TaskBody{Res: &types.AddHost_TaskResponse{Returnval: task}}, true
}

func extAddStandaloneHost(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.AddStandaloneHost_Task)
	task := vc.addHostTask(req.This, req.Spec, "addStandaloneHost")
	return &methods.AddStandaloneHost_TaskBody{Res: &types.AddStandaloneHost_TaskResponse{Returnval: task}}, true
}

func (vc *vcServer) addHostTask(parent types.ManagedObjectReference, spec types.HostConnectSpec, name string) types.ManagedObjectReference {
	return taskResult(func() (types.AnyType, types.BaseMethodFault) {
		dc := vc.dcOf(parent)
		if dc == nil {
			return nil, &types.InvalidArgument{InvalidProperty: "_this"}
		}
		ph, fault := vc.claimHost(spec)
		if fault != nil {
			return nil, fault
		}
		was := connectedNICs(ph.VMs)
		hr, err := vc.attachHost(dc, parent, ph, discoveredFolder)
		if err != nil {
			return nil, &types.HostConnectFault{VimFault: types.VimFault{MethodFault: types.MethodFault{
				FaultMessage: []types.LocalizableMessage{{Key: "vcshift-sim", Message: err.Error()}}}}}
		}
		vc.nicsCutOffOnArrival(hr, was)
		if err := vc.saveHost(hr); err != nil {
			return nil, &types.RuntimeFault{}
		}
		return hr.ref, nil
	}, parent, name)
}

// claimHost runs vCenter's checks and makes this vCenter the host's
// manager in the shared state.
func (vc *vcServer) claimHost(spec types.HostConnectSpec) (*PhysHost, types.BaseMethodFault) {
	if _, ok := vc.hosts[spec.HostName]; ok {
		return nil, &types.AlreadyConnected{Name: spec.HostName}
	}
	var ph *PhysHost
	var fault types.BaseMethodFault
	err := vc.state.withLock(func() error {
		var err error
		if ph, err = vc.state.readHost(spec.HostName); err != nil || ph == nil {
			fault = &types.NoHost{Name: spec.HostName}
			return err
		}
		if fault = vc.connectFault(ph, spec); fault != nil {
			return nil
		}
		ph.ManagedBy, ph.Connected = vc.def.Name, true
		return vc.state.writeHost(ph)
	})
	if err != nil {
		return nil, &types.RuntimeFault{}
	}
	return ph, fault
}

// connectFault is the first check the host fails, if any. AlreadyBeingManaged
// names the managing vCenter by its address, as vCenter does.
func (vc *vcServer) connectFault(ph *PhysHost, spec types.HostConnectSpec) types.BaseMethodFault {
	switch {
	case ph.NotResponding:
		return &types.NoHost{Name: spec.HostName}
	case spec.SslThumbprint != ph.Thumbprint:
		return &types.SSLVerifyFault{SelfSigned: true, Thumbprint: ph.Thumbprint}
	case spec.UserName != "root" || spec.Password != ph.Password:
		return &types.InvalidLogin{}
	case ph.ManagedBy != "" && ph.ManagedBy != vc.def.Name && !spec.Force:
		return &types.AlreadyBeingManaged{IpAddress: vc.addressOf(ph.ManagedBy)}
	}
	return nil
}
