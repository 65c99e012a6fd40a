package main

import (
	"fmt"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vmware/govmomi/find"
)

// The default world starts quickly, prints both vCenters, and govmomi can
// log in to each and browse what the world file says is there.
func TestServeDefaultWorld(t *testing.T) {
	s := startSim(t, nil)
	if s.started > 3*time.Second {
		t.Errorf("default world took %v to start (want < 3s)", s.started)
	}
	for _, name := range []string{"source", "target"} {
		v := s.vcenters[name]
		if !strings.HasPrefix(v.URL, "https://127.0.0.1:") || !strings.HasSuffix(v.URL, "/sdk") {
			t.Errorf("%s url %q", name, v.URL)
		}
		if got := certThumbprintOf(t, v.URL); got != v.Thumbprint {
			t.Errorf("%s thumbprint %s, certificate has %s", name, v.Thumbprint, got)
		}
		resp, err := http.Get(v.Control + "/health")
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Errorf("%s control /health: %v %v", name, err, resp)
		} else {
			resp.Body.Close()
		}
	}
	src := s.login(t, "source")
	f := finder(t, src, "DC1")
	ctx := tctxLong(t)
	hosts, err := f.HostSystemList(ctx, "Cluster1/*")
	if err != nil || len(hosts) != 2 {
		t.Fatalf("Cluster1 hosts: %v %v", hosts, err)
	}
	vms, err := f.VirtualMachineList(ctx, "*")
	if err != nil || len(vms) != 4 {
		t.Fatalf("VMs: %v %v", vms, err)
	}
	tgt := s.login(t, "target")
	if dcs, _ := find.NewFinder(tgt.Client, true).DatacenterList(ctx, "*"); len(dcs) != 0 {
		t.Errorf("target has datacenters %v", dcs)
	}
}

// SIGTERM stops serve and its vCenter children.
func TestServeStopsChildren(t *testing.T) {
	s := startSim(t, nil)
	pids := childPids(t, s.cmd.Process.Pid)
	if len(pids) != 2 {
		t.Fatalf("want 2 vCenter processes, have %v", pids)
	}
	s.stop(t)
	time.Sleep(100 * time.Millisecond)
	// A stopped child is gone, or a zombie until init reaps it (kill -0 still succeeds on a
	// zombie, and init may be slow to reap).
	for _, p := range pids {
		if !exited(p) {
			t.Errorf("child %d still alive", p)
		}
	}
}

func childPids(t *testing.T, pid int) []int {
	out, _ := exec.Command("pgrep", "-P", fmt.Sprint(pid)).Output()
	var pids []int
	for _, field := range strings.Fields(string(out)) {
		p, err := strconv.Atoi(field)
		if err != nil {
			t.Fatalf("pgrep printed %q", field)
		}
		pids = append(pids, p)
	}
	return pids
}
