package main

// Fault injection for one simulated vCenter.
//
// An Injector sits in front of the vcsim SOAP handler (Wrap) and can, per
// vim25 method (and optionally per inventory object), return a SOAP fault,
// fail the returned Task, hold the request, drop the TCP connection, add
// latency, or take the whole vCenter offline for a while. It also keeps a
// log of every SOAP call. It is configured from the world file (Configure)
// or at run time through the HTTP control endpoint (ControlHandler, see
// control.go). FAULTS.md documents the rule format and the endpoint.

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"net/http/httptest"
	"path"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
	vimxml "github.com/vmware/govmomi/vim25/xml"
)

// Fault kinds.
const (
	KindSoapFault = "soap_fault"
	KindTaskError = "task_error"
	KindHang      = "hang"
	KindDrop      = "drop"
	KindOffline   = "offline"
	KindLatency   = "latency"
)

// Offline modes.
const (
	OfflineDrop      = "drop"      // close each connection at once, no response (default)
	OfflineBlackhole = "blackhole" // hold each request until the window ends, then close it
	Offline503       = "503"       // answer HTTP 503 Service Unavailable (like rhttpproxy with vpxd down)
)

// FaultRule is one injected fault. It is the element type of the world
// file's per-vCenter fault list and of the control endpoint's /faults body.
type FaultRule struct {
	// ID names the rule; assigned ("f1", "f2", ...) when empty. Must be unique.
	ID string `json:"id,omitempty"`
	// Method is the vim25 method name as it appears in the SOAP body
	// (e.g. "AddHost_Task", "RetrievePropertiesEx", "Login"), or a vAPI
	// REST call as restCall names it ("REST POST /rest/com/vmware/cis/tagging/tag";
	// a soap_fault or task_error there answers a vAPI error, HTTP 500). Glob
	// patterns in path.Match syntax are allowed ("*", "Retrieve*").
	Method string `json:"method"`
	// Object, when set, restricts the rule to calls that name this object:
	// the inventory name or moref value of the request's _this, of any
	// ManagedObjectReference argument, or a hostName argument
	// (HostConnectSpec of AddHost_Task/AddStandaloneHost_Task/ReconnectHost_Task).
	Object string `json:"object,omitempty"`
	// Kind is one of soap_fault, task_error, hang, drop, offline, latency.
	Kind string `json:"kind"`
	// Fault is the vim25 fault type name for soap_fault/task_error
	// (e.g. "InvalidState", "NotAuthenticated", "HostConnectFault",
	// "DuplicateName"). Required for those two kinds.
	Fault string `json:"fault,omitempty"`
	// Message is the faultstring (soap_fault) or the task's
	// info.error.localizedMessage (task_error); default: vCenter's text for
	// the fault (faultText).
	Message string `json:"message,omitempty"`
	// Detail optionally sets fields of the fault object, decoded with
	// encoding/json into the govmomi type (field names as in
	// vim25/types, case-insensitive), e.g. {"name":"Cluster1"} for DuplicateName.
	Detail json.RawMessage `json:"detail,omitempty"`
	// Nth is the 1-based number of the first matching call that fires (default 1).
	Nth int `json:"nth,omitempty"`
	// Count is how many matching calls fire, starting with the Nth.
	// 0 means the default: 1, except latency (every call). -1 means every call.
	Count int `json:"count,omitempty"`
	// Seconds: hang = how long to hold the request; offline = length of
	// the window; task_error = how long the task stays "running" before it
	// fails (0: fails before the response is sent); latency = delay (if ms unset).
	Seconds float64 `json:"seconds,omitempty"`
	// Ms is the latency delay in milliseconds (kind latency).
	Ms int `json:"ms,omitempty"`
	// Jitter (latency) spreads the delay uniformly by +/- this fraction (0..1).
	Jitter float64 `json:"jitter,omitempty"`
	// Then (hang) is what happens after the hold: "proceed" (default) or "drop".
	Then string `json:"then,omitempty"`
	// Execute (soap_fault, drop, hang with then=drop) runs the call on the
	// simulator first, so the change IS made, and then returns the fault or
	// drops the connection instead of the real response.
	Execute bool `json:"execute,omitempty"`
	// Reset (drop, hang+drop, offline) closes with TCP RST instead of FIN.
	Reset bool `json:"reset,omitempty"`
	// Truncate (drop, hang+drop) sends the HTTP status line, headers and
	// part of the body before closing, instead of closing with nothing sent
	// (clients see "unexpected EOF" / curl error 18, and do not auto-retry).
	Truncate bool `json:"truncate,omitempty"`
	// Mode (offline) is "drop" (default), "blackhole" or "503".
	Mode string `json:"mode,omitempty"`
	// Sessions (offline) is "keep" (default; a network partition) or
	// "drop" (a reboot: sessions created before the window are invalid after it).
	Sessions string `json:"sessions,omitempty"`
}

