package main

// A cluster's EVC baseline, which vcsim 0.24 cannot change: vCenter sets it through the
// cluster's ClusterEVCManager (EvcManager, ConfigureEvcMode_Task, DisableEvcMode_Task),
// not through the cluster's spec. The manager is not an inventory object here: its
// moref names its cluster ("evcm-" + the cluster's), which is all its methods need.
// Unlike vCenter, the hosts' CPUs are not checked against the baseline (vcshift's
// planner refuses a baseline newer than a host's maximum before it gets here).

import (
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

const evcManagerPrefix = "evcm-"

func init() {
	extMethods["EvcManager"] = extEvcManager
	extMethods["ConfigureEvcMode_Task"] = extConfigureEvc
	extMethods["DisableEvcMode_Task"] = extDisableEvc
}

func extEvcManager(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.EvcManager)
	if _, ok := simulator.Map.Get(req.This).(*simulator.ClusterComputeResource); !ok {
		return nil, false
	}
	manager := types.ManagedObjectReference{Type: "ClusterEVCManager", Value: evcManagerPrefix + req.This.Value}
	return &methods.EvcManagerBody{Res: &types.EvcManagerResponse{Returnval: &manager}}, true
}

// clusterOfEvcManager is the cluster a manager moref names, or nil.
func clusterOfEvcManager(manager types.ManagedObjectReference) *simulator.ClusterComputeResource {
	if manager.Type != "ClusterEVCManager" || !strings.HasPrefix(manager.Value, evcManagerPrefix) {
		return nil
	}
	ref := types.ManagedObjectReference{Type: "ClusterComputeResource", Value: strings.TrimPrefix(manager.Value, evcManagerPrefix)}
	cl, _ := simulator.Map.Get(ref).(*simulator.ClusterComputeResource)
	return cl
}

func setEvcMode(cl *simulator.ClusterComputeResource, mode string) types.ManagedObjectReference {
	return taskResult(func() (types.AnyType, types.BaseMethodFault) {
		cl.Summary.(*types.ClusterComputeResourceSummary).CurrentEVCModeKey = mode
		return nil, nil
	}, cl.Self, "configureEvcMode")
}

func extConfigureEvc(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.ConfigureEvcMode_Task)
	cl := clusterOfEvcManager(req.This)
	if cl == nil {
		return failWith(&types.ManagedObjectNotFound{Obj: req.This})
	}
	if req.EvcModeKey == "" {
		return failWith(&types.InvalidArgument{InvalidProperty: "evcModeKey"})
	}
	task := setEvcMode(cl, req.EvcModeKey)
	return &methods.ConfigureEvcMode_TaskBody{Res: &types.ConfigureEvcMode_TaskResponse{Returnval: task}}, true
}

func extDisableEvc(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.DisableEvcMode_Task)
	cl := clusterOfEvcManager(req.This)
	if cl == nil {
		return failWith(&types.ManagedObjectNotFound{Obj: req.This})
	}
	task := setEvcMode(cl, "")
	return &methods.DisableEvcMode_TaskBody{Res: &types.DisableEvcMode_TaskResponse{Returnval: task}}, true
}
