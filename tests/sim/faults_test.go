package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/session"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/task"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// faultHarness is a self-contained simulated vCenter (simulator.VPX model)
// with an Injector in front of its SOAP handler and the control endpoint on
// a second httptest server. It does not use the rest of this package.
type faultHarness struct {
	model *simulator.Model
	inj   *Injector
	soap  *httptest.Server
	ctl   *httptest.Server
	url   *url.URL
}

func newFaultHarness(t *testing.T) *faultHarness {
	t.Helper()
	m := simulator.VPX()
	if err := m.Create(); err != nil {
		t.Fatal(err)
	}
	vcs := m.Service.NewServer() // registers the /sdk handlers on m.Service.ServeMux
	inj := NewInjector("vc-test")
	h := &faultHarness{
		model: m,
		inj:   inj,
		soap:  httptest.NewServer(inj.Wrap(m.Service.ServeMux)),
		ctl:   httptest.NewServer(inj.ControlHandler()),
	}
	u, err := url.Parse(h.soap.URL + "/sdk")
	if err != nil {
		t.Fatal(err)
	}
	u.User = simulator.DefaultLogin
	h.url = u
	t.Cleanup(func() {
		h.soap.CloseClientConnections()
		h.soap.Close()
		h.ctl.Close()
		vcs.Close()
		m.Remove()
	})
	return h
}

func tctx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// connect returns a vim25 client (RetrieveServiceContent) without logging in.
func (h *faultHarness) connect(t *testing.T) (*vim25.Client, error) {
	sc := soap.NewClient(h.url, true)
	sc.Timeout = 20 * time.Second
	return vim25.NewClient(tctx(t), sc)
}

// login returns a logged-in vim25 client; the test fails if that fails.
func (h *faultHarness) login(t *testing.T) *vim25.Client {
	t.Helper()
	c, err := h.connect(t)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	if err := session.NewManager(c).Login(tctx(t), simulator.DefaultLogin); err != nil {
		t.Fatalf("login: %v", err)
	}
	return c
}

func (h *faultHarness) configure(t *testing.T, rules ...FaultRule) {
	t.Helper()
	if err := h.inj.Configure(rules); err != nil {
		t.Fatalf("Configure: %v", err)
	}
}

// entity finds a simulator object of the given type by inventory name.
func entity(kind, name string) (types.ManagedObjectReference, bool) {
	for _, e := range simulator.Map.All(kind) {
		if e.Entity().Name == name {
			return e.Reference(), true
		}
	}
	return types.ManagedObjectReference{}, false
}

func mustEntity(t *testing.T, kind, name string) types.ManagedObjectReference {
	t.Helper()
	ref, ok := entity(kind, name)
	if !ok {
		t.Fatalf("%s %q not found in the simulator", kind, name)
	}
	return ref
}

// vimFault returns the vim25 fault carried by a SOAP fault error.
func vimFault(t *testing.T, err error) (types.AnyType, string) {
	t.Helper()
	if err == nil {
		t.Fatal("expected a SOAP fault, got success")
	}
	if !soap.IsSoapFault(err) {
		t.Fatalf("expected a SOAP fault, got %T: %v", err, err)
	}
	f := soap.ToSoapFault(err)
	return f.VimFault(), f.String
}

// requireTransportError asserts err is a connection-level failure: the
// connection was closed (EOF) or reset without any HTTP response.
func requireTransportError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("expected a connection error, got success")
	}
	if soap.IsSoapFault(err) || soap.IsVimFault(err) {
		t.Fatalf("expected a connection error, got a fault: %v", err)
	}
	var uerr *url.Error // net/http's transport errors; an HTTP error reply is not one
	if !errors.As(err, &uerr) || (!errors.Is(err, io.EOF) && !errors.Is(err, syscall.ECONNRESET)) {
		t.Fatalf("expected a transport error (EOF or connection reset), got %T: %v", err, err)
	}
}

