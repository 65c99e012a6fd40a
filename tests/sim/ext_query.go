package main

// QueryConnectionInfo: whether the host would accept this login and present
// this certificate, answered as vCenter does before an AddHost, without
// adding it. vcshift asks it of every host a plan adds, before touching
// anything. The checks are AddHost's (connectFault), with force set because
// a host another vCenter manages is exactly what a migration queries.

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
	info := types.HostConnectInfo{ServerIp: "127.0.0.1", Host: esx.HostSystem.Summary}
	return &methods.QueryConnectionInfoBody{Res: &types.QueryConnectionInfoResponse{Returnval: info}}, true
}
