package main

// Rules a host's network must satisfy. A management VMkernel adapter needs
// at least one active uplink with link: without one the host can no longer
// reach its vCenter, which shows it notResponding from then on (the
// vCenter has no way to push a fix to it). Any other VMkernel adapter
// without one is cut off (vMotion, storage) until it gets one back. VM
// NICs whose network is gone from the host are disconnected.

import (
	"sync/atomic"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// applyHostHealth enforces both rules after any change of the host's
// network.
func (vc *vcServer) applyHostHealth(hr *hostRT) {
	if !hr.phys.NotResponding && !vc.managementReachable(hr) {
		hr.phys.NotResponding = true
		vc.incident(hr, "host_not_responding", hr.name, "a management VMkernel adapter has no active uplink with link")
	}
	h := vc.hostObj(hr)
	if hr.phys.NotResponding && h.Runtime.ConnectionState == types.HostSystemConnectionStateConnected {
		simulator.Map.Update(h, []types.PropertyChange{
			{Name: "runtime.connectionState", Val: types.HostSystemConnectionStateNotResponding},
		})
	}
	vc.checkVmknics(hr)
	for _, ref := range h.Vm {
		vm := simulator.Map.Get(ref).(*simulator.VirtualMachine)
		vc.disconnectOrphanNICs(vm, hr)
	}
	vc.countDead()
}

// checkVmknics records each other VMkernel adapter that lost its last
// active uplink, once: the adapter stays marked down until it has one
// again, so later changes of a still-broken host add nothing.
func (vc *vcServer) checkVmknics(hr *hostRT) {
	for i := range hr.phys.Vmknics {
		k := &hr.phys.Vmknics[i]
		if k.Management {
			continue // host_not_responding
		}
		up := len(vc.activeUplinks(hr.phys, *k)) > 0
		if !up && !k.Down {
			vc.incident(hr, "vmknic_disconnected", k.Device, "VMkernel adapter "+k.Device+" on port group "+k.Portgroup+" has no active uplink with link")
		}
		k.Down = !up
	}
}

// managementReachable: every management adapter has an active uplink.
func (vc *vcServer) managementReachable(hr *hostRT) bool {
	for _, k := range hr.phys.Vmknics {
		if k.Management && len(vc.activeUplinks(hr.phys, k)) == 0 {
			return false
		}
	}
	return true
}

// activeUplinks lists the pNICs with link that carry the adapter's
// traffic as active (not standby) uplinks.
func (vc *vcServer) activeUplinks(p *PhysHost, k VmknicDef) []string {
	up := map[string]bool{}
	for _, n := range p.Pnics {
		up[n.Device] = !n.LinkDown
	}
	var out []string
	if k.DVS == "" {
		vs, pg, ok := hasStandardPortgroup(p, k.Portgroup)
		if !ok {
			return nil
		}
		active := pg.Active
		if len(active) == 0 {
			active = vs.activeNics()
		}
		for _, u := range active {
			if contains(vs.Uplinks, u) && up[u] {
				out = append(out, u)
			}
		}
		return out
	}
	for _, px := range p.Proxies {
		if px.DVSUuid != k.DVSUuid {
			continue
		}
		active := vc.activeDVUplinks(px, k.Portgroup)
		for pn, u := range px.Uplinks {
			if up[pn] && (active == nil || contains(active, u)) {
				out = append(out, pn)
			}
		}
	}
	return out
}

// activeDVUplinks is the port group's active uplink list; nil means all
// (no explicit order, or a switch of another vCenter: the host keeps
// using whatever it had).
func (vc *vcServer) activeDVUplinks(px ProxyState, portgroup string) []string {
	s := vc.dvs(px.DVSUuid)
	if s == nil {
		return nil
	}
	pg := dvPortgroupByName(s, portgroup)
	if pg == nil {
		return []string{}
	}
	set, ok := pg.Config.DefaultPortConfig.(*types.VMwareDVSPortSetting)
	if !ok || set.UplinkTeamingPolicy == nil || set.UplinkTeamingPolicy.UplinkPortOrder == nil {
		return nil
	}
	if a := set.UplinkTeamingPolicy.UplinkPortOrder.ActiveUplinkPort; len(a) > 0 {
		return a
	}
	return nil
}

// disconnectOrphanNICs disconnects NICs whose network the host lacks.
func (vc *vcServer) disconnectOrphanNICs(vm *simulator.VirtualMachine, hr *hostRT) {
	for _, d := range vm.Config.Hardware.Device {
		card, ok := d.(types.BaseVirtualEthernetCard)
		if !ok {
			continue
		}
		c := card.GetVirtualEthernetCard()
		if c.Connectable == nil || !c.Connectable.Connected || vc.backingPresent(hr, c.Backing) {
			continue
		}
		c.Connectable.Connected = false
		c.Connectable.Status = "untried"
		vc.incident(hr, "vm_nic_disconnected", nicSubject(vm, c), vc.missingNetwork(hr, c.Backing))
	}
}

// backingPresent: the NIC's network exists on the host.
func (vc *vcServer) backingPresent(hr *hostRT, b types.BaseVirtualDeviceBackingInfo) bool {
	switch b := b.(type) {
	case *types.VirtualEthernetCardNetworkBackingInfo:
		_, _, ok := hasStandardPortgroup(hr.phys, b.DeviceName)
		return ok
	case *types.VirtualEthernetCardDistributedVirtualPortBackingInfo:
		s := vc.dvs(b.Port.SwitchUuid)
		if s == nil || !hasProxy(hr.phys, b.Port.SwitchUuid) {
			return false
		}
		for _, ref := range s.Portgroup {
			if ref.Value == b.Port.PortgroupKey {
				return true
			}
		}
	}
	return false
}

// Methods still possible on a host that stopped responding: taking it out
// of the inventory or asking vCenter to try again.
var allowedOnDeadHost = map[string]bool{"DisconnectHost_Task": true, "Destroy_Task": true, "ReconnectHost_Task": true}

// mayBeUnreachable is the lock-free pre-check: some host stopped responding.
func (vc *vcServer) mayBeUnreachable(this types.ManagedObjectReference) bool {
	return this.Value != "" && atomic.LoadInt32(&vc.deadHosts) > 0
}

// unreachable is the fault for a call on a host that stopped responding
// (or on one of its managers or VMs).
func (vc *vcServer) unreachable(call soapCall) types.BaseMethodFault {
	if allowedOnDeadHost[call.Method] {
		return nil
	}
	if hr := vc.hostOfRef(call.This); hr != nil && hr.phys.NotResponding {
		return &types.HostCommunication{}
	}
	return nil
}

// hostOfRef is the host a host, host manager or VM reference belongs to.
func (vc *vcServer) hostOfRef(ref types.ManagedObjectReference) *hostRT {
	if vm, ok := simulator.Map.Get(ref).(*simulator.VirtualMachine); ok && vm.Runtime.Host != nil {
		ref = *vm.Runtime.Host
	}
	for _, hr := range vc.hosts {
		if hr.ref == ref {
			return hr
		}
		cm := vc.hostObj(hr).ConfigManager
		for _, m := range []*types.ManagedObjectReference{cm.NetworkSystem, cm.DatastoreSystem, cm.StorageSystem, cm.FirewallSystem, cm.AdvancedOption} {
			if m != nil && *m == ref {
				return hr
			}
		}
	}
	return nil
}

// countDead refreshes the number of hosts that stopped responding.
func (vc *vcServer) countDead() {
	var n int32
	for _, hr := range vc.hosts {
		if hr.phys.NotResponding {
			n++
		}
	}
	atomic.StoreInt32(&vc.deadHosts, n)
}