func lastCall(t *testing.T, inj *Injector, method string) CallRecord {
	t.Helper()
	calls := inj.Calls()
	for k := len(calls) - 1; k >= 0; k-- {
		if calls[k].Method == method {
			return calls[k]
		}
	}
	t.Fatalf("no %s in the call log (%d entries)", method, len(calls))
	return CallRecord{}
}

func createFolder(t *testing.T, c *vim25.Client, parent, name string) error {
	ref := mustEntity(t, "Folder", parent)
	_, err := object.NewFolder(c, ref).CreateFolder(tctx(t), name)
	return err
}

// --- parsing ---------------------------------------------------------------

func TestFaultParseSOAP(t *testing.T) {
	govmomiStyle := `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><AddHost_Task xmlns="urn:vim25"><_this type="ClusterComputeResource">domain-c7</_this><spec><hostName>esx-01.sim.local</hostName><force>true</force></spec><asConnected>true</asConnected><resourcePool type="ResourcePool">resgroup-8</resourcePool></AddHost_Task></soapenv:Body></soapenv:Envelope>`
	prefixed := `<?xml version="1.0"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:vim25">
  <SOAP-ENV:Header><ns1:something>x</ns1:something></SOAP-ENV:Header>
  <SOAP-ENV:Body>
    <ns1:RetrievePropertiesEx>
      <ns1:_this xsi:type="ns1:ManagedObjectReference" type="PropertyCollector"> propertyCollector </ns1:_this>
      <ns1:specSet><ns1:objectSet><ns1:obj type="HostSystem">host-21</ns1:obj></ns1:objectSet></ns1:specSet>
    </ns1:RetrievePropertiesEx>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>`
	noThis := `<Envelope><Body><Fetch/></Body></Envelope>`

	cases := []struct {
		name, body, method, typ, val string
		ok                           bool
	}{
		{"govmomi", govmomiStyle, "AddHost_Task", "ClusterComputeResource", "domain-c7", true},
		{"prefixed", prefixed, "RetrievePropertiesEx", "PropertyCollector", "propertyCollector", true},
		{"no _this", noThis, "Fetch", "", "", true},
		{"not xml", "hello", "", "", "", false},
		{"empty body", `<Envelope><Body></Body></Envelope>`, "", "", "", false},
	}
	for _, c := range cases {
		got, ok := parseSOAP([]byte(c.body))
		if ok != c.ok || got.Method != c.method || got.This.Type != c.typ || got.This.Value != c.val {
			t.Errorf("%s: got %+v ok=%v, want method=%q this=%s:%s ok=%v", c.name, got, ok, c.method, c.typ, c.val, c.ok)
		}
	}

	// requestObjects resolves morefs through simulator.Map; use an empty one.
	saved := simulator.Map
	simulator.Map = simulator.NewRegistry()
	defer func() { simulator.Map = saved }()
	objs := strings.Join(requestObjects([]byte(govmomiStyle)), ",")
	if objs != "domain-c7,esx-01.sim.local,resgroup-8" {
		t.Errorf("requestObjects(AddHost_Task) = %s", objs)
	}
	objs = strings.Join(requestObjects([]byte(prefixed)), ",")
	if objs != "propertyCollector,host-21" {
		t.Errorf("requestObjects(RetrievePropertiesEx) = %s", objs)
	}
}

// --- soap_fault ------------------------------------------------------------

func TestFaultSoapFaultServiceContent(t *testing.T) {
	h := newFaultHarness(t)
	h.configure(t, FaultRule{Method: "RetrieveServiceContent", Kind: KindSoapFault, Fault: "NotAuthenticated", Message: "session is gone"})

	_, err := h.connect(t)
	f, msg := vimFault(t, err)
	if _, ok := f.(types.NotAuthenticated); !ok {
		t.Fatalf("fault = %T, want types.NotAuthenticated", f)
	}
	if msg != "session is gone" {
		t.Errorf("faultstring = %q", msg)
	}
	// count defaults to 1: the next call succeeds.
	if _, err := h.connect(t); err != nil {
		t.Fatalf("second RetrieveServiceContent: %v", err)
	}
	calls := h.inj.Calls()
	if len(calls) != 2 || calls[0].Result != "NotAuthenticated" || calls[0].Injected != KindSoapFault || calls[1].Result != "ok" {
		t.Fatalf("call log = %+v", calls)
	}
}

