package main

// QueryConnectionInfo: whether the host would accept this login and present
// this certificate, answered as vCenter does before an AddHost, without
// adding it, with what the host says about itself: its summary, its VMs, its
// networks and the address of the vCenter that manages it (serverIp). The
// checks are AddHost's: AlreadyConnected for a host in this vCenter (the
// reference lists it for this method: "the host has been added more than
// once in the same VirtualCenter"), then connectFault with force set:
// AlreadyBeingManaged is not a fault of this method (the reference lists it
// for AddHost, AddStandaloneHost and ReconnectHost only); serverIp says it.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/simulator/esx"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	extMethods["QueryConnectionInfo"] = extQueryConnectionInfo
}

func extQueryConnectionInfo(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.QueryConnectionInfo)
	if _, ok := vc.hosts[req.Hostname]; ok {
		return failWith(&types.AlreadyConnected{Name: req.Hostname})
	}
	var ph *PhysHost
	if err := vc.state.withLock(func() error {
		var err error
		ph, err = vc.state.readHost(req.Hostname)
		return err
	}); err != nil {
		return failWith(&types.RuntimeFault{})
	}
	if ph == nil {
		return failWith(&types.NoHost{Name: req.Hostname})
	}
	spec := types.HostConnectSpec{HostName: req.Hostname, UserName: req.Username,
		Password: req.Password, SslThumbprint: req.SslThumbprint, Force: true}
	if f := vc.connectFault(ph, spec); f != nil {
		return failWith(f)
	}
	return &methods.QueryConnectionInfoBody{Res: &types.QueryConnectionInfoResponse{Returnval: vc.connectInfo(ph)}}, true
}

// connectInfo is what the physical host tells a vCenter about itself. The
// simulated hosts have no datastore of their own (a vCenter gives each host a
// local one when it adds it), so none is listed; networks are the host's
// standard port groups.
func (vc *vcServer) connectInfo(ph *PhysHost) types.HostConnectInfo {
	manager := vc.addressOf(ph.ManagedBy)
	info := types.HostConnectInfo{
		ServerIp:               manager,
		Host:                   hostListSummary(ph, manager),
		VimAccountNameRequired: types.NewBool(false),
		ClusterSupported:       types.NewBool(true),
	}
	for _, vm := range ph.VMs {
		info.Vm = append(info.Vm, vmSummary(vm))
	}
	for _, vs := range ph.VSwitches {
		for _, pg := range vs.Portgroups {
			info.Network = append(info.Network, &types.HostConnectInfoNetworkInfo{
				Summary: &types.NetworkSummary{Name: pg.Name, Accessible: true}})
		}
	}
	return info
}

// hostListSummary is the host's summary as a vCenter would show it, without
// the moref and the status fields (the reference: "not set when an object of
// this type is created").
func hostListSummary(ph *PhysHost, manager string) types.HostListSummary {
	about := hostProduct(ph)
	hw := *esx.HostSystem.Summary.Hardware
	hw.Uuid = uuidFromString(ph.Name) // as vcsim derives an added host's
	return types.HostListSummary{
		Hardware: &hw,
		Config: types.HostConfigSummary{Name: ph.Name, Port: 443, SslThumbprint: ph.Thumbprint,
			Product: &about, FaultToleranceEnabled: types.NewBool(false)},
		OverallStatus:      types.ManagedEntityStatusGray,
		ManagementServerIp: manager,
		MaxEVCModeKey:      ph.MaxEVC,
	}
}

func vmSummary(vm VMDef) types.VirtualMachineSummary {
	return types.VirtualMachineSummary{
		Runtime: types.VirtualMachineRuntimeInfo{PowerState: types.VirtualMachinePowerState(vm.Power),
			ConnectionState: types.VirtualMachineConnectionStateConnected},
		Config: types.VirtualMachineConfigSummary{Name: vm.Name, MemorySizeMB: int32(vm.MemoryMB), NumCpu: vm.CPUs,
			NumEthernetCards: int32(len(vm.NICs)), GuestId: vmGuestID},
		QuickStats:    types.VirtualMachineQuickStats{GuestHeartbeatStatus: types.ManagedEntityStatusGray},
		OverallStatus: types.ManagedEntityStatusGray,
	}
}