// RuleStatus is a rule as listed by GET /faults, with its counters.
type RuleStatus struct {
	FaultRule
	// Matched counts calls that matched method (and object).
	Matched int64 `json:"matched"`
	// Fired counts calls the rule acted on.
	Fired int64 `json:"fired"`
}

// MoRef is a JSON form of a ManagedObjectReference.
type MoRef struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// CallRecord is one entry of the call log.
type CallRecord struct {
	Seq    int64  `json:"seq"`
	Method string `json:"method"`
	// Object is the inventory name of _this (empty for non-entities such
	// as the PropertyCollector or SessionManager).
	Object     string    `json:"object,omitempty"`
	This       *MoRef    `json:"this,omitempty"`
	Start      time.Time `json:"start"`
	DurationMs float64   `json:"duration_ms"`
	// Result is "ok", the vim25 fault type name (e.g. "InvalidState"),
	// "dropped" (connection closed without response), "unavailable"
	// (offline mode 503) or "http_<status>" for other HTTP errors.
	Result     string `json:"result"`
	HTTPStatus int    `json:"http_status,omitempty"`
	// Injected is the kind of the injected fault that acted on this call
	// (soap_fault, task_error, hang, drop, offline, latency), if any.
	Injected string `json:"injected,omitempty"`
	Rule     string `json:"rule,omitempty"`
	// Task and TaskError are set for task_error: the failing task's moref
	// value and its fault type. Result stays "ok" (the call itself succeeded).
	Task      string `json:"task,omitempty"`
	TaskError string `json:"task_error,omitempty"`
	// ResponseBytes is the size of the response body vcsim wrote (before
	// HTTP framing and TLS): what a benchmark counts as bytes received.
	ResponseBytes int64 `json:"response_bytes,omitempty"`
}

type ruleState struct {
	FaultRule
	order     int // position in the rule list
	glob      bool
	faultType reflect.Type
	matched   int64 // atomic
	fired     int64 // atomic
}

type ruleIndex struct {
	all      []*ruleState
	byMethod map[string][]*ruleState
	globs    []*ruleState
}

// Injector is the fault injector of one simulated vCenter. All methods are
// safe for concurrent use.
type Injector struct {
	vcenter string

	mu     sync.Mutex // guards rule changes, nextID, sessions
	index  atomic.Pointer[ruleIndex]
	nextID int

	offlineUntil atomic.Int64 // unix nanos; 0 = online
	offlineMode  atomic.Value // string
	offlineReset atomic.Bool

	// reboot emulation: when sessionFilter is set, session cookies not in
	// validSessions are stripped from requests.
	sessionFilter atomic.Bool
	validSessions map[string]bool

	logMu    sync.Mutex
	calls    []CallRecord
	seq      int64
	logLimit int
	trimmed  int64

	mux *http.ServeMux
}

// NewInjector returns an Injector for the vCenter called vcenter (used only
// in logs and the control endpoint's replies).
func NewInjector(vcenter string) *Injector {
	i := &Injector{vcenter: vcenter, logLimit: 200000, mux: http.NewServeMux()}
	i.index.Store(&ruleIndex{byMethod: map[string][]*ruleState{}})
	i.offlineMode.Store(OfflineDrop)
	i.registerControl()
	return i
}

// SetCallLogLimit sets how many call records are kept (oldest dropped first).
func (i *Injector) SetCallLogLimit(n int) {
	i.logMu.Lock()
	i.logLimit = n
	i.logMu.Unlock()
}

// ---------------------------------------------------------------------------
// Rules

var baseMethodFaultType = reflect.TypeOf((*types.BaseMethodFault)(nil)).Elem()

var vimTypes = types.TypeFunc()

// faultTypeByName resolves a vim25 fault type name ("InvalidState",
// "InvalidStateFault" also accepted).
func faultTypeByName(name string) (reflect.Type, error) {
	for _, n := range []string{name, strings.TrimSuffix(name, "Fault")} {
		if t, ok := vimTypes(n); ok && t.Kind() == reflect.Struct && reflect.PtrTo(t).Implements(baseMethodFaultType) {
			return t, nil
		}
	}
	return nil, fmt.Errorf("unknown vim25 fault type %q", name)
}