func TestFaultSoapFaultLogin(t *testing.T) {
	h := newFaultHarness(t)
	h.configure(t, FaultRule{Method: "Login", Kind: KindSoapFault, Fault: "InvalidLogin", Message: "Cannot complete login due to an incorrect user name or password."})
	c, err := h.connect(t)
	if err != nil {
		t.Fatal(err)
	}
	err = session.NewManager(c).Login(tctx(t), simulator.DefaultLogin)
	f, _ := vimFault(t, err)
	if _, ok := f.(types.InvalidLogin); !ok {
		t.Fatalf("fault = %T, want types.InvalidLogin", f)
	}
	if err := session.NewManager(c).Login(tctx(t), simulator.DefaultLogin); err != nil {
		t.Fatalf("second Login: %v", err)
	}
}

func TestFaultSoapFaultDetailNoChange(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	h.configure(t, FaultRule{
		Method: "CreateClusterEx", Object: "host", Kind: KindSoapFault, Fault: "DuplicateName",
		Message: "The name 'Cluster9' already exists.", Detail: json.RawMessage(`{"name":"Cluster9","object":{"type":"ClusterComputeResource","value":"domain-c99"}}`),
	})
	folder := object.NewFolder(c, mustEntity(t, "Folder", "host"))
	_, err := folder.CreateCluster(tctx(t), "Cluster9", types.ClusterConfigSpecEx{})
	f, _ := vimFault(t, err)
	dn, ok := f.(types.DuplicateName)
	if !ok {
		t.Fatalf("fault = %T, want types.DuplicateName", f)
	}
	if dn.Name != "Cluster9" || dn.Object.Value != "domain-c99" {
		t.Errorf("DuplicateName detail = %+v", dn)
	}
	if _, ok := entity("ClusterComputeResource", "Cluster9"); ok {
		t.Fatal("cluster was created although the call was faulted")
	}
	// rule fired once; the retry goes through and makes the change.
	if _, err := folder.CreateCluster(tctx(t), "Cluster9", types.ClusterConfigSpecEx{}); err != nil {
		t.Fatal(err)
	}
	mustEntity(t, "ClusterComputeResource", "Cluster9")
}

func TestFaultSoapFaultExecute(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	h.configure(t, FaultRule{Method: "CreateFolder", Kind: KindSoapFault, Fault: "SystemError", Execute: true})
	f, _ := vimFault(t, createFolder(t, c, "vm", "made-anyway"))
	if _, ok := f.(types.SystemError); !ok {
		t.Fatalf("fault = %T", f)
	}
	mustEntity(t, "Folder", "made-anyway") // execute: the change is made
}

// --- task_error ------------------------------------------------------------

