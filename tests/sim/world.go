package main

// The world file: simulated vCenters, the physical ESXi hosts they share and
// each vCenter's starting inventory. JSON (no YAML library in GOPATH mode).
// docs/testing.md documents the format.

import (
	"bytes"
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strings"
)

// World is the whole simulated estate.
type World struct {
	VCenters []VCenterDef `json:"vcenters"`
	Hosts    []HostDef    `json:"hosts"`
}

// VCenterDef is one simulated vCenter and its starting inventory.
type VCenterDef struct {
	Name string `json:"name"`
	// Address is the loopback IPv4 address the vCenter listens on (default
	// 127.0.0.1): what a host managed by it reports as its vCenter's address.
	Address  string `json:"address,omitempty"`
	Port     int    `json:"port,omitempty"`  // loopback port; 0 = pick a free one
	HTTPS    *bool  `json:"https,omitempty"` // default true (self-signed certificate generated at start)
	User     string `json:"user,omitempty"`
	Password string `json:"password,omitempty"`
	// Faults are the fault-injection rules configured at start (see faults.go).
	Faults []FaultRule `json:"faults,omitempty"`
	// Delay slows every SOAP method down, for benchmarks.
	Delay *DelayDef `json:"delay,omitempty"`
	// TakeoverNoticeSeconds is how long this vCenter keeps showing a host that
	// another vCenter took over (AddHost with force) as connected: a real
	// vCenter notices only when the host stops answering it. 0 (default): at
	// the next poll, within half a second.
	TakeoverNoticeSeconds float64         `json:"takeover_notice_seconds,omitempty"`
	Datacenters           []DatacenterDef `json:"datacenters,omitempty"`
	// Users is the vCenter's user directory (its identity sources' users and groups,
	// "DOMAIN\name"): what RetrieveUserGroups finds and a permission may name
	// (permissions.go). None: every principal resolves, as before there was one.
	Users []UserDef `json:"users,omitempty"`
	// Licenses are the keys its LicenseManager holds besides evaluation mode (licenses.go).
	Licenses []LicenseDef `json:"licenses,omitempty"`
}

// UserDef is one user or group of a vCenter's user directory.
type UserDef struct {
	Principal string `json:"principal"` // DOMAIN\name
	Group     bool   `json:"group,omitempty"`
}

// DelayDef is per-method latency (vcsim's DelayConfig, in milliseconds).
type DelayDef struct {
	AllMs    int            `json:"all_ms,omitempty"`
	MethodMs map[string]int `json:"method_ms,omitempty"` // vim25 method name -> extra ms
	Jitter   float64        `json:"jitter,omitempty"`    // coefficient of variation
}

// DatacenterDef is one datacenter of a vCenter.
type DatacenterDef struct {
	Name string `json:"name"`
	// HostFolders and VMFolders are folder paths ("a/b") created under the
	// datacenter's host and vm folders.
	HostFolders []string        `json:"host_folders,omitempty"`
	VMFolders   []string        `json:"vm_folders,omitempty"`
	Clusters    []ClusterDef    `json:"clusters,omitempty"`
	Standalone  []StandaloneDef `json:"standalone_hosts,omitempty"`
	DVSwitches  []DVSDef        `json:"dvswitches,omitempty"`
}

// ClusterDef is a cluster and the hosts it manages (names of World.Hosts).
type ClusterDef struct {
	Name   string `json:"name"`
	Folder string `json:"folder,omitempty"` // host folder path; "" = the datacenter's host folder
	HA     bool   `json:"ha"`
	// HAIsolationResponse: none | powerOff | shutdown (default powerOff).
	HAIsolationResponse string `json:"ha_isolation_response,omitempty"`
	// HARestartPriority: low | medium | high (default medium).
	HARestartPriority string `json:"ha_restart_priority,omitempty"`
	// HAHostFailures is the admission-control host failures tolerated (0 = admission control off).
	HAHostFailures int32 `json:"ha_host_failures,omitempty"`
	DRS            bool  `json:"drs"`
	// DRSBehavior: manual, partiallyAutomated, fullyAutomated (default when DRS is on).
	DRSBehavior      string     `json:"drs_behavior,omitempty"`
	DRSMigrationRate int32      `json:"drs_migration_threshold,omitempty"` // 1..5, default 3
	EVCMode          string     `json:"evc_mode,omitempty"`
	Groups           []GroupDef `json:"groups,omitempty"`
	Rules            []RuleDef  `json:"rules,omitempty"`
	Hosts            []string   `json:"hosts,omitempty"`
	// Made once its VMs are there (world_pools.go).
	Pools     []PoolDef     `json:"pools,omitempty"`
	Overrides []OverrideDef `json:"overrides,omitempty"`
}

