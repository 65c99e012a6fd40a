package main

import (
	"reflect"
	"sort"
	"testing"

	"github.com/vmware/govmomi"
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

// rootPool: the root resource pool of DC1's cluster `name`.
func rootPool(t *testing.T, c *govmomi.Client, name string) *object.ResourcePool {
	t.Helper()
	ctx := tctxLong(t)
	cl, err := finder(t, c, "DC1").ClusterComputeResource(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	root, err := cl.ResourcePool(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// Permissions on a distributed switch, a port group, a pool and the root folder stay
// when a host leaves (those objects stay on the source); a destroyed pool's and port
// group's go with them (vcsim kept them, naming objects no longer there).
func TestPermissionsOnSwitchesAndPoolsStayUntilDestroyed(t *testing.T) {
	s := startSim(t, DefaultWorld(false))
	defer s.stop(t)
	src, tgt := s.login(t, "source"), s.login(t, "target")
	ctx := tctxLong(t)
	pool, err := rootPool(t, src, "Cluster1").Create(ctx, "Spare", poolSpec(types.SharesLevelNormal, 0, 0, -1, true))
	if err != nil {
		t.Fatal(err)
	}
	dvs, _ := dvSwitch(t, src, "DSwitch1")
	if f := taskFault(dvs.AddPortgroup(ctx, []types.DVPortgroupConfigSpec{{Name: "pg-spare", NumPorts: 8, Type: "earlyBinding"}})); f != nil {
		t.Fatal(f)
	}
	pg := dvPortgroup(t, src, "pg-spare")
	auth := object.NewAuthorizationManager(src.Client)
	for _, entity := range []types.ManagedObjectReference{dvs.Reference(), pg.Reference(), pool.Reference(), src.ServiceContent.RootFolder} {
		if err := auth.SetEntityPermissions(ctx, entity, []types.Permission{{Principal: `VSPHERE.LOCAL\ops`, Group: true, RoleId: -2, Propagate: true}}); err != nil {
			t.Fatal(err)
		}
	}
	ops := func(c *govmomi.Client) []string {
		_, snap := snapHost(t, c, "esx-02.sim.local")
		var on []string
		for _, p := range snap.Permissions {
			if p.Principal == `VSPHERE.LOCAL\ops` {
				on = append(on, p.Entity)
			}
		}
		sort.Strings(on)
		return on
	}
	want := []string{"", "DC1/host/Cluster1/Resources/Spare", "DC1/network/DSwitch1", "DC1/network/pg-spare"}
	moveHost(t, src, tgt, targetCluster(t, tgt), "esx-01.sim.local")
	if got := ops(src); !reflect.DeepEqual(got, want) {
		t.Errorf("after a host left, ops's permissions are on %q, want %q", got, want)
	}
	if f := taskFault(pool.Destroy(ctx)); f != nil {
		t.Fatal(f)
	}
	if f := taskFault(pg.Destroy(ctx)); f != nil {
		t.Fatal(f)
	}
	if got, want := ops(src), []string{"", "DC1/network/DSwitch1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after the pool and port group were destroyed, ops's permissions are on %q, want %q", got, want)
	}
}
