package main

// A host's network as vCenter shows it, rendered from the physical host's
// state (PhysHost): pNICs, standard switches and port groups, VMkernel
// adapters, DVS proxy switches, and the matching DVS membership. vcsim
// keeps HostSystem.config.network and HostNetworkSystem.networkInfo apart
// and never ties pNICs to switches; here both show the same rendering.

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

func pnicKey(dev string) string    { return "key-vim.host.PhysicalNic-" + dev }
func vswitchKey(n string) string   { return "key-vim.host.VirtualSwitch-" + n }
func portgroupKey(n string) string { return "key-vim.host.PortGroup-" + n }
func vnicKey(dev string) string    { return "key-vim.host.VirtualNic-" + dev }

// renderNetwork rewrites the host's network configuration from hr.phys.
func (vc *vcServer) renderNetwork(hr *hostRT) {
	p := hr.phys
	info := &types.HostNetworkInfo{}
	for _, n := range p.Pnics {
		pn := types.PhysicalNic{Key: pnicKey(n.Device), Device: n.Device, Mac: n.Mac, Driver: "nvmxnet3"}
		if !n.LinkDown {
			pn.LinkSpeed = &types.PhysicalNicLinkInfo{SpeedMb: n.SpeedMb, Duplex: true}
		}
		info.Pnic = append(info.Pnic, pn)
	}
	for _, vs := range p.VSwitches {
		info.Vswitch = append(info.Vswitch, renderVSwitch(vs))
		for _, pg := range vs.Portgroups {
			info.Portgroup = append(info.Portgroup, renderPortgroup(vs.Name, pg))
		}
	}
	for _, k := range p.Vmknics {
		info.Vnic = append(info.Vnic, vc.renderVmknic(k))
	}
	for i, px := range p.Proxies {
		info.ProxySwitch = append(info.ProxySwitch, renderProxy(i, px))
	}
	h := vc.hostObj(hr)
	h.Config.Network = info
	ns := simulator.Map.Get(*h.ConfigManager.NetworkSystem).(*simulator.HostNetworkSystem)
	ns.NetworkInfo = info
	h.Config.VirtualNicManagerInfo = renderNicManager(p)
	vc.renderOptions(hr) // advanced options travel with the host as its network does
	for _, px := range p.Proxies {
		if s := vc.dvs(px.DVSUuid); s != nil {
			setMemberBacking(s, hr.ref, px)
		}
	}
}

func renderVSwitch(vs VSwitchDef) types.HostVirtualSwitch {
	out := types.HostVirtualSwitch{Name: vs.Name, Key: vswitchKey(vs.Name), NumPorts: 128, Mtu: vs.MTU}
	for _, u := range vs.Uplinks {
		out.Pnic = append(out.Pnic, pnicKey(u))
	}
	for _, pg := range vs.Portgroups {
		out.Portgroup = append(out.Portgroup, portgroupKey(pg.Name))
	}
	out.Spec = types.HostVirtualSwitchSpec{NumPorts: 128, Mtu: vs.MTU,
		Policy: &types.HostNetworkPolicy{NicTeaming: &types.HostNicTeamingPolicy{
			Policy:   "loadbalance_srcid",
			NicOrder: &types.HostNicOrderPolicy{ActiveNic: vs.activeNics(), StandbyNic: vs.Standby}}}}
	if len(vs.Uplinks) > 0 {
		out.Spec.Bridge = &types.HostVirtualSwitchBondBridge{NicDevice: vs.Uplinks}
	}
	return out
}

func renderPortgroup(vswitch string, pg PortgroupDef) types.HostPortGroup {
	spec := types.HostPortGroupSpec{Name: pg.Name, VlanId: pg.VLAN, VswitchName: vswitch}
	if len(pg.Active) > 0 || len(pg.Standby) > 0 {
		spec.Policy.NicTeaming = &types.HostNicTeamingPolicy{
			NicOrder: &types.HostNicOrderPolicy{ActiveNic: pg.Active, StandbyNic: pg.Standby}}
	}
	return types.HostPortGroup{Key: portgroupKey(pg.Name), Vswitch: vswitchKey(vswitch), Spec: spec}
}

