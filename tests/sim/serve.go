package main

// serve: one child process per vCenter (vcsim's registry is global, so
// one vCenter per process), sharing the physical hosts through the state
// directory. The parent prints one JSON line once every vCenter answers,
// then waits for SIGTERM/SIGINT. Children die with the parent (Pdeathsig).

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

const childCommand = "_vcenter"

func cmdServe(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	worldFile := fs.String("world", "", "world file (JSON); default: the built-in world")
	stateDir := fs.String("state-dir", "", "state directory shared by the vCenters; default: a temporary one")
	if err := fs.Parse(args); err != nil {
		return err
	}
	w, err := LoadWorld(*worldFile)
	if err != nil {
		return err
	}
	dir := *stateDir
	if dir == "" {
		if dir, err = tempStateDir(); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	if err := initState(dir, w); err != nil {
		return err
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)

	var children []*child
	defer func() { stopChildren(children) }()
	out := struct {
		VCenters []VCenterInfo `json:"vcenters"`
	}{}
	died := make(chan error, len(w.VCenters))
	for _, v := range w.VCenters {
		c, info, err := startChild(dir, v.Name, died)
		if c != nil {
			children = append(children, c)
		}
		if err != nil {
			return fmt.Errorf("vcenter %s: %v", v.Name, err)
		}
		out.VCenters = append(out.VCenters, info)
	}
	line, _ := json.Marshal(out)
	fmt.Println(string(line))
	select {
	case <-sigs:
		return nil
	case err := <-died:
		return fmt.Errorf("a vCenter process ended: %v", err)
	}
}

// tempStateDir makes the temporary state directory, in memory (/dev/shm)
// where there is one: serve removes it at exit, and vcsim leaves a log file
// for every VM it ever made, which on some disks takes seconds to delete.
func tempStateDir() (string, error) {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		if dir, err := os.MkdirTemp("/dev/shm", "vcshift-sim-"); err == nil {
			return dir, nil
		}
	}
	return os.MkdirTemp("", "vcshift-sim-")
}

// child is a running vCenter process; done is closed once it has exited and
// been reaped.
type child struct {
	cmd  *exec.Cmd
	done chan struct{}
}

// startChild starts the vCenter process and reads its ready line.
func startChild(dir, name string, died chan<- error) (*child, VCenterInfo, error) {
	var info VCenterInfo
	self, err := os.Executable()
	if err != nil {
		return nil, info, err
	}
	cmd := exec.Command(self, childCommand, "--state-dir", dir, "--name", name)
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, info, err
	}
	if err := cmd.Start(); err != nil {
		return nil, info, err
	}
	c := &child{cmd: cmd, done: make(chan struct{})}
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			ready <- json.Unmarshal(sc.Bytes(), &info)
		} else {
			ready <- fmt.Errorf("exited before it was ready")
		}
		err := cmd.Wait()
		close(c.done)
		died <- err
	}()
	wait := readyTimeout(os.Getenv("VCSHIFT_SIM_READY_SECONDS"))
	select {
	case err = <-ready:
	case <-time.After(wait):
		err = fmt.Errorf("not ready after %s", wait)
	}
	return c, info, err
}

// readyTimeout is how long serve waits for a vCenter to start: 120 s, or the seconds
// VCSHIFT_SIM_READY_SECONDS gives (a benchmark's world of 100,000 VMs on a loaded
// machine takes longer).
func readyTimeout(seconds string) time.Duration {
	if n, err := strconv.Atoi(seconds); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	return 120 * time.Second
}

// stopChildren asks each child to stop and waits for it, killing what is
// left after half a second: serve exits within a second of SIGTERM.
func stopChildren(children []*child) {
	for _, c := range children {
		_ = c.cmd.Process.Signal(syscall.SIGTERM)
	}
	deadline := time.Now().Add(500 * time.Millisecond)
	for _, c := range children {
		select {
		case <-c.done:
			continue
		case <-time.After(time.Until(deadline)):
		}
		_ = c.cmd.Process.Kill()
		select {
		case <-c.done:
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// cmdVCenter is the child: one vCenter of the world in the state directory.
func cmdVCenter(args []string) error {
	fs := flag.NewFlagSet(childCommand, flag.ContinueOnError)
	dir := fs.String("state-dir", "", "")
	name := fs.String("name", "", "")
	if err := fs.Parse(args); err != nil {
		return err
	}
	w, err := loadStateWorld(*dir)
	if err != nil {
		return err
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	vc, err := startVCenter(w, *name, *dir)
	if err != nil {
		return err
	}
	line, _ := json.Marshal(vc.info)
	fmt.Println(string(line))
	<-sigs
	vc.Close()
	return nil
}
