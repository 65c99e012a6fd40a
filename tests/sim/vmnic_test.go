package main

// Test helpers that reconfigure a VM's first NIC, as a client does: read the
// VM's devices, edit the card, ReconfigVM_Task with an edit of it.

import (
	"testing"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/vim25/types"
)

// editFirstNIC applies edit to the VM's first virtual ethernet card and
// reconfigures the VM with it; a fault ends the test.
func editFirstNIC(t *testing.T, vm *object.VirtualMachine, edit func(nic *types.VirtualDevice)) {
	t.Helper()
	ctx := tctxLong(t)
	devices, err := vm.Device(ctx)
	if err != nil {
		t.Fatal(err)
	}
	nic := devices.SelectByType((*types.VirtualEthernetCard)(nil))[0]
	edit(nic.GetVirtualDevice())
	if f := taskFault(vm.Reconfigure(ctx, types.VirtualMachineConfigSpec{DeviceChange: []types.BaseVirtualDeviceConfigSpec{
		&types.VirtualDeviceConfigSpec{Operation: types.VirtualDeviceConfigSpecOperationEdit, Device: nic}}})); f != nil {
		t.Fatal(f)
	}
}

// setNetwork puts the VM's first NIC on a standard network by name.
func setNetwork(t *testing.T, vm *object.VirtualMachine, network string) {
	t.Helper()
	editFirstNIC(t, vm, func(nic *types.VirtualDevice) {
		nic.Backing = &types.VirtualEthernetCardNetworkBackingInfo{
			VirtualDeviceDeviceBackingInfo: types.VirtualDeviceDeviceBackingInfo{DeviceName: network}}
	})
}

// setConnected connects or disconnects the VM's first NIC, now and at power-on.
func setConnected(t *testing.T, vm *object.VirtualMachine, connected bool) {
	t.Helper()
	editFirstNIC(t, vm, func(nic *types.VirtualDevice) {
		nic.Connectable = &types.VirtualDeviceConnectInfo{Connected: connected, StartConnected: connected}
	})
}

// setDVNetwork puts the VM's first NIC on a distributed port group, connected.
func setDVNetwork(t *testing.T, c *govmomi.Client, vm *object.VirtualMachine, switchName, pgName string) {
	t.Helper()
	_, props := dvSwitch(t, c, switchName)
	key := ""
	for _, ref := range props.Portgroup {
		if dvPortgroupNameOf(t, c, ref) == pgName {
			key = ref.Value
		}
	}
	editFirstNIC(t, vm, func(nic *types.VirtualDevice) {
		nic.Backing = &types.VirtualEthernetCardDistributedVirtualPortBackingInfo{
			Port: types.DistributedVirtualSwitchPortConnection{SwitchUuid: props.Uuid, PortgroupKey: key}}
		nic.Connectable.Connected = true // it may have lost its network on the way here
	})
}
