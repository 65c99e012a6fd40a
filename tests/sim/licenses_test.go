package main

import (
	"reflect"
	"strings"
	"testing"

	"github.com/vmware/govmomi/license"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// The world's keys are in each LicenseManager; a host assigned one shows it (and the
// key's `used`); an unknown key or host is refused without the key in the fault; the
// assignment leaves with the host, which arrives in the target in evaluation mode; the
// snapshot shows keys and assignments by edition and last five characters only.
func TestLicencesAssignedAndLeaveWithTheHost(t *testing.T) {
	s := startSim(t, DefaultWorld(true))
	defer s.stop(t)
	src, tgt := s.login(t, "source"), s.login(t, "target")
	ctx := tctx(t)
	m := license.NewManager(src.Client)
	am, err := m.AssignmentManager(ctx)
	if err != nil {
		t.Fatal(err)
	}
	key := DefaultLicences()[0].Key
	host := mustHost(t, src, "DC1", "esx-01.sim.local")
	if _, err := am.Update(ctx, host.Reference().Value, key, ""); err != nil {
		t.Fatal(err)
	}
	assigned, err := am.QueryAssigned(ctx, host.Reference().Value)
	if err != nil || len(assigned) != 1 || assigned[0].AssignedLicense.LicenseKey != key {
		t.Fatalf("assigned %+v, %v", assigned, err)
	}
	const unknown = "ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ"
	if _, err := am.Update(ctx, host.Reference().Value, unknown, ""); err == nil || strings.Contains(err.Error(), unknown) {
		t.Errorf("an unknown key: %v", err)
	}
	err = am.Remove(ctx, "host-999")
	if !soap.IsSoapFault(err) {
		t.Fatalf("removing the licence of a host that is not there: %v", err)
	}
	if _, ok := soap.ToSoapFault(err).VimFault().(types.LicenseEntityNotFound); !ok {
		t.Errorf("removing the licence of a host that is not there: %v", err)
	}
	_, snap := snapHost(t, src, "esx-01.sim.local")
	want := SnapLicences{
		Keys: []SnapLicenceKey{{"esx.standard.cpuPackage", "vSphere 7 Standard", "1MVX2", 16, 0},
			{"esx.enterprisePlus.cpuPackage", "vSphere 7 Enterprise Plus", "3E8P1", 32, 1}},
		Hosts: []SnapHostLicence{{"DC1/host/Cluster1/esx-01.sim.local", "esx.enterprisePlus.cpuPackage", "vSphere 7 Enterprise Plus", "3E8P1"}},
	}
	if !reflect.DeepEqual(snap.Licences, want) {
		t.Errorf("snapshot %+v, want %+v", snap.Licences, want)
	}
	moveHost(t, src, tgt, targetCluster(t, tgt), "esx-01.sim.local")
	_, after := snapHost(t, src, "esx-02.sim.local")
	if len(after.Licences.Hosts) != 0 || after.Licences.Keys[1].Used != 0 {
		t.Errorf("the source after the host left: %+v", after.Licences)
	}
	_, arrived := snapHost(t, tgt, "esx-01.sim.local")
	if len(arrived.Licences.Hosts) != 0 {
		t.Errorf("the host arrived with %v", arrived.Licences.Hosts)
	}
}
