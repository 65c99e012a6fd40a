package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
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

// exited: the process is gone or a zombie (an orphan waits for init to reap it).
func exited(pid int) bool {
	data, err := os.ReadFile(filepath.Join("/proc", fmt.Sprint(pid), "stat"))
	if err != nil {
		return true
	}
	for i := len(data) - 1; i > 0; i-- {
		if data[i] == ')' && i+2 < len(data) {
			return data[i+2] == 'Z'
		}
	}
	return false
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

// serve exits within a second of SIGTERM, its vCenter processes gone and its
// temporary state directory removed, even for a world of many VMs (vcsim
// leaves a file for each VM it made; deleting them took seconds on disk).
func TestServeExitsWithinASecond(t *testing.T) {
	world := filepath.Join(t.TempDir(), "world.json")
	data, _ := json.Marshal(GenerateWorld(2, 2, 10, 0, 40))
	if err := os.WriteFile(world, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "serve", "--world", world)
	cmd.Env = append(os.Environ(), simExecEnv+"=1")
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill() }()
	if _, err := bufio.NewReader(stdout).ReadString('\n'); err != nil {
		t.Fatalf("serve printed nothing: %v", err)
	}
	pids := childPids(t, cmd.Process.Pid)
	var stateDir string
	if len(pids) > 0 {
		args, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pids[0]))
		fields := strings.Split(string(args), "\x00")
		for i, f := range fields {
			if f == "--state-dir" && i+1 < len(fields) {
				stateDir = fields[i+1]
			}
		}
	}
	if len(pids) != 2 || stateDir == "" {
		t.Fatalf("vCenter processes %v, state directory %q", pids, stateDir)
	}
	// Deleting many files at exit waits on the disk, seconds on some: the temporary
	// state directory is in memory where the machine has /dev/shm.
	const tmpfsMagic = 0x01021994
	var shm, dir syscall.Statfs_t
	if syscall.Statfs("/dev/shm", &shm) == nil && shm.Type == tmpfsMagic {
		if err := syscall.Statfs(stateDir, &dir); err != nil || dir.Type != tmpfsMagic {
			t.Errorf("temporary state directory %s is not in memory (filesystem type %#x)", stateDir, dir.Type)
		}
	}
	start := time.Now()
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve exit: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve still running 5s after SIGTERM")
	}
	took := time.Since(start)
	t.Logf("serve exited %v after SIGTERM", took)
	for _, p := range pids {
		if _, err := os.Stat(fmt.Sprintf("/proc/%d", p)); err == nil {
			t.Errorf("vCenter process %d still there (not reaped by serve) when serve had exited", p)
		}
	}
	if took > time.Second {
		t.Errorf("serve took %v to exit after SIGTERM (want under 1s)", took)
	}
	if _, err := os.Stat(stateDir); !os.IsNotExist(err) {
		t.Errorf("temporary state directory %s left behind (%v)", stateDir, err)
	}
}

func TestReadyTimeoutIsTwoMinutesUnlessTheEnvironmentSaysOtherwise(t *testing.T) {
	for value, want := range map[string]time.Duration{"": 120 * time.Second, "x": 120 * time.Second,
		"0": 120 * time.Second, "900": 900 * time.Second} {
		if got := readyTimeout(value); got != want {
			t.Errorf("readyTimeout(%q) = %s, want %s", value, got, want)
		}
	}
}
