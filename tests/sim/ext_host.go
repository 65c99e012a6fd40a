package main

// Host lifecycle methods vcsim 0.24 lacks or gets wrong for a host that
// outlives its vCenter: AddHost_Task / AddStandaloneHost_Task (the host comes
// from the shared world with its VMs and network, after the checks vCenter
// makes), DisconnectHost_Task, ReconnectHost_Task, Destroy_Task on a host
// (its state goes back to the world) and on a cluster.

import (
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/simulator/esx"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	extMethods["AddHost_Task"] = (*vcServer).addHostTask
	extMethods["AddStandaloneHost_Task"] = (*vcServer).addStandaloneHostTask
	extMethods["DisconnectHost_Task"] = (*vcServer).disconnectHostTask
	extMethods["ReconnectHost_Task"] = (*vcServer).reconnectHostTask
	extMethods["Destroy_Task"] = (*vcServer).destroyTask
	extMethods["QueryConnectionInfo"] = (*vcServer).queryConnectionInfo
}

// queryConnectionInfo answers whether the host would accept this login and present this
// certificate, as vCenter does before AddHost, without adding it.
func (vc *vcServer) queryConnectionInfo(m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.QueryConnectionInfo)
	var ph *PhysHost
	_ = vc.state.withLock(func() error {
		var err error
		ph, err = vc.state.readHost(req.Hostname)
		return err
	})
	if ph == nil {
		return failWith(&types.NoHost{Name: req.Hostname})
	}
	spec := types.HostConnectSpec{HostName: req.Hostname, UserName: req.Username, Password: req.Password, SslThumbprint: req.SslThumbprint}
	if f := credentialFault(ph, spec); f != nil {
		return failWith(f)
	}
	summary := esx.HostSystem.Summary
	info := types.HostConnectInfo{ServerIp: "127.0.0.1", Host: summary}
	return &methods.QueryConnectionInfoBody{Res: &types.QueryConnectionInfoResponse{Returnval: info}}, true
}

func (vc *vcServer) addHostTask(m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.AddHost_Task)
	if !vc.inWorld(req.Spec.HostName) {
		return nil, false
	}
	task := taskResult(func() (types.AnyType, types.BaseMethodFault) {
		return vc.connectHost(m.This, req.Spec)
	}, m.This, "addHost")
	return &methods.AddHost_TaskBody{Res: &types.AddHost_TaskResponse{Returnval: task}}, true
}

func (vc *vcServer) addStandaloneHostTask(m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.AddStandaloneHost_Task)
	if !vc.inWorld(req.Spec.HostName) {
		return nil, false
	}
	task := taskResult(func() (types.AnyType, types.BaseMethodFault) {
		host, fault := vc.connectHost(m.This, req.Spec)
		if fault != nil {
			return nil, fault
		}
		// The task's result is the host's ComputeResource, as vCenter's is.
		return *simulator.Map.Get(host.(types.ManagedObjectReference)).(*simulator.HostSystem).Parent, nil
	}, m.This, "addStandaloneHost")
	return &methods.AddStandaloneHost_TaskBody{Res: &types.AddStandaloneHost_TaskResponse{Returnval: task}}, true
}

// inWorld says whether the world has a physical host of that name. Others are
// left to vcsim, which makes one up: the provider's operation tests add hosts
// that no world file lists (NOTES.md: NoHost for them is still to come).
func (vc *vcServer) inWorld(name string) bool {
	var ph *PhysHost
	_ = vc.state.withLock(func() error {
		var err error
		ph, err = vc.state.readHost(name)
		return err
	})
	return ph != nil
}

// connectHost checks what vCenter checks before it manages a host, then
// brings the physical host under parent (a cluster or a host folder).
func (vc *vcServer) connectHost(parent types.ManagedObjectReference, spec types.HostConnectSpec) (types.AnyType, types.BaseMethodFault) {
	dc := vc.dcOf(parent)
	if dc == nil {
		return nil, &types.ManagedObjectNotFound{Obj: parent}
	}
	var ph *PhysHost
	var fault types.BaseMethodFault
	err := vc.state.withLock(func() error {
		var err error
		if ph, err = vc.state.readHost(spec.HostName); err != nil || ph == nil {
			return err
		}
		if fault = admissionFault(ph, spec, vc.def.Name); fault != nil {
			return nil
		}
		ph.ManagedBy, ph.Connected = vc.def.Name, true
		return vc.state.writeHost(ph)
	})
	switch {
	case err != nil:
		return nil, &types.SystemError{Reason: err.Error()}
	case ph == nil:
		return nil, &types.NoHost{Name: spec.HostName}
	case fault != nil:
		return nil, fault
	}
	hr, err := vc.attachHost(dc, parent, ph, "")
	if err != nil {
		return nil, &types.SystemError{Reason: err.Error()}
	}
	vc.countDead()
	return hr.ref, nil
}

