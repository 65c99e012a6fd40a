package main

// Materialising a physical host in this vCenter: the HostSystem with the
// host's identity (thumbprint, version, CPU), a local datastore, its
// network configuration and the VMs registered on it.

import (
	"fmt"
	"os"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/simulator/esx"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// hostRT is a host in this vCenter's inventory. phys is authoritative for
// the host's network configuration while this vCenter manages it; VMs live
// in vcsim and are copied back into phys by exportHost.
type hostRT struct {
	name string
	ref  types.ManagedObjectReference
	dc   *dcRT
	phys *PhysHost
	ds   types.ManagedObjectReference
	lost bool // another vCenter took the host over
}

// attachHost adds ph under parent (a cluster or a host folder). VMs go to
// their recorded folder, or to vmFolder when it is set.
func (vc *vcServer) attachHost(dc *dcRT, parent types.ManagedObjectReference, ph *PhysHost, vmFolder string) (*hostRT, error) {
	spec := types.HostConnectSpec{HostName: ph.Name}
	var task *object.Task
	var err error
	if parent.Type == "ClusterComputeResource" {
		task, err = object.NewClusterComputeResource(vc.c, parent).AddHost(vc.ctx, spec, true, nil, nil)
	} else {
		task, err = object.NewFolder(vc.c, parent).AddStandaloneHost(vc.ctx, spec, true, nil, nil)
	}
	if err != nil {
		return nil, err
	}
	info, err := task.WaitForResult(vc.ctx, nil)
	if err != nil {
		return nil, err
	}
	hr := &hostRT{name: ph.Name, ref: info.Result.(types.ManagedObjectReference), dc: dc, phys: ph}
	h := vc.hostObj(hr)
	describeHost(h, ph)
	// summary.managementServerIp: the address of the vCenter managing the host, as the
	// host's HostConnectInfo.serverIp gives it.
	h.Summary.ManagementServerIp = vc.def.Address
	vc.hosts[ph.Name] = hr
	if err := vc.addDatastore(hr); err != nil {
		return nil, err
	}
	vc.joinOwnSwitches(hr)
	vc.renderNetwork(hr)
	for i := range ph.VMs {
		folder := ph.VMs[i].Folder
		if vmFolder != "" {
			folder = vmFolder
		}
		if err := vc.createVM(hr, &ph.VMs[i], folder); err != nil {
			return nil, fmt.Errorf("vm %s: %v", ph.VMs[i].Name, err)
		}
	}
	vc.applyHostHealth(hr)
	return hr, nil
}

func (vc *vcServer) hostObj(hr *hostRT) *simulator.HostSystem {
	return simulator.Map.Get(hr.ref).(*simulator.HostSystem)
}

// hostProduct is the physical host's about info: vcsim's ESXi one with the
// host's version and build.
func hostProduct(ph *PhysHost) types.AboutInfo {
	about := esx.HostConfigInfo.Product // a copy: vcsim's hosts share the template
	about.Version, about.Build = ph.Version, ph.Build
	about.FullName = fmt.Sprintf("VMware ESXi %s build-%s", ph.Version, ph.Build)
	return about
}

// describeHost gives the vcsim host the physical host's identity.
func describeHost(h *simulator.HostSystem, ph *PhysHost) {
	h.Summary.Config.SslThumbprint = ph.Thumbprint
	about := hostProduct(ph)
	h.Summary.Config.Product = &about
	h.Config.Product = about
	h.Summary.MaxEVCModeKey = ph.MaxEVC
	hw := *h.Hardware
	hw.CpuPkg = append([]types.HostCpuPackage(nil), hw.CpuPkg...)
	for i := range hw.CpuPkg {
		hw.CpuPkg[i].Vendor = ph.CPUVendor
	}
	h.Hardware = &hw
	h.Runtime.InMaintenanceMode = false
}

// addDatastore gives the host a local datastore for its VMs' files, in a
// directory of its own (a host added twice gets a fresh one). Its name is the
// host's, the same at every start and every re-add, as a local VMFS volume
// keeps its label when its host moves.
func (vc *vcServer) addDatastore(hr *hostRT) error {
	dir, err := os.MkdirTemp(vc.data, "ds-")
	if err != nil {
		return err
	}
	dss, err := object.NewHostSystem(vc.c, hr.ref).ConfigManager().DatastoreSystem(vc.ctx)
	if err != nil {
		return err
	}
	ds, err := dss.CreateLocalDatastore(vc.ctx, "local-"+hr.name, dir)
	if err != nil {
		return err
	}
	hr.ds = ds.Reference()
	return nil
}

// vmGuestID is every simulated VM's guest OS.
const vmGuestID = "otherGuest64"

// createVM registers vm on the host, in folder (a path under the
// datacenter's vm folder), with its NICs and power state.
func (vc *vcServer) createVM(hr *hostRT, vm *VMDef, folder string) error {
	fref, err := vc.folderPath(hr.dc.vmFolder, folder)
	if err != nil {
		return err
	}
	ds := simulator.Map.Get(hr.ds).(*simulator.Datastore)
	cfg := types.VirtualMachineConfigSpec{
		Name: vm.Name, GuestId: vmGuestID, NumCPUs: vm.CPUs, MemoryMB: vm.MemoryMB,
		Files: &types.VirtualMachineFileInfo{VmPathName: fmt.Sprintf("[%s]", ds.Name)},
	}
	h := vc.hostObj(hr)
	pool := object.NewResourcePool(vc.c, vc.hostPool(h))
	task, err := object.NewFolder(vc.c, fref).CreateVM(vc.ctx, cfg, pool, object.NewHostSystem(vc.c, hr.ref))
	if err != nil {
		return err
	}
	info, err := task.WaitForResult(vc.ctx, nil)
	if err != nil {
		return err
	}
	ref := info.Result.(types.ManagedObjectReference)
	vc.setNICs(simulator.Map.Get(ref).(*simulator.VirtualMachine), hr, vm.NICs)
	obj := object.NewVirtualMachine(vc.c, ref)
	if vm.Power == "poweredOff" {
		return nil
	}
	if task, err = obj.PowerOn(vc.ctx); err == nil {
		err = task.Wait(vc.ctx)
	}
	if err == nil && vm.Power == "suspended" {
		if task, err = obj.Suspend(vc.ctx); err == nil {
			err = task.Wait(vc.ctx)
		}
	}
	return err
}

// hostPool is the root resource pool of the host's compute resource.
func (vc *vcServer) hostPool(h *simulator.HostSystem) types.ManagedObjectReference {
	switch p := simulator.Map.Get(*h.Parent).(type) {
	case *simulator.ClusterComputeResource:
		return *p.ResourcePool
	case *mo.ComputeResource:
		return *p.ResourcePool
	}
	panic(fmt.Sprintf("host %s: parent %v is no compute resource", h.Name, h.Parent))
}
