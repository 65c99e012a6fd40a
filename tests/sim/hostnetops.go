package main

// Changes to a physical host's network, applied to a copy of its state so
// that a multi-part change (UpdateNetworkConfig moving a pNIC from a proxy
// switch to a standard switch in one call) is checked as a whole: at the
// end every pNIC may sit on at most one switch. After a change the host
// is rendered again and the health rules run (health.go).

import (
	"encoding/json"

	"github.com/vmware/govmomi/vim25/types"
)

// netChange applies fn to a copy of the host's state and keeps it if the
// result is consistent. The copy has the host's VMs as vcsim has them now,
// for the checks of what uses a port group.
func (vc *vcServer) netChange(hr *hostRT, fn func(p *PhysHost) types.BaseMethodFault) types.BaseMethodFault {
	vc.exportVMs(hr)
	var cp PhysHost
	data, _ := json.Marshal(hr.phys)
	_ = json.Unmarshal(data, &cp)
	if f := fn(&cp); f != nil {
		return f
	}
	if f := pnicsOnOneSwitch(&cp); f != nil {
		return f
	}
	moves := vc.niocMoves(hr.phys, &cp)
	hr.phys = &cp
	for _, m := range moves {
		vc.incident(hr, "nioc", m.pnic, m.detail)
	}
	vc.renderNetwork(hr)
	vc.applyHostHealth(hr)
	if err := vc.saveHost(hr); err != nil {
		return &types.RuntimeFault{}
	}
	return nil
}

func pnicsOnOneSwitch(p *PhysHost) types.BaseMethodFault {
	known := map[string]bool{}
	for _, n := range p.Pnics {
		known[n.Device] = true
	}
	used := map[string]bool{}
	claim := func(pn string) types.BaseMethodFault {
		if !known[pn] {
			return &types.NotFound{VimFault: types.VimFault{MethodFault: faultMessage("pnic", "no pNIC "+pn)}}
		}
		if used[pn] {
			return &types.ResourceInUse{Type: "PhysicalNic", Name: pn}
		}
		used[pn] = true
		return nil
	}
	for _, vs := range p.VSwitches {
		for _, u := range vs.Uplinks {
			if f := claim(u); f != nil {
				return f
			}
		}
	}
	for _, px := range p.Proxies {
		for pn := range px.Uplinks {
			if f := claim(pn); f != nil {
				return f
			}
		}
	}
	return nil
}

func notFound(what string) types.BaseMethodFault {
	return &types.NotFound{VimFault: types.VimFault{MethodFault: faultMessage("notFound", what+" not found")}}
}

func vswitchIndex(p *PhysHost, name string) int {
	for i, vs := range p.VSwitches {
		if vs.Name == name {
			return i
		}
	}
	return -1
}

// setVSwitchSpec applies a standard switch spec (uplinks, MTU, teaming).
func setVSwitchSpec(vs *VSwitchDef, spec *types.HostVirtualSwitchSpec) {
	if spec == nil {
		return
	}
	if spec.Mtu != 0 {
		vs.MTU = spec.Mtu
	}
	vs.Uplinks = nil
	if b, ok := spec.Bridge.(*types.HostVirtualSwitchBondBridge); ok {
		vs.Uplinks = append([]string(nil), b.NicDevice...)
	}
	// Without a teaming order the server's default applies: every uplink
	// active. With one, an uplink in neither list is unused ("an empty
	// activeNic array means there are no active Ethernet adapters in the
	// team", HostNicOrderPolicy).
	vs.Standby, vs.Unused = nil, nil
	if p := spec.Policy; p != nil && p.NicTeaming != nil && p.NicTeaming.NicOrder != nil {
		order := p.NicTeaming.NicOrder
		vs.Standby = append([]string(nil), order.StandbyNic...)
		for _, u := range vs.Uplinks {
			if !contains(order.ActiveNic, u) && !contains(order.StandbyNic, u) {
				vs.Unused = append(vs.Unused, u)
			}
		}
	}
}

