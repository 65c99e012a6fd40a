package main

// Tags: govmomi's vAPI simulator (sessions, categories, tags, tag
// associations under /rest, the API generation of vSphere 6.5+) served by
// each vCenter at its own address. Nothing is shared between vCenters: each
// runs in its own process with its own handler. Two things vcsim's vAPI
// simulator lacks and vCenter does: a session login checks the vCenter's
// credentials (vcsim accepts any non-empty user and password), and an
// object's tag attachments go when the object leaves the inventory (a
// removed host and its VMs, a destroyed cluster or folder), so a host that
// comes back arrives untagged.

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/vmware/govmomi/simulator"
	_ "github.com/vmware/govmomi/vapi/simulator" // registers /rest on every VPX service
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// restPath is where the vAPI simulator answers; restSessionPath its login.
const (
	restPath        = "/rest"
	restSessionPath = restPath + "/com/vmware/cis/session"
)

// tagStore is the part of the vAPI simulator's handler that drops
// attachments: its lock (every REST request holds it) and its tag manager.
type tagStore interface {
	sync.Locker
	AttachedTags(types.ManagedObjectReference) ([]types.VslmTagEntry, types.BaseMethodFault)
	DetachTag(types.ManagedObjectReference, types.VslmTagEntry) types.BaseMethodFault
}

// tagCleaner is a registry handler: every object removed from this vCenter's
// inventory loses its tag attachments, whichever call removed it.
type tagCleaner struct{ store tagStore }

func (t *tagCleaner) Reference() types.ManagedObjectReference {
	return types.ManagedObjectReference{Type: "vcshift-sim", Value: "tag-cleaner"}
}
func (t *tagCleaner) PutObject(mo.Reference)                             {}
func (t *tagCleaner) UpdateObject(mo.Reference, []types.PropertyChange) {}
func (t *tagCleaner) RemoveObject(ref types.ManagedObjectReference) {
	t.store.Lock()
	defer t.store.Unlock()
	attached, _ := t.store.AttachedTags(ref)
	for _, tag := range attached {
		t.store.DetachTag(ref, tag)
	}
}

// installTagCleaner finds the vAPI handler the service registered (NewServer
// with RegisterEndpoints) and hooks the registry's removals to it.
func (vc *vcServer) installTagCleaner() {
	h, _ := vc.svc.ServeMux.Handler(&http.Request{Method: http.MethodGet, URL: &url.URL{Path: restPath + "/"}})
	if store, ok := h.(tagStore); ok {
		simulator.Map.AddHandler(&tagCleaner{store: store})
	}
}

// restLogin checks a REST session login's basic credentials against the
// vCenter's, answering as vCenter does (401, a vAPI unauthenticated error).
func (vc *vcServer) restLogin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.TrimSuffix(r.URL.Path, "/") == restSessionPath && r.URL.Query().Get("~action") == "" {
			if u, p, ok := r.BasicAuth(); !ok || u != vc.def.User || p != vc.def.Password {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusUnauthorized)
				_ = json.NewEncoder(w).Encode(map[string]interface{}{
					"type":  "com.vmware.vapi.std.errors.unauthenticated",
					"value": map[string]interface{}{"messages": []interface{}{}},
				})
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
