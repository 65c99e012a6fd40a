package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/session"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// ctl does one control-endpoint request and decodes a JSON reply into out
// (if non-nil). It returns the status code.
func (h *faultHarness) ctlDo(t *testing.T, method, path, body string, out interface{}) int {
	t.Helper()
	req, err := http.NewRequest(method, h.ctl.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if out != nil && len(bytes.TrimSpace(data)) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: bad JSON %q: %v", method, path, data, err)
		}
	}
	return res.StatusCode
}

type rulesReply struct {
	Rules []RuleStatus `json:"rules"`
	Error string       `json:"error"`
}

type callsReply struct {
	Count int          `json:"count"`
	Calls []CallRecord `json:"calls"`
}

func TestControlFaultsCRUD(t *testing.T) {
	h := newFaultHarness(t)
	var r rulesReply
	if st := h.ctlDo(t, "POST", "/faults", `{"method":"Login","kind":"soap_fault","fault":"InvalidLogin"}`, &r); st != 201 {
		t.Fatalf("POST single: %d %+v", st, r)
	}
	if len(r.Rules) != 1 || r.Rules[0].ID == "" {
		t.Fatalf("POST single reply %+v", r)
	}
	first := r.Rules[0].ID
	r = rulesReply{}
	if st := h.ctlDo(t, "POST", "/faults", `[{"id":"slow","method":"*","kind":"latency","ms":5},{"method":"AddHost_Task","object":"esx-01.sim.local","kind":"task_error","fault":"HostConnectFault","nth":2}]`, &r); st != 201 || len(r.Rules) != 2 || r.Rules[0].ID != "slow" {
		t.Fatalf("POST array: %d %+v", st, r)
	}
	r = rulesReply{}
	h.ctlDo(t, "GET", "/faults", "", &r)
	if len(r.Rules) != 3 || r.Rules[0].ID != first || r.Rules[2].Nth != 2 || r.Rules[2].Object != "esx-01.sim.local" {
		t.Fatalf("GET /faults = %+v", r)
	}
	var one RuleStatus
	if st := h.ctlDo(t, "GET", "/faults/slow", "", &one); st != 200 || one.Kind != KindLatency || one.Ms != 5 {
		t.Fatalf("GET /faults/slow: %d %+v", st, one)
	}
	if st := h.ctlDo(t, "DELETE", "/faults/slow", "", nil); st != 204 {
		t.Fatalf("DELETE /faults/slow: %d", st)
	}
	if st := h.ctlDo(t, "DELETE", "/faults/slow", "", nil); st != 404 {
		t.Fatalf("second DELETE /faults/slow: %d", st)
	}
	if st := h.ctlDo(t, "GET", "/faults/nope", "", nil); st != 404 {
		t.Fatalf("GET unknown: %d", st)
	}
	if n := len(h.inj.Rules()); n != 2 {
		t.Fatalf("%d rules after delete", n)
	}
	// Bad requests leave the rules alone.
	for _, body := range []string{`{"method":"Login","kind":"soap_fault","fault":"Nope"}`, `{"method":"Login","kind":"drop","bogus":1}`, `not json`, `[{"method":"Login","kind":"drop","id":"` + first + `"}]`} {
		var e rulesReply
		if st := h.ctlDo(t, "POST", "/faults", body, &e); st != 400 || e.Error == "" {
			t.Errorf("POST %s: %d %+v", body, st, e)
		}
	}
	if n := len(h.inj.Rules()); n != 2 {
		t.Fatalf("%d rules after bad POSTs", n)
	}
	r = rulesReply{}
	if st := h.ctlDo(t, "PUT", "/faults", `[{"method":"Logout","kind":"drop"}]`, &r); st != 200 || len(r.Rules) != 1 || r.Rules[0].Method != "Logout" {
		t.Fatalf("PUT: %d %+v", st, r)
	}
	if st := h.ctlDo(t, "DELETE", "/faults", "", nil); st != 204 || len(h.inj.Rules()) != 0 {
		t.Fatalf("DELETE /faults: %d, %d rules left", st, len(h.inj.Rules()))
	}
	if st := h.ctlDo(t, "PATCH", "/faults", "", nil); st != 405 {
		t.Fatalf("PATCH: %d", st)
	}
}