func addVSwitch(p *PhysHost, name string, spec *types.HostVirtualSwitchSpec) types.BaseMethodFault {
	if vswitchIndex(p, name) >= 0 {
		return &types.AlreadyExists{Name: name}
	}
	vs := VSwitchDef{Name: name, MTU: 1500}
	setVSwitchSpec(&vs, spec)
	p.VSwitches = append(p.VSwitches, vs)
	return nil
}

func updateVSwitch(p *PhysHost, name string, spec *types.HostVirtualSwitchSpec) types.BaseMethodFault {
	i := vswitchIndex(p, name)
	if i < 0 {
		return notFound("vSwitch " + name)
	}
	setVSwitchSpec(&p.VSwitches[i], spec)
	return nil
}

func removeVSwitch(p *PhysHost, name string) types.BaseMethodFault {
	i := vswitchIndex(p, name)
	if i < 0 {
		return notFound("vSwitch " + name)
	}
	for _, pg := range p.VSwitches[i].Portgroups {
		if f := portgroupInUse(p, pg.Name); f != nil {
			return f
		}
	}
	p.VSwitches = append(p.VSwitches[:i], p.VSwitches[i+1:]...)
	return nil
}

// portgroupInUse: a VMkernel adapter or a connected VM NIC is on the
// standard port group ("virtual network adapters associated with it", in
// the words of RemovePortGroup's ResourceInUse). A disconnected NIC holds
// no port on a standard switch, so it does not keep the port group.
func portgroupInUse(p *PhysHost, name string) types.BaseMethodFault {
	if hasVmknicOn(p, name) || hasConnectedNICOn(p, name) {
		return &types.ResourceInUse{Type: "HostPortGroup", Name: name}
	}
	return nil
}

func hasVmknicOn(p *PhysHost, portgroup string) bool {
	for _, k := range p.Vmknics {
		if k.DVS == "" && k.Portgroup == portgroup {
			return true
		}
	}
	return false
}

func hasConnectedNICOn(p *PhysHost, portgroup string) bool {
	for _, vm := range p.VMs {
		for _, n := range vm.NICs {
			if n.DVSUuid == "" && n.Network == portgroup && (n.Connected == nil || *n.Connected) {
				return true
			}
		}
	}
	return false
}

func portgroupDef(spec types.HostPortGroupSpec) PortgroupDef {
	pg := PortgroupDef{Name: spec.Name, VLAN: spec.VlanId}
	if t := spec.Policy.NicTeaming; t != nil && t.NicOrder != nil {
		pg.Active, pg.Standby = t.NicOrder.ActiveNic, t.NicOrder.StandbyNic
	}
	return pg
}

func addPortGroup(p *PhysHost, spec types.HostPortGroupSpec) types.BaseMethodFault {
	i := vswitchIndex(p, spec.VswitchName)
	if i < 0 {
		return notFound("vSwitch " + spec.VswitchName)
	}
	if _, _, ok := hasStandardPortgroup(p, spec.Name); ok {
		return &types.AlreadyExists{Name: spec.Name}
	}
	p.VSwitches[i].Portgroups = append(p.VSwitches[i].Portgroups, portgroupDef(spec))
	return nil
}

func updatePortGroup(p *PhysHost, name string, spec types.HostPortGroupSpec) types.BaseMethodFault {
	if f := removePortGroupKeepingUsers(p, name); f != nil {
		return f
	}
	if spec.Name != name {
		for k := range p.Vmknics {
			if p.Vmknics[k].DVS == "" && p.Vmknics[k].Portgroup == name {
				p.Vmknics[k].Portgroup = spec.Name
			}
		}
	}
	return addPortGroup(p, spec)
}

func removePortGroupKeepingUsers(p *PhysHost, name string) types.BaseMethodFault {
	for i := range p.VSwitches {
		for j, pg := range p.VSwitches[i].Portgroups {
			if pg.Name == name {
				vs := &p.VSwitches[i]
				vs.Portgroups = append(vs.Portgroups[:j], vs.Portgroups[j+1:]...)
				return nil
			}
		}
	}
	return notFound("port group " + name)
}

