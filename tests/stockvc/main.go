// stockvc serves govmomi's stock vCenter model (simulator.VPX(), vcsim as it is, none of
// vcshift-sim's additions) with a topology given by flags, on loopback over TLS. It is a
// vCenter nobody on this project wrote: `vcshift export` of it must validate and plan
// "No changes." (tests/e2e/stock_roundtrip.py).
//
// Once serving it prints one line of JSON (url, user, password, thumbprint) and serves
// until SIGTERM or SIGINT; it also ends when the process that started it does.
package main

import (
	"crypto/sha256"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/vmware/govmomi/simulator"
)

func main() {
	model := simulator.VPX()
	flag.IntVar(&model.Datacenter, "dc", 2, "datacenters")
	flag.IntVar(&model.Cluster, "cluster", 3, "clusters per datacenter")
	flag.IntVar(&model.ClusterHost, "host", 4, "hosts per cluster")
	flag.IntVar(&model.Host, "standalone-host", 2, "standalone hosts per datacenter")
	flag.IntVar(&model.Portgroup, "pg", 2, "distributed port groups per datacenter")
	flag.IntVar(&model.Machine, "vm", 2, "VMs per resource pool")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("stockvc: ")
	// A test that dies leaves no vCenter behind: SIGTERM when the parent ends.
	_, _, _ = syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_PDEATHSIG, uintptr(syscall.SIGTERM), 0)

	if err := model.Create(); err != nil {
		log.Fatal(err)
	}
	defer model.Remove()
	model.Service.TLS = new(tls.Config)
	model.Service.Listen = &url.URL{Host: "127.0.0.1:0"}
	server := model.Service.NewServer()
	defer server.Close()

	login := server.URL.User
	password, _ := login.Password()
	address := *server.URL
	address.User = nil
	line, _ := json.Marshal(map[string]string{
		"url":        address.String(),
		"user":       login.Username(),
		"password":   password,
		"thumbprint": thumbprint(server.Certificate().Raw),
	})
	fmt.Println(string(line))

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
}

// thumbprint is the certificate's SHA-256 fingerprint, colon-separated uppercase hex, as
// vCenter 7 shows it.
func thumbprint(der []byte) string {
	sum := sha256.Sum256(der)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}
