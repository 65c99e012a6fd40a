package main

import (
	"crypto/tls"
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
)

// A client choosing its API version finds every version vCenter 7.0.3 offers,
// 6.7.1 (Debian's pyVmomi) and 6.5 among them, not only 6.0 and 5.5.
func TestServiceVersionsAreThoseOfVCenter703(t *testing.T) {
	s := startSim(t, nil)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	url := strings.TrimSuffix(s.vcenters["source"].URL, "/sdk") + serviceVersionsPath
	res, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var doc struct {
		Version    string `xml:"version,attr"`
		Namespaces []struct {
			Name    string   `xml:"name"`
			Version string   `xml:"version"`
			Prior   []string `xml:"priorVersions>version"`
		} `xml:"namespace"`
	}
	if err := xml.NewDecoder(res.Body).Decode(&doc); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	if doc.Version != "1.0" || len(doc.Namespaces) != 1 || doc.Namespaces[0].Name != "urn:vim25" {
		t.Fatalf("document = %+v", doc)
	}
	ns := doc.Namespaces[0]
	want := "7.0.2.1 7.0.2.0 7.0.1.1 7.0.1.0 7.0.0.2 7.0.0.0 6.9.1 6.8.7 6.7.3 6.7.2 6.7.1 6.7 6.5 6.0 5.5 5.1 5.0 4.1 4.0"
	if ns.Version != "7.0.3.0" || strings.Join(ns.Prior, " ") != want {
		t.Errorf("urn:vim25 %s, prior versions %v; want 7.0.3.0, %s", ns.Version, ns.Prior, want)
	}
}