// GroupDef is a DRS VM or host group.
type GroupDef struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"` // vm | host
	Members []string `json:"members"`
}

// RuleDef is a DRS rule, typed as in vcshift's inventories.
type RuleDef struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"` // vm_affinity | vm_anti_affinity | vm_host
	Enabled bool     `json:"enabled"`
	VMs     []string `json:"vms,omitempty"`
	// vm_host rules: groups and policy (must_run_on | should_run_on | must_not_run_on | should_not_run_on).
	VMGroup   string `json:"vm_group,omitempty"`
	HostGroup string `json:"host_group,omitempty"`
	Policy    string `json:"policy,omitempty"`
}

// StandaloneDef is a host managed outside any cluster.
type StandaloneDef struct {
	Host   string `json:"host"`
	Folder string `json:"folder,omitempty"`
	// Pools below the host's root pool, made once its VMs are there (world_pools.go).
	Pools []PoolDef `json:"pools,omitempty"`
}

// DVSDef is a distributed switch owned by the vCenter.
type DVSDef struct {
	Name       string         `json:"name"`
	Version    string         `json:"version,omitempty"` // default 7.0.3
	MTU        int32          `json:"mtu,omitempty"`     // default 1500
	Uplinks    []string       `json:"uplinks,omitempty"` // default uplink1, uplink2
	Portgroups []PortgroupDef `json:"portgroups,omitempty"`
	Hosts      []DVSMemberDef `json:"hosts,omitempty"`
	// NIOC: network I/O control on (config.networkResourceManagementEnabled).
	NIOC bool `json:"nioc,omitempty"`
}

// DVSMemberDef is a host member of a DVS: which pNIC backs which uplink.
type DVSMemberDef struct {
	Host    string            `json:"host"`
	Uplinks map[string]string `json:"uplinks"` // pnic device -> uplink name
}

// PortgroupDef is a port group (standard or distributed).
type PortgroupDef struct {
	Name string `json:"name"`
	VLAN int32  `json:"vlan"`
	// Active and Standby order the uplinks (distributed) or pNICs (standard)
	// of the port group's teaming; empty = the switch's order.
	Active  []string `json:"active,omitempty"`
	Standby []string `json:"standby,omitempty"`
	Ports   int32    `json:"ports,omitempty"` // distributed only; default 8
}

// HostDef is one physical ESXi host.
type HostDef struct {
	Name       string       `json:"name"`
	Password   string       `json:"password,omitempty"`   // root password; default "esxi-root"
	Thumbprint string       `json:"thumbprint,omitempty"` // SHA-1 colon hex; computed from the name when empty
	Version    string       `json:"version,omitempty"`    // default 7.0.3
	Build      string       `json:"build,omitempty"`      // default 19193900
	CPUVendor  string       `json:"cpu_vendor,omitempty"` // intel | amd
	MaxEVC     string       `json:"max_evc,omitempty"`    // e.g. intel-cascadelake
	Pnics      []PnicDef    `json:"pnics,omitempty"`
	VSwitches  []VSwitchDef `json:"vswitches,omitempty"`
	Vmknics    []VmknicDef  `json:"vmknics,omitempty"`
	VMs        []VMDef      `json:"vms,omitempty"`
	// Options: advanced options set on the host (OptionManager), by key;
	// a known option not listed has its default (hostoptions.go).
	Options map[string]string `json:"advanced_options,omitempty"`
}

// PnicDef is a physical NIC.
type PnicDef struct {
	Device   string `json:"device"`
	Mac      string `json:"mac,omitempty"`
	SpeedMb  int32  `json:"speed_mb,omitempty"` // default 10000; 0 with link_down
	LinkDown bool   `json:"link_down,omitempty"`
}

// VSwitchDef is a standard switch.
type VSwitchDef struct {
	Name       string         `json:"name"`
	MTU        int32          `json:"mtu,omitempty"`
	Uplinks    []string       `json:"uplinks,omitempty"` // pnic devices, active unless listed below
	Standby    []string       `json:"standby,omitempty"` // subset of uplinks that are standby
	Unused     []string       `json:"unused,omitempty"`  // subset in neither teaming list: no traffic
	Portgroups []PortgroupDef `json:"portgroups,omitempty"`
}

