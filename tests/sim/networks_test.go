package main

// Network objects follow the hosts' port groups, the switches' members and
// the VMs' NIC backings on every path (networks.go), checked from a client's
// side: every property that names a network is read and compared with what
// the hosts and VMs say.

import (
	"fmt"
	"reflect"
	"sort"
	"testing"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// netWorld is everything a client reads about networks.
type netWorld struct {
	names    map[types.ManagedObjectReference]string
	dcs      []mo.Datacenter
	folders  map[types.ManagedObjectReference]mo.Folder
	networks []mo.Network // standard only
	dvpgs    []mo.DistributedVirtualPortgroup
	switches map[types.ManagedObjectReference]mo.DistributedVirtualSwitch
	hosts    []mo.HostSystem
	vms      []mo.VirtualMachine
	crs      []mo.ComputeResource // clusters and standalone hosts
}

func readNetWorld(t *testing.T, c *govmomi.Client) *netWorld {
	t.Helper()
	ctx := tctxLong(t)
	v, err := view.NewManager(c.Client).CreateContainerView(ctx, c.ServiceContent.RootFolder, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Destroy(ctx) //nolint:errcheck
	w := &netWorld{names: map[types.ManagedObjectReference]string{}, folders: map[types.ManagedObjectReference]mo.Folder{},
		switches: map[types.ManagedObjectReference]mo.DistributedVirtualSwitch{}}
	var all []mo.ManagedEntity
	var folders []mo.Folder
	var switches []mo.DistributedVirtualSwitch
	var clusters []mo.ClusterComputeResource
	var standalone []mo.ComputeResource
	reads := []struct {
		kind  string
		props []string
		dst   interface{}
	}{
		{"ManagedEntity", []string{"name"}, &all},
		{"Datacenter", []string{"name", "network", "networkFolder"}, &w.dcs},
		{"Folder", []string{"childEntity"}, &folders},
		{"Network", []string{"name", "host", "vm", "parent"}, &w.networks},
		{"DistributedVirtualPortgroup", []string{"name", "host", "vm", "config"}, &w.dvpgs},
		{"DistributedVirtualSwitch", []string{"uuid", "summary"}, &switches},
		{"HostSystem", []string{"name", "network", "config.network.portgroup"}, &w.hosts},
		{"VirtualMachine", []string{"name", "network", "config.hardware.device"}, &w.vms},
		{"ClusterComputeResource", []string{"host", "network"}, &clusters},
		{"ComputeResource", []string{"host", "network"}, &standalone},
	}
	for _, r := range reads {
		if err := v.Retrieve(ctx, []string{r.kind}, r.props, r.dst); err != nil {
			t.Fatalf("%s: %v", r.kind, err)
		}
	}
	for _, e := range all {
		w.names[e.Self] = e.Name
	}
	standard := w.networks[:0]
	for _, n := range w.networks {
		if n.Self.Type == "Network" { // the view of Network includes its subtypes
			standard = append(standard, n)
		}
	}
	w.networks = standard
	for _, f := range folders {
		w.folders[f.Self] = f
	}
	for _, s := range switches {
		w.switches[s.Self] = s
	}
	for _, cl := range clusters {
		w.crs = append(w.crs, cl.ComputeResource)
	}
	w.crs = append(w.crs, standalone...)
	return w
}

// refSet is a set of references as sorted "name (moref)" strings.
func (w *netWorld) refSet(refs []types.ManagedObjectReference) []string {
	out := []string{}
	for _, r := range refs {
		out = append(out, fmt.Sprintf("%s (%s)", w.names[r], r.Value))
	}
	sort.Strings(out)
	return out
}

// standard is the datacenter's standard networks by name (several when
// duplicated).
func (w *netWorld) standard(name string) []mo.Network {
	var out []mo.Network
	for _, n := range w.networks {
		if n.Name == name {
			out = append(out, n)
		}
	}
	return out
}

func (w *netWorld) dvpg(name string) mo.DistributedVirtualPortgroup {
	for _, pg := range w.dvpgs {
		if pg.Name == name {
			return pg
		}
	}
	return mo.DistributedVirtualPortgroup{}
}

// usersOf lists, by name, the hosts and VMs a network names.
func (w *netWorld) usersOf(hosts, vms []types.ManagedObjectReference) string {
	var h, v []string
	for _, r := range hosts {
		h = append(h, w.names[r])
	}
	for _, r := range vms {
		v = append(v, w.names[r])
	}
	sort.Strings(h)
	sort.Strings(v)
	return fmt.Sprintf("hosts %v vms %v", h, v)
}

func hostPortgroups(h mo.HostSystem) []types.HostPortGroup {
	if h.Config == nil || h.Config.Network == nil {
		return nil
	}
	return h.Config.Network.Portgroup
}

func cardsOf(vm mo.VirtualMachine) []*types.VirtualEthernetCard {
	var out []*types.VirtualEthernetCard
	if vm.Config == nil {
		return nil
	}
	for _, d := range vm.Config.Hardware.Device {
		if c, ok := d.(types.BaseVirtualEthernetCard); ok {
			out = append(out, c.GetVirtualEthernetCard())
		}
	}
	return out
}

// checkNetworks requires every network property to agree with the hosts'
// port groups, the switches' members and the VMs' NIC backings (one
// datacenter per vCenter, as in the worlds used here).
func checkNetworks(t *testing.T, c *govmomi.Client, step string) *netWorld {
	t.Helper()
	w := readNetWorld(t, c)
	fail := func(format string, args ...interface{}) {
		t.Helper()
		t.Errorf("%s: "+format, append([]interface{}{step}, args...)...)
	}
	if len(w.dcs) == 0 {
		return w
	}
	dc := w.dcs[0]
	byName := map[string]types.ManagedObjectReference{}
	for i, n := range w.networks {
		if _, dup := byName[n.Name]; dup {
			fail("two standard networks named %q", n.Name)
		}
		byName[n.Name] = n.Self
		var hosts, vms []types.ManagedObjectReference
		for _, h := range w.hosts {
			for _, pg := range hostPortgroups(h) {
				if pg.Spec.Name == n.Name {
					hosts = append(hosts, h.Self)
				}
			}
		}
		for _, vm := range w.vms {
			for _, card := range cardsOf(vm) {
				if b, ok := card.Backing.(*types.VirtualEthernetCardNetworkBackingInfo); ok && b.DeviceName == n.Name {
					vms = append(vms, vm.Self)
					if b.Network == nil || *b.Network != n.Self {
						fail("%s's backing on %q names network %v, not %s", vm.Name, n.Name, b.Network, n.Self.Value)
					}
					break
				}
			}
		}
		if got, want := w.usersOf(n.Host, n.Vm), w.usersOf(hosts, vms); got != want {
			fail("network %q: %s, want %s", n.Name, got, want)
		}
		if len(hosts)+len(vms) == 0 && (len(dc.Network) == 0 || dc.Network[0] != n.Self) {
			fail("network %q is used by no host and no VM yet exists (#%d)", n.Name, i)
		}
		if n.Parent == nil || *n.Parent != dc.NetworkFolder || !containsRef(w.folders[dc.NetworkFolder].ChildEntity, n.Self) {
			fail("network %q is not a child of the network folder", n.Name)
		}
		if !containsRef(dc.Network, n.Self) {
			fail("the datacenter's network list lacks %q", n.Name)
		}
	}
	for _, ref := range dc.Network {
		if _, ok := w.names[ref]; !ok {
			fail("the datacenter lists a network that does not exist: %v", ref)
		}
	}
	for _, ref := range w.folders[dc.NetworkFolder].ChildEntity {
		if _, ok := w.names[ref]; !ok {
			fail("the network folder holds an object that does not exist: %v", ref)
		}
	}
	for _, pg := range w.dvpgs {
		s := w.switches[*pg.Config.DistributedVirtualSwitch]
		var vms []types.ManagedObjectReference
		for _, vm := range w.vms {
			for _, card := range cardsOf(vm) {
				if b, ok := card.Backing.(*types.VirtualEthernetCardDistributedVirtualPortBackingInfo); ok &&
					b.Port.PortgroupKey == pg.Config.Key && b.Port.SwitchUuid == s.Uuid {
					vms = append(vms, vm.Self)
					break
				}
			}
		}
		if got, want := w.usersOf(pg.Host, pg.Vm), w.usersOf(s.Summary.HostMember, vms); got != want {
			fail("port group %q: %s, want %s", pg.Name, got, want)
		}
	}
	for _, h := range w.hosts {
		var want []types.ManagedObjectReference
		for _, pg := range hostPortgroups(h) {
			want = append(want, byName[pg.Spec.Name])
		}
		for _, pg := range w.dvpgs {
			if containsRef(w.switches[*pg.Config.DistributedVirtualSwitch].Summary.HostMember, h.Self) {
				want = append(want, pg.Self)
			}
		}
		if got, want := w.refSet(h.Network), w.refSet(want); !reflect.DeepEqual(got, want) {
			fail("host %s networks %v, want %v", h.Name, got, want)
		}
	}
	for _, vm := range w.vms {
		want := []types.ManagedObjectReference{}
		for _, card := range cardsOf(vm) {
			var ref types.ManagedObjectReference
			switch b := card.Backing.(type) {
			case *types.VirtualEthernetCardNetworkBackingInfo:
				ref = byName[b.DeviceName]
			case *types.VirtualEthernetCardDistributedVirtualPortBackingInfo:
				for _, pg := range w.dvpgs {
					if pg.Config.Key == b.Port.PortgroupKey && w.switches[*pg.Config.DistributedVirtualSwitch].Uuid == b.Port.SwitchUuid {
						ref = pg.Self
					}
				}
			}
			if ref.Value != "" && !containsRef(want, ref) {
				want = append(want, ref)
			}
		}
		if got, want := w.refSet(vm.Network), w.refSet(want); !reflect.DeepEqual(got, want) {
			fail("VM %s networks %v, want %v", vm.Name, got, want)
		}
	}
	for _, cr := range w.crs {
		for _, ref := range cr.Network {
			if _, ok := w.names[ref]; !ok {
				fail("compute resource %s lists a network that does not exist: %v", cr.Self.Value, ref)
			}
		}
		for _, h := range cr.Host {
			for _, hs := range w.hosts {
				for _, n := range hs.Network {
					if hs.Self == h && !containsRef(cr.Network, n) {
						fail("compute resource %s lacks its host %s's network %s", cr.Self.Value, hs.Name, w.names[n])
					}
				}
			}
		}
	}
	return w
}

// standardUsers is "hosts [...] vms [...]" of the one standard network name,
// or "none" when there is no such network.
func standardUsersOf(t *testing.T, w *netWorld, name string) string {
	t.Helper()
	nets := w.standard(name)
	switch len(nets) {
	case 0:
		return "none"
	case 1:
		return w.usersOf(nets[0].Host, nets[0].Vm)
	}
	return fmt.Sprintf("%d networks", len(nets))
}

func requireUsers(t *testing.T, step, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s: %s: %s, want %s", step, what, got, want)
	}
}

// A standard port group's Network exists once per datacenter while a host
// has the port group or a VM uses it, through every HostNetworkSystem
// method that adds, renames or removes port groups or switches, and goes
// once neither is true: the vCenter ends as it began, by its snapshot too.
func TestStandardNetworksFollowPortGroups(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	ctx := tctxLong(t)
	start := snapshotOf(t, c)
	checkNetworks(t, c, "start")
	ns1 := netSystem(t, mustHost(t, c, "DC1", "esx-01.sim.local"))
	ns2 := netSystem(t, mustHost(t, c, "DC1", "esx-02.sim.local"))
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	update := func(ns *object.HostNetworkSystem, cfg types.HostNetworkConfig) {
		t.Helper()
		_, err := ns.UpdateNetworkConfig(ctx, cfg, "modify")
		must(err)
	}
	pg := func(name, vswitch string) types.HostPortGroupSpec {
		return types.HostPortGroupSpec{Name: name, VswitchName: vswitch, Policy: types.HostNetworkPolicy{}}
	}
	for _, ns := range []*object.HostNetworkSystem{ns1, ns2} {
		must(ns.AddVirtualSwitch(ctx, "vSwitch9", &types.HostVirtualSwitchSpec{NumPorts: 128}))
		must(ns.AddPortGroup(ctx, pg("pg-temp", "vSwitch9")))
	}
	w := checkNetworks(t, c, "added on both hosts")
	requireUsers(t, "added on both hosts", "pg-temp", standardUsersOf(t, w, "pg-temp"), "hosts [esx-01.sim.local esx-02.sim.local] vms []")

	setNetwork(t, vmNamed(t, c, "vm-1"), "pg-temp")
	w = checkNetworks(t, c, "vm-1 on it")
	requireUsers(t, "vm-1 on it", "pg-temp", standardUsersOf(t, w, "pg-temp"), "hosts [esx-01.sim.local esx-02.sim.local] vms [vm-1]")

	must(ns1.UpdatePortGroup(ctx, "pg-temp", pg("pg-renamed", "vSwitch9")))
	w = checkNetworks(t, c, "renamed on esx-01")
	requireUsers(t, "renamed on esx-01", "pg-temp", standardUsersOf(t, w, "pg-temp"), "hosts [esx-02.sim.local] vms [vm-1]")
	requireUsers(t, "renamed on esx-01", "pg-renamed", standardUsersOf(t, w, "pg-renamed"), "hosts [esx-01.sim.local] vms []")

	must(ns1.RemovePortGroup(ctx, "pg-renamed"))
	temp := pg("pg-temp", "vSwitch9")
	update(ns2, types.HostNetworkConfig{Portgroup: []types.HostPortGroupConfig{{ChangeOperation: "remove", Spec: &temp}}})
	w = checkNetworks(t, c, "removed from both hosts")
	requireUsers(t, "removed from both hosts", "pg-renamed", standardUsersOf(t, w, "pg-renamed"), "none")
	requireUsers(t, "removed from both hosts", "pg-temp (its VM keeps it)", standardUsersOf(t, w, "pg-temp"), "hosts [] vms [vm-1]")

	setDVNetwork(t, c, vmNamed(t, c, "vm-1"), "DSwitch1", "pg-vm")
	w = checkNetworks(t, c, "vm-1 back on pg-vm")
	requireUsers(t, "vm-1 back on pg-vm", "pg-temp", standardUsersOf(t, w, "pg-temp"), "none")

	// A switch and its port group in one UpdateNetworkConfig; the switch's
	// removal takes the port group's network with it.
	eight := pg("pg-8", "vSwitch8")
	update(ns1, types.HostNetworkConfig{
		Vswitch:   []types.HostVirtualSwitchConfig{{ChangeOperation: "add", Name: "vSwitch8", Spec: &types.HostVirtualSwitchSpec{NumPorts: 128}}},
		Portgroup: []types.HostPortGroupConfig{{ChangeOperation: "add", Spec: &eight}}})
	w = checkNetworks(t, c, "vSwitch8 added")
	requireUsers(t, "vSwitch8 added", "pg-8", standardUsersOf(t, w, "pg-8"), "hosts [esx-01.sim.local] vms []")
	for _, ns := range []*object.HostNetworkSystem{ns1, ns2} {
		must(ns.RemoveVirtualSwitch(ctx, "vSwitch9"))
	}
	must(ns1.RemoveVirtualSwitch(ctx, "vSwitch8"))
	w = checkNetworks(t, c, "switches removed")
	requireUsers(t, "switches removed", "pg-8", standardUsersOf(t, w, "pg-8"), "none")
	if end := snapshotOf(t, c); string(end) != string(start) {
		t.Errorf("the vCenter is not as it began:\n%s\n%s", start, end)
	}
}

// Standard networks follow hosts leaving the vCenter (Destroy_Task) and
// arriving in another (AddHost) with their VMs.
func TestStandardNetworksFollowHostsAcrossVCenters(t *testing.T) {
	s := startSim(t, DefaultWorld(true))
	src, tgt := s.login(t, "source"), s.login(t, "target")
	w := checkNetworks(t, src, "start")
	requireUsers(t, "start", "Management Network", standardUsersOf(t, w, "Management Network"), "hosts [esx-01.sim.local esx-02.sim.local] vms []")
	requireUsers(t, "start", "VM Network", standardUsersOf(t, w, "VM Network"), "hosts [esx-01.sim.local esx-02.sim.local] vms [vm-1 vm-2 vm-3 vm-4]")
	cl := targetCluster(t, tgt)

	moveHost(t, src, tgt, cl, "esx-01.sim.local")
	w = checkNetworks(t, src, "esx-01 moved: source")
	requireUsers(t, "esx-01 moved: source", "Management Network", standardUsersOf(t, w, "Management Network"), "hosts [esx-02.sim.local] vms []")
	requireUsers(t, "esx-01 moved: source", "VM Network", standardUsersOf(t, w, "VM Network"), "hosts [esx-02.sim.local] vms [vm-3 vm-4]")
	w = checkNetworks(t, tgt, "esx-01 moved: target")
	requireUsers(t, "esx-01 moved: target", "Management Network", standardUsersOf(t, w, "Management Network"), "hosts [esx-01.sim.local] vms []")
	requireUsers(t, "esx-01 moved: target", "VM Network", standardUsersOf(t, w, "VM Network"), "hosts [esx-01.sim.local] vms [vm-1 vm-2]")

	moveHost(t, src, tgt, cl, "esx-02.sim.local")
	w = checkNetworks(t, src, "both moved: source")
	requireUsers(t, "both moved: source", "Management Network", standardUsersOf(t, w, "Management Network"), "none")
	// vcsim's own first network of the datacenter stays, unused (networks.go).
	requireUsers(t, "both moved: source", "VM Network", standardUsersOf(t, w, "VM Network"), "hosts [] vms []")
	w = checkNetworks(t, tgt, "both moved: target")
	requireUsers(t, "both moved: target", "Management Network", standardUsersOf(t, w, "Management Network"), "hosts [esx-01.sim.local esx-02.sim.local] vms []")
}

// A distributed port group lists the VMs with a NIC on it and the switch's
// member hosts: after a VM NIC reconfigure, a host leaving the vCenter with
// its VMs and arriving again.
func TestDistributedPortgroupUsers(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	ctx := tctxLong(t)
	both := "hosts [esx-01.sim.local esx-02.sim.local]"
	dvUsers := func(step string, want map[string]string) {
		t.Helper()
		w := checkNetworks(t, c, step)
		for name, users := range want {
			pg := w.dvpg(name)
			requireUsers(t, step, name, w.usersOf(pg.Host, pg.Vm), users)
		}
	}
	dvUsers("start", map[string]string{"pg-vm": both + " vms [vm-1 vm-2 vm-3]", "pg-mgmt": both + " vms [vm-4]"})

	setDVNetwork(t, c, vmNamed(t, c, "vm-1"), "DSwitch1", "pg-mgmt")
	dvUsers("vm-1 on pg-mgmt", map[string]string{"pg-vm": both + " vms [vm-2 vm-3]", "pg-mgmt": both + " vms [vm-1 vm-4]"})

	h := mustHost(t, c, "DC1", "esx-02.sim.local")
	thumb := hostProps(t, h).Summary.Config.SslThumbprint
	if f := taskFault(h.Disconnect(ctx)); f != nil {
		t.Fatal(f)
	}
	if f := taskFault(h.Destroy(ctx)); f != nil {
		t.Fatal(f)
	}
	dvUsers("esx-02 removed", map[string]string{"pg-vm": "hosts [esx-01.sim.local] vms [vm-2]", "pg-mgmt": "hosts [esx-01.sim.local] vms [vm-1]"})

	cl, err := finder(t, c, "DC1").ClusterComputeResource(ctx, "Cluster1")
	if err != nil {
		t.Fatal(err)
	}
	spec := types.HostConnectSpec{HostName: "esx-02.sim.local", UserName: "root", Password: "esxi-root", SslThumbprint: thumb}
	if f := taskFault(cl.AddHost(ctx, spec, true, nil, nil)); f != nil {
		t.Fatal(f)
	}
	dvUsers("esx-02 added again", map[string]string{"pg-vm": both + " vms [vm-2 vm-3]", "pg-mgmt": both + " vms [vm-1 vm-4]"})
}

// A distributed port group's hosts are the switch's members: a host joining
// and leaving a switch (ReconfigureDvs_Task) joins and leaves its port
// groups, and its network list follows.
func TestDistributedPortgroupHostsFollowMembers(t *testing.T) {
	s := startSim(t, DefaultWorld(true))
	c := s.login(t, "source")
	ctx := tctxLong(t)
	task, err := datacenterFolders(t, c, "DC1").NetworkFolder.CreateDVS(ctx, types.DVSCreateSpec{ConfigSpec: &types.VMwareDVSConfigSpec{
		DVSConfigSpec: types.DVSConfigSpec{Name: "DSwitch9",
			UplinkPortPolicy: &types.DVSNameArrayUplinkPortPolicy{UplinkPortName: []string{"uplink1"}}}}})
	if f := taskFault(task, err); f != nil {
		t.Fatal(f)
	}
	d, _ := dvSwitch(t, c, "DSwitch9")
	if f := taskFault(d.AddPortgroup(ctx, []types.DVPortgroupConfigSpec{{Name: "pg-9", NumPorts: 8, Type: "earlyBinding"}})); f != nil {
		t.Fatal(f)
	}
	h := mustHost(t, c, "DC1", "esx-01.sim.local")
	if f := reconfigureMember(t, d, h, "add", nil); f != nil {
		t.Fatalf("join: %#v", f)
	}
	w := checkNetworks(t, c, "esx-01 joined")
	requireUsers(t, "esx-01 joined", "pg-9", w.usersOf(w.dvpg("pg-9").Host, w.dvpg("pg-9").Vm), "hosts [esx-01.sim.local] vms []")

	setDVNetwork(t, c, vmNamed(t, c, "vm-1"), "DSwitch9", "pg-9")
	w = checkNetworks(t, c, "vm-1 on pg-9")
	requireUsers(t, "vm-1 on pg-9", "pg-9", w.usersOf(w.dvpg("pg-9").Host, w.dvpg("pg-9").Vm), "hosts [esx-01.sim.local] vms [vm-1]")
	requireUsers(t, "vm-1 on pg-9", "VM Network", standardUsersOf(t, w, "VM Network"), "hosts [esx-01.sim.local esx-02.sim.local] vms [vm-2 vm-3 vm-4]")

	setNetwork(t, vmNamed(t, c, "vm-1"), "VM Network")
	if f := reconfigureMember(t, d, h, "remove", nil); f != nil {
		t.Fatalf("leave: %#v", f)
	}
	w = checkNetworks(t, c, "esx-01 left")
	requireUsers(t, "esx-01 left", "pg-9", w.usersOf(w.dvpg("pg-9").Host, w.dvpg("pg-9").Vm), "hosts [] vms []")
}