// credentialFault is what vCenter answers a login or an expected thumbprint
// that does not fit the physical host (the real thumbprint, for trust on
// first use).
func credentialFault(ph *PhysHost, spec types.HostConnectSpec) types.BaseMethodFault {
	if normalizeThumbprint(spec.SslThumbprint) != normalizeThumbprint(ph.Thumbprint) {
		return &types.SSLVerifyFault{SelfSigned: true, Thumbprint: ph.Thumbprint}
	}
	if spec.UserName != "root" || spec.Password != ph.Password {
		return &types.InvalidLogin{}
	}
	return nil
}

// admissionFault adds to credentialFault another vCenter still managing the
// host.
func admissionFault(ph *PhysHost, spec types.HostConnectSpec, vcenter string) types.BaseMethodFault {
	if f := credentialFault(ph, spec); f != nil {
		return f
	}
	if ph.ManagedBy != "" && ph.ManagedBy != vcenter && !spec.Force {
		return &types.AlreadyConnected{Name: ph.ManagedBy}
	}
	if ph.ManagedBy == vcenter {
		return &types.AlreadyConnected{Name: vcenter}
	}
	return nil
}

func (vc *vcServer) disconnectHostTask(m *simulator.Method) (soap.HasFault, bool) {
	hr := vc.hostByRef(m.This)
	if hr == nil {
		return nil, false
	}
	task := taskResult(func() (types.AnyType, types.BaseMethodFault) {
		return nil, vc.setConnected(hr, false)
	}, m.This, "disconnectHost")
	return &methods.DisconnectHost_TaskBody{Res: &types.DisconnectHost_TaskResponse{Returnval: task}}, true
}

func (vc *vcServer) reconnectHostTask(m *simulator.Method) (soap.HasFault, bool) {
	hr := vc.hostByRef(m.This)
	if hr == nil {
		return nil, false
	}
	task := taskResult(func() (types.AnyType, types.BaseMethodFault) {
		return nil, vc.setConnected(hr, true)
	}, m.This, "reconnectHost")
	return &methods.ReconnectHost_TaskBody{Res: &types.ReconnectHost_TaskResponse{Returnval: task}}, true
}

// setConnected changes whether this vCenter has the host connected. A host
// another vCenter took over meanwhile cannot be reconnected.
func (vc *vcServer) setConnected(hr *hostRT, connected bool) types.BaseMethodFault {
	var fault types.BaseMethodFault
	err := vc.state.withLock(func() error {
		ph, err := vc.state.readHost(hr.name)
		if err != nil || ph == nil {
			return err
		}
		if connected && ph.ManagedBy != vc.def.Name {
			fault = &types.AlreadyConnected{Name: ph.ManagedBy}
			return nil
		}
		ph.Connected = connected
		hr.phys.Connected = connected
		return vc.state.writeHost(ph)
	})
	if err != nil {
		return &types.SystemError{Reason: err.Error()}
	}
	if fault != nil {
		return fault
	}
	state := types.HostSystemConnectionStateDisconnected
	if connected {
		state = types.HostSystemConnectionStateConnected
		vc.applyHostHealth(hr)
	}
	h := vc.hostObj(hr)
	h.Runtime.ConnectionState = state
	h.Summary.Runtime = &h.Runtime
	return nil
}

func (vc *vcServer) destroyTask(m *simulator.Method) (soap.HasFault, bool) {
	var fn func() (types.AnyType, types.BaseMethodFault)
	if hr := vc.hostByRef(m.This); hr != nil {
		fn = func() (types.AnyType, types.BaseMethodFault) { return nil, vc.removeHost(hr) }
	} else if cluster, ok := simulator.Map.Get(m.This).(*simulator.ClusterComputeResource); ok {
		fn = func() (types.AnyType, types.BaseMethodFault) { return nil, vc.removeCluster(cluster) }
	} else {
		return nil, false
	}
	task := taskResult(fn, m.This, "destroy")
	return &methods.Destroy_TaskBody{Res: &types.Destroy_TaskResponse{Returnval: task}}, true
}

