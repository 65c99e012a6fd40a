package main

// A distributed switch's and its port groups' own settings, which vcsim
// ignores or overwrites: CreateDVS_Task keeps the spec's maxMtu (vcsim drops
// it: every client-made switch had 1500) and gives the switch a uuid of its
// own (vcsim's comes from the name alone); EnableNetworkResourceManagement
// (vcsim lacks it) turns network I/O control on or off;
// PerformDvsProductSpecOperation_Task (vcsim lacks it) upgrades the switch's
// version, the one operation the reference allows on a VMware switch, and
// never downgrades; ReconfigureDVPortgroup_Task changes what the spec sets
// and keeps the rest, as vCenter does (vcsim replaces the whole config, an
// unset name included).

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	afterMethods["CreateDVS_Task"] = afterCreateDVS
	extMethods["EnableNetworkResourceManagement"] = extEnableNIOC
	extMethods["PerformDvsProductSpecOperation_Task"] = extDvsProductSpecOperation
	extMethods["ReconfigureDVPortgroup_Task"] = extReconfigureDVPortgroup
}

func afterCreateDVS(vc *vcServer, m *simulator.Method) {
	req := m.Body.(*types.CreateDVS_Task)
	spec := req.Spec.ConfigSpec.GetDVSConfigSpec()
	folder, ok := simulator.Map.Get(req.This).(*simulator.Folder)
	if !ok || folder.Parent == nil {
		return
	}
	dc, ok := simulator.Map.Get(*folder.Parent).(*simulator.Datacenter)
	if !ok {
		return
	}
	for _, ref := range folder.ChildEntity {
		s, ok := simulator.Map.Get(ref).(*simulator.DistributedVirtualSwitch)
		if !ok || s.Name != spec.Name {
			continue
		}
		cfg := s.Config.(*types.VMwareDVSConfigInfo)
		if vc.switches[s.Uuid] == s {
			return // made uuid and all already
		}
		// vcsim derives the uuid from the name alone: two switches of one name (in two
		// datacenters) were one switch to every lookup by uuid.
		uuid := dvsUUID(vc.def.Name, dc.Name, s.Name)
		s.Uuid, s.Summary.Uuid, cfg.Uuid = uuid, uuid, uuid
		if v, ok := req.Spec.ConfigSpec.(*types.VMwareDVSConfigSpec); ok && v.MaxMtu != 0 {
			cfg.MaxMtu = v.MaxMtu
		}
		vc.dvs(uuid)
	}
}

func extEnableNIOC(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.EnableNetworkResourceManagement)
	s, ok := simulator.Map.Get(req.This).(*simulator.DistributedVirtualSwitch)
	if !ok {
		return nil, false
	}
	s.Config.(*types.VMwareDVSConfigInfo).NetworkResourceManagementEnabled = types.NewBool(req.Enable)
	return &methods.EnableNetworkResourceManagementBody{Res: &types.EnableNetworkResourceManagementResponse{}}, true
}

func extDvsProductSpecOperation(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.PerformDvsProductSpecOperation_Task)
	s, ok := simulator.Map.Get(req.This).(*simulator.DistributedVirtualSwitch)
	if !ok {
		return nil, false
	}
	task := taskResult(func() (types.AnyType, types.BaseMethodFault) { return nil, vc.upgradeDvs(s, req) }, req.This, "performDvsProductSpecOperation")
	return &methods.PerformDvsProductSpecOperation_TaskBody{Res: &types.PerformDvsProductSpecOperation_TaskResponse{Returnval: task}}, true
}

func (vc *vcServer) upgradeDvs(s *simulator.DistributedVirtualSwitch, req *types.PerformDvsProductSpecOperation_Task) types.BaseMethodFault {
	if req.Operation != string(types.DistributedVirtualSwitchProductSpecOperationTypeUpgrade) {
		return &types.InvalidArgument{InvalidProperty: "operation"}
	}
	s = vc.dvs(s.Uuid)
	cfg := s.Config.(*types.VMwareDVSConfigInfo)
	if req.ProductSpec == nil || req.ProductSpec.Version == "" || versionLess(req.ProductSpec.Version, cfg.ProductInfo.Version) {
		return &types.InvalidArgument{InvalidProperty: "productSpec.version"}
	}
	for _, hr := range vc.hosts {
		if simulator.FindReference(s.Summary.HostMember, hr.ref) != nil && versionLess(hr.phys.Version, req.ProductSpec.Version) {
			return &types.DvsFault{}
		}
	}
	cfg.ProductInfo.Version = req.ProductSpec.Version
	s.Summary.ProductInfo = &cfg.ProductInfo
	return nil
}

// versionLess compares dotted versions number by number.
func versionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			return x < y
		}
	}
	return false
}

func extReconfigureDVPortgroup(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.ReconfigureDVPortgroup_Task)
	pg, ok := simulator.Map.Get(req.This).(*simulator.DistributedVirtualPortgroup)
	if !ok {
		return nil, false
	}
	task := taskResult(func() (types.AnyType, types.BaseMethodFault) { return nil, reconfigurePortgroup(pg, req.Spec) }, req.This, "reconfigureDvPortgroup")
	return &methods.ReconfigureDVPortgroup_TaskBody{Res: &types.ReconfigureDVPortgroup_TaskResponse{Returnval: task}}, true
}

func reconfigurePortgroup(pg *simulator.DistributedVirtualPortgroup, spec types.DVPortgroupConfigSpec) types.BaseMethodFault {
	if spec.Name != "" && spec.Name != pg.Name {
		pg.Name, pg.Config.Name = spec.Name, spec.Name
	}
	if spec.NumPorts != 0 {
		pg.Config.NumPorts = spec.NumPorts
	}
	if spec.Type != "" {
		pg.Config.Type = spec.Type
	}
	if spec.DefaultPortConfig == nil {
		return nil
	}
	if pg.Config.DefaultPortConfig == nil {
		pg.Config.DefaultPortConfig = spec.DefaultPortConfig
		return nil
	}
	have, ok1 := pg.Config.DefaultPortConfig.(*types.VMwareDVSPortSetting)
	set, ok2 := spec.DefaultPortConfig.(*types.VMwareDVSPortSetting)
	if !ok1 || !ok2 {
		pg.Config.DefaultPortConfig = spec.DefaultPortConfig
		return nil
	}
	merged := *have
	teaming := merged.UplinkTeamingPolicy
	mergeSet(&merged, set)
	if teaming != nil && set.UplinkTeamingPolicy != nil {
		both := *teaming
		mergeSet(&both, set.UplinkTeamingPolicy)
		if order := set.UplinkTeamingPolicy.UplinkPortOrder; order != nil && order.Inherited {
			// Back to the switch's order (every uplink active): no order of its own.
			both.UplinkPortOrder = nil
		}
		merged.UplinkTeamingPolicy = &both
	}
	pg.Config.DefaultPortConfig = &merged
	return nil
}

// mergeSet copies each field `set` sets (non-nil, non-empty, non-zero) onto
// `dst`, embedded structs field by field: a reconfigure spec's unset
// properties leave the current ones alone.
func mergeSet(dst, set interface{}) {
	mergeValue(reflect.ValueOf(dst).Elem(), reflect.ValueOf(set).Elem())
}

func mergeValue(dst, set reflect.Value) {
	for i := 0; i < set.NumField(); i++ {
		f := set.Field(i)
		if set.Type().Field(i).Anonymous && f.Kind() == reflect.Struct {
			mergeValue(dst.Field(i), f)
			continue
		}
		if !f.IsZero() {
			dst.Field(i).Set(f)
		}
	}
}