func (r *FaultRule) validate() (*ruleState, error) {
	rs := &ruleState{FaultRule: *r}
	if r.Method == "" {
		return nil, errors.New("method is required (use \"*\" for every method)")
	}
	if strings.ContainsAny(r.Method, "*?[\\") {
		if _, err := path.Match(r.Method, "x"); err != nil {
			return nil, fmt.Errorf("bad method pattern %q: %v", r.Method, err)
		}
		rs.glob = true
	}
	if r.Nth < 0 {
		return nil, errors.New("nth must be >= 1")
	}
	if r.Count < -1 {
		return nil, errors.New("count must be -1 (every call), 0 (default) or > 0")
	}
	if r.Seconds < 0 || r.Ms < 0 {
		return nil, errors.New("seconds and ms must be >= 0")
	}
	if (r.Reset || r.Truncate) && r.Kind != KindDrop && !(r.Kind == KindHang && r.Then == "drop") && !(r.Reset && r.Kind == KindOffline) {
		return nil, errors.New("reset applies to drop, hang with then=drop and offline; truncate to drop and hang with then=drop")
	}
	if r.Execute && r.Kind != KindSoapFault && r.Kind != KindDrop && !(r.Kind == KindHang && r.Then == "drop") {
		return nil, errors.New("execute applies to soap_fault, drop and hang with then=drop only")
	}
	switch r.Kind {
	case KindSoapFault, KindTaskError:
		if r.Fault == "" {
			return nil, fmt.Errorf("%s needs a vim25 fault type in \"fault\"", r.Kind)
		}
		t, err := faultTypeByName(r.Fault)
		if err != nil {
			return nil, err
		}
		rs.faultType = t
		if _, err := rs.newFault(); err != nil {
			return nil, fmt.Errorf("detail for %s: %v", r.Fault, err)
		}
		if r.Kind == KindTaskError && !rs.glob && !strings.HasSuffix(r.Method, "_Task") {
			return nil, fmt.Errorf("task_error needs a task method (…_Task), not %q", r.Method)
		}
	case KindHang:
		if r.Seconds <= 0 {
			return nil, errors.New("hang needs seconds > 0")
		}
		switch r.Then {
		case "", "proceed", "drop":
		default:
			return nil, fmt.Errorf("hang: then must be \"proceed\" or \"drop\", not %q", r.Then)
		}
	case KindDrop:
	case KindOffline:
		if r.Seconds <= 0 {
			return nil, errors.New("offline needs seconds > 0")
		}
		if err := checkOfflineOpts(r.Mode, r.Sessions); err != nil {
			return nil, err
		}
	case KindLatency:
		if r.Ms == 0 && r.Seconds == 0 {
			return nil, errors.New("latency needs ms or seconds > 0")
		}
		if r.Jitter < 0 || r.Jitter > 1 {
			return nil, errors.New("jitter must be within 0..1")
		}
	case "":
		return nil, errors.New("kind is required")
	default:
		return nil, fmt.Errorf("unknown kind %q (soap_fault, task_error, hang, drop, offline, latency)", r.Kind)
	}
	if r.Kind != KindHang && r.Then != "" {
		return nil, errors.New("then applies to hang only")
	}
	if r.Kind != KindOffline && (r.Mode != "" || r.Sessions != "") {
		return nil, errors.New("mode and sessions apply to offline only")
	}
	return rs, nil
}

func checkOfflineOpts(mode, sessions string) error {
	switch mode {
	case "", OfflineDrop, OfflineBlackhole, Offline503:
	default:
		return fmt.Errorf("offline mode must be drop, blackhole or 503, not %q", mode)
	}
	switch sessions {
	case "", "keep", "drop":
	default:
		return fmt.Errorf("offline sessions must be keep or drop, not %q", sessions)
	}
	return nil
}

func (rs *ruleState) newFault() (types.BaseMethodFault, error) {
	v := reflect.New(rs.faultType)
	if len(rs.Detail) > 0 && string(rs.Detail) != "null" {
		if err := json.Unmarshal(rs.Detail, v.Interface()); err != nil {
			return nil, err
		}
	}
	return v.Interface().(types.BaseMethodFault), nil
}

// fires counts one matching call and says whether the rule acts on it.
func (rs *ruleState) fires() bool {
	k := atomic.AddInt64(&rs.matched, 1)
	nth := int64(rs.Nth)
	if nth < 1 {
		nth = 1
	}
	count := int64(rs.Count)
	if count == 0 {
		count = 1
		if rs.Kind == KindLatency {
			count = -1
		}
	}
	if k < nth || (count > 0 && k >= nth+count) {
		return false
	}
	atomic.AddInt64(&rs.fired, 1)
	return true
}

func (rs *ruleState) status() RuleStatus {
	return RuleStatus{FaultRule: rs.FaultRule, Matched: atomic.LoadInt64(&rs.matched), Fired: atomic.LoadInt64(&rs.fired)}
}

// Configure replaces all rules (and resets their counters). It is what the
// world file loader calls. Rules are validated; on error nothing changes.
func (i *Injector) Configure(rules []FaultRule) error {
	i.mu.Lock()
	defer i.mu.Unlock()
	states, err := i.prepare(rules, nil)
	if err != nil {
		return err
	}
	i.store(states)
	return nil
}

// AddRules appends rules and returns them with their IDs filled in.
func (i *Injector) AddRules(rules []FaultRule) ([]FaultRule, error) {
	i.mu.Lock()
	defer i.mu.Unlock()
	cur := i.index.Load().all
	states, err := i.prepare(rules, cur)
	if err != nil {
		return nil, err
	}
	out := make([]FaultRule, len(states))
	for k, s := range states {
		out[k] = s.FaultRule
	}
	i.store(append(append([]*ruleState(nil), cur...), states...))
	return out, nil
}

