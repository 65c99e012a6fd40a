package main

// Destroy_Task on a distributed switch or a distributed port group. vcsim
// deletes either with VMs and VMkernel adapters still on it, which would
// cut them off unseen; vCenter refuses a port group whose ports are in use
// ("The resource '…' is in use": ResourceInUse), and here a switch
// likewise: a VM NIC (a static-binding port stays the NIC's while it is
// disconnected) or a VMkernel adapter on it keeps it. A switch that goes
// leaves every connected member host, which loses its proxy switch, the
// pNICs on it free again; a disconnected or taken-over host keeps its
// proxy switch, as vCenter cannot reach it.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// destroyDVPortgroup refuses a port group in use; vcsim deletes the rest.
func (vc *vcServer) destroyDVPortgroup(pg *simulator.DistributedVirtualPortgroup) (soap.HasFault, bool) {
	sw, ok := simulator.Map.Get(*pg.Config.DistributedVirtualSwitch).(*simulator.DistributedVirtualSwitch)
	if !ok || vc.dvs(sw.Uuid) == nil {
		return nil, false
	}
	if f := vc.dvsPortsInUse(sw.Uuid, pg); f != nil {
		task := taskResult(func() (types.AnyType, types.BaseMethodFault) { return nil, f }, pg.Self, "destroy")
		return &methods.Destroy_TaskBody{Res: &types.Destroy_TaskResponse{Returnval: task}}, true
	}
	return nil, false
}

// destroyDVS refuses a switch in use, else deletes it with its port groups
// (its uplink port group too: ManagedEntity.Destroy deletes "its contents";
// vcsim deleted the switch alone, leaving them in the datacenter's
// networks) and takes it off its connected member hosts. The switch goes
// first, so that its network I/O control no longer applies to the pNICs it
// lets go.
func (vc *vcServer) destroyDVS(s *simulator.DistributedVirtualSwitch) types.BaseMethodFault {
	if f := vc.dvsPortsInUse(s.Uuid, nil); f != nil {
		return f
	}
	var members []*hostRT
	for _, hr := range vc.hosts {
		if !hr.lost && hasProxy(hr.phys, s.Uuid) && vc.hostObj(hr).Runtime.ConnectionState == types.HostSystemConnectionStateConnected {
			members = append(members, hr)
		}
	}
	gone := append([]types.ManagedObjectReference{s.Self}, s.Portgroup...)
	if dc := vc.dcOf(s.Self); dc != nil {
		dco := simulator.Map.Get(dc.ref).(*simulator.Datacenter)
		for _, ref := range gone {
			simulator.Map.RemoveReference(dco, &dco.Network, ref)
		}
	}
	for _, ref := range gone {
		if simulator.Map.Get(ref) != nil {
			vc.removeEntity(ref)
		}
	}
	delete(vc.switches, s.Uuid)
	for _, hr := range members {
		vc.dvsRemoveMember(s, hr)
		if f := vc.netChange(hr, func(p *PhysHost) types.BaseMethodFault { removeProxy(p, s.Uuid); return nil }); f != nil {
			return f
		}
	}
	return nil
}

// dvsPortsInUse is the ResourceInUse naming the first VM NIC or VMkernel
// adapter, on any host of this vCenter, on the switch (pg nil) or on the
// port group pg.
func (vc *vcServer) dvsPortsInUse(uuid string, pg *simulator.DistributedVirtualPortgroup) types.BaseMethodFault {
	for _, hr := range vc.hosts {
		for _, k := range hr.phys.Vmknics {
			if k.DVSUuid == uuid && (pg == nil || k.DVSPortgroupKey == pg.Key || k.DVSPortgroupKey == "" && k.Portgroup == pg.Name) {
				return &types.ResourceInUse{Type: "HostVirtualNic", Name: hr.name + " " + k.Device}
			}
		}
		for _, ref := range vc.hostObj(hr).Vm {
			vm := simulator.Map.Get(ref).(*simulator.VirtualMachine)
			if vmOnDVS(vm, uuid, pg) {
				return &types.ResourceInUse{Type: "VirtualMachine", Name: vm.Name}
			}
		}
	}
	return nil
}

// vmOnDVS: a NIC of the VM is on the switch (pg nil) or on port group pg.
func vmOnDVS(vm *simulator.VirtualMachine, uuid string, pg *simulator.DistributedVirtualPortgroup) bool {
	for _, d := range vm.Config.Hardware.Device {
		card, ok := d.(types.BaseVirtualEthernetCard)
		if !ok {
			continue
		}
		b, ok := card.GetVirtualEthernetCard().Backing.(*types.VirtualEthernetCardDistributedVirtualPortBackingInfo)
		if ok && b.Port.SwitchUuid == uuid && (pg == nil || b.Port.PortgroupKey == pg.Key) {
			return true
		}
	}
	return false
}
