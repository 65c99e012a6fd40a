package main

// Harness for tests of the whole program: the test binary doubles as
// vcshift-sim (TestMain runs main() when simExecEnv is set), so serve's
// children are this binary too and no separate build is needed.

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/vim25/types"
)

const simExecEnv = "VCSHIFT_SIM_EXEC"

func TestMain(m *testing.M) {
	if os.Getenv(simExecEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// simWorld is a running serve.
type simWorld struct {
	cmd      *exec.Cmd
	vcenters map[string]VCenterInfo
	stateDir string
	started  time.Duration
}

// runSim runs vcshift-sim with args and returns its stdout.
func runSim(t *testing.T, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), simExecEnv+"=1")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("vcshift-sim %v: %v", args, err)
	}
	return out
}

// startSim starts serve on world (nil = the default world) and stops it
// when the test ends.
func startSim(t *testing.T, world *World) *simWorld {
	t.Helper()
	dir := t.TempDir()
	args := []string{"serve", "--state-dir", filepath.Join(dir, "state")}
	if world != nil {
		data, _ := json.Marshal(world)
		f := filepath.Join(dir, "world.json")
		if err := os.WriteFile(f, data, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--world", f)
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), simExecEnv+"=1")
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &simWorld{cmd: cmd, vcenters: map[string]VCenterInfo{}, stateDir: filepath.Join(dir, "state")}
	t.Cleanup(func() { s.stop(t) })
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() {
		t.Fatal("serve printed nothing")
	}
	s.started = time.Since(start)
	var out struct {
		VCenters []VCenterInfo `json:"vcenters"`
	}
	if err := json.Unmarshal(sc.Bytes(), &out); err != nil {
		t.Fatalf("serve line %q: %v", sc.Text(), err)
	}
	for _, v := range out.VCenters {
		s.vcenters[v.Name] = v
	}
	return s
}

// stop sends SIGTERM and requires a clean exit within a second.
func (s *simWorld) stop(t *testing.T) {
	if s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve exit: %v", err)
		}
	case <-time.After(time.Second):
		_ = s.cmd.Process.Kill()
		t.Errorf("serve still running 1s after SIGTERM")
	}
}

func tctxLong(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// login logs in to the named vCenter with govmomi.
func (s *simWorld) login(t *testing.T, name string) *govmomi.Client {
	t.Helper()
	v, ok := s.vcenters[name]
	if !ok {
		t.Fatalf("no vcenter %q", name)
	}
	u, _ := url.Parse(v.URL)
	u.User = url.UserPassword(v.User, v.Password)
	c, err := govmomi.NewClient(tctxLong(t), u, true)
	if err != nil {
		t.Fatalf("login to %s: %v", name, err)
	}
	return c
}

// finder is a govmomi finder on the vCenter's datacenter dc.
func finder(t *testing.T, c *govmomi.Client, dc string) *find.Finder {
	t.Helper()
	f := find.NewFinder(c.Client, true)
	d, err := f.Datacenter(tctxLong(t), dc)
	if err != nil {
		t.Fatalf("datacenter %s: %v", dc, err)
	}
	f.SetDatacenter(d)
	return f
}

// datacenterFolders is the vCenter's datacenter dc's folders (host, VM,
// network, datastore).
func datacenterFolders(t *testing.T, c *govmomi.Client, dc string) *object.DatacenterFolders {
	t.Helper()
	ctx := tctxLong(t)
	d, err := find.NewFinder(c.Client, true).Datacenter(ctx, dc)
	if err != nil {
		t.Fatalf("datacenter %s: %v", dc, err)
	}
	folders, err := d.Folders(ctx)
	if err != nil {
		t.Fatalf("folders of datacenter %s: %v", dc, err)
	}
	return folders
}

func mustHost(t *testing.T, c *govmomi.Client, dc, name string) *object.HostSystem {
	t.Helper()
	h, err := finder(t, c, dc).HostSystem(tctxLong(t), name)
	if err != nil {
		t.Fatalf("host %s: %v", name, err)
	}
	return h
}

// vmNamed is the VM of DC1 by name.
func vmNamed(t *testing.T, c *govmomi.Client, name string) *object.VirtualMachine {
	t.Helper()
	vm, err := finder(t, c, "DC1").VirtualMachine(tctxLong(t), name)
	if err != nil {
		t.Fatal(err)
	}
	return vm
}

// taskFault waits for a task-returning call and returns its fault (nil
// when it succeeded; SystemError for transport errors).
func taskFault(task *object.Task, err error) types.BaseMethodFault {
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		_, err = task.WaitForResult(ctx, nil)
	}
	if err == nil {
		return nil
	}
	if f, ok := err.(interface{ Fault() types.BaseMethodFault }); ok {
		return f.Fault()
	}
	return &types.SystemError{Reason: err.Error()}
}

// certThumbprintOf dials addr and fingerprints the certificate it shows.
func certThumbprintOf(t *testing.T, rawURL string) string {
	u, _ := url.Parse(rawURL)
	conn, err := tls.Dial("tcp", u.Host, &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	return certThumbprint(conn.ConnectionState().PeerCertificates[0].Raw)
}