// RemoveRule deletes the rule with the given ID.
func (i *Injector) RemoveRule(id string) bool {
	i.mu.Lock()
	defer i.mu.Unlock()
	cur := i.index.Load().all
	var keep []*ruleState
	found := false
	for _, s := range cur {
		if s.ID == id {
			found = true
			continue
		}
		keep = append(keep, s)
	}
	if found {
		i.store(keep)
	}
	return found
}

// Rules lists the rules with their counters.
func (i *Injector) Rules() []RuleStatus {
	all := i.index.Load().all
	out := make([]RuleStatus, 0, len(all))
	for _, s := range all {
		out = append(out, s.status())
	}
	return out
}

// prepare validates rules and assigns IDs; caller holds i.mu.
func (i *Injector) prepare(rules []FaultRule, existing []*ruleState) ([]*ruleState, error) {
	ids := map[string]bool{}
	for _, s := range existing {
		ids[s.ID] = true
	}
	var out []*ruleState
	for k := range rules {
		rs, err := rules[k].validate()
		if err != nil {
			return nil, fmt.Errorf("fault rule %d (%s %s): %v", k+1, rules[k].Kind, rules[k].Method, err)
		}
		if rs.ID == "" {
			for {
				i.nextID++
				rs.ID = "f" + strconv.Itoa(i.nextID)
				if !ids[rs.ID] {
					break
				}
			}
		}
		if ids[rs.ID] {
			return nil, fmt.Errorf("fault rule %d: duplicate id %q", k+1, rs.ID)
		}
		ids[rs.ID] = true
		out = append(out, rs)
	}
	return out, nil
}

func (i *Injector) store(states []*ruleState) {
	idx := &ruleIndex{all: states, byMethod: map[string][]*ruleState{}}
	for k, s := range states {
		s.order = k
		if s.glob {
			idx.globs = append(idx.globs, s)
		} else {
			idx.byMethod[s.Method] = append(idx.byMethod[s.Method], s)
		}
	}
	i.index.Store(idx)
}

// ---------------------------------------------------------------------------
// Offline window

// GoOffline takes the vCenter offline for d (extending any current window).
// mode: "drop" (default), "blackhole", "503"; sessions: "keep" (default) or
// "drop" (sessions created before now stop working, as after a reboot).
func (i *Injector) GoOffline(d time.Duration, mode, sessions string) (time.Time, error) {
	if d <= 0 {
		return time.Time{}, errors.New("offline needs a positive duration")
	}
	if err := checkOfflineOpts(mode, sessions); err != nil {
		return time.Time{}, err
	}
	if mode == "" {
		mode = OfflineDrop
	}
	until := time.Now().Add(d)
	i.offlineMode.Store(mode)
	for {
		cur := i.offlineUntil.Load()
		if cur >= until.UnixNano() {
			until = time.Unix(0, cur)
			break
		}
		if i.offlineUntil.CompareAndSwap(cur, until.UnixNano()) {
			break
		}
	}
	if sessions == "drop" {
		i.mu.Lock()
		i.validSessions = map[string]bool{}
		i.mu.Unlock()
		i.sessionFilter.Store(true)
	}
	return until, nil
}

// Online ends an offline window now.
func (i *Injector) Online() { i.offlineUntil.Store(0) }

// OfflineRemaining is the time left in the offline window (0 when online).
func (i *Injector) OfflineRemaining() time.Duration {
	u := i.offlineUntil.Load()
	if u == 0 {
		return 0
	}
	d := time.Until(time.Unix(0, u))
	if d < 0 {
		return 0
	}
	return d
}

// ---------------------------------------------------------------------------
// Call log

func (i *Injector) record(c CallRecord) {
	i.logMu.Lock()
	i.seq++
	c.Seq = i.seq
	if i.logLimit > 0 && len(i.calls) >= i.logLimit {
		n := len(i.calls) - i.logLimit + 1
		i.calls = append(i.calls[:0], i.calls[n:]...)
		i.trimmed += int64(n)
	}
	i.calls = append(i.calls, c)
	i.logMu.Unlock()
}

// Calls returns a copy of the call log, oldest first.
func (i *Injector) Calls() []CallRecord {
	i.logMu.Lock()
	defer i.logMu.Unlock()
	return append([]CallRecord(nil), i.calls...)
}

// ClearCalls empties the call log (sequence numbers keep increasing).
func (i *Injector) ClearCalls() {
	i.logMu.Lock()
	i.calls = nil
	i.trimmed = 0
	i.logMu.Unlock()
}

// ---------------------------------------------------------------------------
// SOAP request parsing

type soapCall struct {
	Method string
	This   types.ManagedObjectReference
}

