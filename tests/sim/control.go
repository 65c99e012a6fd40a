package main

// HTTP JSON control endpoint of one simulated vCenter's Injector. Serve
// ControlHandler() on a loopback listener separate from the SOAP port, so
// it keeps answering while the vCenter is "offline".
//
//   GET    /health          {"status":"ok","vcenter":..,"offline":false,...}
//   GET    /faults          {"vcenter":..,"rules":[RuleStatus...]}
//   POST   /faults          body: one FaultRule or an array -> 201 {"rules":[FaultRule...]} (ids filled in)
//   PUT    /faults          body: array; replaces all rules (like the world file)
//   DELETE /faults          remove all rules
//   GET    /faults/{id}     one RuleStatus
//   DELETE /faults/{id}     remove one rule (404 if unknown)
//   GET    /offline         {"offline":true,"remaining_seconds":1.2,"mode":"drop"}
//   POST   /offline         body {"seconds":3,"mode":"drop|blackhole|503","sessions":"keep|drop","reset":false}
//   DELETE /offline         end the offline window now
//   GET    /calls           {"vcenter":..,"count":N,"trimmed":0,"calls":[CallRecord...]}
//                           query filters: method=, object= (name or moref value), result=, since=<seq>, limit=
//   DELETE /calls           clear the call log
//
// Errors are {"error":"..."} with status 400 (bad request), 404 or 405.

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ControlHandler returns the control endpoint handler.
func (i *Injector) ControlHandler() http.Handler { return i.mux }

// HandleControl adds a route to the control endpoint (e.g. /events).
func (i *Injector) HandleControl(pattern string, h http.HandlerFunc) { i.mux.HandleFunc(pattern, h) }

func writeJSON(w http.ResponseWriter, status int, v interface{}) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func writeErr(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func methodNotAllowed(w http.ResponseWriter, allow string) {
	w.Header().Set("Allow", allow)
	writeErr(w, http.StatusMethodNotAllowed, "method not allowed; use "+allow)
}

// decodeRules accepts a single rule object or an array of rules.
func decodeRules(r io.Reader) ([]FaultRule, error) {
	data, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return nil, err
	}
	s := strings.TrimSpace(string(data))
	dec := func(v interface{}) error {
		d := json.NewDecoder(strings.NewReader(s))
		d.DisallowUnknownFields()
		return d.Decode(v)
	}
	if strings.HasPrefix(s, "[") {
		var rules []FaultRule
		return rules, dec(&rules)
	}
	var rule FaultRule
	if err := dec(&rule); err != nil {
		return nil, err
	}
	return []FaultRule{rule}, nil
}

type offlineRequest struct {
	Seconds  float64 `json:"seconds"`
	Mode     string  `json:"mode,omitempty"`
	Sessions string  `json:"sessions,omitempty"`
	Reset    bool    `json:"reset,omitempty"`
}

func (i *Injector) offlineStatus() map[string]interface{} {
	rem := i.OfflineRemaining()
	mode, _ := i.offlineMode.Load().(string)
	st := map[string]interface{}{
		"vcenter":           i.vcenter,
		"offline":           rem > 0,
		"remaining_seconds": rem.Seconds(),
	}
	if rem > 0 {
		st["mode"] = mode
		st["until"] = time.Unix(0, i.offlineUntil.Load()).UTC().Format(time.RFC3339Nano)
	}
	return st
}

