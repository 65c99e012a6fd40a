package main

// Incidents: the outages a migration must never cause, recorded by the
// simulator itself when they happen, so that a test can prove they never
// did from the simulator's side rather than from the client's output.
// Each is kept with the physical host (its state file), so it survives
// the host moving between vCenters, and GET /incidents on any vCenter's
// control endpoint lists those of every host:
//
//   host_not_responding  the management adapter lost its active uplinks
//   vmknic_disconnected  another VMkernel adapter lost its last active uplink
//                        with link (once per loss; subject: the adapter)
//   vm_nic_disconnected  a connected VM NIC lost its network: gone from its
//                        host (renamed, a reconfigure onto a network the host
//                        lacks, DRS moving the VM) or, when the host arrived
//                        in this vCenter, not one this vCenter can give it
//   vm_nic_vlan_changed  a reconfigure put a VM NIC on another VLAN
//   nioc                 a pNIC joined or left the proxy switch of a DVS with
//                        network I/O control on while the host's
//                        Net.IOControlPnicOptOut did not list it
//
// Whatever else would cut a NIC or an adapter off is refused, as vSphere
// refuses it (ResourceInUse): removing a port group, a switch or a host's
// membership of one while something is on it.

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

type Incident struct {
	Time    string `json:"time"`
	VCenter string `json:"vcenter"`
	Kind    string `json:"kind"`
	Subject string `json:"subject"` // the host, or "vm 'Network adapter 1'"
	Detail  string `json:"detail"`
}

// incident records one on the host; it is saved with the host's state.
func (vc *vcServer) incident(hr *hostRT, kind, subject, detail string) {
	hr.phys.Incidents = append(hr.phys.Incidents, Incident{
		Time: time.Now().UTC().Format(time.RFC3339Nano), VCenter: vc.def.Name,
		Kind: kind, Subject: subject, Detail: detail})
}

// backingVLAN is the VLAN a NIC backing carries on the host: "10",
// "trunk 200-299", or "" when the host has no such network.
func (vc *vcServer) backingVLAN(hr *hostRT, b types.BaseVirtualDeviceBackingInfo) string {
	switch b := b.(type) {
	case *types.VirtualEthernetCardNetworkBackingInfo:
		if _, pg, ok := hasStandardPortgroup(hr.phys, b.DeviceName); ok {
			return fmt.Sprint(pg.VLAN)
		}
	case *types.VirtualEthernetCardDistributedVirtualPortBackingInfo:
		s := vc.dvs(b.Port.SwitchUuid)
		if s == nil {
			return ""
		}
		for _, ref := range s.Portgroup {
			if ref.Value != b.Port.PortgroupKey {
				continue
			}
			pg, ok := simulator.Map.Get(ref).(*simulator.DistributedVirtualPortgroup)
			if !ok {
				return ""
			}
			set, ok := pg.Config.DefaultPortConfig.(*types.VMwareDVSPortSetting)
			if !ok || set.Vlan == nil {
				return "0"
			}
			switch v := set.Vlan.(type) {
			case *types.VmwareDistributedVirtualSwitchVlanIdSpec:
				return fmt.Sprint(v.VlanId)
			case *types.VmwareDistributedVirtualSwitchTrunkVlanSpec:
				var r []string
				for _, n := range v.VlanId {
					r = append(r, fmt.Sprintf("%d-%d", n.Start, n.End))
				}
				return "trunk " + strings.Join(r, ",")
			}
			return "0"
		}
	}
	return ""
}

// sameVLAN: equal, or a trunk of everything on one side (a standard port
// group's VLAN 4095 carries every VLAN, as a DVS trunk 0-4094 does).
func sameVLAN(a, b string) bool {
	all := func(v string) bool { return v == "4095" || v == "trunk 0-4094" }
	return a == b || (strings.HasPrefix(a, "trunk") || a == "4095") && (strings.HasPrefix(b, "trunk") || b == "4095") && (all(a) || all(b))
}

func nicSubject(vm *simulator.VirtualMachine, c *types.VirtualEthernetCard) string {
	label := ""
	if c.DeviceInfo != nil {
		label = c.DeviceInfo.GetDescription().Label
	}
	return vm.Name + " '" + label + "'"
}

// allHosts reads every physical host's state.
func (d stateDir) allHosts() ([]*PhysHost, error) {
	files, err := filepath.Glob(filepath.Join(string(d), "hosts", "*.json"))
	if err != nil {
		return nil, err
	}
	var out []*PhysHost
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		h, err := d.readHost(name)
		if err != nil && !os.IsNotExist(err) {
			return nil, err
		}
		if h != nil {
			out = append(out, h)
		}
	}
	return out, nil
}

// handleIncidents serves GET /incidents: {"count":N,"incidents":[...]}
// oldest first, each with its host.
func (vc *vcServer) handleIncidents(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "GET only"})
		return
	}
	type hostIncident struct {
		Host string `json:"host"`
		Incident
	}
	var all []hostIncident
	err := vc.state.withLock(func() error {
		hosts, err := vc.state.allHosts()
		for _, h := range hosts {
			for _, i := range h.Incidents {
				all = append(all, hostIncident{h.Name, i})
			}
		}
		return err
	})
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
		return
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Time < all[j].Time })
	if all == nil {
		all = []hostIncident{}
	}
	writeJSON(w, http.StatusOK, map[string]interface{}{"count": len(all), "incidents": all})
}

type niocMove struct{ pnic, detail string }

// niocOn: this vCenter's switch with that uuid has network I/O control on.
func (vc *vcServer) niocOn(uuid string) bool {
	s := vc.dvs(uuid)
	if s == nil {
		return false
	}
	cfg, ok := s.Config.(*types.VMwareDVSConfigInfo)
	return ok && cfg.NetworkResourceManagementEnabled != nil && *cfg.NetworkResourceManagementEnabled
}

// niocMoves lists the pNICs that joined or left the proxy switch of a DVS
// with network I/O control on, between before and after, while after's
// Net.IOControlPnicOptOut did not list them: NIOC would have had to
// rebuild its scheduling for a pNIC it still controls.
func (vc *vcServer) niocMoves(before, after *PhysHost) []niocMove {
	type uplink struct{ uuid, pnic string }
	pnics := func(p *PhysHost) map[uplink]string { // -> the switch's name
		out := map[uplink]string{}
		for _, px := range p.Proxies {
			for pn := range px.Uplinks {
				out[uplink{px.DVSUuid, pn}] = px.DVSName
			}
		}
		return out
	}
	was, is := pnics(before), pnics(after)
	var out []niocMove
	check := func(from, to map[uplink]string, verb string) {
		var gone []uplink
		for u := range from {
			if _, still := to[u]; !still {
				gone = append(gone, u)
			}
		}
		sort.Slice(gone, func(i, j int) bool {
			return gone[i].uuid < gone[j].uuid || gone[i].uuid == gone[j].uuid && gone[i].pnic < gone[j].pnic
		})
		for _, u := range gone {
			if vc.niocOn(u.uuid) && !optedOut(after, u.pnic) {
				out = append(out, niocMove{u.pnic, fmt.Sprintf("%s %s distributed switch %s, which has network I/O control on, while %s was %q",
					u.pnic, verb, from[u], niocOptOut, hostOption(after, niocOptOut))})
			}
		}
	}
	check(was, is, "left")
	check(is, was, "joined")
	return out
}