// parseSOAP finds the method (first element inside the SOAP Body) and its
// _this argument. It stops reading as soon as both are known, so its cost
// does not depend on the size of the request.
func parseSOAP(body []byte) (soapCall, bool) {
	var c soapCall
	d := xml.NewDecoder(bytes.NewReader(body))
	depth, bodyDepth := 0, -1
	for {
		tok, err := d.RawToken()
		if err != nil {
			return c, c.Method != ""
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case bodyDepth < 0:
				if t.Name.Local == "Body" && depth == 2 {
					bodyDepth = depth
				}
			case depth == bodyDepth+1:
				if c.Method != "" {
					return c, true
				}
				c.Method = t.Name.Local
			case depth == bodyDepth+2:
				if t.Name.Local == "_this" {
					c.This.Type = attr(t, "type")
					c.This.Value = strings.TrimSpace(charData(d))
				}
				return c, true // _this is always the first argument
			}
		case xml.EndElement:
			depth--
			if bodyDepth >= 0 && depth < bodyDepth+1 {
				return c, c.Method != ""
			}
		}
	}
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// charData reads the text of the current element up to its end tag.
func charData(d *xml.Decoder) string {
	var b strings.Builder
	depth := 0
	for {
		tok, err := d.RawToken()
		if err != nil {
			return b.String()
		}
		switch t := tok.(type) {
		case xml.CharData:
			if depth == 0 {
				b.Write(t)
			}
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth == 0 {
				return b.String()
			}
			depth--
		}
	}
}

// requestObjects lists what a rule's "object" is compared with: moref
// values and inventory names of every ManagedObjectReference in the
// method's arguments (_this first) and every hostName argument.
func requestObjects(body []byte) []string {
	var out []string
	d := xml.NewDecoder(bytes.NewReader(body))
	depth, bodyDepth := 0, -1
	for {
		tok, err := d.RawToken()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if bodyDepth < 0 {
				if t.Name.Local == "Body" && depth == 2 {
					bodyDepth = depth
				}
				continue
			}
			if depth <= bodyDepth+1 {
				continue
			}
			if typ := attr(t, "type"); typ != "" {
				val := strings.TrimSpace(charData(d))
				depth--
				out = append(out, val)
				if name := objectName(types.ManagedObjectReference{Type: typ, Value: val}); name != "" {
					out = append(out, name)
				}
			} else if t.Name.Local == "hostName" {
				out = append(out, strings.TrimSpace(charData(d)))
				depth--
			}
		case xml.EndElement:
			depth--
			if bodyDepth >= 0 && depth < bodyDepth {
				return out
			}
		}
	}
}

// objectName is the inventory name of ref in the simulator (empty when
// ref is not a managed entity or does not exist). Names are read without
// the object's lock: cheap, and at worst stale during a concurrent rename.
func objectName(ref types.ManagedObjectReference) string {
	if ref.Value == "" {
		return ""
	}
	m := simulator.Map
	if m == nil {
		return ""
	}
	if e, ok := m.Get(ref).(mo.Entity); ok && e != nil {
		return e.Entity().Name
	}
	return ""
}

// ---------------------------------------------------------------------------
// SOAP response writing

// The envelope and fault types copy simulator.soapEnvelope / soapFault so
// that injected faults are byte-for-byte shaped like vcsim's own.
type soapEnvelope struct {
	XMLName vimxml.Name `xml:"soapenv:Envelope"`
	Enc     string      `xml:"xmlns:soapenc,attr"`
	Env     string      `xml:"xmlns:soapenv,attr"`
	XSD     string      `xml:"xmlns:xsd,attr"`
	XSI     string      `xml:"xmlns:xsi,attr"`
	Body    interface{} `xml:"soapenv:Body"`
}

type faultDetail struct {
	Fault types.AnyType
}

type soapFault struct {
	XMLName vimxml.Name `xml:"soapenv:Fault"`
	Code    string      `xml:"faultcode"`
	String  string      `xml:"faultstring"`
	Detail  struct {
		Fault *faultDetail
	} `xml:"detail"`
}

// MarshalXML renames the start element from "Fault" to "${Type}Fault".
func (d *faultDetail) MarshalXML(e *vimxml.Encoder, start vimxml.StartElement) error {
	kind := reflect.TypeOf(d.Fault).Elem().Name()
	start.Name.Local = kind + "Fault"
	start.Attr = append(start.Attr,
		vimxml.Attr{Name: vimxml.Name{Local: "xmlns"}, Value: "urn:" + vim25.Namespace},
		vimxml.Attr{Name: vimxml.Name{Local: "xsi:type"}, Value: kind})
	return e.EncodeElement(d.Fault, start)
}

func newEnvelope(body interface{}) *soapEnvelope {
	return &soapEnvelope{
		Enc:  "http://schemas.xmlsoap.org/soap/encoding/",
		Env:  "http://schemas.xmlsoap.org/soap/envelope/",
		XSD:  "http://www.w3.org/2001/XMLSchema",
		XSI:  "http://www.w3.org/2001/XMLSchema-instance",
		Body: body,
	}
}

