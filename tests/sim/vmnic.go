package main

// VM network adapters. vcsim resolves a NIC's network when the NIC is
// added and panics on a name it does not know; a VM arriving with its host
// may point at a port group this vCenter has never heard of, so the
// adapters are set here directly, disconnected where the network is
// missing on the host (as ESXi does). A NIC that was connected before its
// host arrived and is not after has been cut off by the move: an incident.

import (
	"fmt"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// setNICs replaces the VM's network adapters with nics.
func (vc *vcServer) setNICs(vm *simulator.VirtualMachine, hr *hostRT, nics []VMNicDef) {
	var devices []types.BaseVirtualDevice
	for _, d := range vm.Config.Hardware.Device {
		if _, ok := d.(types.BaseVirtualEthernetCard); !ok {
			devices = append(devices, d)
		}
	}
	vm.Network = nil
	for i := range nics {
		n := &nics[i]
		backing, net, ok := vc.resolveNIC(hr, n)
		connected := ok && (n.Connected == nil || *n.Connected)
		if n.Mac == "" {
			n.Mac = fmt.Sprintf("00:50:56:%02x:%02x:%02x", len(vm.Name)&0x3f, i, simulatorHash(vm.Name))
		}
		unit := int32(7 + i)
		card := &types.VirtualVmxnet3{VirtualVmxnet: types.VirtualVmxnet{VirtualEthernetCard: types.VirtualEthernetCard{
			VirtualDevice: types.VirtualDevice{
				Key:           int32(4000 + i),
				DeviceInfo:    &types.Description{Label: fmt.Sprintf("Network adapter %d", i+1), Summary: n.Network},
				Backing:       backing,
				Connectable:   &types.VirtualDeviceConnectInfo{StartConnected: connected, Connected: connected, AllowGuestControl: true, Status: "ok"},
				ControllerKey: 100,
				UnitNumber:    &unit,
			},
			AddressType: "assigned",
			MacAddress:  n.Mac,
		}}}
		devices = append(devices, card)
		if net.Value != "" && simulator.FindReference(vm.Network, net) == nil {
			vm.Network = append(vm.Network, net)
		}
	}
	vm.Config.Hardware.Device = devices
	vm.Summary.Config.NumEthernetCards = int32(len(nics))
}

func simulatorHash(s string) byte {
	var h byte
	for i := 0; i < len(s); i++ {
		h = h*31 + s[i]
	}
	return h
}

// resolveNIC finds the NIC's network on the host: a standard port group
// of that name, else a port group of a switch of this vCenter the host is
// a member of. ok is false when the host has no such network.
func (vc *vcServer) resolveNIC(hr *hostRT, n *VMNicDef) (types.BaseVirtualDeviceBackingInfo, types.ManagedObjectReference, bool) {
	if n.DVSUuid == "" {
		if _, _, found := hasStandardPortgroup(hr.phys, n.Network); found {
			net := vc.ensureNetwork(hr.dc, n.Network)
			return &types.VirtualEthernetCardNetworkBackingInfo{
				VirtualDeviceDeviceBackingInfo: types.VirtualDeviceDeviceBackingInfo{DeviceName: n.Network},
				Network:                        &net,
			}, net, true
		}
		for _, px := range hr.phys.Proxies {
			if s := vc.dvs(px.DVSUuid); s != nil && dvPortgroupByName(s, n.Network) != nil {
				n.DVSUuid = px.DVSUuid
				break
			}
		}
	}
	if n.DVSUuid == "" {
		return &types.VirtualEthernetCardNetworkBackingInfo{
			VirtualDeviceDeviceBackingInfo: types.VirtualDeviceDeviceBackingInfo{DeviceName: n.Network},
		}, types.ManagedObjectReference{}, false
	}
	port := types.DistributedVirtualSwitchPortConnection{SwitchUuid: n.DVSUuid, PortgroupKey: n.DVSPortgroupKey}
	backing := &types.VirtualEthernetCardDistributedVirtualPortBackingInfo{Port: port}
	s := vc.dvs(n.DVSUuid)
	if s == nil || simulator.FindReference(s.Summary.HostMember, hr.ref) == nil || !hasProxy(hr.phys, n.DVSUuid) {
		return backing, types.ManagedObjectReference{}, false
	}
	pg := dvPortgroupByName(s, n.Network)
	if pg == nil {
		return backing, types.ManagedObjectReference{}, false
	}
	n.DVSPortgroupKey = pg.Key
	backing.Port.PortgroupKey = pg.Key
	return backing, pg.Self, true
}

func hasProxy(p *PhysHost, uuid string) bool {
	for _, px := range p.Proxies {
		if px.DVSUuid == uuid {
			return true
		}
	}
	return false
}

// connectedNICs records, per VM, which of its NICs the host's state has
// connected (before the host arrives in this vCenter).
func connectedNICs(vms []VMDef) map[string][]bool {
	out := map[string][]bool{}
	for _, vm := range vms {
		for _, n := range vm.NICs {
			out[vm.Name] = append(out[vm.Name], n.Connected == nil || *n.Connected)
		}
	}
	return out
}

// nicsCutOffOnArrival records the NICs that were connected (was, from
// connectedNICs) and are not now that the host is in this vCenter.
func (vc *vcServer) nicsCutOffOnArrival(hr *hostRT, was map[string][]bool) {
	for _, ref := range vc.hostObj(hr).Vm {
		vm := simulator.Map.Get(ref).(*simulator.VirtualMachine)
		i := 0
		for _, d := range vm.Config.Hardware.Device {
			card, ok := d.(types.BaseVirtualEthernetCard)
			if !ok {
				continue
			}
			c := card.GetVirtualEthernetCard()
			if i < len(was[vm.Name]) && was[vm.Name][i] && (c.Connectable == nil || !c.Connectable.Connected) {
				vc.incident(hr, "vm_nic_disconnected", nicSubject(vm, c), vc.missingNetwork(hr, c.Backing))
			}
			i++
		}
	}
}

// missingNetwork says why the host lacks a NIC's network.
func (vc *vcServer) missingNetwork(hr *hostRT, b types.BaseVirtualDeviceBackingInfo) string {
	switch b := b.(type) {
	case *types.VirtualEthernetCardNetworkBackingInfo:
		return "port group " + b.DeviceName + " is not on the host"
	case *types.VirtualEthernetCardDistributedVirtualPortBackingInfo:
		uuid := b.Port.SwitchUuid
		switch {
		case vc.dvs(uuid) == nil:
			return "its distributed switch " + proxyName(hr.phys, uuid) + " is not in vCenter " + vc.def.Name
		case !hasProxy(hr.phys, uuid):
			return "the host is not on its distributed switch " + proxyName(hr.phys, uuid)
		}
		return "its distributed port group " + b.Port.PortgroupKey + " is gone"
	}
	return "its network is not on the host"
}

// proxyName is the name of the host's proxy switch of a DVS, else its uuid.
func proxyName(p *PhysHost, uuid string) string {
	for _, px := range p.Proxies {
		if px.DVSUuid == uuid {
			return px.DVSName
		}
	}
	return uuid
}