// Note: vcsim 0.24.2 does not implement Destroy_Task on clusters, so the
// destroy case uses a folder; the cluster case uses Rename_Task.
func TestFaultTaskErrorDestroy(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	if err := createFolder(t, c, "vm", "doomed"); err != nil {
		t.Fatal(err)
	}
	ref := mustEntity(t, "Folder", "doomed")
	h.configure(t, FaultRule{Method: "Destroy_Task", Object: "doomed", Kind: KindTaskError, Fault: "InvalidState", Message: "folder is busy"})

	f := object.NewFolder(c, ref)
	tk, err := f.Destroy(tctx(t))
	if err != nil {
		t.Fatalf("Destroy_Task call itself must succeed: %v", err)
	}
	info, err := tk.WaitForResult(tctx(t))
	if err == nil {
		t.Fatal("task succeeded, want error")
	}
	if info == nil || info.State != types.TaskInfoStateError || info.Error == nil {
		t.Fatalf("task info = %+v", info)
	}
	if _, ok := info.Error.Fault.(*types.InvalidState); !ok {
		t.Fatalf("task fault = %T, want *types.InvalidState", info.Error.Fault)
	}
	if te, ok := err.(task.Error); !ok || te.Error() != "folder is busy" {
		t.Errorf("task error = %T %v", err, err)
	}
	if info.DescriptionId != "Folder.Destroy" || info.EntityName != "doomed" || info.Name != "Destroy_Task" {
		t.Errorf("task info name=%q descriptionId=%q entityName=%q", info.Name, info.DescriptionId, info.EntityName)
	}
	if simulator.Map.Get(ref) == nil {
		t.Fatal("folder was destroyed although the task failed")
	}
	rec := lastCall(t, h.inj, "Destroy_Task")
	if rec.Result != "ok" || rec.Injected != KindTaskError || rec.TaskError != "InvalidState" || rec.Task != tk.Reference().Value || rec.Object != "doomed" {
		t.Errorf("call record = %+v", rec)
	}

	// Fired once: a second Destroy really destroys.
	tk, err = f.Destroy(tctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := tk.Wait(tctx(t)); err != nil {
		t.Fatalf("second destroy: %v", err)
	}
	if simulator.Map.Get(ref) != nil {
		t.Fatal("folder still exists after the unfaulted destroy")
	}
}

func TestFaultTaskErrorRenameCluster(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	ref := mustEntity(t, "ClusterComputeResource", "DC0_C0")
	h.configure(t, FaultRule{Method: "Rename_Task", Object: "DC0_C0", Kind: KindTaskError, Fault: "DuplicateName", Detail: json.RawMessage(`{"name":"Cluster1"}`)})
	cl := object.NewClusterComputeResource(c, ref)
	tk, err := cl.Rename(tctx(t), "Cluster1")
	if err != nil {
		t.Fatal(err)
	}
	info, err := tk.WaitForResult(tctx(t))
	if err == nil || info.State != types.TaskInfoStateError {
		t.Fatalf("task = %+v err=%v, want error", info, err)
	}
	if dn, ok := info.Error.Fault.(*types.DuplicateName); !ok || dn.Name != "Cluster1" {
		t.Fatalf("task fault = %#v", info.Error.Fault)
	}
	if _, ok := entity("ClusterComputeResource", "DC0_C0"); !ok {
		t.Fatal("cluster renamed although the task failed")
	}
	tk, err = cl.Rename(tctx(t), "Cluster1")
	if err != nil {
		t.Fatal(err)
	}
	if err := tk.Wait(tctx(t)); err != nil {
		t.Fatal(err)
	}
	mustEntity(t, "ClusterComputeResource", "Cluster1")
}

func TestFaultTaskErrorAddHostByHostNameDelayed(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	h.configure(t, FaultRule{Method: "AddHost_Task", Object: "esx-09.sim.local", Kind: KindTaskError, Fault: "HostConnectFault", Message: "Cannot contact the specified host", Seconds: 0.5})
	cl := object.NewClusterComputeResource(c, mustEntity(t, "ClusterComputeResource", "DC0_C0"))
	spec := func(name string) types.HostConnectSpec {
		return types.HostConnectSpec{HostName: name, UserName: "root", Password: "x", Force: true}
	}

	// A different host is not matched by the object filter.
	tk, err := cl.AddHost(tctx(t), spec("esx-01.sim.local"), true, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := tk.Wait(tctx(t)); err != nil {
		t.Fatalf("AddHost esx-01: %v", err)
	}
	mustEntity(t, "HostSystem", "esx-01.sim.local")

	start := time.Now()
	tk, err = cl.AddHost(tctx(t), spec("esx-09.sim.local"), true, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Right after the call the task is still running.
	var mt mo.Task
	if err := property.DefaultCollector(c).RetrieveOne(tctx(t), tk.Reference(), []string{"info"}, &mt); err != nil {
		t.Fatal(err)
	}
	if mt.Info.State != types.TaskInfoStateRunning {
		t.Errorf("task state right after the call = %s, want running", mt.Info.State)
	}
	info, err := tk.WaitForResult(tctx(t))
	if err == nil || info.State != types.TaskInfoStateError {
		t.Fatalf("task = %+v err=%v, want error", info, err)
	}
	if _, ok := info.Error.Fault.(*types.HostConnectFault); !ok {
		t.Fatalf("task fault = %T", info.Error.Fault)
	}
	if d := time.Since(start); d < 450*time.Millisecond {
		t.Errorf("task failed after %v, want >= 0.5s", d)
	}
	if _, ok := entity("HostSystem", "esx-09.sim.local"); ok {
		t.Fatal("host was added although the task failed")
	}
}

// --- hang ------------------------------------------------------------------

func TestFaultHangProceed(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	h.configure(t, FaultRule{Method: "CreateFolder", Kind: KindHang, Seconds: 0.6})
	start := time.Now()
	if err := createFolder(t, c, "vm", "slow"); err != nil {
		t.Fatalf("hang then proceed should succeed: %v", err)
	}
	if d := time.Since(start); d < 600*time.Millisecond {
		t.Fatalf("call took %v, want >= 600ms", d)
	}
	mustEntity(t, "Folder", "slow")
	rec := lastCall(t, h.inj, "CreateFolder")
	if rec.Result != "ok" || rec.Injected != KindHang || rec.DurationMs < 600 {
		t.Errorf("call record = %+v", rec)
	}
	start = time.Now()
	if err := createFolder(t, c, "vm", "fast"); err != nil || time.Since(start) > 500*time.Millisecond {
		t.Fatalf("second call: err=%v took %v (rule should have fired once)", err, time.Since(start))
	}
}

func TestFaultHangThenDrop(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	h.configure(t, FaultRule{Method: "CreateFolder", Kind: KindHang, Seconds: 0.4, Then: "drop"})
	start := time.Now()
	err := createFolder(t, c, "vm", "never")
	requireTransportError(t, err)
	if d := time.Since(start); d < 400*time.Millisecond {
		t.Fatalf("dropped after %v, want >= 400ms", d)
	}
	if _, ok := entity("Folder", "never"); ok {
		t.Fatal("folder created although the request was dropped before execution")
	}
	if rec := lastCall(t, h.inj, "CreateFolder"); rec.Result != "dropped" {
		t.Errorf("call record = %+v", rec)
	}
}

// --- drop ------------------------------------------------------------------

func TestFaultDrop(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	h.configure(t, FaultRule{Method: "CreateFolder", Kind: KindDrop})
	err := createFolder(t, c, "vm", "lost")
	requireTransportError(t, err)
	t.Logf("dropped connection seen by the Go client as: %v", err)
	if _, ok := entity("Folder", "lost"); ok {
		t.Fatal("folder created although the request was dropped")
	}
	if rec := lastCall(t, h.inj, "CreateFolder"); rec.Result != "dropped" || rec.Injected != KindDrop {
		t.Errorf("call record = %+v", rec)
	}
	// The client reconnects and the same session still works.
	if err := createFolder(t, c, "vm", "lost"); err != nil {
		t.Fatalf("after drop: %v", err)
	}
	mustEntity(t, "Folder", "lost")
}

func TestFaultDropExecuteAndReset(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	h.configure(t, FaultRule{Method: "CreateFolder", Kind: KindDrop, Execute: true, Reset: true})
	err := createFolder(t, c, "vm", "done-but-unanswered")
	requireTransportError(t, err)
	t.Logf("RST seen by the Go client as: %v", err)
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("reset: want ECONNRESET, got %v", err)
	}
	mustEntity(t, "Folder", "done-but-unanswered") // executed, reply lost
}

func TestFaultDropTruncated(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	h.configure(t, FaultRule{Method: "CreateFolder", Kind: KindDrop, Truncate: true})
	err := createFolder(t, c, "vm", "half")
	var uerr *url.Error
	if err == nil || soap.IsSoapFault(err) || errors.As(err, &uerr) || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("want an unexpected EOF while reading the body, got %T: %v", err, err)
	}
	t.Logf("truncated reply seen by the Go client as: %v", err)
	if _, ok := entity("Folder", "half"); ok {
		t.Fatal("folder created")
	}
	if rec := lastCall(t, h.inj, "CreateFolder"); rec.Result != "dropped" {
		t.Errorf("call record = %+v", rec)
	}
}

// --- matching --------------------------------------------------------------

func TestFaultNthCallAndCount(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	h.configure(t,
		FaultRule{ID: "third-and-fourth", Method: "CreateFolder", Kind: KindSoapFault, Fault: "InvalidState", Nth: 3, Count: 2},
		FaultRule{ID: "every-from-2", Method: "CreateCluster*", Kind: KindSoapFault, Fault: "InvalidState", Nth: 2, Count: -1},
	)
	var got []bool
	for k := 1; k <= 5; k++ {
		got = append(got, createFolder(t, c, "vm", "nth-"+string(rune('0'+k))) == nil)
	}
	want := []bool{true, true, false, false, true}
	for k := range want {
		if got[k] != want[k] {
			t.Fatalf("CreateFolder successes = %v, want %v", got, want)
		}
	}
	folder := object.NewFolder(c, mustEntity(t, "Folder", "host"))
	for k := 1; k <= 4; k++ {
		_, err := folder.CreateCluster(tctx(t), "cl-"+string(rune('0'+k)), types.ClusterConfigSpecEx{})
		if (err == nil) != (k == 1) {
			t.Fatalf("CreateClusterEx #%d: err=%v", k, err)
		}
	}
	st := map[string]RuleStatus{}
	for _, s := range h.inj.Rules() {
		st[s.ID] = s
	}
	if s := st["third-and-fourth"]; s.Matched != 5 || s.Fired != 2 {
		t.Errorf("third-and-fourth counters = %+v", s)
	}
	if s := st["every-from-2"]; s.Matched != 4 || s.Fired != 3 {
		t.Errorf("every-from-2 counters = %+v", s)
	}
}

// When several rules fire on one call, the first in configured order acts,
// whether its method is exact or a glob.
func TestFaultRuleOrder(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	h.configure(t,
		FaultRule{Method: "Create*", Kind: KindSoapFault, Fault: "InvalidState"},
		FaultRule{Method: "CreateFolder", Kind: KindSoapFault, Fault: "DuplicateName", Count: -1},
	)
	f, _ := vimFault(t, createFolder(t, c, "vm", "a"))
	if _, ok := f.(types.InvalidState); !ok {
		t.Fatalf("first call: fault %T, want InvalidState (first rule)", f)
	}
	f, _ = vimFault(t, createFolder(t, c, "vm", "a"))
	if _, ok := f.(types.DuplicateName); !ok {
		t.Fatalf("second call: fault %T, want DuplicateName", f)
	}
}

func TestFaultObjectMatch(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	hostFolder := mustEntity(t, "Folder", "host")
	h.configure(t,
		FaultRule{Method: "CreateFolder", Object: "vm", Kind: KindSoapFault, Fault: "InvalidState", Count: -1},
		FaultRule{Method: "CreateFolder", Object: hostFolder.Value, Nth: 2, Kind: KindSoapFault, Fault: "DuplicateName"},
	)
	if err := createFolder(t, c, "vm", "a"); err == nil {
		t.Fatal("CreateFolder in folder 'vm' should be faulted by name")
	}
	if err := createFolder(t, c, "host", "b"); err != nil {
		t.Fatalf("first CreateFolder in 'host': %v", err)
	}
	f, _ := vimFault(t, createFolder(t, c, "host", "c"))
	if _, ok := f.(types.DuplicateName); !ok {
		t.Fatalf("second CreateFolder in 'host' (matched by moref %s): fault %T", hostFolder.Value, f)
	}
	if err := createFolder(t, c, "datastore", "d"); err != nil {
		t.Fatalf("CreateFolder in 'datastore' must not match: %v", err)
	}
}

func TestFaultConfigureValidation(t *testing.T) {
	inj := NewInjector("v")
	bad := []FaultRule{
		{Method: "", Kind: KindDrop},
		{Method: "Login", Kind: "explode"},
		{Method: "Login", Kind: KindSoapFault},
		{Method: "Login", Kind: KindSoapFault, Fault: "NoSuchFault"},
		{Method: "Login", Kind: KindSoapFault, Fault: "ManagedObjectReference"},
		{Method: "Login", Kind: KindSoapFault, Fault: "DuplicateName", Detail: json.RawMessage(`{"name":5}`)},
		{Method: "CreateFolder", Kind: KindTaskError, Fault: "InvalidState"},
		{Method: "Login", Kind: KindHang},
		{Method: "Login", Kind: KindHang, Seconds: 1, Then: "explode"},
		{Method: "Login", Kind: KindOffline},
		{Method: "Login", Kind: KindOffline, Seconds: 1, Mode: "off"},
		{Method: "Login", Kind: KindLatency},
		{Method: "Login", Kind: KindDrop, Nth: -1},
		{Method: "Login", Kind: KindTaskError, Fault: "InvalidState", Execute: true},
		{Method: "[", Kind: KindDrop},
		{Method: "Login", Kind: KindHang, Seconds: 1, Truncate: true},
		{Method: "Login", Kind: KindSoapFault, Fault: "InvalidState", Reset: true},
	}
	for _, r := range bad {
		if err := inj.Configure([]FaultRule{r}); err == nil {
			t.Errorf("Configure accepted bad rule %+v", r)
		}
	}
	if err := inj.Configure([]FaultRule{{ID: "x", Method: "Login", Kind: KindDrop}, {ID: "x", Method: "Login", Kind: KindDrop}}); err == nil {
		t.Error("duplicate ids accepted")
	}
	good := []FaultRule{
		{Method: "Login", Kind: KindSoapFault, Fault: "InvalidStateFault"}, // "Fault" suffix tolerated
		{Method: "AddHost_Task", Kind: KindTaskError, Fault: "HostConnectFault"},
		{Method: "*", Kind: KindLatency, Ms: 1},
	}
	if err := inj.Configure(good); err != nil {
		t.Fatal(err)
	}
	if n := len(inj.Rules()); n != 3 {
		t.Fatalf("%d rules", n)
	}
	// A failed Configure leaves the previous rules in place.
	if err := inj.Configure([]FaultRule{{Method: "Login"}}); err == nil || len(inj.Rules()) != 3 {
		t.Fatalf("failed Configure changed rules: err=%v rules=%d", err, len(inj.Rules()))
	}
}

// An injector with no rules must pass non-SOAP requests through untouched.
func TestFaultWrapPassThrough(t *testing.T) {
	h := newFaultHarness(t)
	res, err := http.Get(h.soap.URL + "/sdk/vimServiceVersions.xml")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	if n := len(h.inj.Calls()); n != 0 {
		t.Fatalf("GET was logged as a SOAP call (%d)", n)
	}
	// A real (not injected) simulator fault is named in the log.
	c := h.login(t)
	_, err = object.NewFolder(c, types.ManagedObjectReference{Type: "Folder", Value: "group-nope"}).CreateFolder(tctx(t), "x")
	if f, _ := vimFault(t, err); f == nil {
		t.Fatal("no fault detail")
	}
	if rec := lastCall(t, h.inj, "CreateFolder"); rec.Result != "ManagedObjectNotFound" || rec.Injected != "" || rec.HTTPStatus != 500 {
		t.Errorf("call record = %+v", rec)
	}

}

func BenchmarkFaultWrapUnfaulted(b *testing.B) {
	body := []byte(`<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><RetrievePropertiesEx xmlns="urn:vim25"><_this type="PropertyCollector">propertyCollector</_this><specSet><propSet><type>VirtualMachine</type><pathSet>name</pathSet></propSet><objectSet><obj type="ContainerView">session[x]view-1</obj></objectSet></specSet><options/></RetrievePropertiesEx></soapenv:Body></soapenv:Envelope>`)
	inj := NewInjector("bench")
	_ = inj.Configure([]FaultRule{{Method: "AddHost_Task", Kind: KindDrop}})
	h := inj.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) }))
	b.ReportAllocs()
	for n := 0; n < b.N; n++ {
		r := httptest.NewRequest("POST", "/sdk", strings.NewReader(string(body)))
		h.ServeHTTP(httptest.NewRecorder(), r)
	}
}
