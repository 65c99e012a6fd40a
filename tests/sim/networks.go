package main

// Network objects as vCenter keeps them: derived from the hosts' standard
// port groups, the distributed switches' members and the VMs' NIC backings,
// never kept apart from them. The vSphere API reference (vim.Network) says
// standard networks are created "explicitly when configuring a host,
// automatically when adding a host to VirtualCenter, automatically when
// adding a new virtual machine", and DestroyNetwork refuses a network that
// hosts or virtual machines still use (ResourceInUse); vCenter removes a
// standard network by itself once no host of the datacenter has the port
// group and no VM uses it (not in the reference: docs/testing.md).
//
// syncNetworks recomputes all of it after every call that may have changed
// one of those inputs (ext.go) and once the inventory is built: the standard
// Network objects (the datacenter's network list and the network folder),
// and the properties that name networks: Network and
// DistributedVirtualPortgroup host and vm, HostSystem, ComputeResource and
// VirtualMachine network, and each standard NIC backing's network.

import (
	"sort"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// netUsers is who uses one network, each list in a stable order.
type netUsers struct {
	hosts, vms []types.ManagedObjectReference
}

func (u *netUsers) addVM(vm types.ManagedObjectReference) { u.vms = appendVMOnce(u.vms, vm) }

// appendVMOnce adds a VM to a list once: each VM's cards are visited
// together, so a repeat can only be the last one.
func appendVMOnce(vms []types.ManagedObjectReference, vm types.ManagedObjectReference) []types.ManagedObjectReference {
	if n := len(vms); n > 0 && vms[n-1] == vm {
		return vms
	}
	return append(vms, vm)
}

func (vc *vcServer) syncNetworks() {
	for _, dc := range vc.dcs {
		if _, ok := simulator.Map.Get(dc.ref).(*simulator.Datacenter); ok {
			vc.syncDatacenterNetworks(dc)
		}
	}
}

func (vc *vcServer) syncDatacenterNetworks(dc *dcRT) {
	hosts := vc.hostsIn(dc)
	var vms []*simulator.VirtualMachine
	for _, hr := range hosts {
		for _, ref := range vc.hostObj(hr).Vm {
			if vm, ok := simulator.Map.Get(ref).(*simulator.VirtualMachine); ok {
				vms = append(vms, vm)
			}
		}
	}
	standard := vc.syncStandardNetworks(dc, standardUsers(hosts, vms))
	dvpgs := dvPortgroupsIn(dc)
	onPortgroup := distributedVMs(vms)
	for _, pg := range dvpgs {
		setRefs(pg, "host", pg.Host, append([]types.ManagedObjectReference(nil), dvSwitchOf(pg).Summary.HostMember...))
		setRefs(pg, "vm", pg.Vm, onPortgroup[pg.Self])
	}
	for _, hr := range hosts {
		h := vc.hostObj(hr)
		setRefs(h, "network", h.Network, hostNetworks(hr, h, standard, dvpgs))
	}
	for _, vm := range vms {
		setRefs(vm, "network", vm.Network, vmNetworks(vm, standard))
	}
	vc.syncComputeResourceNetworks(dc)
}

// hostsIn is the datacenter's hosts by name.
func (vc *vcServer) hostsIn(dc *dcRT) []*hostRT {
	var out []*hostRT
	for _, hr := range vc.hosts {
		if hr.dc == dc {
			out = append(out, hr)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// standardUsers maps each standard network name in use to its hosts (which
// have the port group) and VMs (with a NIC backed by it).
func standardUsers(hosts []*hostRT, vms []*simulator.VirtualMachine) map[string]*netUsers {
	users := map[string]*netUsers{}
	use := func(name string) *netUsers {
		if users[name] == nil {
			users[name] = &netUsers{}
		}
		return users[name]
	}
	for _, hr := range hosts {
		for _, vs := range hr.phys.VSwitches {
			for _, pg := range vs.Portgroups {
				u := use(pg.Name)
				u.hosts = append(u.hosts, hr.ref)
			}
		}
	}
	for _, vm := range vms {
		for _, c := range ethernetCards(vm) {
			if b, ok := c.Backing.(*types.VirtualEthernetCardNetworkBackingInfo); ok {
				use(b.DeviceName).addVM(vm.Self)
			}
		}
	}
	return users
}

// syncStandardNetworks makes the datacenter's standard Network objects
// exactly the names in use, with their hosts and VMs, and returns them by
// name. vcsim's own first network of a datacenter ("VM Network") stays even
// unused: vcsim's CreateClusterEx and AddHost copy the datacenter's and the
// cluster's first network (and panic on an empty list).
func (vc *vcServer) syncStandardNetworks(dc *dcRT, users map[string]*netUsers) map[string]types.ManagedObjectReference {
	dco := simulator.Map.Get(dc.ref).(*simulator.Datacenter)
	byName := map[string]types.ManagedObjectReference{}
	for i, ref := range append([]types.ManagedObjectReference(nil), dco.Network...) {
		n, ok := simulator.Map.Get(ref).(*mo.Network)
		if !ok || ref.Type != "Network" {
			continue
		}
		if _, dup := byName[n.Name]; !dup && (users[n.Name] != nil || i == 0) {
			byName[n.Name] = ref
			continue
		}
		vc.removeNetwork(dco, ref)
	}
	var names []string
	for name := range users {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, ok := byName[name]; !ok {
			byName[name] = vc.newNetwork(dco, name)
		}
	}
	for name, ref := range byName {
		n := simulator.Map.Get(ref).(*mo.Network)
		u := users[name]
		if u == nil {
			u = &netUsers{}
		}
		setRefs(n, "host", n.Host, u.hosts)
		setRefs(n, "vm", n.Vm, u.vms)
	}
	return byName
}

// ensureNetwork finds or creates the datacenter's standard network name
// (for a NIC backing made before the next syncNetworks).
func (vc *vcServer) ensureNetwork(dc *dcRT, name string) types.ManagedObjectReference {
	dco := simulator.Map.Get(dc.ref).(*simulator.Datacenter)
	for _, ref := range dco.Network {
		if n, ok := simulator.Map.Get(ref).(*mo.Network); ok && ref.Type == "Network" && n.Name == name {
			return ref
		}
	}
	return vc.newNetwork(dco, name)
}

// newNetwork makes a standard network in the datacenter's network folder.
// mo.Network has a name of its own besides ManagedEntity's: both are set,
// as vcsim does for its "VM Network".
func (vc *vcServer) newNetwork(dco *simulator.Datacenter, name string) types.ManagedObjectReference {
	folder := simulator.Map.Get(dco.NetworkFolder).(*simulator.Folder)
	n := &mo.Network{}
	n.Name, n.ManagedEntity.Name = name, name
	simulator.Map.PutEntity(folder, simulator.Map.NewEntity(n))
	n.Summary = &types.NetworkSummary{Network: &n.Self, Name: name, Accessible: true}
	setRefs(folder, "childEntity", folder.ChildEntity, append(append([]types.ManagedObjectReference(nil), folder.ChildEntity...), n.Self))
	setRefs(dco, "network", dco.Network, append(append([]types.ManagedObjectReference(nil), dco.Network...), n.Self))
	return n.Self
}

// removeNetwork takes a standard network out of the inventory.
func (vc *vcServer) removeNetwork(dco *simulator.Datacenter, ref types.ManagedObjectReference) {
	n := simulator.Map.Get(ref).(*mo.Network)
	if f, ok := simulator.Map.Get(*n.Parent).(*simulator.Folder); ok {
		setRefs(f, "childEntity", f.ChildEntity, withoutRef(f.ChildEntity, ref))
	}
	setRefs(dco, "network", dco.Network, withoutRef(dco.Network, ref))
	simulator.Map.Remove(ref)
}

// dvPortgroupsIn is the datacenter's distributed port groups, in the order
// of its network list.
func dvPortgroupsIn(dc *dcRT) []*simulator.DistributedVirtualPortgroup {
	var out []*simulator.DistributedVirtualPortgroup
	for _, ref := range simulator.Map.Get(dc.ref).(*simulator.Datacenter).Network {
		if pg, ok := simulator.Map.Get(ref).(*simulator.DistributedVirtualPortgroup); ok && dvSwitchOf(pg) != nil {
			out = append(out, pg)
		}
	}
	return out
}

func dvSwitchOf(pg *simulator.DistributedVirtualPortgroup) *simulator.DistributedVirtualSwitch {
	if pg.Config.DistributedVirtualSwitch == nil {
		return nil
	}
	s, _ := simulator.Map.Get(*pg.Config.DistributedVirtualSwitch).(*simulator.DistributedVirtualSwitch)
	return s
}

// distributedVMs maps each distributed port group to the VMs with a NIC on
// one of its ports.
func distributedVMs(vms []*simulator.VirtualMachine) map[types.ManagedObjectReference][]types.ManagedObjectReference {
	out := map[types.ManagedObjectReference][]types.ManagedObjectReference{}
	for _, vm := range vms {
		for _, c := range ethernetCards(vm) {
			if b, ok := c.Backing.(*types.VirtualEthernetCardDistributedVirtualPortBackingInfo); ok {
				if ref, ok := dvPortgroupOf(b.Port); ok {
					out[ref] = appendVMOnce(out[ref], vm.Self)
				}
			}
		}
	}
	return out
}

// dvPortgroupOf is the port group of a port connection: one of this
// vCenter, not one of the same key on another vCenter's switch that a VM's
// host brought along.
func dvPortgroupOf(port types.DistributedVirtualSwitchPortConnection) (types.ManagedObjectReference, bool) {
	ref := types.ManagedObjectReference{Type: "DistributedVirtualPortgroup", Value: port.PortgroupKey}
	pg, ok := simulator.Map.Get(ref).(*simulator.DistributedVirtualPortgroup)
	return ref, ok && dvSwitchOf(pg) != nil && dvSwitchOf(pg).Uuid == port.SwitchUuid
}

// hostNetworks: the host's standard port groups' networks, then the port
// groups of each switch it is a member of.
func hostNetworks(hr *hostRT, h *simulator.HostSystem, standard map[string]types.ManagedObjectReference, dvpgs []*simulator.DistributedVirtualPortgroup) []types.ManagedObjectReference {
	var out []types.ManagedObjectReference
	for _, vs := range hr.phys.VSwitches {
		for _, pg := range vs.Portgroups {
			out = append(out, standard[pg.Name])
		}
	}
	for _, pg := range dvpgs {
		if simulator.FindReference(dvSwitchOf(pg).Summary.HostMember, h.Self) != nil {
			out = append(out, pg.Self)
		}
	}
	return out
}

// vmNetworks: the networks of the VM's NIC backings, each once, in card
// order; a standard backing is pointed at its network object.
func vmNetworks(vm *simulator.VirtualMachine, standard map[string]types.ManagedObjectReference) []types.ManagedObjectReference {
	var out []types.ManagedObjectReference
	add := func(ref types.ManagedObjectReference) {
		if simulator.FindReference(out, ref) == nil {
			out = append(out, ref)
		}
	}
	for _, c := range ethernetCards(vm) {
		switch b := c.Backing.(type) {
		case *types.VirtualEthernetCardNetworkBackingInfo:
			ref := standard[b.DeviceName]
			if b.Network == nil || *b.Network != ref {
				b.Network = &ref
			}
			add(ref)
		case *types.VirtualEthernetCardDistributedVirtualPortBackingInfo:
			if ref, ok := dvPortgroupOf(b.Port); ok {
				add(ref)
			}
		}
	}
	return out
}

// syncComputeResourceNetworks: a cluster's or standalone host's networks
// are its hosts' ("the subset of network objects available in the
// datacenter that is available in this ComputeResource"), after vcsim's
// first network of the datacenter where the compute resource has it (see
// syncStandardNetworks).
func (vc *vcServer) syncComputeResourceNetworks(dc *dcRT) {
	dco := simulator.Map.Get(dc.ref).(*simulator.Datacenter)
	for _, obj := range computeResourcesIn(dco.HostFolder) {
		cr := computeResourceOf(obj)
		var want []types.ManagedObjectReference
		if len(dco.Network) > 0 && simulator.FindReference(cr.Network, dco.Network[0]) != nil {
			want = append(want, dco.Network[0])
		}
		for _, ref := range cr.Host {
			if h, ok := simulator.Map.Get(ref).(*simulator.HostSystem); ok {
				for _, n := range h.Network {
					if simulator.FindReference(want, n) == nil {
						want = append(want, n)
					}
				}
			}
		}
		setRefs(obj, "network", cr.Network, want)
	}
}

// computeResourcesIn walks a host folder for clusters and standalone hosts.
func computeResourcesIn(folder types.ManagedObjectReference) []mo.Entity {
	var out []mo.Entity
	f, ok := simulator.Map.Get(folder).(*simulator.Folder)
	if !ok {
		return nil
	}
	for _, ref := range f.ChildEntity {
		switch e := simulator.Map.Get(ref).(type) {
		case *simulator.Folder:
			out = append(out, computeResourcesIn(ref)...)
		case *simulator.ClusterComputeResource, *mo.ComputeResource:
			out = append(out, e.(mo.Entity))
		}
	}
	return out
}

func computeResourceOf(e mo.Entity) *mo.ComputeResource {
	if cl, ok := e.(*simulator.ClusterComputeResource); ok {
		return &cl.ComputeResource
	}
	return e.(*mo.ComputeResource)
}

func ethernetCards(vm *simulator.VirtualMachine) []*types.VirtualEthernetCard {
	var out []*types.VirtualEthernetCard
	for _, d := range vm.Config.Hardware.Device {
		if card, ok := d.(types.BaseVirtualEthernetCard); ok {
			out = append(out, card.GetVirtualEthernetCard())
		}
	}
	return out
}

// setRefs changes a reference list property through the registry, so that
// WaitForUpdates sees it, when it differs.
func setRefs(obj mo.Reference, prop string, cur, want []types.ManagedObjectReference) {
	if len(cur) == len(want) {
		same := true
		for i := range cur {
			same = same && cur[i] == want[i]
		}
		if same {
			return
		}
	}
	simulator.Map.Update(obj, []types.PropertyChange{{Name: prop, Val: want}})
}

func withoutRef(refs []types.ManagedObjectReference, ref types.ManagedObjectReference) []types.ManagedObjectReference {
	var out []types.ManagedObjectReference
	for _, r := range refs {
		if r != ref {
			out = append(out, r)
		}
	}
	return out
}