func removePortGroup(p *PhysHost, name string) types.BaseMethodFault {
	if f := portgroupInUse(p, name); f != nil {
		return f
	}
	return removePortGroupKeepingUsers(p, name)
}

// updateVnic moves a VMkernel adapter (standard port group or distributed
// port) and changes its IP settings and MTU.
func (vc *vcServer) updateVnic(p *PhysHost, device string, spec types.HostVirtualNicSpec) types.BaseMethodFault {
	var k *VmknicDef
	for i := range p.Vmknics {
		if p.Vmknics[i].Device == device {
			k = &p.Vmknics[i]
		}
	}
	if k == nil {
		return notFound("VMkernel adapter " + device)
	}
	switch {
	case spec.Portgroup != "":
		if _, _, ok := hasStandardPortgroup(p, spec.Portgroup); !ok {
			return notFound("port group " + spec.Portgroup)
		}
		k.Portgroup, k.DVS, k.DVSUuid, k.DVSPortgroupKey = spec.Portgroup, "", "", ""
	case spec.DistributedVirtualPort != nil:
		name, pg, f := vc.distributedPort(p, spec.DistributedVirtualPort)
		if f != nil {
			return f
		}
		k.Portgroup, k.DVS, k.DVSUuid, k.DVSPortgroupKey = pg, name, spec.DistributedVirtualPort.SwitchUuid, spec.DistributedVirtualPort.PortgroupKey
	}
	if spec.Ip != nil && spec.Ip.IpAddress != "" {
		k.IP, k.Netmask = spec.Ip.IpAddress, spec.Ip.SubnetMask
	}
	if spec.Mtu != 0 {
		k.MTU = spec.Mtu
	}
	return nil
}

// distributedPort resolves a port connection to (switch name, port group
// name); the host must have a proxy switch of that switch.
func (vc *vcServer) distributedPort(p *PhysHost, conn *types.DistributedVirtualSwitchPortConnection) (string, string, types.BaseMethodFault) {
	s := vc.dvs(conn.SwitchUuid)
	if s == nil || !hasProxy(p, conn.SwitchUuid) {
		return "", "", notFound("distributed switch " + conn.SwitchUuid + " on the host")
	}
	for _, ref := range s.Portgroup {
		if ref.Value == conn.PortgroupKey && !isUplinkPortgroup(s, ref) {
			return s.Name, dvPortgroupNameByKey(ref), nil
		}
	}
	return "", "", notFound("distributed port group " + conn.PortgroupKey)
}

// proxyUplinksFromBacking maps pNICs to uplink names: the uplink port key
// names one of the host's uplink ports on the switch (ports: uplink name ->
// key), else the pNIC takes the next free uplink in the switch's order.
func proxyUplinksFromBacking(b types.BaseDistributedVirtualSwitchHostMemberBacking, ports map[string]string, uplinks []string) (map[string]string, types.BaseMethodFault) {
	out := map[string]string{}
	pb, ok := b.(*types.DistributedVirtualSwitchHostMemberPnicBacking)
	if !ok {
		return out, nil
	}
	nameOf := map[string]string{}
	for name, key := range ports {
		nameOf[key] = name
	}
	taken := map[string]bool{}
	var unnamed []string
	for _, ps := range pb.PnicSpec {
		if ps.UplinkPortKey == "" {
			unnamed = append(unnamed, ps.PnicDevice)
			continue
		}
		name, ok := nameOf[ps.UplinkPortKey]
		if !ok || taken[name] {
			return nil, &types.InvalidArgument{InvalidProperty: "backing.pnicSpec.uplinkPortKey"}
		}
		out[ps.PnicDevice], taken[name] = name, true
	}
	for _, pn := range unnamed {
		for _, u := range uplinks {
			if !taken[u] {
				out[pn], taken[u] = u, true
				break
			}
		}
		if out[pn] == "" {
			return nil, &types.InvalidArgument{InvalidProperty: "backing.pnicSpec"}
		}
	}
	return out, nil
}
