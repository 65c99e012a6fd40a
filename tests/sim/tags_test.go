package main

import (
	"bytes"
	"crypto/tls"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/vapi/rest"
	"github.com/vmware/govmomi/vapi/tags"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// restLogin logs in to the vCenter's REST API with the client's credentials.
func restLogin(t *testing.T, c *govmomi.Client, user *url.Userinfo) *tags.Manager {
	t.Helper()
	rc := rest.NewClient(c.Client)
	if err := rc.Login(tctxLong(t), user); err != nil {
		t.Fatalf("REST login: %v", err)
	}
	return tags.NewManager(rc)
}

// A REST session needs the vCenter's own credentials (vcsim's vAPI
// simulator takes any), and answers 401 with vAPI's unauthenticated error.
func TestTagsRestLoginChecksCredentials(t *testing.T) {
	s := startSim(t, nil)
	v := s.vcenters["source"]
	u, _ := url.Parse(v.URL)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	post := func(user, password string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, u.Scheme+"://"+u.Host+restSessionPath, nil)
		req.SetBasicAuth(user, password)
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var body bytes.Buffer
		_, _ = body.ReadFrom(res.Body)
		return res.StatusCode, body.String()
	}
	if code, body := post(v.User, "wrong"); code != http.StatusUnauthorized || !strings.Contains(body, "com.vmware.vapi.std.errors.unauthenticated") {
		t.Errorf("wrong password: %d %s", code, body)
	}
	if code, body := post(v.User, v.Password); code != http.StatusOK || !strings.Contains(body, `"value"`) {
		t.Errorf("right password: %d %s", code, body)
	}
}

// Tags are per vCenter, and an object's attachments go when it leaves the
// inventory: a removed host and its VMs lose theirs, the cluster keeps its.
func TestTagsPerVCenterAndDroppedWithARemovedHost(t *testing.T) {
	s := startSim(t, nil)
	src, tgt := s.login(t, "source"), s.login(t, "target")
	ctx := tctxLong(t)
	m := restLogin(t, src, credentials(s, "source"))
	catID, err := m.CreateCategory(ctx, &tags.Category{Name: "Owner", Cardinality: "SINGLE",
		AssociableTypes: []string{"HostSystem", "VirtualMachine", "ClusterComputeResource"}})
	if err != nil {
		t.Fatal(err)
	}
	tagID, err := m.CreateTag(ctx, &tags.Tag{Name: "team-a", CategoryID: catID})
	if err != nil {
		t.Fatal(err)
	}
	h := mustHost(t, src, "DC1", "esx-01.sim.local")
	vms := hostProps(t, h).Vm
	if len(vms) == 0 {
		t.Fatal("esx-01.sim.local has no VM")
	}
	for _, ref := range []mo.Reference{h, vms[0], sourceCluster(t, src, "Cluster1")} {
		if err := m.AttachTag(ctx, tagID, ref); err != nil {
			t.Fatal(err)
		}
	}
	if cats, err := restLogin(t, tgt, credentials(s, "target")).ListCategories(ctx); err != nil || len(cats) != 0 {
		t.Errorf("the target sees categories %v (%v): nothing is shared", cats, err)
	}
	snap, err := TakeSnapshot(ctx, src.Client, credentials(s, "source"))
	if err != nil {
		t.Fatal(err)
	}
	if got := snap.Tagging.Tags; len(got) != 1 || len(got[0].Objects) != 3 || got[0].Objects[1] != "HostSystem /DC1/host/Cluster1/esx-01.sim.local" {
		t.Errorf("the snapshot's tags: %+v", got)
	}

	if f := taskFault(h.Disconnect(ctx)); f != nil {
		t.Fatalf("disconnect: %#v", f)
	}
	if f := taskFault(h.Destroy(ctx)); f != nil {
		t.Fatalf("remove: %#v", f)
	}
	left, err := m.ListAttachedObjects(ctx, tagID)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || left[0].Reference().Type != "ClusterComputeResource" {
		t.Errorf("attached after the host left: %v, want the cluster alone", left)
	}
	if snap, err = TakeSnapshot(ctx, src.Client, credentials(s, "source")); err != nil {
		t.Fatal(err)
	}
	if got := snap.Tagging.Tags; len(got) != 1 || strings.Join(got[0].Objects, ",") != "ClusterComputeResource /DC1/host/Cluster1" {
		t.Errorf("the snapshot's tags after the host left: %+v", got)
	}
}

// credentials are the named vCenter's user and password.
func credentials(s *simWorld, name string) *url.Userinfo {
	v := s.vcenters[name]
	return url.UserPassword(v.User, v.Password)
}

// vcsim's MoveIntoFolder takes what it moves out of the registry and puts it back:
// a VM moved between folders keeps its tags (vCenter keeps them: the VM stays).
func TestTagsStayOnAVMMovedBetweenFolders(t *testing.T) {
	s := startSim(t, nil)
	src := s.login(t, "source")
	ctx := tctxLong(t)
	m := restLogin(t, src, credentials(s, "source"))
	catID, err := m.CreateCategory(ctx, &tags.Category{Name: "Backup", Cardinality: "MULTIPLE"})
	if err != nil {
		t.Fatal(err)
	}
	tagID, err := m.CreateTag(ctx, &tags.Tag{Name: "daily", CategoryID: catID})
	if err != nil {
		t.Fatal(err)
	}
	f := finder(t, src, "DC1")
	vm, err := f.VirtualMachine(ctx, "vm-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.AttachTag(ctx, tagID, vm); err != nil {
		t.Fatal(err)
	}
	root, err := f.Folder(ctx, "vm")
	if err != nil {
		t.Fatal(err)
	}
	web, err := root.CreateFolder(ctx, "Tagged")
	if err != nil {
		t.Fatal(err)
	}
	if f := taskFault(web.MoveInto(ctx, []types.ManagedObjectReference{vm.Reference()})); f != nil {
		t.Fatalf("move: %#v", f)
	}
	left, err := m.ListAttachedObjects(ctx, tagID)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || left[0].Reference() != vm.Reference() {
		t.Errorf("attached after the move: %v, want %v", left, vm.Reference())
	}
}
