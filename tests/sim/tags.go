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

// tagCleaner is a registry handler that notes every removed object that had tags. An
// object vcsim takes out and puts back within one call (MoveIntoFolder removes and
// re-adds what it moves) keeps them; one still gone when the next REST request comes
// (sweepTags, after every SOAP call in flight has ended) loses them.
type tagCleaner struct {
	store   tagStore
	mu      sync.Mutex
	removed map[types.ManagedObjectReference]bool
}

func (t *tagCleaner) Reference() types.ManagedObjectReference {
	return types.ManagedObjectReference{Type: "vcshift-sim", Value: "tag-cleaner"}
}
func (t *tagCleaner) PutObject(mo.Reference)                            {}
func (t *tagCleaner) UpdateObject(mo.Reference, []types.PropertyChange) {}
func (t *tagCleaner) RemoveObject(ref types.ManagedObjectReference) {
	t.store.Lock()
	attached, _ := t.store.AttachedTags(ref)
	t.store.Unlock()
	if len(attached) == 0 {
		return
	}
	t.mu.Lock()
	t.removed[ref] = true
	t.mu.Unlock()
}

// sweep drops the attachments of the noted objects that are gone.
func (t *tagCleaner) sweep() {
	t.mu.Lock()
	removed := t.removed
	t.removed = map[types.ManagedObjectReference]bool{}
	t.mu.Unlock()
	for ref := range removed {
		if simulator.Map.Get(ref) != nil {
			continue
		}
		t.store.Lock()
		attached, _ := t.store.AttachedTags(ref)
		for _, tag := range attached {
			t.store.DetachTag(ref, tag)
		}
		t.store.Unlock()
	}
}

// installTagCleaner finds the vAPI handler the service registered (NewServer
// with RegisterEndpoints) and hooks the registry's removals to it.
func (vc *vcServer) installTagCleaner() {
	h, _ := vc.svc.ServeMux.Handler(&http.Request{Method: http.MethodGet, URL: &url.URL{Path: restPath + "/"}})
	if store, ok := h.(tagStore); ok {
		vc.tags = &tagCleaner{store: store, removed: map[types.ManagedObjectReference]bool{}}
		simulator.Map.AddHandler(vc.tags)
	}
}

// sweepTags: before a REST request, once no SOAP call is half done.
func (vc *vcServer) sweepTags() {
	if vc.tags == nil {
		return
	}
	vc.mu.Lock()
	defer vc.mu.Unlock()
	vc.tags.sweep()
}

// restFront is in front of every REST request: removed objects lose their tags
// first (sweepTags); a session login's basic credentials are checked against the
// vCenter's, answered as vCenter does (401, a vAPI unauthenticated error).
func (vc *vcServer) restFront(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, restPath+"/") || strings.HasPrefix(r.URL.Path, "/api/") {
			vc.sweepTags()
		}
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
