package main

import (
	"reflect"
	"testing"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/types"
)

// SetField sets an entity's one value of a field (vcsim appended a second), "" removes
// it, and a key of another type's field is refused; the snapshot shows the definitions
// and the values by name.
func TestSetFieldSetsOneValue(t *testing.T) {
	s := startSim(t, nil)
	defer s.stop(t)
	c := s.login(t, "source")
	ctx := tctx(t)
	m, err := object.GetCustomFieldsManager(c.Client)
	if err != nil {
		t.Fatal(err)
	}
	owner, err := m.Add(ctx, "Owner", "HostSystem", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	vmOnly, err := m.Add(ctx, "Backup", "VirtualMachine", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	host := mustHost(t, c, "DC1", "esx-01.sim.local")
	for _, value := range []string{"team-a", "team-b"} {
		if err := m.Set(ctx, host.Reference(), owner.Key, value); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Set(ctx, host.Reference(), vmOnly.Key, "daily"); err == nil {
		t.Error("a VM attribute was set on a host")
	}
	// A VM's own setCustomValue, by name, sets one value too.
	vm := vmNamed(t, c, "vm-1")
	for _, value := range []string{"daily", "weekly"} {
		if _, err := methods.SetCustomValue(ctx, c, &types.SetCustomValue{This: vm.Reference(), Key: "Backup", Value: value}); err != nil {
			t.Fatal(err)
		}
	}
	h, snap := snapHost(t, c, "esx-01.sim.local")
	if want := [][2]string{{"Owner", "team-b"}}; !reflect.DeepEqual(h.Attributes, want) {
		t.Errorf("host attributes %v, want %v", h.Attributes, want)
	}
	if want := []SnapAttributeDef{{"Backup", "VirtualMachine"}, {"Owner", "HostSystem"}}; !reflect.DeepEqual(snap.CustomAttributes, want) {
		t.Errorf("definitions %v, want %v", snap.CustomAttributes, want)
	}
	for _, v := range snap.VMs {
		if want := [][2]string{{"Backup", "weekly"}}; v.Name == "vm-1" && !reflect.DeepEqual(v.Attributes, want) {
			t.Errorf("vm-1 attributes %v, want %v", v.Attributes, want)
		}
	}
	if err := m.Set(ctx, host.Reference(), owner.Key, ""); err != nil {
		t.Fatal(err)
	}
	if h, _ := snapHost(t, c, "esx-01.sim.local"); len(h.Attributes) != 0 {
		t.Errorf("host attributes after clearing: %v", h.Attributes)
	}
	if err := m.Set(ctx, types.ManagedObjectReference{Type: "HostSystem", Value: "host-999"}, owner.Key, "x"); err == nil {
		t.Error("a value was set on a host that is not there")
	}
}

// A host removed from the source takes its values and its VMs' along (they are gone
// from the source's inventory), and arrives in the target without any: the target has
// no such definitions.
func TestRemovedHostTakesItsValues(t *testing.T) {
	s := startSim(t, DefaultWorld(true))
	defer s.stop(t)
	src, tgt := s.login(t, "source"), s.login(t, "target")
	ctx := tctx(t)
	m, err := object.GetCustomFieldsManager(src.Client)
	if err != nil {
		t.Fatal(err)
	}
	owner, err := m.Add(ctx, "Owner", "", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	host := mustHost(t, src, "DC1", "esx-01.sim.local")
	vm := vmNamed(t, src, "vm-1")
	for _, ref := range []types.ManagedObjectReference{host.Reference(), vm.Reference()} {
		if err := m.Set(ctx, ref, owner.Key, "team-a"); err != nil {
			t.Fatal(err)
		}
	}
	moveHost(t, src, tgt, targetCluster(t, tgt), "esx-01.sim.local")
	_, srcSnap := snapHost(t, src, "esx-02.sim.local")
	for _, v := range srcSnap.VMs {
		if v.Name == "vm-1" || len(v.Attributes) != 0 {
			t.Errorf("source VM after the move: %+v", v)
		}
	}
	after, tgtSnap := snapHost(t, tgt, "esx-01.sim.local")
	if len(after.Attributes) != 0 || len(tgtSnap.CustomAttributes) != 0 {
		t.Errorf("target host %v, definitions %v", after.Attributes, tgtSnap.CustomAttributes)
	}
	for _, v := range tgtSnap.VMs {
		if len(v.Attributes) != 0 {
			t.Errorf("target VM %s arrived with %v", v.Name, v.Attributes)
		}
	}
}
