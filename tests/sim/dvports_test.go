package main

import (
	"reflect"
	"sort"
	"strconv"
	"testing"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// proxyOf is the host's proxy switch of dvs.
func proxyOf(t *testing.T, h *object.HostSystem, dvs string) types.HostProxySwitch {
	t.Helper()
	var props mo.HostSystem
	if err := h.Properties(tctxLong(t), h.Reference(), []string{"config.network.proxySwitch"}, &props); err != nil {
		t.Fatal(err)
	}
	for _, px := range props.Config.Network.ProxySwitch {
		if px.DvsName == dvs {
			return px
		}
	}
	t.Fatalf("%s has no proxy switch of %s", h.Name(), dvs)
	return types.HostProxySwitch{}
}

// bindings is a backing's pNIC -> uplink port key.
func bindings(b types.BaseDistributedVirtualSwitchHostMemberBacking) map[string]string {
	out := map[string]string{}
	if pb, ok := b.(*types.DistributedVirtualSwitchHostMemberPnicBacking); ok {
		for _, ps := range pb.PnicSpec {
			out[ps.PnicDevice] = ps.UplinkPortKey
		}
	}
	return out
}

func uplinkPortsOf(t *testing.T, c *govmomi.Client, d *object.DistributedVirtualSwitch, host types.ManagedObjectReference) []types.DistributedVirtualPort {
	t.Helper()
	res, err := methods.FetchDVPorts(tctxLong(t), c.Client, &types.FetchDVPorts{This: d.Reference(),
		Criteria: &types.DistributedVirtualSwitchPortCriteria{UplinkPort: types.NewBool(true), Host: []types.ManagedObjectReference{host}}})
	if err != nil {
		t.Fatal(err)
	}
	return res.Returnval
}

// A DVS gives each member's uplink ports numeric keys from the switch's port
// space, distinct from each other and from its port groups' ports; the host's
// proxy switch, the switch's member backing, FetchDVPorts and the uplink port
// group show the same keys; ReconfigureDvs and UpdateNetworkConfig bind pNICs
// by them; a key that is no port of the host is refused; a world starts with
// the same keys each time.
func TestUplinkPortKeys(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	ctx := tctxLong(t)
	d, sw := dvSwitch(t, c, "DSwitch1")
	h1, h2 := mustHost(t, c, "DC1", "esx-01.sim.local"), mustHost(t, c, "DC1", "esx-02.sim.local")
	seen := map[string]string{}
	claim := func(key, what string) {
		if _, err := strconv.Atoi(key); err != nil {
			t.Errorf("%s: port key %q is not a number", what, key)
		}
		if other, dup := seen[key]; dup {
			t.Errorf("port key %s of %s is also %s", key, what, other)
		}
		seen[key] = what
	}
	var uplinkKeys []string
	for _, h := range []*object.HostSystem{h1, h2} {
		px := proxyOf(t, h, "DSwitch1")
		names := map[string]string{}
		for _, port := range px.UplinkPort {
			claim(port.Key, h.Name()+" "+port.Value)
			names[port.Value] = port.Key
			uplinkKeys = append(uplinkKeys, port.Key)
		}
		want := map[string]string{"vmnic0": names["uplink1"], "vmnic1": names["uplink2"]}
		if got := bindings(px.Spec.Backing); len(names) != 2 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: uplink ports %v, backing %v", h.Name(), px.UplinkPort, got)
		}
		var member types.BaseDistributedVirtualSwitchHostMemberBacking
		for _, m := range sw.Config.GetDVSConfigInfo().Host {
			if *m.Config.Host == h.Reference() {
				member = m.Config.Backing
			}
		}
		if got := bindings(member); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the switch's member backing %v, the host's %v", h.Name(), got, want)
		}
		var fetched []string
		for _, port := range uplinkPortsOf(t, c, d, h.Reference()) {
			fetched = append(fetched, port.Config.Name+"="+port.Key)
			if port.ProxyHost == nil || *port.ProxyHost != h.Reference() {
				t.Errorf("FetchDVPorts %s: proxyHost %v", port.Key, port.ProxyHost)
			}
		}
		if wantFetched := []string{"uplink1=" + names["uplink1"], "uplink2=" + names["uplink2"]}; !reflect.DeepEqual(fetched, wantFetched) {
			t.Errorf("%s: FetchDVPorts uplink ports %v, want %v", h.Name(), fetched, wantFetched)
		}
	}
	for _, ref := range sw.Portgroup {
		var pg mo.DistributedVirtualPortgroup
		if err := object.NewDistributedVirtualPortgroup(c.Client, ref).Properties(ctx, ref, []string{"name", "portKeys", "config.uplink"}, &pg); err != nil {
			t.Fatal(err)
		}
		if simulator.FindReference(sw.Config.GetDVSConfigInfo().UplinkPortgroup, ref) != nil {
			sort.Strings(pg.PortKeys)
			sort.Strings(uplinkKeys)
			if !reflect.DeepEqual(pg.PortKeys, uplinkKeys) {
				t.Errorf("uplink port group %s lists ports %v, the hosts have %v", pg.Name, pg.PortKeys, uplinkKeys)
			}
			continue
		}
		for _, key := range pg.PortKeys {
			claim(key, pg.Name)
		}
	}

	u1, u2 := uplinkKey(t, h1, "DSwitch1", "uplink1"), uplinkKey(t, h1, "DSwitch1", "uplink2")
	if f := reconfigureMember(t, d, h1, "edit", pnicBacking("vmnic0", u2, "vmnic1", u1)); f != nil {
		t.Fatalf("swap by port keys: %#v", f)
	}
	if got := bindings(proxyOf(t, h1, "DSwitch1").Spec.Backing); got["vmnic0"] != u2 || got["vmnic1"] != u1 {
		t.Errorf("after the swap: %v", got)
	}
	if _, ok := reconfigureMember(t, d, h1, "edit", pnicBacking("vmnic0", "uplink1@esx-01.sim.local")).(*types.InvalidArgument); !ok {
		t.Error("a port key that is no port of the host was accepted")
	}
	if _, ok := reconfigureMember(t, d, h1, "edit", pnicBacking("vmnic0", uplinkKey(t, h2, "DSwitch1", "uplink1"))).(*types.InvalidArgument); !ok {
		t.Error("another member's port key was accepted")
	}
	proxySpec := &types.HostProxySwitchSpec{Backing: pnicBacking("vmnic0", u1, "vmnic1", u2)}
	_, err := netSystem(t, h1).UpdateNetworkConfig(ctx, types.HostNetworkConfig{ProxySwitch: []types.HostProxySwitchConfig{{
		ChangeOperation: "edit", Uuid: sw.Uuid, Spec: proxySpec}}}, "modify")
	if err != nil {
		t.Fatalf("UpdateNetworkConfig by port keys: %v", err)
	}
	if got := bindings(proxyOf(t, h1, "DSwitch1").Spec.Backing); got["vmnic0"] != u1 || got["vmnic1"] != u2 {
		t.Errorf("after swapping back: %v", got)
	}

	// The keys are the host's: the target vCenter shows the source switch's ports of
	// a host it took over as the source did.
	before := proxyOf(t, h2, "DSwitch1").UplinkPort
	tgt := s.login(t, "target")
	spec := types.HostConnectSpec{HostName: "esx-02.sim.local", UserName: "root", Password: "esxi-root", Force: true,
		SslThumbprint: hostProps(t, h2).Summary.Config.SslThumbprint}
	if f := taskFault(targetCluster(t, tgt).AddHost(ctx, spec, true, nil, nil)); f != nil {
		t.Fatalf("take esx-02 over: %#v", f)
	}
	if after := proxyOf(t, mustHost(t, tgt, "DC1", "esx-02.sim.local"), "DSwitch1").UplinkPort; !reflect.DeepEqual(after, before) {
		t.Errorf("esx-02's uplink ports: %v in the source, %v in the target", before, after)
	}

	again := startSim(t, nil)
	c2 := again.login(t, "source")
	if k := uplinkKey(t, mustHost(t, c2, "DC1", "esx-01.sim.local"), "DSwitch1", "uplink1"); k != u1 {
		t.Errorf("esx-01's uplink1 port is %s at one start, %s at the next", u1, k)
	}
}

