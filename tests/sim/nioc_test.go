package main

import (
	"reflect"
	"strings"
	"testing"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func hostOptions(t *testing.T, h *object.HostSystem) *object.OptionManager {
	t.Helper()
	var props mo.HostSystem
	if err := h.Properties(tctxLong(t), h.Reference(), []string{"configManager"}, &props); err != nil {
		t.Fatal(err)
	}
	return object.NewOptionManager(h.Client(), *props.ConfigManager.AdvancedOption)
}

func optOut(t *testing.T, h *object.HostSystem) string {
	t.Helper()
	values, err := hostOptions(t, h).Query(tctxLong(t), niocOptOut)
	if err != nil {
		t.Fatal(err)
	}
	if len(values) != 1 || values[0].GetOptionValue().Key != niocOptOut {
		t.Fatalf("QueryOptions(%s): %#v", niocOptOut, values)
	}
	return values[0].GetOptionValue().Value.(string)
}

func setOptOut(t *testing.T, h *object.HostSystem, value string) {
	t.Helper()
	if err := hostOptions(t, h).Update(tctxLong(t), []types.BaseOptionValue{&types.OptionValue{Key: niocOptOut, Value: value}}); err != nil {
		t.Fatal(err)
	}
}

func isFault(err error, want types.BaseMethodFault) bool {
	return err != nil && soap.IsSoapFault(err) &&
		reflect.TypeOf(soap.ToSoapFault(err).VimFault()) == reflect.TypeOf(want).Elem()
}

// Each host has its own advanced options (vcsim shares one list between
// all hosts), with ESXi's query rules, and they move with the host.
func TestHostAdvancedOptions(t *testing.T) {
	w := DefaultWorld(false)
	w.Hosts[1].Options = map[string]string{niocOptOut: "vmnic9"}
	s := startSim(t, w)
	src, tgt := s.login(t, "source"), s.login(t, "target")
	ctx := tctxLong(t)
	h1 := mustHost(t, src, "DC1", "esx-01.sim.local")
	h2 := mustHost(t, src, "DC1", "esx-02.sim.local")
	if got := optOut(t, h1); got != "" {
		t.Errorf("default: %q", got)
	}
	if got := optOut(t, h2); got != "vmnic9" {
		t.Errorf("from the world: %q", got)
	}
	setOptOut(t, h1, "vmnic0,vmnic1")
	if got, other := optOut(t, h1), optOut(t, h2); got != "vmnic0,vmnic1" || other != "vmnic9" {
		t.Errorf("after setting esx-01: %q, esx-02 %q", got, other)
	}
	om := hostOptions(t, h1)
	if _, err := om.Query(ctx, "Net.NoSuchOption"); !isFault(err, &types.InvalidName{}) {
		t.Errorf("unknown name: %v", err)
	}
	err := om.Update(ctx, []types.BaseOptionValue{&types.OptionValue{Key: niocOptOut, Value: "x"}, &types.OptionValue{Key: "Net.NoSuchOption", Value: "1"}})
	if !isFault(err, &types.InvalidName{}) {
		t.Errorf("update of an unknown key: %v", err)
	}
	if got := optOut(t, h1); got != "vmnic0,vmnic1" {
		t.Errorf("a refused update changed the value: %q", got)
	}
	if values, err := om.Query(ctx, "Net."); err != nil || len(values) != 1 {
		t.Errorf("subtree Net.: %v %#v", err, values)
	}
	var props mo.OptionManager
	if err := om.Properties(ctx, om.Reference(), []string{"setting"}, &props); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, v := range props.Setting {
		found = found || v.GetOptionValue().Key == niocOptOut && v.GetOptionValue().Value == "vmnic0,vmnic1"
	}
	if !found {
		t.Errorf("setting property: %#v", props.Setting)
	}
	if snap, _ := snapHost(t, src, "esx-01.sim.local"); snap.NIOCPnicOptOut != "vmnic0,vmnic1" {
		t.Errorf("snapshot: %q", snap.NIOCPnicOptOut)
	}
	_, snap := snapHost(t, src, "esx-02.sim.local")
	if len(snap.Switches) != 1 || !snap.Switches[0].NIOC {
		t.Errorf("snapshot of the switch: %+v", snap.Switches)
	}
	// The host's options are physical: they arrive with it in the other vCenter.
	moved := moveHost(t, src, tgt, targetCluster(t, tgt), "esx-02.sim.local")
	if got := optOut(t, moved); got != "vmnic9" {
		t.Errorf("in the target: %q", got)
	}
}

// The referee: a pNIC leaving the proxy switch of a DVS with NIOC on is an
// incident unless the host's Net.IOControlPnicOptOut lists it.
func TestNiocIncident(t *testing.T) {
	s := startSim(t, nil)
	src := s.login(t, "source")
	d, _ := dvSwitch(t, src, "DSwitch1")
	h1 := mustHost(t, src, "DC1", "esx-01.sim.local")
	h2 := mustHost(t, src, "DC1", "esx-02.sim.local")
	if f := reconfigureMember(t, d, h1, "edit", pnicBacking("vmnic0", uplinkKey(t, h1, "DSwitch1", "uplink1"))); f != nil {
		t.Fatalf("free vmnic1 of esx-01: %#v", f)
	}
	if got := incidentKinds(t, s, "source"); len(got) != 1 || got[0] != "nioc vmnic1" {
		t.Fatalf("vmnic1 left a NIOC switch without opt-out: %v", got)
	}
	setOptOut(t, h2, "vmnic1")
	if f := reconfigureMember(t, d, h2, "edit", pnicBacking("vmnic0", uplinkKey(t, h2, "DSwitch1", "uplink1"))); f != nil {
		t.Fatalf("free vmnic1 of esx-02: %#v", f)
	}
	if f := reconfigureMember(t, d, h2, "edit", pnicBacking("vmnic0", uplinkKey(t, h2, "DSwitch1", "uplink1"), "vmnic1", uplinkKey(t, h2, "DSwitch1", "uplink2"))); f != nil {
		t.Fatalf("vmnic1 back: %#v", f)
	}
	if got := incidentKinds(t, s, "source"); len(got) != 1 || !strings.HasSuffix(got[0], "vmnic1") {
		t.Errorf("opted-out moves are no incidents: %v", got)
	}
}
