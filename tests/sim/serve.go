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
	"path/filepath"
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
		if dir, err = os.MkdirTemp("", "vcshift-sim-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	if err := initState(dir, w); err != nil {
		return err
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)

	var children []*exec.Cmd
	defer func() { stopChildren(children) }()
	out := struct {
		VCenters []VCenterInfo `json:"vcenters"`
	}{}
	died := make(chan error, len(w.VCenters))
	for _, v := range w.VCenters {
		cmd, info, err := startChild(dir, v.Name, died)
		if cmd != nil {
			children = append(children, cmd)
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

// startChild starts the vCenter process and reads its ready line.
func startChild(dir, name string, died chan<- error) (*exec.Cmd, VCenterInfo, error) {
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
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if !sc.Scan() {
			ready <- fmt.Errorf("exited before it was ready")
			return
		}
		ready <- json.Unmarshal(sc.Bytes(), &info)
		died <- cmd.Wait()
	}()
	select {
	case err = <-ready:
	case <-time.After(120 * time.Second):
		err = fmt.Errorf("not ready after 120s")
	}
	return cmd, info, err
}

// stopChildren asks each child to stop, then kills what is left.
func stopChildren(children []*exec.Cmd) {
	for _, c := range children {
		_ = c.Process.Signal(syscall.SIGTERM)
	}
	deadline := time.Now().Add(500 * time.Millisecond)
	for _, c := range children {
		for time.Now().Before(deadline) && c.Process.Signal(syscall.Signal(0)) == nil && !exited(c.Process.Pid) {
			time.Sleep(10 * time.Millisecond)
		}
		_ = c.Process.Kill()
	}
}

// exited: the process is gone or a zombie (a child's Wait runs in startChild's
// goroutine; an orphan waits for init to reap it).
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