// A switch has config.productInfo as vCenter sets it, and its uplink port group
// says it is one (config.uplink), for the world's switches and one a client
// makes with CreateDVS_Task.
func TestSwitchProductInfoAndUplinkPortgroup(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	ctx := tctxLong(t)
	task, err := datacenterFolders(t, c, "DC1").NetworkFolder.CreateDVS(ctx, types.DVSCreateSpec{
		ConfigSpec:  &types.VMwareDVSConfigSpec{DVSConfigSpec: types.DVSConfigSpec{Name: "DSwitch2"}},
		ProductInfo: &types.DistributedVirtualSwitchProductSpec{Version: "7.0.0"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := task.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	for name, version := range map[string]string{"DSwitch1": "7.0.3", "DSwitch2": "7.0.0"} {
		d, _ := dvSwitch(t, c, name)
		// Reading it through an extension completes a client's switch, as any use does.
		uplinkPortsOf(t, c, d, types.ManagedObjectReference{Type: "HostSystem", Value: "none"})
		_, sw := dvSwitch(t, c, name)
		want := types.DistributedVirtualSwitchProductSpec{Name: "DVS", Vendor: "VMware, Inc.", Version: version,
			Build: "19234570", ForwardingClass: "etherswitch"}
		if p := sw.Config.GetDVSConfigInfo().ProductInfo; p != want {
			t.Errorf("%s config.productInfo %+v, want %+v", name, p, want)
		}
		for _, ref := range sw.Portgroup {
			var pg mo.DistributedVirtualPortgroup
			if err := object.NewDistributedVirtualPortgroup(c.Client, ref).Properties(ctx, ref, []string{"name", "config"}, &pg); err != nil {
				t.Fatal(err)
			}
			isUplink := simulator.FindReference(sw.Config.GetDVSConfigInfo().UplinkPortgroup, ref) != nil
			if got := pg.Config.Uplink != nil && *pg.Config.Uplink; got != isUplink {
				t.Errorf("%s %s: config.uplink %v", name, pg.Name, got)
			}
		}
	}
}