// VmknicDef is a VMkernel adapter. Either Portgroup (a standard port group
// of the host) or DVS+Portgroup (a distributed port group).
type VmknicDef struct {
	Device     string `json:"device"`
	Portgroup  string `json:"portgroup"`
	DVS        string `json:"dvs,omitempty"`
	IP         string `json:"ip,omitempty"`
	Netmask    string `json:"netmask,omitempty"`
	Mac        string `json:"mac,omitempty"`
	MTU        int32  `json:"mtu,omitempty"`
	Management bool   `json:"management,omitempty"`
	// Runtime (state directory only): the distributed port the adapter is on,
	// and whether it has lost its active uplinks (health.go).
	DVSUuid         string `json:"dvs_uuid,omitempty"`
	DVSPortgroupKey string `json:"dvs_portgroup_key,omitempty"`
	Down            bool   `json:"down,omitempty"`
}

// VMDef is a VM registered on a host.
type VMDef struct {
	Name     string     `json:"name"`
	Power    string     `json:"power,omitempty"`  // poweredOn | poweredOff | suspended (default poweredOn)
	Folder   string     `json:"folder,omitempty"` // vm folder path in the managing vCenter's datacenter
	CPUs     int32      `json:"cpus,omitempty"`
	MemoryMB int64      `json:"memory_mb,omitempty"`
	NICs     []VMNicDef `json:"nics,omitempty"`
}

// VMNicDef is a VM network adapter, attached to a network by name.
type VMNicDef struct {
	Network   string `json:"network"`
	Connected *bool  `json:"connected,omitempty"`
	Mac       string `json:"mac,omitempty"`
	// Runtime (state directory only): the distributed port group the NIC is on.
	DVSUuid         string `json:"dvs_uuid,omitempty"`
	DVSPortgroupKey string `json:"dvs_portgroup_key,omitempty"`
}

func boolp(b bool) *bool { return &b }

// hostThumbprint is a stable fake SHA-1 certificate thumbprint for a host.
func hostThumbprint(name string) string {
	sum := sha1.Sum([]byte("vcshift-sim host certificate " + name))
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}

func hostMac(name string, n int) string {
	sum := sha1.Sum([]byte(name))
	return fmt.Sprintf("00:50:56:%02x:%02x:%02x", sum[0]&0x3f, sum[1], byte(n)+sum[2])
}

// applyDefaults fills in defaulted fields in place.
func (w *World) applyDefaults() {
	for i := range w.VCenters {
		v := &w.VCenters[i]
		if v.HTTPS == nil {
			v.HTTPS = boolp(true)
		}
		if v.Address == "" {
			v.Address = "127.0.0.1"
		}
		if v.User == "" {
			v.User = "administrator@vsphere.local"
		}
		if v.Password == "" {
			v.Password = "VMware1!"
		}
		for d := range v.Datacenters {
			for s := range v.Datacenters[d].DVSwitches {
				dv := &v.Datacenters[d].DVSwitches[s]
				if dv.Version == "" {
					dv.Version = "7.0.3"
				}
				if dv.MTU == 0 {
					dv.MTU = 1500
				}
				if len(dv.Uplinks) == 0 {
					dv.Uplinks = []string{"uplink1", "uplink2"}
				}
			}
			for s := range v.Datacenters[d].DVSwitches {
				for p := range v.Datacenters[d].DVSwitches[s].Portgroups {
					if pg := &v.Datacenters[d].DVSwitches[s].Portgroups[p]; pg.Ports == 0 {
						pg.Ports = 8
					}
				}
			}
			for c := range v.Datacenters[d].Clusters {
				cl := &v.Datacenters[d].Clusters[c]
				if cl.DRS && cl.DRSBehavior == "" {
					cl.DRSBehavior = "fullyAutomated"
				}
				if cl.DRSMigrationRate == 0 {
					cl.DRSMigrationRate = 3
				}
				if cl.HAIsolationResponse == "" {
					cl.HAIsolationResponse = "powerOff"
				}
				if cl.HARestartPriority == "" {
					cl.HARestartPriority = "medium"
				}
			}
		}
	}
	for i := range w.Hosts {
		h := &w.Hosts[i]
		if h.Password == "" {
			h.Password = "esxi-root"
		}
		if h.Thumbprint == "" {
			h.Thumbprint = hostThumbprint(h.Name)
		}
		if h.Version == "" {
			h.Version = "7.0.3"
		}
		if h.Build == "" {
			h.Build = "19193900"
		}
		if h.CPUVendor == "" {
			h.CPUVendor = "intel"
		}
		if h.MaxEVC == "" {
			if h.CPUVendor == "amd" {
				h.MaxEVC = "amd-zen2"
			} else {
				h.MaxEVC = "intel-cascadelake"
			}
		}
		for p := range h.Pnics {
			if h.Pnics[p].Mac == "" {
				h.Pnics[p].Mac = hostMac(h.Name, p)
			}
			if h.Pnics[p].SpeedMb == 0 && !h.Pnics[p].LinkDown {
				h.Pnics[p].SpeedMb = 10000
			}
		}
		for s := range h.VSwitches {
			if h.VSwitches[s].MTU == 0 {
				h.VSwitches[s].MTU = 1500
			}
		}
		for k := range h.Vmknics {
			if h.Vmknics[k].Mac == "" {
				h.Vmknics[k].Mac = hostMac(h.Name, 100+k)
			}
			if h.Vmknics[k].Netmask == "" {
				h.Vmknics[k].Netmask = "255.255.255.0"
			}
			if h.Vmknics[k].MTU == 0 {
				h.Vmknics[k].MTU = 1500
			}
		}
		for m := range h.VMs {
			vm := &h.VMs[m]
			if vm.Power == "" {
				vm.Power = "poweredOn"
			}
			if vm.CPUs == 0 {
				vm.CPUs = 1
			}
			if vm.MemoryMB == 0 {
				vm.MemoryMB = 512
			}
		}
	}
}