func (vc *vcServer) renderVmknic(k VmknicDef) types.HostVirtualNic {
	out := types.HostVirtualNic{Device: k.Device, Key: vnicKey(k.Device), Spec: types.HostVirtualNicSpec{
		Ip:  &types.HostIpConfig{IpAddress: k.IP, SubnetMask: k.Netmask},
		Mac: k.Mac, Mtu: k.MTU,
	}}
	if k.DVS == "" {
		out.Portgroup = k.Portgroup
		return out
	}
	conn := &types.DistributedVirtualSwitchPortConnection{SwitchUuid: k.DVSUuid}
	if s := vc.dvs(k.DVSUuid); s != nil {
		if pg := dvPortgroupByName(s, k.Portgroup); pg != nil {
			conn.PortgroupKey = pg.Key
		}
	}
	out.Spec.DistributedVirtualPort = conn
	return out
}

// renderProxy: uplinkPort lists every uplink port of the host on the switch
// (key and uplink name), bound or not, as ESXi does ("the ports that can
// potentially be used by physical NICs"); a pNIC's backing names the port it
// is bound to by key.
func renderProxy(i int, px ProxyState) types.HostProxySwitch {
	out := types.HostProxySwitch{DvsUuid: px.DVSUuid, DvsName: px.DVSName, Key: fmt.Sprintf("DvsPortset-%d", i),
		NumPorts: 512, Mtu: px.MTU}
	for _, name := range uplinksByKey(px.Ports) {
		out.UplinkPort = append(out.UplinkPort, types.KeyValue{Key: px.Ports[name], Value: name})
	}
	backing := &types.DistributedVirtualSwitchHostMemberPnicBacking{}
	for _, pn := range sortedKeys(px.Uplinks) {
		out.Pnic = append(out.Pnic, pnicKey(pn))
		backing.PnicSpec = append(backing.PnicSpec, types.DistributedVirtualSwitchHostMemberPnicSpec{
			PnicDevice: pn, UplinkPortKey: px.Ports[px.Uplinks[pn]]})
	}
	out.Spec.Backing = backing
	return out
}

// uplinksByKey is the uplink names of a proxy switch's ports in the order of
// their keys (the switch's order, as its vCenter numbered them).
func uplinksByKey(ports map[string]string) []string {
	names := sortedKeys(ports)
	sort.SliceStable(names, func(i, j int) bool {
		a, _ := strconv.Atoi(ports[names[i]])
		b, _ := strconv.Atoi(ports[names[j]])
		return a < b
	})
	return names
}

// renderNicManager marks the management VMkernel adapters.
func renderNicManager(p *PhysHost) *types.HostVirtualNicManagerInfo {
	cfg := types.VirtualNicManagerNetConfig{NicType: "management", MultiSelectAllowed: true}
	for _, k := range p.Vmknics {
		cfg.CandidateVnic = append(cfg.CandidateVnic, types.HostVirtualNic{Device: k.Device, Key: vnicKey(k.Device), Portgroup: k.Portgroup})
		if k.Management {
			cfg.SelectedVnic = append(cfg.SelectedVnic, "management."+vnicKey(k.Device))
		}
	}
	return &types.HostVirtualNicManagerInfo{NetConfig: []types.VirtualNicManagerNetConfig{cfg}}
}

// hasStandardPortgroup: the host has a standard port group called name.
func hasStandardPortgroup(p *PhysHost, name string) (VSwitchDef, PortgroupDef, bool) {
	for _, vs := range p.VSwitches {
		for _, pg := range vs.Portgroups {
			if pg.Name == name {
				return vs, pg, true
			}
		}
	}
	return VSwitchDef{}, PortgroupDef{}, false
}

// activeNics are the switch's uplinks that carry its traffic: those
// neither standby nor unused.
func (vs VSwitchDef) activeNics() []string {
	var active []string
	for _, u := range vs.Uplinks {
		if !contains(vs.Standby, u) && !contains(vs.Unused, u) {
			active = append(active, u)
		}
	}
	return active
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
