package main

// /sdk/vimServiceVersions.xml as a vCenter 7.0.3 serves it. A client picks
// its API version from this list, the newest it knows that is listed, and
// sends it in every call's SOAPAction; a real server then answers in that
// version's terms. vcsim lists only 6.0 and 5.5 below its own version, so
// Debian's pyVmomi 6.7.1 chose 6.0 and refused the first 6.5 field vcsim sent
// (HostSystem.config.deploymentInfo.bootedFromStatelessCache): no host could
// be read. vcsim sends every field whatever the version, so the simulator
// offers what vCenter 7.0.3 offers instead, and pyVmomi speaks 6.7.1, whose
// fields include everything the simulated vCenters send (docs/testing.md).

import (
	"encoding/xml"
	"net/http"
	"strings"
)

const serviceVersionsPath = "/sdk/vimServiceVersions.xml"

// vim25PriorVersions are the urn:vim25 versions a vCenter 7.0.3 (API
// 7.0.3.0) lists below its own, newest first, as recorded from real ones.
var vim25PriorVersions = []string{
	"7.0.2.1", "7.0.2.0", "7.0.1.1", "7.0.1.0", "7.0.0.2", "7.0.0.0", "6.9.1", "6.8.7",
	"6.7.3", "6.7.2", "6.7.1", "6.7", "6.5", "6.0", "5.5", "5.1", "5.0", "4.1", "4.0",
}

// serveServiceVersions answers GET /sdk/vimServiceVersions.xml for a vCenter
// of API version api and passes every other request on to next.
func serveServiceVersions(api string, next http.Handler) http.Handler {
	body := serviceVersionsXML(api)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != serviceVersionsPath {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		_, _ = w.Write([]byte(body))
	})
}

func serviceVersionsXML(api string) string {
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString("<namespaces version=\"1.0\">\n <namespace>\n  <name>urn:vim25</name>\n")
	b.WriteString("  <version>" + api + "</version>\n  <priorVersions>\n")
	for _, v := range vim25PriorVersions {
		b.WriteString("   <version>" + v + "</version>\n")
	}
	b.WriteString("  </priorVersions>\n </namespace>\n</namespaces>\n")
	return b.String()
}
