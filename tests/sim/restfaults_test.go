package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/vmware/govmomi/vapi/tags"
)

// A rule names a vAPI REST call as the call log does ("REST <verb> <path>", ids as
// {id}, the action query kept): a soap_fault there answers a vAPI error (HTTP 500), the
// call is logged with what was injected, and the calls around it are answered as ever.
func TestRestCallsAreLoggedAndFaulted(t *testing.T) {
	w := DefaultWorld(true)
	w.VCenters[0].Faults = []FaultRule{
		{ID: "tag", Method: "REST POST /rest/com/vmware/cis/tagging/tag", Kind: KindSoapFault, Fault: "SystemError"},
		{ID: "attach", Method: "REST POST /rest/com/vmware/cis/tagging/tag-association/{id}?~action=attach",
			Kind: KindSoapFault, Fault: "SystemError", Message: "attach refused"}}
	s := startSim(t, w)
	src := s.login(t, "source")
	ctx := tctxLong(t)
	m := restLogin(t, src, credentials(s, "source"))
	catID, err := m.CreateCategory(ctx, &tags.Category{Name: "Owner", Cardinality: "MULTIPLE"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.CreateTag(ctx, &tags.Tag{Name: "team-a", CategoryID: catID}); err == nil || !strings.Contains(err.Error(), "500") {
		t.Errorf("create tag under an injected fault: %v", err)
	}
	tagID, err := m.CreateTag(ctx, &tags.Tag{Name: "team-a", CategoryID: catID}) // the rule fired once
	if err != nil {
		t.Fatal(err)
	}
	if err := m.AttachTag(ctx, tagID, mustHost(t, src, "DC1", "esx-01.sim.local")); err == nil {
		t.Error("attach under an injected fault succeeded")
	}
	resp, err := http.Get(s.vcenters["source"].Control + "/calls")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var log struct {
		Calls []CallRecord `json:"calls"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&log); err != nil {
		t.Fatal(err)
	}
	injected := map[string]string{}
	for _, c := range log.Calls {
		if strings.HasPrefix(c.Method, "REST ") {
			injected[c.Method] += c.Injected + ","
		}
	}
	for method, want := range map[string]string{
		"REST POST /rest/com/vmware/cis/session":                                     ",",
		"REST POST /rest/com/vmware/cis/tagging/category":                            ",",
		"REST POST /rest/com/vmware/cis/tagging/tag":                                 "soap_fault,,",
		"REST POST /rest/com/vmware/cis/tagging/tag-association/{id}?~action=attach": "soap_fault,",
	} {
		if injected[method] != want {
			t.Errorf("%s: injected %q, want %q (log %v)", method, injected[method], want, injected)
		}
	}
}