// writeSoapFault writes an HTTP 500 vim25 SOAP fault, as vcsim does, with
// vCenter's text for the fault when msg is empty.
func writeSoapFault(w http.ResponseWriter, msg string, fault types.BaseMethodFault) {
	if msg == "" {
		msg = faultText(fault)
	}
	f := &soapFault{Code: "ServerFaultCode", String: msg}
	f.Detail.Fault = &faultDetail{Fault: fault}
	var out bytes.Buffer
	out.WriteString(vimxml.Header)
	e := vimxml.NewEncoder(&out)
	if err := e.Encode(newEnvelope(struct{ Fault *soapFault }{f})); err == nil {
		_ = e.Flush()
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write(out.Bytes())
}

// writeTaskResponse writes "<Method>Response" returning the task moref.
func writeTaskResponse(w http.ResponseWriter, method string, task types.ManagedObjectReference) {
	ns := vim25.Namespace
	if m := simulator.Map; m != nil && m.Namespace != "" {
		ns = m.Namespace
	}
	var val bytes.Buffer
	_ = xml.EscapeText(&val, []byte(task.Value))
	body := fmt.Sprintf(`%s<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" `+
		`xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" `+
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><%sResponse xmlns="urn:%s">`+
		`<returnval type="%s">%s</returnval></%sResponse></soapenv:Body></soapenv:Envelope>`,
		vimxml.Header, method, ns, task.Type, val.String(), method)
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, body)
}

// faultName extracts the vim25 fault type from a SOAP fault response body.
func faultName(body []byte) string {
	d := xml.NewDecoder(bytes.NewReader(body))
	inDetail := false
	for {
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		t, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if inDetail {
			for _, a := range t.Attr {
				if a.Name.Local == "type" && a.Name.Space != "" {
					v := a.Value
					if k := strings.IndexByte(v, ':'); k >= 0 {
						v = v[k+1:]
					}
					return v
				}
			}
			return strings.TrimSuffix(t.Name.Local, "Fault")
		}
		if t.Name.Local == "detail" {
			inDetail = true
		}
	}
	return "ServerFault"
}

// ---------------------------------------------------------------------------
// Middleware

// recorder passes the response through, noting the status and keeping the
// body of error responses (to name the fault in the call log).
type recorder struct {
	http.ResponseWriter
	status int
	errBuf []byte
	bytes  int64 // the response body's bytes written
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if r.status >= 400 && len(r.errBuf) < 1<<16 {
		r.errBuf = append(r.errBuf, b...)
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (r *recorder) result() (string, int) {
	st := r.status
	if st == 0 {
		st = http.StatusOK
	}
	switch {
	case st == http.StatusOK:
		return "ok", st
	case st == http.StatusInternalServerError && len(r.errBuf) > 0:
		return faultName(r.errBuf), st
	default:
		return "http_" + strconv.Itoa(st), st
	}
}

// truncatedReply is what a truncating drop sends before closing.
const truncatedReply = "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: 4096\r\n\r\n" +
	`<?xml version="1.0" encoding="UTF-8"?>` + "\n<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"

// dropConn closes the client connection without a (complete) response.
func dropConn(w http.ResponseWriter, reset, truncate bool) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, buf, err := hj.Hijack(); err == nil {
			if truncate {
				_, _ = buf.WriteString(truncatedReply)
				_ = buf.Flush()
			}
			if reset {
				c := conn
				if tc, ok := c.(interface{ NetConn() net.Conn }); ok { // *tls.Conn
					c = tc.NetConn()
				}
				if tcp, ok := c.(*net.TCPConn); ok {
					_ = tcp.SetLinger(0)
				}
				_ = c.Close()
				return
			}
			_ = conn.Close()
			return
		}
	}
	// Not hijackable (e.g. HTTP/2): make net/http abort the response.
	panic(http.ErrAbortHandler)
}

// match finds the rules for this call: the summed latency and the first
// other rule that fires.
func (i *Injector) match(idx *ruleIndex, call soapCall, body []byte) (latency time.Duration, lrule *ruleState, fault *ruleState) {
	rules := idx.byMethod[call.Method]
	if len(idx.globs) > 0 {
		merged := false
		for _, g := range idx.globs {
			if ok, _ := path.Match(g.Method, call.Method); ok {
				rules = append(append([]*ruleState(nil), rules...), g)
				merged = true
			}
		}
		if merged { // keep the configured order across exact and glob rules
			sort.SliceStable(rules, func(a, b int) bool { return rules[a].order < rules[b].order })
		}
	}
	if len(rules) == 0 {
		return 0, nil, nil
	}
	var objs []string
	objsDone := false
	for _, rs := range rules {
		if rs.Object != "" {
			if !objsDone {
				objs = requestObjects(body)
				objsDone = true
			}
			found := false
			for _, o := range objs {
				if o == rs.Object {
					found = true
					break
				}
			}
			if !found {
				continue
			}
		}
		if !rs.fires() {
			continue
		}
		if rs.Kind == KindLatency {
			d := time.Duration(rs.Ms) * time.Millisecond
			if rs.Ms == 0 {
				d = time.Duration(rs.Seconds * float64(time.Second))
			}
			if rs.Jitter > 0 {
				d = time.Duration(float64(d) * (1 + rs.Jitter*(2*rand.Float64()-1)))
			}
			latency += d
			lrule = rs
		} else if fault == nil {
			fault = rs
		}
	}
	return latency, lrule, fault
}

// Wrap returns the SOAP middleware around next (the vcsim handler). Every
// request passes the offline check; POSTs with a SOAP body are logged and
// matched against the rules; everything else goes straight to next.
func (i *Injector) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		offline := i.offlineUntil.Load() > start.UnixNano()
		rest, isREST := restCall(r)
		if (r.Method != http.MethodPost || !soapPath(r.URL.Path)) && !offline && !isREST {
			next.ServeHTTP(w, r)
			return
		}
		var body []byte
		if r.Body != nil {
			var err error
			body, err = io.ReadAll(r.Body)
			_ = r.Body.Close()
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		call, isSOAP := parseSOAP(body)
		if isREST {
			call, isSOAP = soapCall{Method: rest}, false
		}
		rec := CallRecord{Method: call.Method, Start: start}
		if call.This.Value != "" {
			rec.This = &MoRef{Type: call.This.Type, Value: call.This.Value}
			rec.Object = objectName(call.This)
		}
		logIt := func() {
			if isSOAP || isREST {
				rec.DurationMs = float64(time.Since(start).Microseconds()) / 1000
				i.record(rec)
			}
		}

		if offline {
			i.serveOffline(w, &rec, logIt)
			return
		}
		if i.sessionFilter.Load() {
			i.filterSession(r)
		}

		var latency time.Duration
		var lrule, frule *ruleState
		if isSOAP || isREST {
			latency, lrule, frule = i.match(i.index.Load(), call, body)
		}
		if frule != nil && isREST && (frule.Kind == KindSoapFault || frule.Kind == KindTaskError) {
			if frule.Execute {
				next.ServeHTTP(httptest.NewRecorder(), r)
			}
			f, _ := frule.newFault()
			writeRestError(w, frule.Message, f)
			rec.Injected, rec.Rule = frule.Kind, frule.ID
			rec.Result, rec.HTTPStatus = reflect.TypeOf(f).Elem().Name(), http.StatusInternalServerError
			logIt()
			return
		}
		if latency > 0 {
			rec.Injected, rec.Rule = KindLatency, lrule.ID
			time.Sleep(latency)
		}
		if frule != nil {
			rec.Injected, rec.Rule = frule.Kind, frule.ID
			switch frule.Kind {
			case KindSoapFault:
				if frule.Execute {
					next.ServeHTTP(httptest.NewRecorder(), r)
				}
				f, _ := frule.newFault()
				writeSoapFault(w, frule.Message, f)
				rec.Result, rec.HTTPStatus = reflect.TypeOf(f).Elem().Name(), http.StatusInternalServerError
				logIt()
				return
			case KindTaskError:
				f, _ := frule.newFault()
				if !strings.HasSuffix(call.Method, "_Task") {
					writeSoapFault(w, frule.Message, f) // glob matched a non-task method
					rec.Result, rec.HTTPStatus = reflect.TypeOf(f).Elem().Name(), http.StatusInternalServerError
					logIt()
					return
				}
				task := failingTask(call, rec.Object, f, frule.Message, frule.Seconds)
				writeTaskResponse(w, call.Method, task)
				rec.Result, rec.HTTPStatus = "ok", http.StatusOK
				rec.Task, rec.TaskError = task.Value, reflect.TypeOf(f).Elem().Name()
				logIt()
				return
			case KindHang:
				time.Sleep(time.Duration(frule.Seconds * float64(time.Second)))
				if frule.Then == "drop" {
					i.drop(w, r, next, frule, &rec, logIt)
					return
				}
			case KindDrop:
				i.drop(w, r, next, frule, &rec, logIt)
				return
			case KindOffline:
				_, _ = i.GoOffline(time.Duration(frule.Seconds*float64(time.Second)), frule.Mode, frule.Sessions)
				i.offlineReset.Store(frule.Reset)
				i.serveOffline(w, &rec, logIt)
				return
			}
		}

		rw := &recorder{ResponseWriter: w}
		next.ServeHTTP(rw, r)
		rec.Result, rec.HTTPStatus = rw.result()
		rec.ResponseBytes = rw.bytes
		if i.sessionFilter.Load() {
			i.noteSession(rw.Header())
		}
		logIt()
	})
}

// restCall names a vAPI REST request (tags.go) as the call log lists it and a rule's
// method matches it: "REST <verb> <path>", an id segment ("id:...", e.g. a tag's) as
// "{id}", with the ~action or action query ("REST POST
// /rest/com/vmware/cis/tagging/tag-association/{id}?~action=attach"). Its object is none.
func restCall(r *http.Request) (string, bool) {
	p := r.URL.Path
	if !strings.HasPrefix(p, restPath+"/") && !strings.HasPrefix(p, "/api/") {
		return "", false
	}
	parts := strings.Split(p, "/")
	for n, part := range parts {
		if strings.HasPrefix(part, "id:") || strings.HasPrefix(part, "urn:") {
			parts[n] = "{id}"
		}
	}
	name := "REST " + r.Method + " " + strings.Join(parts, "/")
	q := r.URL.Query()
	for _, key := range []string{"~action", "action"} {
		if a := q.Get(key); a != "" {
			name += "?" + key + "=" + a
		}
	}
	return name, true
}

// writeRestError answers a REST call with a vAPI error for an injected fault: HTTP 500
// and the /rest generation's error body, its message the fault's text.
func writeRestError(w http.ResponseWriter, msg string, fault types.BaseMethodFault) {
	if msg == "" {
		msg = faultText(fault)
	}
	body, _ := json.Marshal(map[string]interface{}{
		"type": "com.vmware.vapi.std.errors.internal_server_error",
		"value": map[string]interface{}{"messages": []map[string]interface{}{
			{"id": "vcshift-sim.injected", "default_message": msg, "args": []string{}}}},
	})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write(body)
}

// soapPath is false for vcsim's non-SOAP POST endpoints (datastore file
// upload, NFC, guest file transfer, whose bodies are not buffered; the
// vAPI REST API, tags.go).
func soapPath(p string) bool {
	for _, prefix := range []string{"/folder", "/nfc", "/guestFile", restPath + "/", "/api/"} {
		if strings.HasPrefix(p, prefix) {
			return false
		}
	}
	return true
}

func (i *Injector) drop(w http.ResponseWriter, r *http.Request, next http.Handler, rule *ruleState, rec *CallRecord, logIt func()) {
	if rule.Execute {
		next.ServeHTTP(httptest.NewRecorder(), r)
	}
	rec.Result = "dropped"
	logIt()
	dropConn(w, rule.Reset, rule.Truncate)
}

func (i *Injector) serveOffline(w http.ResponseWriter, rec *CallRecord, logIt func()) {
	if rec.Injected == "" {
		rec.Injected = KindOffline
	}
	mode, _ := i.offlineMode.Load().(string)
	switch mode {
	case Offline503:
		rec.Result, rec.HTTPStatus = "unavailable", http.StatusServiceUnavailable
		logIt()
		w.Header().Set("Retry-After", strconv.Itoa(int(i.OfflineRemaining()/time.Second)+1))
		http.Error(w, "503 Service Unavailable (simulated vCenter "+i.vcenter+" is offline)", http.StatusServiceUnavailable)
		return
	case OfflineBlackhole:
		if d := i.OfflineRemaining(); d > 0 {
			time.Sleep(d)
		}
	}
	rec.Result = "dropped"
	logIt()
	dropConn(w, i.offlineReset.Load(), false)
}

// filterSession strips a session cookie issued before a simulated reboot.
func (i *Injector) filterSession(r *http.Request) {
	c, err := r.Cookie(soap.SessionCookieName)
	if err != nil {
		return
	}
	i.mu.Lock()
	ok := i.validSessions[c.Value]
	i.mu.Unlock()
	if ok {
		return
	}
	cookies := r.Cookies()
	r.Header.Del("Cookie")
	for _, k := range cookies {
		if k.Name != soap.SessionCookieName {
			r.AddCookie(k)
		}
	}
}

// noteSession remembers sessions created after a simulated reboot.
func (i *Injector) noteSession(h http.Header) {
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if c.Name == soap.SessionCookieName {
			i.mu.Lock()
			i.validSessions[c.Value] = true
			i.mu.Unlock()
		}
	}
}

// failingTask creates a vcsim Task for the call that ends in error with
// fault; the real method is never invoked, so no change is made. With
// delay > 0 the task is returned running and fails after delay.
func failingTask(call soapCall, entityName string, fault types.BaseMethodFault, msg string, delay float64) types.ManagedObjectReference {
	var entity mo.Reference = call.This
	if obj := simulator.Map.Get(call.This); obj != nil {
		entity = obj
	}
	if msg == "" {
		msg = faultText(fault)
	}
	name := strings.TrimSuffix(call.Method, "_Task") + "Task" // CreateTask turns "FooTask" into "Foo_Task"
	task := simulator.CreateTask(entity, name, func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		return nil, fault
	})
	if entityName != "" {
		task.Info.EntityName = entityName
	}
	simulator.Map.Update(task, []types.PropertyChange{
		{Name: "info.startTime", Val: time.Now()},
		{Name: "info.state", Val: types.TaskInfoStateRunning},
	})
	fail := func() {
		// Under the task's lock: the PropertyCollector reads it concurrently.
		simulator.Map.WithLock(task, func() {
			simulator.Map.Update(task, []types.PropertyChange{
				{Name: "info.completeTime", Val: time.Now()},
				{Name: "info.state", Val: types.TaskInfoStateError},
				{Name: "info.result", Val: nil},
				{Name: "info.error", Val: types.LocalizedMethodFault{Fault: fault, LocalizedMessage: msg}},
			})
		})
	}
	if delay > 0 {
		time.AfterFunc(time.Duration(delay*float64(time.Second)), fail)
	} else {
		fail()
	}
	return task.Self
}