// removeHost takes the host out of this vCenter, as vCenter does: only when
// it is disconnected or in maintenance mode. The physical host keeps its VMs
// and network; the world records that no vCenter manages it.
func (vc *vcServer) removeHost(hr *hostRT) types.BaseMethodFault {
	h := vc.hostObj(hr)
	if h.Runtime.ConnectionState == types.HostSystemConnectionStateConnected && !h.Runtime.InMaintenanceMode {
		return &types.InvalidState{}
	}
	err := vc.state.withLock(func() error {
		ph, err := vc.state.readHost(hr.name)
		if err != nil || ph == nil {
			return err
		}
		ph.VMs = vc.exportVMs(hr, ph.VMs)
		if ph.ManagedBy == vc.def.Name {
			ph.ManagedBy, ph.Connected = "", false
		}
		return vc.state.writeHost(ph)
	})
	if err != nil {
		return &types.SystemError{Reason: err.Error()}
	}
	vc.detachHost(hr)
	return nil
}

// exportVMs is the host's VMs as this vCenter leaves them: the recorded
// definitions with the power state and folder they have now.
func (vc *vcServer) exportVMs(hr *hostRT, recorded []VMDef) []VMDef {
	byName := map[string]*simulator.VirtualMachine{}
	for _, ref := range vc.hostObj(hr).Vm {
		if vm, ok := simulator.Map.Get(ref).(*simulator.VirtualMachine); ok {
			byName[vm.Name] = vm
		}
	}
	out := append([]VMDef(nil), recorded...)
	for i := range out {
		if vm := byName[out[i].Name]; vm != nil {
			out[i].Power = string(vm.Runtime.PowerState)
			out[i].Folder = vc.vmFolderPath(hr.dc, *vm.Parent)
		}
	}
	return out
}

// vmFolderPath is a VM folder's path below the datacenter's vm folder.
func (vc *vcServer) vmFolderPath(dc *dcRT, folder types.ManagedObjectReference) string {
	path := ""
	for folder != dc.vmFolder {
		f, ok := simulator.Map.Get(folder).(*simulator.Folder)
		if !ok || f.Parent == nil {
			return ""
		}
		if path == "" {
			path = f.Name
		} else {
			path = f.Name + "/" + path
		}
		folder = *f.Parent
	}
	return path
}

// detachHost removes the host, its VMs and (for a standalone host) its
// ComputeResource from vcsim's inventory, and its switch memberships.
func (vc *vcServer) detachHost(hr *hostRT) {
	h := vc.hostObj(hr)
	for _, ref := range append([]types.ManagedObjectReference(nil), h.Vm...) {
		vm, ok := simulator.Map.Get(ref).(*simulator.VirtualMachine)
		if !ok {
			continue
		}
		if folder, ok := simulator.Map.Get(*vm.Parent).(*simulator.Folder); ok {
			simulator.Map.RemoveReference(folder, &folder.ChildEntity, ref)
		}
		simulator.Map.Remove(ref)
	}
	for _, s := range vc.switches {
		vc.dvsRemoveMember(s, hr)
	}
	switch parent := simulator.Map.Get(*h.Parent).(type) {
	case *simulator.ClusterComputeResource:
		simulator.Map.RemoveReference(parent, &parent.Host, hr.ref)
	case *mo.ComputeResource:
		if folder, ok := simulator.Map.Get(*parent.Parent).(*simulator.Folder); ok {
			simulator.Map.RemoveReference(folder, &folder.ChildEntity, parent.Self)
		}
		simulator.Map.Remove(parent.Self)
	}
	simulator.Map.Remove(hr.ref)
	delete(vc.hosts, hr.name)
	vc.countDead()
}

// removeCluster destroys an empty cluster (vcsim has no Destroy_Task for
// one). vCenter would remove the hosts too; vcshift only removes clusters it
// emptied, so a cluster with hosts is refused here to catch a wrong order.
func (vc *vcServer) removeCluster(cluster *simulator.ClusterComputeResource) types.BaseMethodFault {
	if len(cluster.Host) > 0 {
		return &types.ResourceInUse{Type: "HostSystem", Name: cluster.Name}
	}
	if folder, ok := simulator.Map.Get(*cluster.Parent).(*simulator.Folder); ok {
		simulator.Map.RemoveReference(folder, &folder.ChildEntity, cluster.Self)
	}
	simulator.Map.Remove(*cluster.ResourcePool)
	simulator.Map.Remove(cluster.Self)
	return nil
}

// hostByRef is this vCenter's host with that reference.
func (vc *vcServer) hostByRef(ref types.ManagedObjectReference) *hostRT {
	for _, hr := range vc.hosts {
		if hr.ref == ref {
			return hr
		}
	}
	return nil
}

// normalizeThumbprint compares thumbprints as vCenter does: hex digits,
// whatever the case and separators.
func normalizeThumbprint(t string) string {
	var out []rune
	for _, r := range strings.ToUpper(t) {
		if (r >= '0' && r <= '9') || (r >= 'A' && r <= 'F') {
			out = append(out, r)
		}
	}
	return string(out)
}