// Validate checks references and uniqueness; errors name the offending item.
func (w *World) Validate() error {
	if len(w.VCenters) == 0 {
		return fmt.Errorf("world: no vcenters")
	}
	hosts := map[string]*HostDef{}
	vmNames := map[string]string{}
	for i := range w.Hosts {
		h := &w.Hosts[i]
		if h.Name == "" {
			return fmt.Errorf("world: hosts[%d]: empty name", i)
		}
		if hosts[h.Name] != nil {
			return fmt.Errorf("world: duplicate host %q", h.Name)
		}
		hosts[h.Name] = h
		for key := range h.Options {
			if _, ok := hostOptionDefaults[key]; !ok {
				return fmt.Errorf("world: host %q: unknown advanced option %q", h.Name, key)
			}
		}
		pn := map[string]bool{}
		for _, p := range h.Pnics {
			pn[p.Device] = true
		}
		pgs := map[string]bool{}
		used := map[string]string{}
		for _, s := range h.VSwitches {
			for _, u := range s.Uplinks {
				if !pn[u] {
					return fmt.Errorf("world: host %q: vswitch %q: unknown pnic %q", h.Name, s.Name, u)
				}
				if used[u] != "" {
					return fmt.Errorf("world: host %q: pnic %q on two switches", h.Name, u)
				}
				used[u] = s.Name
			}
			for _, pg := range s.Portgroups {
				if pgs[pg.Name] {
					return fmt.Errorf("world: host %q: duplicate port group %q", h.Name, pg.Name)
				}
				pgs[pg.Name] = true
			}
		}
		for _, k := range h.Vmknics {
			if k.DVS == "" && !pgs[k.Portgroup] {
				return fmt.Errorf("world: host %q: vmknic %q: no standard port group %q", h.Name, k.Device, k.Portgroup)
			}
		}
		for _, vm := range h.VMs {
			if vm.Name == "" {
				return fmt.Errorf("world: host %q: VM with empty name", h.Name)
			}
			if other, ok := vmNames[vm.Name]; ok {
				return fmt.Errorf("world: VM %q on both %q and %q", vm.Name, other, h.Name)
			}
			vmNames[vm.Name] = h.Name
			switch vm.Power {
			case "poweredOn", "poweredOff", "suspended":
			default:
				return fmt.Errorf("world: VM %q: bad power state %q", vm.Name, vm.Power)
			}
		}
	}
	names := map[string]bool{}
	managed := map[string]string{}
	for _, v := range w.VCenters {
		if v.Name == "" || names[v.Name] {
			return fmt.Errorf("world: vcenter name %q empty or duplicate", v.Name)
		}
		names[v.Name] = true
		if ip := net.ParseIP(v.Address); ip == nil || ip.To4() == nil || !ip.IsLoopback() {
			return fmt.Errorf("world: vcenter %q: address %q is not a loopback IPv4 address", v.Name, v.Address)
		}
		if v.TakeoverNoticeSeconds < 0 {
			return fmt.Errorf("world: vcenter %q: takeover_notice_seconds %v is negative", v.Name, v.TakeoverNoticeSeconds)
		}
		if err := NewInjector(v.Name).Configure(v.Faults); err != nil {
			return fmt.Errorf("world: vcenter %q: faults: %v", v.Name, err)
		}
		claim := func(h, where string) error {
			if hosts[h] == nil {
				return fmt.Errorf("world: vcenter %q: %s: unknown host %q", v.Name, where, h)
			}
			if m, ok := managed[h]; ok {
				return fmt.Errorf("world: host %q managed twice (%s and vcenter %q %s)", h, m, v.Name, where)
			}
			managed[h] = fmt.Sprintf("vcenter %q %s", v.Name, where)
			return nil
		}
		for _, dc := range v.Datacenters {
			for _, c := range dc.Clusters {
				switch c.DRSBehavior {
				case "", "manual", "partiallyAutomated", "fullyAutomated":
				default:
					return fmt.Errorf("world: cluster %q: bad drs_behavior %q", c.Name, c.DRSBehavior)
				}
				for _, h := range c.Hosts {
					if err := claim(h, "cluster "+c.Name); err != nil {
						return err
					}
				}
				for _, r := range c.Rules {
					switch r.Type {
					case "vm_affinity", "vm_anti_affinity", "vm_host":
					default:
						return fmt.Errorf("world: cluster %q rule %q: type must be vm_affinity, vm_anti_affinity or vm_host", c.Name, r.Name)
					}
				}
			}
			for _, s := range dc.Standalone {
				if err := claim(s.Host, "datacenter "+dc.Name); err != nil {
					return err
				}
			}
			for _, d := range dc.DVSwitches {
				for _, m := range d.Hosts {
					h := hosts[m.Host]
					if h == nil {
						return fmt.Errorf("world: dvs %q: unknown host %q", d.Name, m.Host)
					}
					for pn, up := range m.Uplinks {
						found := false
						for _, u := range d.Uplinks {
							found = found || u == up
						}
						if !found {
							return fmt.Errorf("world: dvs %q host %q: unknown uplink %q", d.Name, m.Host, up)
						}
						ok := false
						for _, p := range h.Pnics {
							ok = ok || p.Device == pn
						}
						if !ok {
							return fmt.Errorf("world: dvs %q host %q: unknown pnic %q", d.Name, m.Host, pn)
						}
					}
				}
			}
		}
	}
	return nil
}

