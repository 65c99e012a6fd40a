package main

import (
	"reflect"
	"testing"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// One permission per principal on an entity (vcsim replaced them all); an unknown role
// or entity is refused; a host that leaves takes its permissions and its VMs' along,
// and arrives in the target with none; the snapshot shows custom roles and permissions.
func TestPermissionsOnePerPrincipalAndGoWithTheHost(t *testing.T) {
	s := startSim(t, DefaultWorld(true))
	defer s.stop(t)
	src, tgt := s.login(t, "source"), s.login(t, "target")
	ctx := tctx(t)
	auth := object.NewAuthorizationManager(src.Client)
	role, err := auth.AddRole(ctx, "HostOperator", []string{"System.View", "Host.Config.Maintenance"})
	if err != nil {
		t.Fatal(err)
	}
	host := mustHost(t, src, "DC1", "esx-01.sim.local")
	vm := vmNamed(t, src, "vm-1")
	set := func(entity types.ManagedObjectReference, principal string, group bool, roleID int32) error {
		return auth.SetEntityPermissions(ctx, entity, []types.Permission{{Principal: principal, Group: group, RoleId: roleID, Propagate: true}})
	}
	for _, p := range []struct {
		entity    types.ManagedObjectReference
		principal string
		group     bool
	}{{host.Reference(), `VSPHERE.LOCAL\ops`, true}, {host.Reference(), `VSPHERE.LOCAL\dev`, false}, {vm.Reference(), `VSPHERE.LOCAL\dev`, false}} {
		if err := set(p.entity, p.principal, p.group, role); err != nil {
			t.Fatal(err)
		}
	}
	if err := set(host.Reference(), `VSPHERE.LOCAL\ops`, true, -2); err != nil { // ReadOnly, replacing ops's
		t.Fatal(err)
	}
	if err := set(host.Reference(), `VSPHERE.LOCAL\ops`, true, 9999); err == nil {
		t.Error("a permission in a role that does not exist was set")
	}
	if err := set(types.ManagedObjectReference{Type: "HostSystem", Value: "host-999"}, `VSPHERE.LOCAL\ops`, true, role); err == nil {
		t.Error("a permission on a host that is not there was set")
	}
	_, snap := snapHost(t, src, "esx-01.sim.local")
	// A custom role always has System.Anonymous, .Read and .View (vim.AuthorizationManager).
	if want := []SnapRole{{"HostOperator", []string{"Host.Config.Maintenance", "System.Anonymous", "System.Read", "System.View"}}}; !reflect.DeepEqual(snap.Roles, want) {
		t.Errorf("roles %v, want %v", snap.Roles, want)
	}
	var got []SnapPermission
	for _, p := range snap.Permissions {
		if p.Entity != "" {
			got = append(got, p)
		}
	}
	want := []SnapPermission{
		{"DC1/host/Cluster1/esx-01.sim.local", `VSPHERE.LOCAL\dev`, false, "HostOperator", true},
		{"DC1/host/Cluster1/esx-01.sim.local", `VSPHERE.LOCAL\ops`, true, "ReadOnly", true},
		{"DC1/vm/vm-1", `VSPHERE.LOCAL\dev`, false, "HostOperator", true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("permissions %+v, want %+v", got, want)
	}
	moveHost(t, src, tgt, targetCluster(t, tgt), "esx-01.sim.local")
	_, after := snapHost(t, src, "esx-02.sim.local")
	for _, p := range after.Permissions {
		if p.Entity != "" {
			t.Errorf("source keeps %+v after the host left", p)
		}
	}
	_, arrived := snapHost(t, tgt, "esx-01.sim.local")
	for _, p := range arrived.Permissions {
		if p.Entity != "" {
			t.Errorf("target has %+v", p)
		}
	}
}

// A vCenter with a user directory finds its users and groups and refuses a permission
// for a principal it does not know (UserNotFound, naming it).
func TestUserDirectory(t *testing.T) {
	w := DefaultWorld(true)
	w.VCenters[0].Users = []UserDef{{Principal: `VSPHERE.LOCAL\ops`, Group: true}, {Principal: `VSPHERE.LOCAL\dev`}}
	s := startSim(t, w)
	defer s.stop(t)
	c := s.login(t, "source")
	ctx := tctx(t)
	find := func(domain, search string, users, groups bool) []string {
		res, err := methods.RetrieveUserGroups(ctx, c, &types.RetrieveUserGroups{This: *c.ServiceContent.UserDirectory,
			Domain: domain, SearchStr: search, ExactMatch: true, FindUsers: users, FindGroups: groups})
		if err != nil {
			t.Fatal(err)
		}
		var found []string
		for _, r := range res.Returnval {
			found = append(found, r.GetUserSearchResult().Principal)
		}
		return found
	}
	if got := find("VSPHERE.LOCAL", "ops", false, true); !reflect.DeepEqual(got, []string{`VSPHERE.LOCAL\ops`}) {
		t.Errorf("group ops: %v", got)
	}
	if got := find("VSPHERE.LOCAL", "ops", true, false); len(got) != 0 {
		t.Errorf("ops is a group, not a user: %v", got)
	}
	if got := find("OLDCORP", "eve", true, true); len(got) != 0 {
		t.Errorf("eve: %v", got)
	}
	auth := object.NewAuthorizationManager(c.Client)
	host := mustHost(t, c, "DC1", "esx-01.sim.local")
	err := auth.SetEntityPermissions(ctx, host.Reference(), []types.Permission{{Principal: `OLDCORP\eve`, RoleId: -2}})
	var f types.UserNotFound
	if soap.IsSoapFault(err) {
		f, _ = soap.ToSoapFault(err).VimFault().(types.UserNotFound)
	}
	if f.Principal != `OLDCORP\eve` {
		t.Errorf("a permission for an unknown principal: %v", err)
	}
	if err := auth.SetEntityPermissions(ctx, host.Reference(), []types.Permission{{Principal: `VSPHERE.LOCAL\dev`, RoleId: -2}}); err != nil {
		t.Error(err)
	}
	// The target has no directory: every principal resolves, an exact search finds it.
	c = s.login(t, "target")
	if got := find("OLDCORP", "eve", true, false); !reflect.DeepEqual(got, []string{`OLDCORP\eve`}) {
		t.Errorf("without a directory, eve: %v", got)
	}
}
