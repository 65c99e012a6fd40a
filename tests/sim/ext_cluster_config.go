package main

// ReconfigureComputeResource_Task on clusters: vcsim applies rules, groups
// and overrides but drops the HA and DRS settings; vcshift changes those
// (e.g. the DRS automation level), so they are merged here first.
// CreateClusterEx likewise ignores the spec's HA and DRS parts: they are
// applied to the new cluster once vcsim has made it.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	extMethods["ReconfigureComputeResource_Task"] = extReconfigureCluster
	afterMethods["CreateClusterEx"] = afterCreateCluster
}

func afterCreateCluster(vc *vcServer, m *simulator.Method) {
	req := m.Body.(*types.CreateClusterEx)
	folder, ok := simulator.Map.Get(req.This).(*simulator.Folder)
	if !ok {
		return
	}
	for _, ref := range folder.ChildEntity {
		cl, ok := simulator.Map.Get(ref).(*simulator.ClusterComputeResource)
		if !ok || cl.Name != req.Name {
			continue
		}
		cfg := cl.ConfigurationEx.(*types.ClusterConfigInfoEx)
		if req.Spec.DasConfig != nil {
			mergeDas(&cfg.DasConfig, req.Spec.DasConfig)
		}
		if req.Spec.DrsConfig != nil {
			mergeDrs(&cfg.DrsConfig, req.Spec.DrsConfig)
		}
	}
}

func extReconfigureCluster(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.ReconfigureComputeResource_Task)
	cl, ok := simulator.Map.Get(req.This).(*simulator.ClusterComputeResource)
	spec, isEx := req.Spec.(*types.ClusterConfigSpecEx)
	if !ok || !isEx {
		return nil, false
	}
	cfg := cl.ConfigurationEx.(*types.ClusterConfigInfoEx)
	if spec.DasConfig != nil {
		mergeDas(&cfg.DasConfig, spec.DasConfig)
	}
	if spec.DrsConfig != nil {
		mergeDrs(&cfg.DrsConfig, spec.DrsConfig)
	}
	replaceOverridesOnAdd(cfg, spec)
	return nil, false // vcsim does the rest (rules, groups, overrides) and the task
}

// mergeDas applies the set fields of a DAS spec (unset = unchanged, as in
// vCenter's modify mode).
func mergeDas(cur, spec *types.ClusterDasConfigInfo) {
	if spec.Enabled != nil {
		cur.Enabled = spec.Enabled
	}
	if spec.HostMonitoring != "" {
		cur.HostMonitoring = spec.HostMonitoring
	}
	if spec.AdmissionControlEnabled != nil {
		cur.AdmissionControlEnabled = spec.AdmissionControlEnabled
	}
	if spec.AdmissionControlPolicy != nil {
		cur.AdmissionControlPolicy = spec.AdmissionControlPolicy
	}
	if d := spec.DefaultVmSettings; d != nil {
		if cur.DefaultVmSettings == nil {
			cur.DefaultVmSettings = &types.ClusterDasVmSettings{}
		}
		if d.IsolationResponse != "" {
			cur.DefaultVmSettings.IsolationResponse = d.IsolationResponse
		}
		if d.RestartPriority != "" {
			cur.DefaultVmSettings.RestartPriority = d.RestartPriority
		}
	}
}

func mergeDrs(cur, spec *types.ClusterDrsConfigInfo) {
	if spec.Enabled != nil {
		cur.Enabled = spec.Enabled
	}
	if spec.DefaultVmBehavior != "" {
		cur.DefaultVmBehavior = spec.DefaultVmBehavior
	}
	if spec.VmotionRate != 0 {
		cur.VmotionRate = spec.VmotionRate
	}
}