// LoadWorld reads "default", "standard" or a JSON file.
func LoadWorld(spec string) (*World, error) {
	var w *World
	switch spec {
	case "", "default":
		w = DefaultWorld(false)
	case "standard":
		w = DefaultWorld(true)
	default:
		data, err := os.ReadFile(spec)
		if err != nil {
			return nil, err
		}
		w = new(World)
		d := json.NewDecoder(bytes.NewReader(data))
		d.DisallowUnknownFields()
		if err := d.Decode(w); err != nil {
			return nil, fmt.Errorf("%s: %v", spec, err)
		}
	}
	w.applyDefaults()
	if err := w.Validate(); err != nil {
		return nil, err
	}
	return w, nil
}

// DefaultWorld is the built-in world, named as the project's example
// recordings (examples/inventories/source.json): vCenter "source" with DC1
// (vm folder Web) and Cluster1 (HA on, DRS fully automated, VM group "web"
// and anti-affinity rule "web-apart" on vm-1/vm-2), hosts esx-01.sim.local
// and esx-02.sim.local with vm-1..vm-4, and an empty vCenter "target".
// Cluster1's pools are a generated cluster's (generatePools): vm-1 in Tier1,
// vm-2 in Tier1/DB, vm-3 and vm-4 in the vApp Shop (start order 1 and 2),
// vm-1 and vm-2 with HA and DRS overrides.
// standard=false puts the hosts on DVS "DSwitch1" (pg-mgmt vlan 10 with
// uplink1 active/uplink2 standby, pg-vm vlan 100); standard=true keeps
// them on vSwitch0 ("Management Network", "VM Network").
func DefaultWorld(standard bool) *World {
	hosts := []string{"esx-01.sim.local", "esx-02.sim.local"}
	dc := DatacenterDef{
		Name:      "DC1",
		VMFolders: []string{"Web"},
		Clusters: []ClusterDef{{
			Name: "Cluster1", HA: true, HAHostFailures: 1, DRS: true, DRSBehavior: "fullyAutomated",
			Groups: []GroupDef{{Name: "web", Type: "vm", Members: []string{"vm-1", "vm-2"}}},
			Rules:  []RuleDef{{Name: "web-apart", Type: "vm_anti_affinity", Enabled: true, VMs: []string{"vm-1", "vm-2"}}},
			Hosts:  hosts,
		}},
	}
	vmNet, mgmtPG := "VM Network", "Management Network"
	if !standard {
		vmNet, mgmtPG = "pg-vm", "pg-mgmt"
		d := DVSDef{
			Name: "DSwitch1", Version: "7.0.3", MTU: 1500, Uplinks: []string{"uplink1", "uplink2"}, NIOC: true,
			Portgroups: []PortgroupDef{
				{Name: "pg-mgmt", VLAN: 10, Active: []string{"uplink1"}, Standby: []string{"uplink2"}},
				{Name: "pg-vm", VLAN: 100}},
		}
		for _, h := range hosts {
			d.Hosts = append(d.Hosts, DVSMemberDef{Host: h, Uplinks: map[string]string{"vmnic0": "uplink1", "vmnic1": "uplink2"}})
		}
		dc.DVSwitches = []DVSDef{d}
	}
	w := &World{VCenters: []VCenterDef{{Name: "source", Datacenters: []DatacenterDef{dc}, Licenses: DefaultLicences()},
		{Name: "target", Licenses: DefaultLicences()}}}
	for n, name := range hosts {
		h := HostDef{Name: name, Build: "19193900", Pnics: []PnicDef{{Device: "vmnic0"}, {Device: "vmnic1"}}}
		vmk := VmknicDef{Device: "vmk0", Portgroup: mgmtPG, IP: fmt.Sprintf("10.0.0.%d", 11+n), Management: true}
		if standard {
			h.VSwitches = []VSwitchDef{{Name: "vSwitch0", Uplinks: []string{"vmnic0", "vmnic1"},
				Portgroups: []PortgroupDef{{Name: "Management Network"}, {Name: "VM Network"}}}}
		} else {
			vmk.DVS = "DSwitch1"
		}
		h.Vmknics = []VmknicDef{vmk}
		for v := 1; v <= 2; v++ {
			i := n*2 + v
			net := vmNet
			if i == 4 && !standard {
				net = mgmtPG // as in the recording: vm-4 sits on the management port group
			}
			h.VMs = append(h.VMs, VMDef{Name: fmt.Sprintf("vm-%d", i), Power: "poweredOn", NICs: []VMNicDef{{Network: net}}})
		}
		w.Hosts = append(w.Hosts, h)
	}
	generatePools(&w.VCenters[0].Datacenters[0].Clusters[0], w.Hosts)
	return w
}

