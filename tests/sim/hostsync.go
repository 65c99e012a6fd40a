package main

// Keeping the shared state directory in step with this vCenter. A host's
// file is written whenever this vCenter changes the host (its VMs are
// copied out of vcsim first), and only while this vCenter still manages it.
// A poller notices hosts another vCenter has taken over (AddHost with
// force): they show as disconnected here (after the world's
// takeover_notice_seconds) and are never written again.

import (
	"os"
	"strings"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// exportVMs copies the host's VMs (name, folder, power, NICs) from vcsim
// into hr.phys.
func (vc *vcServer) exportVMs(hr *hostRT) {
	h := vc.hostObj(hr)
	var vms []VMDef
	for _, ref := range h.Vm {
		vm := simulator.Map.Get(ref).(*simulator.VirtualMachine)
		def := VMDef{Name: vm.Name, Power: string(vm.Runtime.PowerState), Folder: vc.vmFolderPath(hr.dc, vm),
			CPUs: vm.Config.Hardware.NumCPU, MemoryMB: int64(vm.Config.Hardware.MemoryMB)}
		for _, d := range vm.Config.Hardware.Device {
			if card, ok := d.(types.BaseVirtualEthernetCard); ok {
				def.NICs = append(def.NICs, exportNIC(vc, card.GetVirtualEthernetCard()))
			}
		}
		vms = append(vms, def)
	}
	hr.phys.VMs = vms
}

func exportNIC(vc *vcServer, c *types.VirtualEthernetCard) VMNicDef {
	connected := c.Connectable != nil && c.Connectable.Connected
	n := VMNicDef{Mac: c.MacAddress, Connected: &connected}
	switch b := c.Backing.(type) {
	case *types.VirtualEthernetCardNetworkBackingInfo:
		n.Network = b.DeviceName
	case *types.VirtualEthernetCardDistributedVirtualPortBackingInfo:
		n.DVSUuid, n.DVSPortgroupKey = b.Port.SwitchUuid, b.Port.PortgroupKey
		if s := vc.dvs(b.Port.SwitchUuid); s != nil {
			if pg, ok := simulator.Map.Get(types.ManagedObjectReference{Type: "DistributedVirtualPortgroup", Value: b.Port.PortgroupKey}).(*simulator.DistributedVirtualPortgroup); ok {
				n.Network = pg.Name
			}
		}
	}
	return n
}

// vmFolderPath is the VM's folder path below the datacenter's vm folder.
func (vc *vcServer) vmFolderPath(dc *dcRT, vm *simulator.VirtualMachine) string {
	var parts []string
	for ref := vm.Parent; ref != nil && *ref != dc.vmFolder; {
		f, ok := simulator.Map.Get(*ref).(*simulator.Folder)
		if !ok {
			break
		}
		parts = append([]string{f.Name}, parts...)
		ref = f.Parent
	}
	return strings.Join(parts, "/")
}

// saveHost writes the host's state if this vCenter still manages it.
func (vc *vcServer) saveHost(hr *hostRT) error {
	if hr.lost {
		return nil
	}
	vc.exportVMs(hr)
	return vc.state.withLock(func() error {
		cur, err := vc.state.readHost(hr.name)
		if err != nil {
			return err
		}
		if cur != nil && cur.ManagedBy != vc.def.Name {
			vc.loseHost(hr)
			return nil
		}
		hr.phys.ManagedBy = vc.def.Name
		return vc.state.writeHost(hr.phys)
	})
}

// loseHost marks a host another vCenter took over: disconnected here.
func (vc *vcServer) loseHost(hr *hostRT) {
	hr.lost = true
	h := vc.hostObj(hr)
	simulator.Map.Update(h, []types.PropertyChange{
		{Name: "runtime.connectionState", Val: types.HostSystemConnectionStateDisconnected},
	})
}

// pollTakeovers checks, twice a second, whether hosts were taken over, and
// shows each one disconnected once the world's takeover_notice_seconds have
// passed since it was first seen taken.
func (vc *vcServer) pollTakeovers(stop <-chan struct{}) {
	seen := map[string]time.Time{}
	taken := map[string]time.Time{}
	notice := time.Duration(vc.def.TakeoverNoticeSeconds * float64(time.Second))
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		vc.mu.Lock()
		for name, hr := range vc.hosts {
			st, err := os.Stat(vc.state.hostPath(name))
			if hr.lost || err != nil || !st.ModTime().After(seen[name]) {
				continue
			}
			seen[name] = st.ModTime()
			if ph, err := vc.state.readHost(name); err == nil && ph != nil && ph.ManagedBy != vc.def.Name {
				if _, ok := taken[name]; !ok {
					taken[name] = time.Now()
				}
			}
		}
		for name, since := range taken {
			if hr, ok := vc.hosts[name]; ok && !hr.lost && time.Since(since) >= notice {
				vc.loseHost(hr)
			}
		}
		vc.mu.Unlock()
	}
}
