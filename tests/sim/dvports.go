package main

// The port space of this vCenter's distributed switches. vCenter numbers every
// port of a switch from one counter ("0", "1", ...): the ports of its port
// groups, and the uplink ports it makes for a host that joins, one per uplink
// name, in the switch's uplink port group. The host keeps its uplink ports in
// its proxy switch (HostProxySwitch.uplinkPort, the pnicSpec's uplinkPortKey),
// so they live with the physical host here too (ProxyState.Ports) and a
// vCenter that does not own the switch shows the same keys. vcsim numbers
// each port group's ports from 0 and makes no uplink ports.

import (
	"sort"
	"strconv"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() { extMethods["FetchDVPorts"] = extFetchDVPorts }

// worldUplinkPorts numbers a world file's switch as its vCenter does when
// the world's member hosts join it in the world's order: the port groups'
// ports first, then each member's uplink ports (host -> uplink -> key).
// initState gives the hosts these keys, so they are in the shared state from
// the start and the switch's vCenter (ports) finds them in place.
func worldUplinkPorts(dv DVSDef) map[string]map[string]string {
	next := 0
	for _, pg := range dv.Portgroups {
		next += int(pg.Ports)
	}
	out := map[string]map[string]string{}
	for _, m := range dv.Hosts {
		out[m.Host] = map[string]string{}
		for _, up := range dv.Uplinks {
			out[m.Host][up] = strconv.Itoa(next)
			next++
		}
	}
	return out
}

// portSpace is one switch's port numbering.
type portSpace struct {
	next     int
	numbered map[types.ManagedObjectReference]bool // port groups whose ports have keys from here
}

// ports is the switch's port space, with every port group numbered (a port
// group made since the last call gets the next keys, as in vCenter).
func (vc *vcServer) ports(s *simulator.DistributedVirtualSwitch) *portSpace {
	if vc.portSpaces == nil {
		vc.portSpaces = map[string]*portSpace{}
	}
	ps := vc.portSpaces[s.Uuid]
	if ps == nil {
		ps = &portSpace{numbered: map[types.ManagedObjectReference]bool{}}
		vc.portSpaces[s.Uuid] = ps
	}
	for _, ref := range s.Portgroup {
		if ps.numbered[ref] || isUplinkPortgroup(s, ref) {
			continue
		}
		pg := simulator.Map.Get(ref).(*simulator.DistributedVirtualPortgroup)
		for i := range pg.PortKeys {
			pg.PortKeys[i] = ps.take()
		}
		ps.numbered[ref] = true
	}
	return ps
}

func (ps *portSpace) take() string {
	ps.next++
	return strconv.Itoa(ps.next - 1)
}

// assignUplinkPorts gives the host's proxy switch of s an uplink port for
// each uplink name of the switch: the keys it already holds stay (unless
// another member holds the same key), the others come from the switch's
// port space; ports of names the switch no longer has go.
func (vc *vcServer) assignUplinkPorts(s *simulator.DistributedVirtualSwitch, host string, px *ProxyState) {
	ps := vc.ports(s)
	taken := vc.uplinkKeysInUse(s, host)
	ports := map[string]string{}
	for _, name := range dvsUplinkNames(s) {
		key, ok := px.Ports[name]
		if n, err := strconv.Atoi(key); ok && err == nil && !taken[key] {
			if n >= ps.next {
				ps.next = n + 1
			}
		} else {
			key = ps.take()
		}
		ports[name], taken[key] = key, true
	}
	px.Ports = ports
}

// uplinkKeysInUse: the uplink port keys the switch's other members hold.
func (vc *vcServer) uplinkKeysInUse(s *simulator.DistributedVirtualSwitch, except string) map[string]bool {
	used := map[string]bool{}
	for name, hr := range vc.hosts {
		if name == except || simulator.FindReference(s.Summary.HostMember, hr.ref) == nil {
			continue
		}
		for _, px := range hr.phys.Proxies {
			if px.DVSUuid == s.Uuid {
				for _, key := range px.Ports {
					used[key] = true
				}
			}
		}
	}
	return used
}

// syncUplinkPortgroup lists the members' uplink ports as the uplink port
// group's ports.
func (vc *vcServer) syncUplinkPortgroup(s *simulator.DistributedVirtualSwitch) {
	var keys []string
	for _, port := range vc.uplinkPorts(s) {
		keys = append(keys, port.Key)
	}
	for _, ref := range s.Config.GetDVSConfigInfo().UplinkPortgroup {
		if pg, ok := simulator.Map.Get(ref).(*simulator.DistributedVirtualPortgroup); ok {
			pg.PortKeys = keys
			pg.Config.NumPorts = int32(len(keys))
		}
	}
}

// uplinkPorts are the switch's uplink ports, by key: each member's, named
// after its uplink, connected to the pNIC bound to it.
func (vc *vcServer) uplinkPorts(s *simulator.DistributedVirtualSwitch) []types.DistributedVirtualPort {
	var group string
	if refs := s.Config.GetDVSConfigInfo().UplinkPortgroup; len(refs) > 0 {
		group = refs[0].Value
	}
	var out []types.DistributedVirtualPort
	for _, hr := range vc.hosts {
		if simulator.FindReference(s.Summary.HostMember, hr.ref) == nil {
			continue
		}
		for _, px := range hr.phys.Proxies {
			if px.DVSUuid != s.Uuid {
				continue
			}
			for name, key := range px.Ports {
				host := hr.ref
				port := types.DistributedVirtualPort{Key: key, DvsUuid: s.Uuid, PortgroupKey: group, ProxyHost: &host,
					Config: types.DVPortConfigInfo{Name: name}}
				for pnic, uplink := range px.Uplinks {
					if uplink == name {
						port.Connectee = &types.DistributedVirtualSwitchPortConnectee{ConnectedEntity: &host, NicKey: pnic, Type: "pnic"}
					}
				}
				out = append(out, port)
			}
		}
	}
	sortPorts(out)
	return out
}

func sortPorts(ports []types.DistributedVirtualPort) {
	sort.Slice(ports, func(i, j int) bool {
		a, _ := strconv.Atoi(ports[i].Key)
		b, _ := strconv.Atoi(ports[j].Key)
		return a < b
	})
}

// extFetchDVPorts lists the switch's ports (port groups' and uplink ports)
// that match the criteria: uplinkPort, portgroupKey with inside, portKey and
// host (a port group's ports, bound to no host, are on none). connected,
// active, nsxPort and scope are not simulated.
func extFetchDVPorts(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.FetchDVPorts)
	s := vc.dvsByRef(req.This)
	if s == nil {
		return nil, false
	}
	var all []types.DistributedVirtualPort
	vc.ports(s)
	for _, ref := range s.Portgroup {
		pg := simulator.Map.Get(ref).(*simulator.DistributedVirtualPortgroup)
		if isUplinkPortgroup(s, ref) {
			continue
		}
		for _, key := range pg.PortKeys {
			all = append(all, types.DistributedVirtualPort{Key: key, DvsUuid: s.Uuid, PortgroupKey: pg.Key,
				Config: types.DVPortConfigInfo{Setting: pg.Config.DefaultPortConfig}})
		}
	}
	all = append(all, vc.uplinkPorts(s)...)
	sortPorts(all)
	var out []types.DistributedVirtualPort
	for _, port := range all {
		if portMatches(port, req.Criteria) {
			out = append(out, port)
		}
	}
	return &methods.FetchDVPortsBody{Res: &types.FetchDVPortsResponse{Returnval: out}}, true
}

func portMatches(port types.DistributedVirtualPort, c *types.DistributedVirtualSwitchPortCriteria) bool {
	if c == nil {
		return true
	}
	uplink := port.ProxyHost != nil
	if c.UplinkPort != nil && *c.UplinkPort != uplink {
		return false
	}
	if len(c.PortgroupKey) > 0 {
		inside := c.Inside == nil || *c.Inside
		if contains(c.PortgroupKey, port.PortgroupKey) != inside {
			return false
		}
	}
	if len(c.PortKey) > 0 && !contains(c.PortKey, port.Key) {
		return false
	}
	if len(c.Host) > 0 && (port.ProxyHost == nil || simulator.FindReference(c.Host, *port.ProxyHost) == nil) {
		return false
	}
	return true
}

// dvsByRef is this vCenter's switch with that moref, nil when there is none.
func (vc *vcServer) dvsByRef(ref types.ManagedObjectReference) *simulator.DistributedVirtualSwitch {
	s, ok := simulator.Map.Get(ref).(*simulator.DistributedVirtualSwitch)
	if !ok {
		return nil
	}
	return vc.dvs(s.Uuid)
}