// DefaultLicences are the keys both vCenters of the default world hold (made up, in
// the form of vSphere keys): one key added to two vCenters, as a customer may.
func DefaultLicences() []LicenseDef {
	return []LicenseDef{
		{Key: "N40UA-2DA1Q-L8R3C-0U2K4-3E8P1", Edition: "esx.enterprisePlus.cpuPackage", Name: "vSphere 7 Enterprise Plus", Total: 32},
		{Key: "5J02H-8T1DL-Q8E9C-0Y0R6-1MVX2", Edition: "esx.standard.cpuPackage", Name: "vSphere 7 Standard", Total: 16},
	}
}

// GenerateWorld builds a world with dcs x clusters x hosts x vms on vCenter
// "source" (DVS per datacenter), standalone hosts per datacenter in its host
// folder "Standalone" (on the DVS, with vms VMs each too), and an empty "target".
func GenerateWorld(dcs, clusters, hosts, standalone, vms int) *World {
	w := &World{}
	src := VCenterDef{Name: "source"}
	hn := 0
	for d := 1; d <= dcs; d++ {
		dc := DatacenterDef{Name: fmt.Sprintf("DC%d", d)}
		dvs := DVSDef{Name: fmt.Sprintf("DSwitch-DC%d", d), Uplinks: []string{"uplink1", "uplink2"},
			Portgroups: []PortgroupDef{{Name: fmt.Sprintf("pg-mgmt-dc%d", d), VLAN: 10}, {Name: fmt.Sprintf("pg-vm-dc%d", d), VLAN: 100}}}
		// The next host, on the switch with its VMs; its name.
		addHost := func() string {
			hn++
			name := fmt.Sprintf("esx-%04d.sim.local", hn)
			dvs.Hosts = append(dvs.Hosts, DVSMemberDef{Host: name, Uplinks: map[string]string{"vmnic0": "uplink1", "vmnic1": "uplink2"}})
			hd := HostDef{Name: name, Pnics: []PnicDef{{Device: "vmnic0"}, {Device: "vmnic1"}},
				Vmknics: []VmknicDef{{Device: "vmk0", DVS: dvs.Name, Portgroup: dvs.Portgroups[0].Name,
					IP: fmt.Sprintf("10.%d.%d.%d", (hn>>16)&255, (hn>>8)&255, hn&255), Management: true}}}
			for v := 1; v <= vms; v++ {
				hd.VMs = append(hd.VMs, VMDef{Name: fmt.Sprintf("vm-%04d-%02d", hn, v), Power: "poweredOn",
					NICs: []VMNicDef{{Network: dvs.Portgroups[1].Name}}})
			}
			w.Hosts = append(w.Hosts, hd)
			return name
		}
		for c := 1; c <= clusters; c++ {
			cl := ClusterDef{Name: fmt.Sprintf("DC%d-Cluster%d", d, c), HA: true, DRS: true, DRSBehavior: "fullyAutomated"}
			for h := 1; h <= hosts; h++ {
				cl.Hosts = append(cl.Hosts, addHost())
			}
			generatePools(&cl, w.Hosts[len(w.Hosts)-hosts:])
			dc.Clusters = append(dc.Clusters, cl)
		}
		for s := 1; s <= standalone; s++ {
			dc.HostFolders = []string{"Standalone"}
			dc.Standalone = append(dc.Standalone, StandaloneDef{Host: addHost(), Folder: "Standalone"})
		}
		dc.DVSwitches = []DVSDef{dvs}
		src.Datacenters = append(src.Datacenters, dc)
	}
	w.VCenters = []VCenterDef{src, {Name: "target"}}
	return w
}

