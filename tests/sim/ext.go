package main

// The extension layer between the fault injector and vcsim. It serialises
// extension methods against vcsim's own (extensions change several objects
// at once), applies the world file's per-method latency, refuses calls on
// hosts that stopped responding, and answers the vim25 methods vcsim lacks
// or gets wrong (see extMethods).

import (
	"bytes"
	"io"
	"math/rand"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
	vimxml "github.com/vmware/govmomi/vim25/xml"
)

// extFunc answers one call; handled=false passes it on to vcsim.
type extFunc func(vc *vcServer, m *simulator.Method) (res soap.HasFault, handled bool)

// extMethods maps vim25 method names to their extensions; each ext_*.go
// file registers its own in init.
var extMethods = map[string]extFunc{}

// afterMethods fix up what vcsim did for a call, once it has answered it.
var afterMethods = map[string]func(vc *vcServer, m *simulator.Method){}

// readOnlyExt: extensions that only read. They share the lock with vcsim's reads and
// leave Network objects alone (syncNetworks walks every VM: a world of 100,000 VMs would
// pay that for every licence query or host lookup).
var readOnlyExt = map[string]bool{"FindByDnsName": true, "FindAllByDnsName": true, "QueryAssignedLicenses": true,
	"RetrieveUserGroups": true}

// longPolls wait for changes made by other calls, so they must not hold
// the lock those calls need.
var longPolls = map[string]bool{"WaitForUpdates": true, "WaitForUpdatesEx": true, "WaitForChange": true}

func (vc *vcServer) extHandler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !soapPath(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(r.Body)
		_ = r.Body.Close()
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		call, _ := parseSOAP(body)
		vc.sleepDelay(call.Method)
		if longPolls[call.Method] {
			next.ServeHTTP(w, r)
			return
		}
		after := afterMethods[call.Method]
		fn := extMethods[call.Method]
		changing := (fn != nil && !readOnlyExt[call.Method]) || after != nil || mutating(call.Method)
		if changing || vc.mayBeUnreachable(call.This) {
			vc.mu.Lock()
			defer vc.mu.Unlock()
			if changing {
				// Before anyone else reads: Network objects follow what the call
				// changed, whichever method it was (networks.go).
				defer vc.syncNetworks()
			}
			if f := vc.unreachable(call); f != nil {
				writeSoapFault(w, "", f)
				return
			}
			if fn != nil && vc.serveExt(w, fn, body) {
				return
			}
			next.ServeHTTP(w, r)
			if after != nil {
				if m, err := simulator.UnmarshalBody(types.TypeFunc(), body); err == nil {
					after(vc, m)
				}
			}
			if hr := vc.hostOfRef(call.This); hr != nil && mutating(call.Method) {
				_ = vc.saveHost(hr) // e.g. a VM powered off: the physical host must know
			}
			return
		}
		vc.mu.RLock()
		defer vc.mu.RUnlock()
		if fn != nil && vc.serveExt(w, fn, body) {
			return
		}
		next.ServeHTTP(w, r)
	})
}

// mutating: vcsim's own methods that may change a host or its VMs.
func mutating(method string) bool {
	return strings.HasSuffix(method, "_Task")
}

// serveExt decodes the call and runs fn; false when fn leaves it to vcsim.
func (vc *vcServer) serveExt(w http.ResponseWriter, fn extFunc, body []byte) bool {
	m, err := simulator.UnmarshalBody(types.TypeFunc(), body)
	if err != nil {
		return false
	}
	res, handled := fn(vc, m)
	if !handled {
		return false
	}
	if f := res.Fault(); f != nil {
		writeSoapFault(w, f.String, f.Detail.Fault.(types.BaseMethodFault))
		return true
	}
	writeResponse(w, res)
	return true
}

// sleepDelay applies the world file's latency (vcsim's DelayConfig rules:
// a base delay plus a per-method one, with optional normal jitter).
func (vc *vcServer) sleepDelay(method string) {
	d := vc.def.Delay
	if d == nil {
		return
	}
	ms := d.AllMs + d.MethodMs[method]
	if d.Jitter > 0 {
		ms += int(rand.NormFloat64() * d.Jitter * float64(ms))
	}
	if ms > 0 {
		time.Sleep(time.Duration(ms) * time.Millisecond)
	}
}

// response encodes a method's result as vcsim does (its type is unexported).
type response struct{ Body soap.HasFault }

func (r *response) MarshalXML(e *vimxml.Encoder, start vimxml.StartElement) error {
	val := reflect.ValueOf(r.Body).Elem().FieldByName("Res")
	ns := vim25.Namespace
	if simulator.Map.Namespace != "" {
		ns = simulator.Map.Namespace
	}
	res := vimxml.StartElement{Name: vimxml.Name{Space: "urn:" + ns, Local: val.Elem().Type().Name()}}
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	if err := e.EncodeElement(val.Interface(), res); err != nil {
		return err
	}
	return e.EncodeToken(start.End())
}

func writeResponse(w http.ResponseWriter, res soap.HasFault) {
	var out bytes.Buffer
	out.WriteString(vimxml.Header)
	e := vimxml.NewEncoder(&out)
	if err := e.Encode(newEnvelope(&response{res})); err == nil {
		_ = e.Flush()
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out.Bytes())
}

// taskResult runs fn as a task on obj and returns the finished task.
func taskResult(fn func() (types.AnyType, types.BaseMethodFault), obj types.ManagedObjectReference, name string) types.ManagedObjectReference {
	return runTask(simulator.CreateTask(obj, name, nil), fn)
}

// runTask is vcsim's Task.Run with vCenter's text as the error's
// localizedMessage (vcsim puts the Go type name there).
func runTask(t *simulator.Task, fn func() (types.AnyType, types.BaseMethodFault)) types.ManagedObjectReference {
	simulator.Map.Update(t, []types.PropertyChange{
		{Name: "info.startTime", Val: time.Now()},
		{Name: "info.state", Val: types.TaskInfoStateRunning},
	})
	res, f := fn()
	state := types.TaskInfoStateSuccess
	var fault interface{}
	if f != nil {
		state = types.TaskInfoStateError
		fault = types.LocalizedMethodFault{Fault: f, LocalizedMessage: faultText(f)}
	}
	simulator.Map.Update(t, []types.PropertyChange{
		{Name: "info.completeTime", Val: time.Now()},
		{Name: "info.state", Val: state},
		{Name: "info.result", Val: res},
		{Name: "info.error", Val: fault},
	})
	return t.Self
}

// faultBody is a soap.HasFault carrying only a fault.
type faultBody struct{ fault *soap.Fault }

func (b *faultBody) Fault() *soap.Fault { return b.fault }

// failWith answers with a SOAP fault; its faultstring is filled in by
// writeSoapFault.
func failWith(f types.BaseMethodFault) (soap.HasFault, bool) {
	return &faultBody{simulator.Fault("", f)}, true
}
