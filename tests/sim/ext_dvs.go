package main

// ReconfigureDvs_Task: host members with their pNIC backing (vcsim tracks
// membership only, refuses edits and ignores backings) and the switch's
// own name, MTU (the members' proxy switches follow it) and uplink names
// (vcsim ignores them). Removing a host
// that still has VMkernel adapters or VM NICs on the switch fails with
// ResourceInUse, as in vCenter.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() { extMethods["ReconfigureDvs_Task"] = extReconfigureDvs }

func extReconfigureDvs(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.ReconfigureDvs_Task)
	s, ok := simulator.Map.Get(req.This).(*simulator.DistributedVirtualSwitch)
	if !ok {
		return nil, false
	}
	task := taskResult(func() (types.AnyType, types.BaseMethodFault) { return nil, vc.reconfigureDvs(s, req.Spec) }, req.This, "reconfigureDvs")
	return &methods.ReconfigureDvs_TaskBody{Res: &types.ReconfigureDvs_TaskResponse{Returnval: task}}, true
}

func (vc *vcServer) reconfigureDvs(s *simulator.DistributedVirtualSwitch, bspec types.BaseDVSConfigSpec) types.BaseMethodFault {
	spec := bspec.GetDVSConfigSpec()
	s = vc.dvs(s.Uuid) // completed, so a first member gets the switch's MTU
	cfg := s.Config.(*types.VMwareDVSConfigInfo)
	if spec.Name != "" {
		s.Name, s.Summary.Name, cfg.Name = spec.Name, spec.Name, spec.Name
	}
	if p, ok := spec.UplinkPortPolicy.(*types.DVSNameArrayUplinkPortPolicy); ok {
		before := dvsUplinkNames(s)
		cfg.UplinkPortPolicy = p
		if f := vc.renameUplinks(s, before); f != nil {
			return f
		}
	}
	if v, ok := bspec.(*types.VMwareDVSConfigSpec); ok && v.MaxMtu != 0 && v.MaxMtu != cfg.MaxMtu {
		cfg.MaxMtu = v.MaxMtu
		if f := vc.setProxyMTU(s); f != nil {
			return f
		}
	}
	for _, member := range spec.Host {
		hr := vc.hostByRef(member.Host)
		if hr == nil {
			return &types.ManagedObjectNotFound{Obj: member.Host}
		}
		var f types.BaseMethodFault
		switch member.Operation {
		case "add":
			f = vc.dvsAddHost(s, hr, member.Backing)
		case "edit":
			f = vc.netChange(hr, func(p *PhysHost) types.BaseMethodFault {
				return vc.editProxy(p, s.Uuid, &types.HostProxySwitchSpec{Backing: member.Backing})
			})
		case "remove":
			f = vc.dvsRemoveHost(s, hr)
		default:
			f = &types.InvalidArgument{InvalidProperty: "host.operation"}
		}
		if f != nil {
			return f
		}
	}
	return nil
}

// setProxyMTU gives the members' proxy switches the switch's MTU.
func (vc *vcServer) setProxyMTU(s *simulator.DistributedVirtualSwitch) types.BaseMethodFault {
	mtu := s.Config.(*types.VMwareDVSConfigInfo).MaxMtu
	for _, hr := range vc.hosts {
		if !hasProxy(hr.phys, s.Uuid) {
			continue
		}
		f := vc.netChange(hr, func(p *PhysHost) types.BaseMethodFault {
			for i := range p.Proxies {
				if p.Proxies[i].DVSUuid == s.Uuid {
					p.Proxies[i].MTU = mtu
				}
			}
			return nil
		})
		if f != nil {
			return f
		}
	}
	return nil
}

// renameUplinks gives the members' uplink ports the switch's new uplink
// names, by position (a renamed uplink keeps its port); a new name gets a
// port, a name gone takes its port and the pNIC bound to it off the switch.
func (vc *vcServer) renameUplinks(s *simulator.DistributedVirtualSwitch, before []string) types.BaseMethodFault {
	after := dvsUplinkNames(s)
	for _, hr := range vc.hosts {
		if !hasProxy(hr.phys, s.Uuid) {
			continue
		}
		f := vc.netChange(hr, func(p *PhysHost) types.BaseMethodFault {
			for i := range p.Proxies {
				if px := &p.Proxies[i]; px.DVSUuid == s.Uuid {
					renamePorts(px, before, after)
					vc.assignUplinkPorts(s, hr.name, px)
				}
			}
			return nil
		})
		if f != nil {
			return f
		}
	}
	vc.syncUplinkPortgroup(s)
	return nil
}

func renamePorts(px *ProxyState, before, after []string) {
	ports, uplinks := map[string]string{}, map[string]string{}
	for i, old := range before {
		if i >= len(after) {
			break
		}
		if key, ok := px.Ports[old]; ok {
			ports[after[i]] = key
		}
		for pn, up := range px.Uplinks {
			if up == old {
				uplinks[pn] = after[i]
			}
		}
	}
	px.Ports, px.Uplinks = ports, uplinks
}

func (vc *vcServer) dvsAddHost(s *simulator.DistributedVirtualSwitch, hr *hostRT, backing types.BaseDistributedVirtualSwitchHostMemberBacking) types.BaseMethodFault {
	if simulator.FindReference(s.Summary.HostMember, hr.ref) != nil || hasProxy(hr.phys, s.Uuid) {
		return &types.AlreadyExists{Name: hr.name}
	}
	px := ProxyState{DVSName: s.Name, DVSUuid: s.Uuid, VCenter: vc.def.Name, MTU: s.Config.(*types.VMwareDVSConfigInfo).MaxMtu}
	vc.assignUplinkPorts(s, hr.name, &px)
	up, f := proxyUplinksFromBacking(backing, px.Ports, dvsUplinkNames(s))
	if f != nil {
		return f
	}
	px.Uplinks = up
	vc.dvsAddMember(s, hr)
	f = vc.netChange(hr, func(p *PhysHost) types.BaseMethodFault {
		p.Proxies = append(p.Proxies, px)
		return nil
	})
	if f != nil {
		vc.dvsRemoveMember(s, hr)
	}
	vc.syncUplinkPortgroup(s)
	return f
}

func (vc *vcServer) dvsRemoveHost(s *simulator.DistributedVirtualSwitch, hr *hostRT) types.BaseMethodFault {
	for _, k := range hr.phys.Vmknics {
		if k.DVSUuid == s.Uuid {
			return &types.ResourceInUse{Type: "HostVirtualNic", Name: k.Device}
		}
	}
	for _, ref := range vc.hostObj(hr).Vm {
		vm := simulator.Map.Get(ref).(*simulator.VirtualMachine)
		for _, d := range vm.Config.Hardware.Device {
			if card, ok := d.(types.BaseVirtualEthernetCard); ok {
				if b, ok := card.GetVirtualEthernetCard().Backing.(*types.VirtualEthernetCardDistributedVirtualPortBackingInfo); ok && b.Port.SwitchUuid == s.Uuid {
					return &types.ResourceInUse{Type: "VirtualMachine", Name: vm.Name}
				}
			}
		}
	}
	f := vc.netChange(hr, func(p *PhysHost) types.BaseMethodFault { removeProxy(p, s.Uuid); return nil })
	if f == nil {
		vc.dvsRemoveMember(s, hr)
	}
	return f
}

// removeProxy takes the host's proxy switch of a DVS away.
func removeProxy(p *PhysHost, uuid string) {
	for i, px := range p.Proxies {
		if px.DVSUuid == uuid {
			p.Proxies = append(p.Proxies[:i], p.Proxies[i+1:]...)
			return
		}
	}
}