func (i *Injector) registerControl() {
	i.mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			methodNotAllowed(w, "GET")
			return
		}
		st := i.offlineStatus()
		st["status"] = "ok"
		st["rules"] = len(i.index.Load().all)
		i.logMu.Lock()
		st["calls"] = len(i.calls)
		i.logMu.Unlock()
		writeJSON(w, http.StatusOK, st)
	})

	i.mux.HandleFunc("/faults", func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, http.StatusOK, map[string]interface{}{"vcenter": i.vcenter, "rules": i.Rules()})
		case http.MethodPost:
			rules, err := decodeRules(r.Body)
			if err != nil {
				writeErr(w, http.StatusBadRequest, "bad rule JSON: "+err.Error())
				return
			}
			added, err := i.AddRules(rules)
			if err != nil {
				writeErr(w, http.StatusBadRequest, err.Error())
				return
			}
			writeJSON(w, http.StatusCreated, map[string]interface{}{"rules": added})
		case http.MethodPut:
			rules, err := decodeRules(r.Body)
			if err != nil {
				writeErr(w, http.StatusBadRequest, "bad rule JSON: "+err.Error())
				return
			}
			if err := i.Configure(rules); err != nil {
				writeErr(w, http.StatusBadRequest, err.Error())
				return
			}
			writeJSON(w, http.StatusOK, map[string]interface{}{"vcenter": i.vcenter, "rules": i.Rules()})
		case http.MethodDelete:
			_ = i.Configure(nil)
			w.WriteHeader(http.StatusNoContent)
		default:
			methodNotAllowed(w, "GET, POST, PUT, DELETE")
		}
	})

	i.mux.HandleFunc("/faults/", func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/faults/")
		switch r.Method {
		case http.MethodGet:
			for _, s := range i.Rules() {
				if s.ID == id {
					writeJSON(w, http.StatusOK, s)
					return
				}
			}
			writeErr(w, http.StatusNotFound, "no fault rule "+strconv.Quote(id))
		case http.MethodDelete:
			if !i.RemoveRule(id) {
				writeErr(w, http.StatusNotFound, "no fault rule "+strconv.Quote(id))
				return
			}
			w.WriteHeader(http.StatusNoContent)
		default:
			methodNotAllowed(w, "GET, DELETE")
		}
	})

	i.mux.HandleFunc("/offline", func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, http.StatusOK, i.offlineStatus())
		case http.MethodPost:
			var req offlineRequest
			d := json.NewDecoder(io.LimitReader(r.Body, 1<<16))
			d.DisallowUnknownFields()
			if err := d.Decode(&req); err != nil {
				writeErr(w, http.StatusBadRequest, "bad offline JSON: "+err.Error())
				return
			}
			i.offlineReset.Store(req.Reset)
			if _, err := i.GoOffline(time.Duration(req.Seconds*float64(time.Second)), req.Mode, req.Sessions); err != nil {
				writeErr(w, http.StatusBadRequest, err.Error())
				return
			}
			writeJSON(w, http.StatusOK, i.offlineStatus())
		case http.MethodDelete:
			i.Online()
			writeJSON(w, http.StatusOK, i.offlineStatus())
		default:
			methodNotAllowed(w, "GET, POST, DELETE")
		}
	})

	i.mux.HandleFunc("/calls", func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			q := r.URL.Query()
			var since, limit int64
			var err error
			if v := q.Get("since"); v != "" {
				if since, err = strconv.ParseInt(v, 10, 64); err != nil {
					writeErr(w, http.StatusBadRequest, "since: "+err.Error())
					return
				}
			}
			if v := q.Get("limit"); v != "" {
				if limit, err = strconv.ParseInt(v, 10, 64); err != nil || limit < 0 {
					writeErr(w, http.StatusBadRequest, "limit must be a non-negative integer")
					return
				}
			}
			method, object, result := q.Get("method"), q.Get("object"), q.Get("result")
			i.logMu.Lock()
			trimmed := i.trimmed
			out := make([]CallRecord, 0, len(i.calls))
			for _, c := range i.calls {
				if c.Seq <= since || (method != "" && c.Method != method) || (result != "" && c.Result != result) {
					continue
				}
				if object != "" && c.Object != object && (c.This == nil || c.This.Value != object) {
					continue
				}
				out = append(out, c)
				if limit > 0 && int64(len(out)) >= limit {
					break
				}
			}
			i.logMu.Unlock()
			writeJSON(w, http.StatusOK, map[string]interface{}{
				"vcenter": i.vcenter, "count": len(out), "trimmed": trimmed, "calls": out,
			})
		case http.MethodDelete:
			i.ClearCalls()
			w.WriteHeader(http.StatusNoContent)
		default:
			methodNotAllowed(w, "GET, DELETE")
		}
	})
}