// managedHosts lists, for one vCenter, host name -> where it starts.
type hostPlacement struct {
	DC, Cluster, Folder string
}

func (v *VCenterDef) placements() map[string]hostPlacement {
	out := map[string]hostPlacement{}
	for _, dc := range v.Datacenters {
		for _, c := range dc.Clusters {
			for _, h := range c.Hosts {
				out[h] = hostPlacement{DC: dc.Name, Cluster: c.Name, Folder: c.Folder}
			}
		}
		for _, s := range dc.Standalone {
			out[s.Host] = hostPlacement{DC: dc.Name, Folder: s.Folder}
		}
	}
	return out
}

// generatePools gives a generated cluster (and the default world's Cluster1) a
// nested pool tree with non-default allocations, a vApp with a start order, and
// per-VM overrides, from the VMs of its hosts (as many as there are).
func generatePools(cl *ClusterDef, hosts []HostDef) {
	var vms []string
	for _, h := range hosts {
		for _, vm := range h.VMs {
			vms = append(vms, vm.Name)
		}
	}
	take := func(n int) []string {
		if len(vms) < n {
			n = len(vms)
		}
		out := vms[:n]
		vms = vms[n:]
		return out
	}
	tier := PoolDef{Path: "Tier1", Shares: "high", Reservation: 500, VMs: take(1)}
	db := PoolDef{Path: "Tier1/DB", Shares: "3000", Limit: 8192, Fixed: true, VMs: take(1)}
	shop := PoolDef{Path: "Shop", VApp: true, Shares: "high", VMs: take(2), StartOrder: map[string]int32{}}
	for i, vm := range shop.VMs {
		shop.StartOrder[vm] = int32(i + 1)
	}
	cl.Pools = []PoolDef{tier, db, shop}
	for _, vm := range append(append([]string{}, tier.VMs...), db.VMs...) {
		cl.Overrides = append(cl.Overrides, OverrideDef{VM: vm, RestartPriority: "high", DRSBehavior: "manual"})
	}
}
