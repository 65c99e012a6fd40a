package main

// Building a vCenter's starting inventory from the world file: datacenters,
// folders, distributed switches, clusters, and the hosts the shared state
// says this vCenter manages. Objects are created through the in-process
// client (vcsim's own methods) and then adjusted directly where vcsim has
// no method for what a real vCenter shows.

import (
	"fmt"
	"strings"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

func (vc *vcServer) buildInventory() error {
	for _, dcd := range vc.def.Datacenters {
		dc, err := vc.createDatacenter(dcd)
		if err != nil {
			return err
		}
		for _, d := range dcd.DVSwitches {
			if err := vc.createDVS(dc, d); err != nil {
				return fmt.Errorf("dvs %s: %v", d.Name, err)
			}
		}
		for _, cd := range dcd.Clusters {
			if err := vc.createCluster(dc, cd); err != nil {
				return fmt.Errorf("cluster %s: %v", cd.Name, err)
			}
		}
		for _, s := range dcd.Standalone {
			folder, err := vc.folderPath(dc.hostFolder, s.Folder)
			if err != nil {
				return err
			}
			if err := vc.attachIfManaged(dc, s.Host, folder); err != nil {
				return err
			}
			if err := vc.createStandalonePools(dc, s); err != nil {
				return err
			}
		}
	}
	vc.syncNetworks() // once for the whole inventory, built in-process
	return nil
}

func (vc *vcServer) createDatacenter(dcd DatacenterDef) (*dcRT, error) {
	root := object.NewRootFolder(vc.c)
	dco, err := root.CreateDatacenter(vc.ctx, dcd.Name)
	if err != nil {
		return nil, err
	}
	dc := vc.dcRecord(simulator.Map.Get(dco.Reference()).(*simulator.Datacenter))
	for _, p := range dcd.HostFolders {
		if _, err := vc.folderPath(dc.hostFolder, p); err != nil {
			return nil, err
		}
	}
	for _, p := range dcd.VMFolders {
		if _, err := vc.folderPath(dc.vmFolder, p); err != nil {
			return nil, err
		}
	}
	return dc, nil
}

// folderPath returns the folder at path ("a/b") under base, creating it.
func (vc *vcServer) folderPath(base types.ManagedObjectReference, path string) (types.ManagedObjectReference, error) {
	cur := base
	for _, name := range strings.Split(path, "/") {
		if name == "" {
			continue
		}
		f := simulator.Map.Get(cur).(*simulator.Folder)
		if child := simulator.Map.FindByName(name, f.ChildEntity); child != nil {
			cur = child.Reference()
			continue
		}
		nf, err := object.NewFolder(vc.c, cur).CreateFolder(vc.ctx, name)
		if err != nil {
			return cur, err
		}
		cur = nf.Reference()
	}
	return cur, nil
}

func (vc *vcServer) createCluster(dc *dcRT, cd ClusterDef) error {
	folder, err := vc.folderPath(dc.hostFolder, cd.Folder)
	if err != nil {
		return err
	}
	cl, err := object.NewFolder(vc.c, folder).CreateCluster(vc.ctx, cd.Name, clusterSpec(cd))
	if err != nil {
		return err
	}
	for _, h := range cd.Hosts {
		if err := vc.attachIfManaged(dc, h, cl.Reference()); err != nil {
			return err
		}
	}
	ccr := simulator.Map.Get(cl.Reference()).(*simulator.ClusterComputeResource)
	ccr.Summary.(*types.ClusterComputeResourceSummary).CurrentEVCModeKey = cd.EVCMode
	// vcsim's CreateClusterEx ignores the HA/DRS part of the spec.
	spec := clusterSpec(cd)
	cfg := ccr.ConfigurationEx.(*types.ClusterConfigInfoEx)
	cfg.DasConfig, cfg.DrsConfig = *spec.DasConfig, *spec.DrsConfig
	if err := vc.configureRules(cl, cd); err != nil {
		return err
	}
	return vc.createPools(dc, cl, cd)
}

// clusterSpec is the HA/DRS part of a cluster's configuration.
func clusterSpec(cd ClusterDef) types.ClusterConfigSpecEx {
	das := &types.ClusterDasConfigInfo{
		Enabled:                 types.NewBool(cd.HA),
		HostMonitoring:          "enabled",
		AdmissionControlEnabled: types.NewBool(cd.HAHostFailures > 0),
		DefaultVmSettings: &types.ClusterDasVmSettings{
			RestartPriority:   cd.HARestartPriority,
			IsolationResponse: cd.HAIsolationResponse,
		},
	}
	if cd.HAHostFailures > 0 {
		das.AdmissionControlPolicy = &types.ClusterFailoverLevelAdmissionControlPolicy{FailoverLevel: cd.HAHostFailures}
	}
	behavior := cd.DRSBehavior
	if behavior == "" {
		behavior = "fullyAutomated"
	}
	return types.ClusterConfigSpecEx{
		DasConfig: das,
		DrsConfig: &types.ClusterDrsConfigInfo{
			Enabled:           types.NewBool(cd.DRS),
			DefaultVmBehavior: types.DrsBehavior(behavior),
			VmotionRate:       cd.DRSMigrationRate,
		},
	}
}

// configureRules adds the DRS groups and rules once the VMs exist.
func (vc *vcServer) configureRules(cl *object.ClusterComputeResource, cd ClusterDef) error {
	if len(cd.Groups) == 0 && len(cd.Rules) == 0 {
		return nil
	}
	var spec types.ClusterConfigSpecEx
	for _, g := range cd.Groups {
		var grp types.BaseClusterGroupInfo
		if g.Type == "host" {
			grp = &types.ClusterHostGroup{ClusterGroupInfo: types.ClusterGroupInfo{Name: g.Name}, Host: vc.refsByName("HostSystem", g.Members)}
		} else {
			grp = &types.ClusterVmGroup{ClusterGroupInfo: types.ClusterGroupInfo{Name: g.Name}, Vm: vc.refsByName("VirtualMachine", g.Members)}
		}
		spec.GroupSpec = append(spec.GroupSpec, types.ClusterGroupSpec{ArrayUpdateSpec: types.ArrayUpdateSpec{Operation: "add"}, Info: grp})
	}
	for _, r := range cd.Rules {
		base := types.ClusterRuleInfo{Name: r.Name, Enabled: types.NewBool(r.Enabled)}
		var rule types.BaseClusterRuleInfo
		switch r.Type {
		case "vm_affinity":
			rule = &types.ClusterAffinityRuleSpec{ClusterRuleInfo: base, Vm: vc.refsByName("VirtualMachine", r.VMs)}
		case "vm_anti_affinity":
			rule = &types.ClusterAntiAffinityRuleSpec{ClusterRuleInfo: base, Vm: vc.refsByName("VirtualMachine", r.VMs)}
		default:
			vmHost := &types.ClusterVmHostRuleInfo{ClusterRuleInfo: base, VmGroupName: r.VMGroup}
			switch r.Policy {
			case "must_run_on", "should_run_on":
				vmHost.AffineHostGroupName = r.HostGroup
			default:
				vmHost.AntiAffineHostGroupName = r.HostGroup
			}
			base.Mandatory = types.NewBool(strings.HasPrefix(r.Policy, "must"))
			vmHost.ClusterRuleInfo = base
			rule = vmHost
		}
		spec.RulesSpec = append(spec.RulesSpec, types.ClusterRuleSpec{ArrayUpdateSpec: types.ArrayUpdateSpec{Operation: "add"}, Info: rule})
	}
	task, err := cl.Reconfigure(vc.ctx, &spec, true)
	if err != nil {
		return err
	}
	return task.Wait(vc.ctx)
}

// refsByName finds entities of kind by name (unknown names are skipped).
func (vc *vcServer) refsByName(kind string, names []string) []types.ManagedObjectReference {
	var out []types.ManagedObjectReference
	for _, n := range names {
		for _, e := range simulator.Map.All(kind) {
			if e.Entity().Name == n {
				out = append(out, e.Reference())
				break
			}
		}
	}
	return out
}

// attachIfManaged adds host name under parent (a cluster or host folder)
// when the shared state says this vCenter manages it.
func (vc *vcServer) attachIfManaged(dc *dcRT, name string, parent types.ManagedObjectReference) error {
	var ph *PhysHost
	err := vc.state.withLock(func() error {
		var err error
		ph, err = vc.state.readHost(name)
		return err
	})
	if err != nil {
		return err
	}
	if ph == nil || ph.ManagedBy != vc.def.Name {
		return nil
	}
	_, err = vc.attachHost(dc, parent, ph, "")
	return err
}

// dcOf is the datacenter runtime record of an entity.
func (vc *vcServer) dcOf(ref types.ManagedObjectReference) *dcRT {
	for e := simulator.Map.Get(ref); e != nil; {
		me, ok := e.(mo.Entity)
		if !ok || me.Entity().Parent == nil {
			return nil
		}
		if d, ok := e.(*simulator.Datacenter); ok {
			return vc.dcRecord(d)
		}
		e = simulator.Map.Get(*me.Entity().Parent)
	}
	return nil
}

// dcRecord is the runtime record of a datacenter, made on first use
// (datacenters created by clients get one too).
func (vc *vcServer) dcRecord(d *simulator.Datacenter) *dcRT {
	if dc, ok := vc.dcs[d.Self.Value]; ok {
		return dc
	}
	dc := &dcRT{name: d.Name, ref: d.Self, vmFolder: d.VmFolder, hostFolder: d.HostFolder, netFolder: d.NetworkFolder}
	vc.dcs[d.Self.Value] = dc
	return dc
}
