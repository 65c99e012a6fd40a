package main

// ReconfigVM_Task when it only edits network adapters: the new backing is
// checked against the VM's host alone (vcsim wants every host of the
// cluster on the switch, and panics on unknown network names); a NIC
// whose network the host lacks ends up disconnected. Other reconfigures
// are vcsim's.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() { extMethods["ReconfigVM_Task"] = extReconfigVM }

func extReconfigVM(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.ReconfigVM_Task)
	vm, ok := simulator.Map.Get(req.This).(*simulator.VirtualMachine)
	if !ok || !onlyNICEdits(req.Spec) || vm.Runtime.Host == nil {
		return nil, false
	}
	hr := vc.hostByRef(*vm.Runtime.Host)
	if hr == nil {
		return nil, false
	}
	task := taskResult(func() (types.AnyType, types.BaseMethodFault) {
		for _, dc := range req.Spec.DeviceChange {
			if f := vc.editNIC(vm, hr, dc.GetVirtualDeviceConfigSpec().Device.(types.BaseVirtualEthernetCard).GetVirtualEthernetCard()); f != nil {
				return nil, f
			}
		}
		vc.applyHostHealth(hr)
		if err := vc.saveHost(hr); err != nil {
			return nil, &types.RuntimeFault{}
		}
		return nil, nil
	}, req.This, "reconfigVM")
	return &methods.ReconfigVM_TaskBody{Res: &types.ReconfigVM_TaskResponse{Returnval: task}}, true
}

func onlyNICEdits(spec types.VirtualMachineConfigSpec) bool {
	if len(spec.DeviceChange) == 0 {
		return false
	}
	for _, dc := range spec.DeviceChange {
		d := dc.GetVirtualDeviceConfigSpec()
		if _, ok := d.Device.(types.BaseVirtualEthernetCard); !ok || d.Operation != types.VirtualDeviceConfigSpecOperationEdit {
			return false
		}
	}
	return true
}

// editNIC gives the VM's card (by key) the new backing and connection.
func (vc *vcServer) editNIC(vm *simulator.VirtualMachine, hr *hostRT, want *types.VirtualEthernetCard) types.BaseMethodFault {
	for _, d := range vm.Config.Hardware.Device {
		card, ok := d.(types.BaseVirtualEthernetCard)
		if !ok || d.GetVirtualDevice().Key != want.Key {
			continue
		}
		c := card.GetVirtualEthernetCard()
		before := vc.backingVLAN(hr, c.Backing)
		if want.Backing != nil {
			c.Backing = want.Backing
			if b, ok := c.Backing.(*types.VirtualEthernetCardNetworkBackingInfo); ok {
				net := vc.ensureNetwork(hr.dc, b.DeviceName)
				b.Network = &net
			}
		}
		if want.Connectable != nil {
			cc := *want.Connectable
			c.Connectable = &cc
		}
		if after := vc.backingVLAN(hr, c.Backing); before != "" && after != "" && !sameVLAN(before, after) {
			vc.incident(hr, "vm_nic_vlan_changed", nicSubject(vm, c), "VLAN "+before+" -> "+after)
		}
		return nil
	}
	return &types.InvalidDeviceSpec{InvalidVmConfig: types.InvalidVmConfig{Property: "deviceChange.device.key"}}
}
