package main

// HostNetworkSystem methods on the physical host's state. vcsim keeps its
// own partial copy (no pNICs on switches, UpdateNetworkConfig a no-op,
// nothing shared between vCenters); here every change lands in the host's
// state, is rendered back, and is subject to the health rules.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	extMethods["AddVirtualSwitch"] = hostNet(func(vc *vcServer, p *PhysHost, b interface{}) (soap.HasFault, types.BaseMethodFault) {
		req := b.(*types.AddVirtualSwitch)
		return &methods.AddVirtualSwitchBody{Res: &types.AddVirtualSwitchResponse{}}, addVSwitch(p, req.VswitchName, req.Spec)
	})
	extMethods["UpdateVirtualSwitch"] = hostNet(func(vc *vcServer, p *PhysHost, b interface{}) (soap.HasFault, types.BaseMethodFault) {
		req := b.(*types.UpdateVirtualSwitch)
		return &methods.UpdateVirtualSwitchBody{Res: &types.UpdateVirtualSwitchResponse{}}, updateVSwitch(p, req.VswitchName, &req.Spec)
	})
	extMethods["RemoveVirtualSwitch"] = hostNet(func(vc *vcServer, p *PhysHost, b interface{}) (soap.HasFault, types.BaseMethodFault) {
		req := b.(*types.RemoveVirtualSwitch)
		return &methods.RemoveVirtualSwitchBody{Res: &types.RemoveVirtualSwitchResponse{}}, removeVSwitch(p, req.VswitchName)
	})
	extMethods["AddPortGroup"] = hostNet(func(vc *vcServer, p *PhysHost, b interface{}) (soap.HasFault, types.BaseMethodFault) {
		req := b.(*types.AddPortGroup)
		return &methods.AddPortGroupBody{Res: &types.AddPortGroupResponse{}}, addPortGroup(p, req.Portgrp)
	})
	extMethods["UpdatePortGroup"] = hostNet(func(vc *vcServer, p *PhysHost, b interface{}) (soap.HasFault, types.BaseMethodFault) {
		req := b.(*types.UpdatePortGroup)
		return &methods.UpdatePortGroupBody{Res: &types.UpdatePortGroupResponse{}}, updatePortGroup(p, req.PgName, req.Portgrp)
	})
	extMethods["RemovePortGroup"] = hostNet(func(vc *vcServer, p *PhysHost, b interface{}) (soap.HasFault, types.BaseMethodFault) {
		req := b.(*types.RemovePortGroup)
		return &methods.RemovePortGroupBody{Res: &types.RemovePortGroupResponse{}}, removePortGroup(p, req.PgName)
	})
	extMethods["UpdateVirtualNic"] = hostNet(func(vc *vcServer, p *PhysHost, b interface{}) (soap.HasFault, types.BaseMethodFault) {
		req := b.(*types.UpdateVirtualNic)
		return &methods.UpdateVirtualNicBody{Res: &types.UpdateVirtualNicResponse{}}, vc.updateVnic(p, req.Device, req.Nic)
	})
	extMethods["UpdateNetworkConfig"] = hostNet(func(vc *vcServer, p *PhysHost, b interface{}) (soap.HasFault, types.BaseMethodFault) {
		req := b.(*types.UpdateNetworkConfig)
		return &methods.UpdateNetworkConfigBody{Res: &types.UpdateNetworkConfigResponse{}}, vc.updateNetworkConfig(p, &req.Config)
	})
}

type hostNetOp func(vc *vcServer, p *PhysHost, body interface{}) (soap.HasFault, types.BaseMethodFault)

// hostNet adapts a state-level operation to an extension method on a
// host's HostNetworkSystem.
func hostNet(op hostNetOp) extFunc {
	return func(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
		hr := vc.hostOfRef(m.This)
		if hr == nil {
			return nil, false
		}
		var res soap.HasFault
		f := vc.netChange(hr, func(p *PhysHost) types.BaseMethodFault {
			var f types.BaseMethodFault
			res, f = op(vc, p, m.Body)
			return f
		})
		if f != nil {
			return failWith(f)
		}
		return res, true
	}
}

// updateNetworkConfig applies the switch, port group, VMkernel and proxy
// switch parts of a HostNetworkConfig (the rest is not simulated).
func (vc *vcServer) updateNetworkConfig(p *PhysHost, cfg *types.HostNetworkConfig) types.BaseMethodFault {
	for _, c := range cfg.Vswitch {
		var f types.BaseMethodFault
		switch c.ChangeOperation {
		case "add":
			f = addVSwitch(p, c.Name, c.Spec)
		case "remove":
			f = removeVSwitch(p, c.Name)
		default:
			f = updateVSwitch(p, c.Name, c.Spec)
		}
		if f != nil {
			return f
		}
	}
	for _, c := range cfg.Portgroup {
		if c.Spec == nil {
			continue
		}
		var f types.BaseMethodFault
		switch c.ChangeOperation {
		case "add":
			f = addPortGroup(p, *c.Spec)
		case "remove":
			f = removePortGroup(p, c.Spec.Name)
		default:
			f = updatePortGroup(p, c.Spec.Name, *c.Spec)
		}
		if f != nil {
			return f
		}
	}
	for _, c := range cfg.ProxySwitch {
		if f := vc.editProxy(p, c.Uuid, c.Spec); f != nil {
			return f
		}
	}
	for _, c := range cfg.Vnic {
		if c.Spec == nil || c.ChangeOperation == "add" || c.ChangeOperation == "remove" {
			return &types.NotSupported{}
		}
		spec := *c.Spec
		if c.Portgroup != "" && spec.DistributedVirtualPort == nil {
			spec.Portgroup = c.Portgroup
		}
		if f := vc.updateVnic(p, c.Device, spec); f != nil {
			return f
		}
	}
	return nil
}

// editProxy rebinds a proxy switch's pNICs.
func (vc *vcServer) editProxy(p *PhysHost, uuid string, spec *types.HostProxySwitchSpec) types.BaseMethodFault {
	for i := range p.Proxies {
		if p.Proxies[i].DVSUuid != uuid || spec == nil {
			continue
		}
		names := uplinksByKey(p.Proxies[i].Ports)
		if s := vc.dvs(uuid); s != nil {
			names = dvsUplinkNames(s)
		}
		up, f := proxyUplinksFromBacking(spec.Backing, p.Proxies[i].Ports, names)
		if f != nil {
			return f
		}
		p.Proxies[i].Uplinks = up
		return nil
	}
	return notFound("proxy switch " + uuid)
}