// A rule added over HTTP acts on the next SOAP call and its counters show up.
func TestControlRuleTakesEffect(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	if st := h.ctlDo(t, "POST", "/faults", `{"id":"nf","method":"CreateFolder","object":"vm","kind":"soap_fault","fault":"NoPermission","message":"denied"}`, nil); st != 201 {
		t.Fatal(st)
	}
	f, msg := vimFault(t, createFolder(t, c, "vm", "x"))
	if _, ok := f.(types.NoPermission); !ok || msg != "denied" {
		t.Fatalf("fault %T %q", f, msg)
	}
	var one RuleStatus
	h.ctlDo(t, "GET", "/faults/nf", "", &one)
	if one.Matched != 1 || one.Fired != 1 {
		t.Fatalf("counters %+v", one)
	}
}

func TestControlHealthAndExtraRoute(t *testing.T) {
	h := newFaultHarness(t)
	h.inj.HandleControl("/events", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, []string{"e1"}) })
	var st map[string]interface{}
	if code := h.ctlDo(t, "GET", "/health", "", &st); code != 200 || st["status"] != "ok" || st["vcenter"] != "vc-test" || st["offline"] != false {
		t.Fatalf("health %d %v", code, st)
	}
	var ev []string
	if code := h.ctlDo(t, "GET", "/events", "", &ev); code != 200 || len(ev) != 1 {
		t.Fatalf("extra route %d %v", code, ev)
	}
}

// --- offline ---------------------------------------------------------------

