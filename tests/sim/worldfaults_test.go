package main

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/vmware/govmomi/vim25/types"
)

// Fault rules and latency from the world file are live in the vCenter
// process, and its control endpoint lists them.
func TestWorldFileFaultsAndDelay(t *testing.T) {
	w := DefaultWorld(false)
	w.VCenters[1].Faults = []FaultRule{{ID: "first-add", Method: "AddHost_Task", Kind: KindTaskError, Fault: "HostConnectFault", Object: "esx-01.sim.local"}}
	w.VCenters[1].Delay = &DelayDef{MethodMs: map[string]int{"CreateDatacenter": 300}}
	s := startSim(t, w)
	src, tgt := s.login(t, "source"), s.login(t, "target")
	start := time.Now()
	cl := targetCluster(t, tgt)
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("CreateDatacenter took %v, world file says +300ms", d)
	}
	thumb := hostProps(t, mustHost(t, src, "DC1", "esx-01.sim.local")).Summary.Config.SslThumbprint
	spec := types.HostConnectSpec{HostName: "esx-01.sim.local", UserName: "root", Password: "esxi-root", SslThumbprint: thumb, Force: true}
	ctx := tctxLong(t)
	if _, ok := taskFault(cl.AddHost(ctx, spec, true, nil, nil)).(*types.HostConnectFault); !ok {
		t.Error("injected HostConnectFault did not fire")
	}
	if f := taskFault(cl.AddHost(ctx, spec, true, nil, nil)); f != nil {
		t.Errorf("second AddHost: %#v", f)
	}
	resp, err := http.Get(s.vcenters["target"].Control + "/faults")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		VCenter string       `json:"vcenter"`
		Rules   []RuleStatus `json:"rules"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if out.VCenter != "target" || len(out.Rules) != 1 || out.Rules[0].ID != "first-add" || out.Rules[0].Fired != 1 {
		t.Errorf("control /faults: %+v", out)
	}
}
