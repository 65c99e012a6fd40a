package main

// Distributed switches of this vCenter: creation from the world file and
// host membership. vcsim tracks members only in summary.hostMember; a real
// vCenter also lists them in config.host with their pNIC backing, which
// vcshift reads, so membership is kept here in both places.

import (
	"strings"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

func (vc *vcServer) createDVS(dc *dcRT, d DVSDef) error {
	spec := types.DVSCreateSpec{
		ConfigSpec: &types.VMwareDVSConfigSpec{
			DVSConfigSpec: types.DVSConfigSpec{Name: d.Name,
				UplinkPortPolicy: &types.DVSNameArrayUplinkPortPolicy{UplinkPortName: d.Uplinks}},
			MaxMtu: d.MTU,
		},
		ProductInfo: &types.DistributedVirtualSwitchProductSpec{Name: "DVS", Vendor: "VMware, Inc.", Version: d.Version},
	}
	task, err := object.NewFolder(vc.c, dc.netFolder).CreateDVS(vc.ctx, spec)
	if err != nil {
		return err
	}
	info, err := task.WaitForResult(vc.ctx, nil)
	if err != nil {
		return err
	}
	ref := info.Result.(types.ManagedObjectReference)
	s := simulator.Map.Get(ref).(*simulator.DistributedVirtualSwitch)
	// vcsim derives the uuid from the name alone; real switches of the same
	// name in two vCenters have different uuids.
	uuid := dvsUUID(vc.def.Name, dc.name, d.Name)
	s.Uuid, s.Summary.Uuid = uuid, uuid
	cfg := s.Config.(*types.VMwareDVSConfigInfo)
	cfg.Uuid, cfg.MaxMtu = uuid, d.MTU
	cfg.NetworkResourceManagementEnabled = types.NewBool(d.NIOC)
	vc.completeSwitch(s)
	var pgs []types.DVPortgroupConfigSpec
	for _, pg := range d.Portgroups {
		pgs = append(pgs, dvPortgroupSpec(pg))
	}
	if len(pgs) == 0 {
		return nil
	}
	task, err = object.NewDistributedVirtualSwitch(vc.c, ref).AddPortgroup(vc.ctx, pgs)
	if err != nil {
		return err
	}
	return task.Wait(vc.ctx)
}

func dvPortgroupSpec(pg PortgroupDef) types.DVPortgroupConfigSpec {
	spec := types.DVPortgroupConfigSpec{
		Name: pg.Name, NumPorts: pg.Ports, Type: "earlyBinding",
		DefaultPortConfig: &types.VMwareDVSPortSetting{
			Vlan: &types.VmwareDistributedVirtualSwitchVlanIdSpec{VlanId: pg.VLAN},
			UplinkTeamingPolicy: &types.VmwareUplinkPortTeamingPolicy{
				Policy: &types.StringPolicy{Value: "loadbalance_srcid"},
			},
		},
	}
	// Every uplink active, vCenter's default, is no order of the port group's
	// own, as when a client creates one without an order.
	if len(pg.Active)+len(pg.Standby) > 0 {
		spec.DefaultPortConfig.(*types.VMwareDVSPortSetting).UplinkTeamingPolicy.UplinkPortOrder =
			&types.VMwareUplinkPortOrderPolicy{ActiveUplinkPort: pg.Active, StandbyUplinkPort: pg.Standby}
	}
	return spec
}

func dvPortgroupByName(s *simulator.DistributedVirtualSwitch, name string) *simulator.DistributedVirtualPortgroup {
	for _, ref := range s.Portgroup {
		if pg, ok := simulator.Map.Get(ref).(*simulator.DistributedVirtualPortgroup); ok && pg.Name == name {
			return pg
		}
	}
	return nil
}

// isUplinkPortgroup: the switch's "-DVUplinks" port group.
func isUplinkPortgroup(s *simulator.DistributedVirtualSwitch, ref types.ManagedObjectReference) bool {
	return simulator.FindReference(s.Config.GetDVSConfigInfo().UplinkPortgroup, ref) != nil
}

// joinOwnSwitches makes the host a member of each of this vCenter's
// switches it has a proxy switch of, with its uplink ports.
func (vc *vcServer) joinOwnSwitches(hr *hostRT) {
	for i := range hr.phys.Proxies {
		px := &hr.phys.Proxies[i]
		if s := vc.dvs(px.DVSUuid); s != nil {
			vc.assignUplinkPorts(s, hr.name, px)
			vc.dvsAddMember(s, hr)
			setMemberBacking(s, hr.ref, *px)
			vc.syncUplinkPortgroup(s)
		}
	}
}

// dvsAddMember and dvsRemoveMember keep the membership lists; the networks
// of the host, its compute resource and the port groups follow in
// syncNetworks.
func (vc *vcServer) dvsAddMember(s *simulator.DistributedVirtualSwitch, hr *hostRT) {
	if simulator.FindReference(s.Summary.HostMember, hr.ref) == nil {
		s.Summary.HostMember = append(s.Summary.HostMember, hr.ref)
	}
}

func (vc *vcServer) dvsRemoveMember(s *simulator.DistributedVirtualSwitch, hr *hostRT) {
	simulator.RemoveReference(&s.Summary.HostMember, hr.ref)
	cfg := s.Config.(*types.VMwareDVSConfigInfo)
	for i, m := range cfg.Host {
		if m.Config.Host != nil && *m.Config.Host == hr.ref {
			cfg.Host = append(cfg.Host[:i], cfg.Host[i+1:]...)
			break
		}
	}
	vc.syncUplinkPortgroup(s)
}

// setMemberBacking records the host's pNIC-to-uplink binding in the
// switch's config.host.
func setMemberBacking(s *simulator.DistributedVirtualSwitch, host types.ManagedObjectReference, px ProxyState) {
	cfg := s.Config.(*types.VMwareDVSConfigInfo)
	backing := renderProxy(0, px).Spec.Backing
	for i := range cfg.Host {
		if m := &cfg.Host[i]; m.Config.Host != nil && *m.Config.Host == host {
			m.Config.Backing = backing
			return
		}
	}
	ref := host
	cfg.Host = append(cfg.Host, types.DistributedVirtualSwitchHostMember{
		Config: types.DistributedVirtualSwitchHostMemberConfigInfo{Host: &ref, MaxProxySwitchPorts: 512, Backing: backing},
		Status: "up",
	})
}

func dvPortgroupNameByKey(ref types.ManagedObjectReference) string {
	if pg, ok := simulator.Map.Get(ref).(*simulator.DistributedVirtualPortgroup); ok {
		return pg.Name
	}
	return ""
}

// dvsUplinkNames is the switch's uplink names, in order.
func dvsUplinkNames(s *simulator.DistributedVirtualSwitch) []string {
	if p, ok := s.Config.GetDVSConfigInfo().UplinkPortPolicy.(*types.DVSNameArrayUplinkPortPolicy); ok {
		return p.UplinkPortName
	}
	return nil
}

// dvs is this vCenter's distributed switch with that uuid, nil when there
// is none: one the world made, or one a client made with CreateDVS_Task
// (vcsim's), completed on first use as the world's are. Extension methods
// hold vc.mu exclusively, so the map may grow.
func (vc *vcServer) dvs(uuid string) *simulator.DistributedVirtualSwitch {
	if s := vc.switches[uuid]; s != nil || uuid == "" {
		return s
	}
	for _, e := range simulator.Map.All("DistributedVirtualSwitch") {
		if s, ok := e.(*simulator.DistributedVirtualSwitch); ok && s.Uuid == uuid {
			vc.completeSwitch(s)
			return s
		}
	}
	return nil
}

// completeSwitch sets what vCenter sets on a new switch and vcsim does not,
// and makes it one of this vCenter's: the uplink port group named in the
// config and marked config.uplink, an MTU of 1500 when the create set none,
// and config.productInfo (vcsim fills in only summary.productInfo): "DVS",
// "VMware, Inc.", the version asked for (else this vCenter's), and as build
// "the server on which this call is made" (the reference), this vCenter's.
func (vc *vcServer) completeSwitch(s *simulator.DistributedVirtualSwitch) {
	cfg := s.Config.(*types.VMwareDVSConfigInfo)
	if len(cfg.UplinkPortgroup) == 0 {
		for _, ref := range s.Portgroup {
			if strings.HasPrefix(dvPortgroupNameByKey(ref), s.Name+"-DVUplinks") {
				cfg.UplinkPortgroup = append(cfg.UplinkPortgroup, ref)
			}
		}
	}
	for _, ref := range cfg.UplinkPortgroup {
		simulator.Map.Get(ref).(*simulator.DistributedVirtualPortgroup).Config.Uplink = types.NewBool(true)
	}
	if cfg.MaxMtu == 0 {
		cfg.MaxMtu = 1500
	}
	about := vc.c.ServiceContent.About
	product := types.DistributedVirtualSwitchProductSpec{Name: "DVS", Vendor: about.Vendor, Version: about.Version,
		Build: about.Build, ForwardingClass: "etherswitch"}
	if p := s.Summary.ProductInfo; p != nil && p.Version != "" {
		product.Version = p.Version
	}
	s.Summary.ProductInfo, cfg.ProductInfo = &product, product
	vc.switches[s.Uuid] = s
}