func TestOfflineWindowKeepsState(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	if err := createFolder(t, c, "vm", "before"); err != nil {
		t.Fatal(err)
	}
	var st map[string]interface{}
	if code := h.ctlDo(t, "POST", "/offline", `{"seconds":1}`, &st); code != 200 || st["offline"] != true || st["mode"] != "drop" {
		t.Fatalf("POST /offline: %d %v", code, st)
	}
	start := time.Now()
	err := createFolder(t, c, "vm", "during")
	requireTransportError(t, err)
	if _, err := h.connect(t); err == nil {
		t.Fatal("RetrieveServiceContent succeeded while offline")
	}
	h.ctlDo(t, "GET", "/health", "", &st)
	if st["offline"] != true {
		t.Fatalf("health while offline: %v", st)
	}
	time.Sleep(time.Second - time.Since(start) + 100*time.Millisecond)
	// Same client, same session: the state (and the session) survived.
	if err := createFolder(t, c, "vm", "after"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	mustEntity(t, "Folder", "before")
	mustEntity(t, "Folder", "after")
	if _, ok := entity("Folder", "during"); ok {
		t.Fatal("a call made while offline changed the inventory")
	}
	var cr callsReply
	h.ctlDo(t, "GET", "/calls?result=dropped", "", &cr)
	if cr.Count != 2 || cr.Calls[0].Method != "CreateFolder" || cr.Calls[0].Injected != KindOffline || cr.Calls[1].Method != "RetrieveServiceContent" {
		t.Fatalf("dropped calls %+v", cr)
	}
}

func TestOfflineEndEarlyAnd503(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	if code := h.ctlDo(t, "POST", "/offline", `{"seconds":30,"mode":"503"}`, nil); code != 200 {
		t.Fatal(code)
	}
	res, err := http.Post(h.soap.URL+"/sdk", "text/xml", strings.NewReader(`<Envelope><Body><RetrieveServiceContent/></Body></Envelope>`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 503 || res.Header.Get("Retry-After") == "" {
		t.Fatalf("status %d Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	err = createFolder(t, c, "vm", "x")
	if err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("want a 503 error, got %v", err)
	}
	if rec := lastCall(t, h.inj, "CreateFolder"); rec.Result != "unavailable" || rec.HTTPStatus != 503 {
		t.Fatalf("record %+v", rec)
	}
	if code := h.ctlDo(t, "DELETE", "/offline", "", nil); code != 200 {
		t.Fatal(code)
	}
	if err := createFolder(t, c, "vm", "x"); err != nil {
		t.Fatalf("after DELETE /offline: %v", err)
	}
	for _, body := range []string{`{"seconds":0}`, `{"seconds":1,"mode":"down"}`, `{"seconds":1,"sessions":"lose"}`, `{"secs":1}`} {
		if code := h.ctlDo(t, "POST", "/offline", body, nil); code != 400 {
			t.Errorf("POST /offline %s: %d", body, code)
		}
	}
	if h.inj.OfflineRemaining() != 0 {
		t.Fatal("bad POST /offline took the vCenter offline")
	}
}

func TestOfflineRuleTriggeredByCall(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	h.configure(t, FaultRule{Method: "CreateFolder", Object: "host", Kind: KindOffline, Seconds: 0.7})
	if err := createFolder(t, c, "vm", "ok1"); err != nil {
		t.Fatalf("unmatched call: %v", err)
	}
	start := time.Now()
	requireTransportError(t, createFolder(t, c, "host", "trigger"))
	// Everything else is down too, until the window ends.
	requireTransportError(t, createFolder(t, c, "vm", "ok2"))
	time.Sleep(700*time.Millisecond - time.Since(start) + 100*time.Millisecond)
	if err := createFolder(t, c, "vm", "ok2"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	if _, ok := entity("Folder", "trigger"); ok {
		t.Fatal("the triggering call was executed")
	}
}

func TestOfflineBlackholeHoldsRequests(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	if code := h.ctlDo(t, "POST", "/offline", `{"seconds":0.6,"mode":"blackhole"}`, nil); code != 200 {
		t.Fatal(code)
	}
	start := time.Now()
	requireTransportError(t, createFolder(t, c, "vm", "x"))
	if d := time.Since(start); d < 500*time.Millisecond {
		t.Fatalf("blackholed request failed after %v, want ~600ms", d)
	}
}

func TestOfflineRebootDropsSessions(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	if code := h.ctlDo(t, "POST", "/offline", `{"seconds":0.3,"sessions":"drop"}`, nil); code != 200 {
		t.Fatal(code)
	}
	time.Sleep(400 * time.Millisecond)
	f, _ := vimFault(t, createFolder(t, c, "vm", "x"))
	if _, ok := f.(types.NotAuthenticated); !ok {
		t.Fatalf("old session after reboot: fault %T, want NotAuthenticated", f)
	}
	// Logging in again works, and the new session keeps working.
	if err := session.NewManager(c).Login(tctx(t), simulator.DefaultLogin); err != nil {
		t.Fatalf("re-login: %v", err)
	}
	if err := createFolder(t, c, "vm", "x"); err != nil {
		t.Fatalf("new session: %v", err)
	}
	if err := createFolder(t, c, "vm", "y"); err != nil {
		t.Fatalf("new session, second call: %v", err)
	}
	// A session created elsewhere before the reboot is invalid too; with
	// sessions kept (the default, TestOfflineWindowKeepsState) it is not.
}

// --- latency ---------------------------------------------------------------

func TestLatencyPerMethod(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	h.configure(t, FaultRule{Method: "CreateFolder", Kind: KindLatency, Ms: 250})
	for k := 0; k < 2; k++ { // latency applies to every call by default
		start := time.Now()
		if err := createFolder(t, c, "vm", "lat"+string(rune('a'+k))); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d < 250*time.Millisecond {
			t.Fatalf("call %d took %v, want >= 250ms", k+1, d)
		}
	}
	start := time.Now()
	if _, err := h.connect(t); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d >= 250*time.Millisecond {
		t.Fatalf("unmatched method delayed: %v", d)
	}
	rec := lastCall(t, h.inj, "CreateFolder")
	if rec.Injected != KindLatency || rec.DurationMs < 250 || rec.Result != "ok" {
		t.Fatalf("record %+v", rec)
	}
}

// --- call log --------------------------------------------------------------

func TestCallLogContents(t *testing.T) {
	h := newFaultHarness(t)
	c := h.login(t)
	vmFolder := mustEntity(t, "Folder", "vm")
	h.configure(t, FaultRule{Method: "CreateFolder", Kind: KindSoapFault, Fault: "InvalidState", Nth: 2})
	_ = createFolder(t, c, "vm", "one")
	_ = createFolder(t, c, "vm", "two")
	before := time.Now()

	var cr callsReply
	if code := h.ctlDo(t, "GET", "/calls", "", &cr); code != 200 {
		t.Fatal(code)
	}
	var methods []string
	for _, x := range cr.Calls {
		methods = append(methods, x.Method)
	}
	if got := strings.Join(methods, ","); got != "RetrieveServiceContent,Login,CreateFolder,CreateFolder" {
		t.Fatalf("methods = %s", got)
	}
	if cr.Count != 4 {
		t.Fatalf("count = %d", cr.Count)
	}
	sc, login, ok1, bad := cr.Calls[0], cr.Calls[1], cr.Calls[2], cr.Calls[3]
	if sc.This == nil || sc.This.Type != "ServiceInstance" || sc.This.Value != "ServiceInstance" || sc.Result != "ok" {
		t.Errorf("RetrieveServiceContent record %+v", sc)
	}
	if login.This == nil || login.This.Type != "SessionManager" || login.Object != "" {
		t.Errorf("Login record %+v", login)
	}
	if ok1.Object != "vm" || ok1.This.Value != vmFolder.Value || ok1.This.Type != "Folder" || ok1.Result != "ok" || ok1.HTTPStatus != 200 {
		t.Errorf("CreateFolder#1 record %+v", ok1)
	}
	// What vcsim answered, in bytes: the service content is several times a folder's reference.
	if ok1.ResponseBytes < 200 || sc.ResponseBytes < 2*ok1.ResponseBytes {
		t.Errorf("response bytes: RetrieveServiceContent %d, CreateFolder %d", sc.ResponseBytes, ok1.ResponseBytes)
	}
	if bad.Result != "InvalidState" || bad.Injected != KindSoapFault || bad.Rule != "f1" || bad.HTTPStatus != 500 {
		t.Errorf("CreateFolder#2 record %+v", bad)
	}
	for k, x := range cr.Calls {
		if x.Seq != int64(k+1) || x.Start.IsZero() || x.Start.After(before) || x.DurationMs < 0 {
			t.Errorf("record %d: seq/start/duration %+v", k, x)
		}
		if k > 0 && x.Start.Before(cr.Calls[k-1].Start) {
			t.Errorf("records out of order at %d", k)
		}
	}

	// Filters.
	cr = callsReply{}
	h.ctlDo(t, "GET", "/calls?method=CreateFolder&result=ok", "", &cr)
	if cr.Count != 1 || cr.Calls[0].Seq != 3 {
		t.Errorf("method+result filter %+v", cr)
	}
	cr = callsReply{}
	h.ctlDo(t, "GET", "/calls?object="+vmFolder.Value, "", &cr)
	if cr.Count != 2 {
		t.Errorf("object (moref) filter %+v", cr)
	}
	cr = callsReply{}
	h.ctlDo(t, "GET", "/calls?object=vm&since=3", "", &cr)
	if cr.Count != 1 || cr.Calls[0].Seq != 4 {
		t.Errorf("object+since filter %+v", cr)
	}
	cr = callsReply{}
	h.ctlDo(t, "GET", "/calls?limit=1", "", &cr)
	if cr.Count != 1 {
		t.Errorf("limit %+v", cr)
	}
	if code := h.ctlDo(t, "GET", "/calls?since=x", "", nil); code != 400 {
		t.Errorf("bad since: %d", code)
	}

	// DELETE clears; sequence numbers continue.
	if code := h.ctlDo(t, "DELETE", "/calls", "", nil); code != 204 {
		t.Fatal(code)
	}
	cr = callsReply{}
	h.ctlDo(t, "GET", "/calls", "", &cr)
	if cr.Count != 0 || len(cr.Calls) != 0 {
		t.Fatalf("after DELETE: %+v", cr)
	}
	if _, err := object.NewFolder(c, vmFolder).CreateFolder(tctx(t), "three"); err != nil {
		t.Fatal(err)
	}
	h.ctlDo(t, "GET", "/calls", "", &cr)
	if cr.Count != 1 || cr.Calls[0].Seq != 5 {
		t.Fatalf("after DELETE and one call: %+v", cr)
	}
}

func TestCallLogLimit(t *testing.T) {
	inj := NewInjector("v")
	inj.SetCallLogLimit(3)
	for k := 0; k < 5; k++ {
		inj.record(CallRecord{Method: "M"})
	}
	calls := inj.Calls()
	if len(calls) != 3 || calls[0].Seq != 3 || calls[2].Seq != 5 {
		t.Fatalf("%+v", calls)
	}
}
