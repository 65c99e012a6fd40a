package main

import (
	"testing"

	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// An alarm defined on a host is listed by GetAlarm for that host and for every entity,
// not for another, and its info names it and its entity; a second of the same name on
// the same entity is refused.
func TestAlarmManager(t *testing.T) {
	s := startSim(t, nil)
	defer s.stop(t)
	c := s.login(t, "source")
	ctx := tctx(t)
	host, err := finder(t, c, "DC1").HostSystem(ctx, "esx-01.sim.local")
	if err != nil {
		t.Fatal(err)
	}
	cluster, err := finder(t, c, "DC1").ClusterComputeResource(ctx, "Cluster1")
	if err != nil {
		t.Fatal(err)
	}
	manager := *c.ServiceContent.AlarmManager
	spec := &types.AlarmSpec{Name: "Host down", Enabled: true,
		Expression: &types.OrAlarmExpression{}}
	created, err := methods.CreateAlarm(ctx, c, &types.CreateAlarm{This: manager, Entity: host.Reference(), Spec: spec})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := methods.CreateAlarm(ctx, c, &types.CreateAlarm{This: manager, Entity: host.Reference(), Spec: spec}); err == nil {
		t.Error("a second alarm of the same name on the same host was made")
	}
	list := func(entity *types.ManagedObjectReference) []types.ManagedObjectReference {
		res, err := methods.GetAlarm(ctx, c, &types.GetAlarm{This: manager, Entity: entity})
		if err != nil {
			t.Fatal(err)
		}
		return res.Returnval
	}
	hostRef, clusterRef := host.Reference(), cluster.Reference()
	if all := list(nil); len(all) != 1 || all[0] != created.Returnval {
		t.Errorf("GetAlarm of every entity: %v", all)
	}
	if on := list(&hostRef); len(on) != 1 {
		t.Errorf("GetAlarm of the host: %v", on)
	}
	if on := list(&clusterRef); len(on) != 0 {
		t.Errorf("GetAlarm of the cluster: %v", on)
	}
	var a mo.Alarm
	if err := property.DefaultCollector(c.Client).RetrieveOne(ctx, created.Returnval, []string{"info"}, &a); err != nil {
		t.Fatal(err)
	}
	if a.Info.Name != "Host down" || a.Info.Entity != hostRef {
		t.Errorf("alarm info %+v", a.Info)
	}
}

// A host profile made by CreateProfile and attached to a cluster is listed by the
// manager's profile property, with its name and entity.
func TestHostProfileManager(t *testing.T) {
	s := startSim(t, nil)
	defer s.stop(t)
	c := s.login(t, "source")
	ctx := tctx(t)
	cluster, err := finder(t, c, "DC1").ClusterComputeResource(ctx, "Cluster1")
	if err != nil {
		t.Fatal(err)
	}
	manager := *c.ServiceContent.HostProfileManager
	spec := &types.HostProfileCompleteConfigSpec{}
	spec.Name = "Gold"
	created, err := methods.CreateProfile(ctx, c, &types.CreateProfile{This: manager, CreateSpec: spec})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := methods.CreateProfile(ctx, c, &types.CreateProfile{This: manager, CreateSpec: spec}); err == nil {
		t.Error("a second profile named Gold was made")
	}
	if _, err := methods.AssociateProfile(ctx, c, &types.AssociateProfile{This: created.Returnval,
		Entity: []types.ManagedObjectReference{cluster.Reference()}}); err != nil {
		t.Fatal(err)
	}
	pc := property.DefaultCollector(c.Client)
	var m mo.HostProfileManager
	if err := pc.RetrieveOne(ctx, manager, []string{"profile"}, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Profile) != 1 || m.Profile[0] != created.Returnval {
		t.Fatalf("profiles %v", m.Profile)
	}
	var p mo.HostProfile
	if err := pc.RetrieveOne(ctx, created.Returnval, []string{"name", "entity"}, &p); err != nil {
		t.Fatal(err)
	}
	if p.Name != "Gold" || len(p.Entity) != 1 || p.Entity[0] != cluster.Reference() {
		t.Errorf("profile %q attached to %v", p.Name, p.Entity)
	}
}
