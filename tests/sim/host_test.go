package main

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// targetCluster creates DC1/Cluster1 on the target vCenter.
func targetCluster(t *testing.T, c *govmomi.Client) *object.ClusterComputeResource {
	t.Helper()
	ctx := tctxLong(t)
	dc, err := object.NewRootFolder(c.Client).CreateDatacenter(ctx, "DC1")
	if err != nil {
		t.Fatal(err)
	}
	folders, _ := dc.Folders(ctx)
	cl, err := folders.HostFolder.CreateCluster(ctx, "Cluster1", types.ClusterConfigSpecEx{})
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

func hostProps(t *testing.T, h *object.HostSystem) mo.HostSystem {
	t.Helper()
	var out mo.HostSystem
	if err := h.Properties(tctxLong(t), h.Reference(), []string{"summary", "runtime", "vm", "parent"}, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// Each AddHost check gives vCenter's fault; force takes the host over and
// its old vCenter then shows it disconnected.
func TestAddHostChecks(t *testing.T) {
	s := startSim(t, nil)
	src, tgt := s.login(t, "source"), s.login(t, "target")
	srcHost := mustHost(t, src, "DC1", "esx-01.sim.local")
	thumb := hostProps(t, srcHost).Summary.Config.SslThumbprint
	cl := targetCluster(t, tgt)
	ctx := tctxLong(t)
	good := types.HostConnectSpec{HostName: "esx-01.sim.local", UserName: "root", Password: "esxi-root", SslThumbprint: thumb}
	cases := []struct {
		name  string
		edit  func(*types.HostConnectSpec)
		check func(types.BaseMethodFault) bool
	}{
		{"unknown host", func(s *types.HostConnectSpec) { s.HostName = "esx-99.sim.local" },
			func(f types.BaseMethodFault) bool {
				n, ok := f.(*types.NoHost)
				return ok && n.Name == "esx-99.sim.local"
			}},
		{"no thumbprint", func(s *types.HostConnectSpec) { s.SslThumbprint = "" },
			func(f types.BaseMethodFault) bool {
				v, ok := f.(*types.SSLVerifyFault)
				return ok && v.Thumbprint == thumb
			}},
		{"wrong thumbprint", func(s *types.HostConnectSpec) { s.SslThumbprint = "00:11" },
			func(f types.BaseMethodFault) bool {
				v, ok := f.(*types.SSLVerifyFault)
				return ok && v.Thumbprint == thumb
			}},
		{"wrong password", func(s *types.HostConnectSpec) { s.Password = "nope" },
			func(f types.BaseMethodFault) bool { _, ok := f.(*types.InvalidLogin); return ok }},
		{"managed by source", func(s *types.HostConnectSpec) {},
			func(f types.BaseMethodFault) bool {
				a, ok := f.(*types.AlreadyBeingManaged)
				return ok && a.IpAddress == "127.0.0.1"
			}},
	}
	for _, c := range cases {
		spec := good
		c.edit(&spec)
		if f := taskFault(cl.AddHost(ctx, spec, true, nil, nil)); !c.check(f) {
			t.Errorf("%s: fault %#v", c.name, f)
		}
	}
	spec := good
	spec.Force = true
	if f := taskFault(cl.AddHost(ctx, spec, true, nil, nil)); f != nil {
		t.Fatalf("forced add: %#v", f)
	}
	if f, ok := taskFault(cl.AddHost(ctx, spec, true, nil, nil)).(*types.AlreadyConnected); !ok || f.Name != "esx-01.sim.local" {
		t.Errorf("second add: %#v", f)
	}
	deadline := time.Now().Add(3 * time.Second)
	for hostProps(t, srcHost).Runtime.ConnectionState != types.HostSystemConnectionStateDisconnected {
		if time.Now().After(deadline) {
			t.Fatal("source still shows the taken-over host connected")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// AlreadyBeingManaged names the vCenter that manages the host by its address
// (the reference: "IP address of server that is currently managing the host"),
// for AddHost and for a reconnect after another vCenter took the host over.
func TestAlreadyBeingManagedNamesTheManagingVCenter(t *testing.T) {
	s := startSim(t, withSourceAt(DefaultWorld(false), "127.0.0.2"))
	if u := s.vcenters["source"].URL; !strings.HasPrefix(u, "https://127.0.0.2:") {
		t.Fatalf("source listens at %s", u)
	}
	src, tgt := s.login(t, "source"), s.login(t, "target")
	srcHost := mustHost(t, src, "DC1", "esx-01.sim.local")
	spec := types.HostConnectSpec{HostName: "esx-01.sim.local", UserName: "root", Password: "esxi-root",
		SslThumbprint: hostProps(t, srcHost).Summary.Config.SslThumbprint}
	cl := targetCluster(t, tgt)
	ctx := tctxLong(t)
	if f, ok := taskFault(cl.AddHost(ctx, spec, true, nil, nil)).(*types.AlreadyBeingManaged); !ok || f.IpAddress != "127.0.0.2" {
		t.Errorf("add to target: %#v, want AlreadyBeingManaged from 127.0.0.2", f)
	}
	spec.Force = true
	if f := taskFault(cl.AddHost(ctx, spec, true, nil, nil)); f != nil {
		t.Fatalf("forced add: %#v", f)
	}
	if f, ok := taskFault(srcHost.Reconnect(ctx, nil, nil)).(*types.AlreadyBeingManaged); !ok || f.IpAddress != "127.0.0.1" {
		t.Errorf("source's reconnect: %#v, want AlreadyBeingManaged from the target's 127.0.0.1", f)
	}
}

// A vCenter with takeover_notice_seconds keeps showing a host another vCenter
// took over (forced AddHost) as connected that long, then disconnected; each
// vCenter gives its hosts its own address as summary.managementServerIp.
func TestTakeoverNoticeSeconds(t *testing.T) {
	const notice = 2 * time.Second
	w := withSourceAt(DefaultWorld(false), "127.0.0.2")
	w.VCenters[0].TakeoverNoticeSeconds = notice.Seconds()
	s := startSim(t, w)
	src, tgt := s.login(t, "source"), s.login(t, "target")
	srcHost := mustHost(t, src, "DC1", "esx-01.sim.local")
	if ip := hostProps(t, srcHost).Summary.ManagementServerIp; ip != "127.0.0.2" {
		t.Errorf("source's host: managementServerIp %q, want the source's 127.0.0.2", ip)
	}
	spec := types.HostConnectSpec{HostName: "esx-01.sim.local", UserName: "root", Password: "esxi-root",
		SslThumbprint: hostProps(t, srcHost).Summary.Config.SslThumbprint, Force: true}
	cl := targetCluster(t, tgt)
	taken := time.Now() // the takeover comes after this
	if f := taskFault(cl.AddHost(tctxLong(t), spec, true, nil, nil)); f != nil {
		t.Fatalf("forced add: %#v", f)
	}
	if ip := hostProps(t, mustHost(t, tgt, "DC1", "esx-01.sim.local")).Summary.ManagementServerIp; ip != "127.0.0.1" {
		t.Errorf("target's host: managementServerIp %q, want the target's 127.0.0.1", ip)
	}
	time.Sleep(notice / 2) // a poll or two
	if st := hostProps(t, srcHost).Runtime.ConnectionState; st != types.HostSystemConnectionStateConnected && time.Since(taken) < notice {
		t.Errorf("source shows the taken host %s before its %v of notice", st, notice)
	}
	deadline := taken.Add(notice + 3*time.Second)
	for hostProps(t, srcHost).Runtime.ConnectionState != types.HostSystemConnectionStateDisconnected {
		if time.Now().After(deadline) {
			t.Fatalf("source still shows the taken host connected %v after the takeover", time.Since(taken))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// moveHost disconnects name from the source, removes it, and adds it to
// the target's Cluster1.
func moveHost(t *testing.T, src, tgt *govmomi.Client, cl *object.ClusterComputeResource, name string) *object.HostSystem {
	t.Helper()
	ctx := tctxLong(t)
	h := mustHost(t, src, "DC1", name)
	thumb := hostProps(t, h).Summary.Config.SslThumbprint
	if f := taskFault(h.Disconnect(ctx)); f != nil {
		t.Fatalf("disconnect: %#v", f)
	}
	if f := taskFault(h.Destroy(ctx)); f != nil {
		t.Fatalf("remove: %#v", f)
	}
	spec := types.HostConnectSpec{HostName: name, UserName: "root", Password: "esxi-root", SslThumbprint: thumb}
	if f := taskFault(cl.AddHost(ctx, spec, true, nil, nil)); f != nil {
		t.Fatalf("add to target: %#v", f)
	}
	return mustHost(t, tgt, "DC1", name)
}

// hostNetwork is the part of a host snapshot that travels with the host.
func hostNetwork(h SnapHost) []interface{} {
	return []interface{}{h.Pnics, h.VSwitches, h.Portgroups, h.Vmknics, h.Thumbprint, h.Version}
}

func snapHost(t *testing.T, c *govmomi.Client, name string) (SnapHost, *Snapshot) {
	t.Helper()
	s, err := TakeSnapshot(tctxLong(t), c.Client, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range s.Hosts {
		if h.Name == name {
			return h, s
		}
	}
	t.Fatalf("no host %s in snapshot", name)
	return SnapHost{}, nil
}

// A host on standard switches moved between vCenters arrives with its
// VMs (registered, powered on, connected) and its network configuration.
func TestHostMoveKeepsVMsAndNetwork(t *testing.T) {
	s := startSim(t, DefaultWorld(true))
	src, tgt := s.login(t, "source"), s.login(t, "target")
	before, _ := snapHost(t, src, "esx-01.sim.local")
	moveHost(t, src, tgt, targetCluster(t, tgt), "esx-01.sim.local")
	after, snap := snapHost(t, tgt, "esx-01.sim.local")
	if !reflect.DeepEqual(hostNetwork(before), hostNetwork(after)) {
		t.Errorf("network changed:\n%+v\n%+v", hostNetwork(before), hostNetwork(after))
	}
	if after.ConnectionState != "connected" || after.Cluster != "Cluster1" {
		t.Errorf("host in target: %+v", after)
	}
	var got []string
	for _, vm := range snap.VMs {
		got = append(got, vm.Name)
		if vm.Host != "esx-01.sim.local" || vm.PowerState != "poweredOn" || vm.Folder != discoveredFolder {
			t.Errorf("vm %+v", vm)
		}
		if len(vm.NICs) != 1 || !vm.NICs[0].Connected || vm.NICs[0].Network != "VM Network" {
			t.Errorf("vm %s nics %+v", vm.Name, vm.NICs)
		}
	}
	if !reflect.DeepEqual(got, []string{"vm-1", "vm-2"}) {
		t.Errorf("target VMs %v", got)
	}
	if _, srcSnap := snapHost(t, src, "esx-02.sim.local"); len(srcSnap.VMs) != 2 {
		t.Errorf("source keeps %d VMs, want 2", len(srcSnap.VMs))
	}
}

// A host's local datastore has the same name at every start and on the vCenter
// it moves to, as a VMFS volume keeps its label (a census compares by name).
func TestLocalDatastoreKeepsItsName(t *testing.T) {
	s := startSim(t, DefaultWorld(true))
	src, tgt := s.login(t, "source"), s.login(t, "target")
	const want = "local-esx-01.sim.local"
	if got := hostDatastores(t, src, "esx-01.sim.local"); !reflect.DeepEqual(got, []string{want}) {
		t.Errorf("source: datastores %v, want %s", got, want)
	}
	moveHost(t, src, tgt, targetCluster(t, tgt), "esx-01.sim.local")
	if got := hostDatastores(t, tgt, "esx-01.sim.local"); !reflect.DeepEqual(got, []string{want}) {
		t.Errorf("target: datastores %v, want %s", got, want)
	}
}

func hostDatastores(t *testing.T, c *govmomi.Client, host string) []string {
	t.Helper()
	h := mustHost(t, c, "DC1", host)
	var hs mo.HostSystem
	if err := h.Properties(tctxLong(t), h.Reference(), []string{"datastore"}, &hs); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ref := range hs.Datastore {
		var ds mo.Datastore
		if err := h.Properties(tctxLong(t), ref, []string{"name"}, &ds); err != nil {
			t.Fatal(err)
		}
		names = append(names, ds.Name)
	}
	return names
}

// Disconnect and reconnect change the connection state and nothing else.
func TestDisconnectReconnect(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	h := mustHost(t, c, "DC1", "esx-02.sim.local")
	ctx := tctxLong(t)
	if f := taskFault(h.Disconnect(ctx)); f != nil {
		t.Fatal(f)
	}
	if st := hostProps(t, h).Runtime.ConnectionState; st != types.HostSystemConnectionStateDisconnected {
		t.Errorf("after disconnect: %s", st)
	}
	if f := taskFault(h.Reconnect(ctx, nil, nil)); f != nil {
		t.Fatal(f)
	}
	if st := hostProps(t, h).Runtime.ConnectionState; st != types.HostSystemConnectionStateConnected {
		t.Errorf("after reconnect: %s", st)
	}
}

// QueryConnectionInfo makes AddHost's checks without adding the host (a wrong
// login or certificate gets AddHost's fault, nothing changes) and answers what
// the physical host is: its summary, VMs and networks, and serverIp = the
// address of the vCenter managing it, absent once none does.
func TestQueryConnectionInfo(t *testing.T) {
	s := startSim(t, withSourceAt(DefaultWorld(true), "127.0.0.2"))
	src, tgt := s.login(t, "source"), s.login(t, "target")
	srcHost := mustHost(t, src, "DC1", "esx-01.sim.local")
	summary := hostProps(t, srcHost).Summary
	thumb := summary.Config.SslThumbprint
	ctx := tctxLong(t)
	dc, err := object.NewRootFolder(tgt.Client).CreateDatacenter(ctx, "DC1")
	if err != nil {
		t.Fatal(err)
	}
	query := func(name, password, thumbprint string) (*types.QueryConnectionInfoResponse, error) {
		return methods.QueryConnectionInfo(ctx, tgt.Client, &types.QueryConnectionInfo{
			This: dc.Reference(), Hostname: name, Port: 443, Username: "root",
			Password: password, SslThumbprint: thumbprint})
	}
	res, err := query("esx-01.sim.local", "esxi-root", thumb)
	if err != nil {
		t.Fatalf("good login: %v", err)
	}
	info := res.Returnval
	if info.ServerIp != "127.0.0.2" {
		t.Errorf("serverIp %q, want the source's 127.0.0.2", info.ServerIp)
	}
	h := info.Host
	if h.Config.Name != "esx-01.sim.local" || h.Config.SslThumbprint != thumb || h.Config.Product == nil ||
		h.Config.Product.Version != "7.0.3" || h.Config.Product.Build != "19193900" || h.MaxEVCModeKey != "intel-cascadelake" {
		t.Errorf("host summary: %+v (product %+v)", h.Config, h.Config.Product)
	}
	if h.Hardware == nil || h.Hardware.Uuid != summary.Hardware.Uuid {
		t.Errorf("hardware %+v, the source shows uuid %s", h.Hardware, summary.Hardware.Uuid)
	}
	var vms, nets []string
	for _, vm := range info.Vm {
		vms = append(vms, vm.Config.Name+"/"+string(vm.Runtime.PowerState))
	}
	for _, n := range info.Network {
		nets = append(nets, n.(*types.HostConnectInfoNetworkInfo).Summary.GetNetworkSummary().Name)
	}
	if !reflect.DeepEqual(vms, []string{"vm-1/poweredOn", "vm-2/poweredOn"}) {
		t.Errorf("vms %v", vms)
	}
	if !reflect.DeepEqual(nets, []string{"Management Network", "VM Network"}) {
		t.Errorf("networks %v", nets)
	}
	// The fault's type name, whether the decoder gave a value or a pointer.
	faultOf := func(err error) string {
		if err == nil || !soap.IsSoapFault(err) {
			return ""
		}
		return reflect.Indirect(reflect.ValueOf(soap.ToSoapFault(err).VimFault())).Type().Name()
	}
	if _, err := query("esx-01.sim.local", "nope", thumb); faultOf(err) != "InvalidLogin" {
		t.Errorf("wrong password: %v", err)
	}
	if _, err := query("esx-01.sim.local", "esxi-root", "00:11"); faultOf(err) != "SSLVerifyFault" {
		t.Errorf("wrong thumbprint: %v", err)
	}
	if _, err := query("esx-01.sim.local", "esxi-root", ""); faultOf(err) != "SSLVerifyFault" {
		t.Errorf("no thumbprint: %v", err)
	}
	if _, err := query("esx-99.sim.local", "esxi-root", thumb); faultOf(err) != "NoHost" {
		t.Errorf("unknown host: %v", err)
	}
	srcDC, err := finder(t, src, "DC1").Datacenter(ctx, "DC1")
	if err != nil {
		t.Fatal(err)
	}
	_, err = methods.QueryConnectionInfo(ctx, src.Client, &types.QueryConnectionInfo{This: srcDC.Reference(),
		Hostname: "esx-01.sim.local", Port: 443, Username: "root", Password: "esxi-root", SslThumbprint: thumb})
	if faultOf(err) != "AlreadyConnected" {
		t.Errorf("asking the vCenter the host is in: %v, want AlreadyConnected", err)
	}
	if st := hostProps(t, srcHost).Runtime.ConnectionState; st != types.HostSystemConnectionStateConnected {
		t.Errorf("source's host after the queries: %s", st)
	}
	if f := taskFault(srcHost.Disconnect(ctx)); f != nil {
		t.Fatal(f)
	}
	if f := taskFault(srcHost.Destroy(ctx)); f != nil {
		t.Fatal(f)
	}
	if res, err := query("esx-01.sim.local", "esxi-root", thumb); err != nil || res.Returnval.ServerIp != "" {
		t.Errorf("a host no vCenter manages: serverIp %q, %v", res.Returnval.ServerIp, err)
	}
}

// withSourceAt is w with its source vCenter listening at address (a loopback
// address), so that a vCenter's address tells it from the target's default
// 127.0.0.1.
func withSourceAt(w *World, address string) *World {
	for i := range w.VCenters {
		if w.VCenters[i].Name == "source" {
			w.VCenters[i].Address = address
		}
	}
	return w
}
