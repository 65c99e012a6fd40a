package main

// snapshot: a vCenter's inventory as canonical JSON, read with govmomi
// (property collector through container views), with names instead of
// morefs and nothing that changes from one start to the next, so that two
// snapshots of an unchanged vCenter are byte-identical.

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// Snapshot is the canonical inventory. Every list is sorted.
type Snapshot struct {
	Datacenters []SnapDatacenter `json:"datacenters"`
	Clusters    []SnapCluster    `json:"clusters"`
	Hosts       []SnapHost       `json:"hosts"`
	VMs         []SnapVM         `json:"vms"`
	Switches    []SnapDVS        `json:"distributed_switches"`
	Networks    []SnapNetwork    `json:"networks"`
	// CustomAttributes: the custom attribute definitions (values are on the objects)
	CustomAttributes []SnapAttributeDef `json:"custom_attributes"`
	// Roles: the custom roles (not system) with their privileges; Permissions: every
	// permission, by the path of its entity ("" for the root folder)
	Roles       []SnapRole       `json:"roles"`
	Permissions []SnapPermission `json:"permissions"`
	Tagging     SnapTagging      `json:"tagging"`  // snapshot_tags.go
	Licences    SnapLicences     `json:"licences"` // snapshot_licences.go
}

type SnapRole struct {
	Name       string   `json:"name"`
	Privileges []string `json:"privileges"`
}

type SnapPermission struct {
	Entity    string `json:"entity"`
	Principal string `json:"principal"`
	Group     bool   `json:"group"`
	Role      string `json:"role"`
	Propagate bool   `json:"propagate"`
}

// SnapAttributeDef is one custom attribute definition: its name and the managed
// object type it applies to ("" for every type).
type SnapAttributeDef struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

type SnapDatacenter struct {
	Name        string   `json:"name"`
	Folder      string   `json:"folder"`
	HostFolders []string `json:"host_folders"`
	VMFolders   []string `json:"vm_folders"`
}

type SnapCluster struct {
	Datacenter string      `json:"datacenter"`
	Folder     string      `json:"folder"`
	Name       string      `json:"name"`
	HA         SnapHA      `json:"ha"`
	DRS        SnapDRS     `json:"drs"`
	EVCMode    string      `json:"evc_mode"`
	Groups     []SnapGroup `json:"groups"`
	Rules      []SnapRule  `json:"rules"`
	// Below the root pool (snapshot_pools.go).
	ResourcePools []SnapPool     `json:"resource_pools"`
	VMOverrides   []SnapOverride `json:"vm_overrides"`
	Attributes    [][2]string    `json:"attributes"` // [name, value], custom attribute values
}

type SnapHA struct {
	Enabled           bool   `json:"enabled"`
	HostMonitoring    string `json:"host_monitoring"`
	AdmissionControl  bool   `json:"admission_control"`
	HostFailures      int32  `json:"host_failures_tolerated"`
	IsolationResponse string `json:"isolation_response"`
	RestartPriority   string `json:"restart_priority"`
}

type SnapDRS struct {
	Enabled            bool   `json:"enabled"`
	Behavior           string `json:"automation_level"`
	MigrationThreshold int32  `json:"migration_threshold"`
}

type SnapGroup struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Members []string `json:"members"`
}

type SnapRule struct {
	Name      string   `json:"name"`
	Type      string   `json:"type"`
	Enabled   bool     `json:"enabled"`
	Mandatory bool     `json:"mandatory"`
	VMs       []string `json:"vms"`
	VMGroup   string   `json:"vm_group"`
	HostGroup string   `json:"host_group"`
	Affine    bool     `json:"affine"`
}

type SnapHost struct {
	Datacenter      string        `json:"datacenter"`
	Cluster         string        `json:"cluster"`
	Folder          string        `json:"folder"`
	Name            string        `json:"name"`
	ConnectionState string        `json:"connection_state"`
	MaintenanceMode bool          `json:"maintenance_mode"`
	Version         string        `json:"version"`
	Build           string        `json:"build"`
	Thumbprint      string        `json:"thumbprint"`
	CPUVendor       string        `json:"cpu_vendor"`
	MaxEVC          string        `json:"max_evc_mode"`
	Pnics           []SnapPnic    `json:"pnics"`
	VSwitches       []SnapVSwitch `json:"standard_switches"`
	Portgroups      []SnapHostPG  `json:"port_groups"`
	Vmknics         []SnapVmknic  `json:"vmkernel_nics"`
	Proxies         []SnapProxy   `json:"proxy_switches"`
	// NIOCPnicOptOut: the host's Net.IOControlPnicOptOut, as set
	NIOCPnicOptOut string      `json:"nioc_pnic_opt_out"`
	Attributes     [][2]string `json:"attributes"` // [name, value], custom attribute values
	// A standalone host's pools and vApps, below its ComputeResource's root pool
	// (snapshot_pools.go); left out when it has none.
	ResourcePools []SnapPool `json:"resource_pools,omitempty"`
}

type SnapPnic struct {
	Device  string `json:"device"`
	Mac     string `json:"mac"`
	SpeedMb int32  `json:"speed_mb"`
}

type SnapVSwitch struct {
	Name    string   `json:"name"`
	MTU     int32    `json:"mtu"`
	Pnics   []string `json:"pnics"`
	Active  []string `json:"active"`
	Standby []string `json:"standby"`
}

type SnapHostPG struct {
	Name    string   `json:"name"`
	VSwitch string   `json:"vswitch"`
	VLAN    int32    `json:"vlan"`
	Active  []string `json:"active"`
	Standby []string `json:"standby"`
}

type SnapVmknic struct {
	Device     string `json:"device"`
	Portgroup  string `json:"port_group"`
	DVS        string `json:"dvs"`
	IP         string `json:"ip"`
	Netmask    string `json:"netmask"`
	Mac        string `json:"mac"`
	MTU        int32  `json:"mtu"`
	Management bool   `json:"management"`
}

type SnapProxy struct {
	DVS     string      `json:"dvs"`
	Uplinks [][2]string `json:"uplinks"` // [pnic, uplink]
}

type SnapVM struct {
	Datacenter string      `json:"datacenter"`
	Folder     string      `json:"folder"`
	Name       string      `json:"name"`
	Host       string      `json:"host"`
	PowerState string      `json:"power_state"`
	NICs       []SnapVMNic `json:"nics"`
	Pool       string      `json:"resource_pool"` // path below its cluster's root pool
	Attributes [][2]string `json:"attributes"`    // [name, value], custom attribute values
}

type SnapVMNic struct {
	Label     string `json:"label"`
	Network   string `json:"network"`
	DVS       string `json:"dvs"`
	Connected bool   `json:"connected"`
	Mac       string `json:"mac"`
}

type SnapDVS struct {
	Datacenter string       `json:"datacenter"`
	Folder     string       `json:"folder"`
	Name       string       `json:"name"`
	Version    string       `json:"version"`
	MTU        int32        `json:"mtu"`
	Uplinks    []string     `json:"uplinks"`
	Portgroups []SnapDVPG   `json:"port_groups"`
	Members    []SnapMember `json:"members"`
	NIOC       bool         `json:"nioc"` // network I/O control on
}

type SnapMember struct {
	Host    string      `json:"host"`
	Uplinks [][2]string `json:"uplinks"` // [pnic, uplink]
}

// SnapNetwork is one Network object: a standard network (type Network) or
// a distributed port group (DistributedVirtualPortgroup, with its switch),
// with who uses it. A leaked or missing one shows here even when no host or
// VM names it any more.
type SnapNetwork struct {
	Datacenter string   `json:"datacenter"`
	Name       string   `json:"name"`
	Type       string   `json:"type"`
	Switch     string   `json:"switch"`
	Hosts      []string `json:"hosts"`
	VMs        []string `json:"vms"`
}

type SnapDVPG struct {
	Name    string   `json:"name"`
	VLAN    int32    `json:"vlan"`
	Trunk   []string `json:"vlan_trunk"`
	Ports   int32    `json:"ports"`
	Active  []string `json:"active"`
	Standby []string `json:"standby"`
}

func cmdSnapshot(args []string) error {
	fs := flag.NewFlagSet("snapshot", flag.ContinueOnError)
	rawURL := fs.String("url", "", "vCenter SDK URL")
	user := fs.String("user", "", "user")
	password := fs.String("password", "", "password")
	insecure := fs.Bool("insecure", false, "do not verify the certificate")
	if err := fs.Parse(args); err != nil {
		return err
	}
	u, err := url.Parse(*rawURL)
	if err != nil || *rawURL == "" {
		return fmt.Errorf("snapshot: --url is required")
	}
	u.User = url.UserPassword(*user, *password)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c, err := govmomi.NewClient(ctx, u, *insecure)
	if err != nil {
		return err
	}
	defer c.Logout(context.Background()) //nolint:errcheck
	snap, err := TakeSnapshot(ctx, c.Client, u.User)
	if err != nil {
		return err
	}
	out, err := snap.JSON()
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(out)
	return err
}

// JSON is the canonical encoding (indented, trailing newline).
func (s *Snapshot) JSON() ([]byte, error) {
	out, err := json.MarshalIndent(s, "", " ")
	return append(out, '\n'), err
}

// inventory is everything read from the vCenter, indexed by moref.
type inventory struct {
	entities map[types.ManagedObjectReference]mo.ManagedEntity
	dcs      []mo.Datacenter
	clusters []mo.ClusterComputeResource
	hosts    []mo.HostSystem
	vms      []mo.VirtualMachine
	dvs      []mo.DistributedVirtualSwitch
	dvpgs    map[string]mo.DistributedVirtualPortgroup // by key
	networks []mo.Network                              // standard ones
	dvsNames map[string]string                         // uuid -> name
	// niocOptOut: each connected host's Net.IOControlPnicOptOut
	niocOptOut map[types.ManagedObjectReference]string
	names      map[types.ManagedObjectReference]string
	pools      map[types.ManagedObjectReference]mo.ResourcePool // pools and vApps
	fields     []types.CustomFieldDef
	roles      []types.AuthorizationRole
	perms      []types.Permission
	root       types.ManagedObjectReference
	vappConfig map[types.ManagedObjectReference]*types.VAppConfigInfo // snapshot_pools.go
}

// entityPath: the entity's names from below the root folder ("DC1/host/Cluster1"), "" for
// the root, "?" for an entity this vCenter does not have.
func (inv *inventory) entityPath(ref types.ManagedObjectReference) string {
	var parts []string
	for {
		e, ok := inv.entities[ref]
		if ref == inv.root {
			return strings.Join(parts, "/")
		}
		if !ok {
			return "?"
		}
		if e.Parent == nil {
			return strings.Join(parts, "/")
		}
		parts = append([]string{inv.entityName(e)}, parts...)
		ref = *e.Parent
	}
}

// entityName: a port group vcsim made by AddDVPortgroup_Task answers its ManagedEntity
// name empty (its Network name is set); its config names it.
func (inv *inventory) entityName(e mo.ManagedEntity) string {
	if e.Name != "" || e.Self.Type != "DistributedVirtualPortgroup" {
		return e.Name
	}
	for _, pg := range inv.dvpgs {
		if pg.Self == e.Self {
			return pg.Config.Name
		}
	}
	return e.Name
}

func (inv *inventory) snapAuthorization(s *Snapshot) {
	names := map[int32]string{}
	for _, r := range inv.roles {
		names[r.RoleId] = r.Name
		if !r.System {
			privileges := append([]string{}, r.Privilege...)
			sort.Strings(privileges)
			s.Roles = append(s.Roles, SnapRole{Name: r.Name, Privileges: privileges})
		}
	}
	for _, p := range inv.perms {
		entity := "?"
		if p.Entity != nil {
			entity = inv.entityPath(*p.Entity)
		}
		s.Permissions = append(s.Permissions, SnapPermission{Entity: entity, Principal: p.Principal, Group: p.Group,
			Role: names[p.RoleId], Propagate: p.Propagate})
	}
}

// attributes: an entity's custom attribute values as [name, value], sorted.
func (inv *inventory) attributes(values []types.BaseCustomFieldValue) [][2]string {
	out := [][2]string{}
	for _, v := range values {
		s, ok := v.(*types.CustomFieldStringValue)
		if !ok || s.Value == "" {
			continue
		}
		name := fmt.Sprintf("attribute %d", s.Key)
		for _, f := range inv.fields {
			if f.Key == s.Key {
				name = f.Name
			}
		}
		out = append(out, [2]string{name, s.Value})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] || out[i][0] == out[j][0] && out[i][1] < out[j][1] })
	return out
}

// TakeSnapshot reads the inventory through c, and the tagging through the
// REST API when user (the credentials c logged in with) is given.
func TakeSnapshot(ctx context.Context, c *vim25.Client, user *url.Userinfo) (*Snapshot, error) {
	inv, err := readInventory(ctx, c)
	if err != nil {
		return nil, err
	}
	s := &Snapshot{Datacenters: []SnapDatacenter{}, Clusters: []SnapCluster{}, Hosts: []SnapHost{}, VMs: []SnapVM{}, Switches: []SnapDVS{},
		Networks: []SnapNetwork{}, CustomAttributes: []SnapAttributeDef{}, Roles: []SnapRole{}, Permissions: []SnapPermission{}}
	inv.snapAuthorization(s)
	for _, f := range inv.fields {
		s.CustomAttributes = append(s.CustomAttributes, SnapAttributeDef{Name: f.Name, Type: f.ManagedObjectType})
	}
	for _, dc := range inv.dcs {
		s.Datacenters = append(s.Datacenters, inv.snapDatacenter(dc))
	}
	for _, cl := range inv.clusters {
		s.Clusters = append(s.Clusters, inv.snapCluster(cl))
	}
	for _, h := range inv.hosts {
		s.Hosts = append(s.Hosts, inv.snapHost(h))
	}
	for _, vm := range inv.vms {
		s.VMs = append(s.VMs, inv.snapVM(vm))
	}
	for _, d := range inv.dvs {
		s.Switches = append(s.Switches, inv.snapDVS(d))
	}
	for _, n := range inv.networks {
		s.Networks = append(s.Networks, inv.snapNetwork(n.Self, n.Name, "", n.Host, n.Vm))
	}
	for _, pg := range inv.dvpgs {
		s.Networks = append(s.Networks, inv.snapNetwork(pg.Self, inv.dvpgSnapName(pg), inv.names[switchOf(pg)], pg.Host, pg.Vm))
	}
	s.sort()
	if s.Tagging, err = inv.readTagging(ctx, c, user); err != nil {
		return nil, err
	}
	if s.Licences, err = inv.readLicences(ctx, c); err != nil {
		return nil, err
	}
	return s, nil
}

func readInventory(ctx context.Context, c *vim25.Client) (*inventory, error) {
	m := view.NewManager(c)
	v, err := m.CreateContainerView(ctx, c.ServiceContent.RootFolder, nil, true)
	if err != nil {
		return nil, err
	}
	defer v.Destroy(context.Background()) //nolint:errcheck
	inv := &inventory{entities: map[types.ManagedObjectReference]mo.ManagedEntity{},
		dvpgs: map[string]mo.DistributedVirtualPortgroup{}, dvsNames: map[string]string{},
		names: map[types.ManagedObjectReference]string{}}
	var all []mo.ManagedEntity
	if err := v.Retrieve(ctx, []string{"ManagedEntity"}, []string{"name", "parent"}, &all); err != nil {
		return nil, err
	}
	for _, e := range all {
		inv.entities[e.Self] = e
		inv.names[e.Self] = e.Name
	}
	reads := []struct {
		kind  string
		props []string
		dst   interface{}
	}{
		{"Datacenter", []string{"name", "parent", "hostFolder", "vmFolder"}, &inv.dcs},
		{"ClusterComputeResource", []string{"name", "parent", "configurationEx", "summary", "customValue"}, &inv.clusters},
		{"HostSystem", []string{"name", "parent", "runtime", "summary", "config", "hardware", "configManager", "customValue"}, &inv.hosts},
		{"VirtualMachine", []string{"name", "parent", "runtime", "config", "resourcePool", "customValue"}, &inv.vms},
		{"DistributedVirtualSwitch", []string{"name", "parent", "config", "summary", "portgroup"}, &inv.dvs},
	}
	for _, r := range reads {
		if err := v.Retrieve(ctx, []string{r.kind}, r.props, r.dst); err != nil {
			return nil, fmt.Errorf("%s: %v", r.kind, err)
		}
	}
	var pgs []mo.DistributedVirtualPortgroup
	if err := v.Retrieve(ctx, []string{"DistributedVirtualPortgroup"}, []string{"name", "config", "host", "vm"}, &pgs); err != nil {
		return nil, err
	}
	var nets []mo.Network
	if err := v.Retrieve(ctx, []string{"Network"}, []string{"name", "host", "vm"}, &nets); err != nil {
		return nil, err
	}
	for _, n := range nets {
		if n.Self.Type == "Network" { // a real vCenter's view of Network includes its subtypes
			inv.networks = append(inv.networks, n)
		}
	}
	for _, pg := range pgs {
		inv.dvpgs[pg.Config.Key] = pg
	}
	if inv.pools, err = readPools(ctx, v); err != nil {
		return nil, err
	}
	if inv.vappConfig, err = readVAppConfigs(ctx, v); err != nil {
		return nil, err
	}
	for _, d := range inv.dvs {
		inv.dvsNames[d.Config.GetDVSConfigInfo().Uuid] = d.Name
	}
	if c.ServiceContent.CustomFieldsManager != nil {
		var cfm mo.CustomFieldsManager
		if err := property.DefaultCollector(c).RetrieveOne(ctx, *c.ServiceContent.CustomFieldsManager, []string{"field"}, &cfm); err != nil {
			return nil, fmt.Errorf("CustomFieldsManager: %v", err)
		}
		inv.fields = cfm.Field
	}
	inv.root = c.ServiceContent.RootFolder
	if c.ServiceContent.AuthorizationManager != nil {
		auth := object.NewAuthorizationManager(c)
		if inv.roles, err = auth.RoleList(ctx); err != nil {
			return nil, fmt.Errorf("AuthorizationManager.roleList: %v", err)
		}
		if inv.perms, err = auth.RetrieveAllPermissions(ctx); err != nil {
			return nil, fmt.Errorf("RetrieveAllPermissions: %v", err)
		}
	}
	inv.niocOptOut = map[types.ManagedObjectReference]string{}
	for _, h := range inv.hosts {
		if h.Runtime.ConnectionState != types.HostSystemConnectionStateConnected || h.ConfigManager.AdvancedOption == nil {
			continue // a host that does not answer has no options to read
		}
		values, err := object.NewOptionManager(c, *h.ConfigManager.AdvancedOption).Query(ctx, niocOptOut)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %v", h.Name, niocOptOut, err)
		}
		for _, v := range values {
			if o := v.GetOptionValue(); o.Key == niocOptOut {
				inv.niocOptOut[h.Self], _ = o.Value.(string)
			}
		}
	}
	return inv, nil
}

// datacenterOf walks up to the entity's datacenter.
func (inv *inventory) datacenterOf(ref types.ManagedObjectReference) (mo.ManagedEntity, bool) {
	for {
		e, ok := inv.entities[ref]
		if !ok {
			return e, false
		}
		if e.Self.Type == "Datacenter" {
			return e, true
		}
		if e.Parent == nil {
			return e, false
		}
		ref = *e.Parent
	}
}

// folderPath is the path of folder ref below stop ("" when ref is stop).
func (inv *inventory) folderPath(ref *types.ManagedObjectReference, stop types.ManagedObjectReference) string {
	var parts []string
	for ref != nil && *ref != stop {
		e, ok := inv.entities[*ref]
		if !ok || e.Self.Type != "Folder" {
			break
		}
		parts = append([]string{e.Name}, parts...)
		ref = e.Parent
	}
	return strings.Join(parts, "/")
}

func (inv *inventory) dcRecord(name string) mo.Datacenter {
	for _, dc := range inv.dcs {
		if dc.Name == name {
			return dc
		}
	}
	return mo.Datacenter{}
}

func (inv *inventory) snapDatacenter(dc mo.Datacenter) SnapDatacenter {
	out := SnapDatacenter{Name: dc.Name, Folder: inv.folderPath(dc.Parent, types.ManagedObjectReference{}),
		HostFolders: []string{}, VMFolders: []string{}}
	for _, e := range inv.entities {
		if e.Self.Type != "Folder" {
			continue
		}
		if p := inv.folderPath(&e.Self, dc.HostFolder); p != "" && inv.under(e.Self, dc.HostFolder) {
			out.HostFolders = append(out.HostFolders, p)
		}
		if p := inv.folderPath(&e.Self, dc.VmFolder); p != "" && inv.under(e.Self, dc.VmFolder) {
			out.VMFolders = append(out.VMFolders, p)
		}
	}
	sort.Strings(out.HostFolders)
	sort.Strings(out.VMFolders)
	return out
}

// under: ref is below root in the tree.
func (inv *inventory) under(ref, root types.ManagedObjectReference) bool {
	for e, ok := inv.entities[ref]; ok && e.Parent != nil; e, ok = inv.entities[*e.Parent] {
		if *e.Parent == root {
			return true
		}
	}
	return false
}

// placement gives an entity's datacenter and folder path under base(dc).
func (inv *inventory) placement(parent *types.ManagedObjectReference, self types.ManagedObjectReference, base func(mo.Datacenter) types.ManagedObjectReference) (string, string) {
	dce, ok := inv.datacenterOf(self)
	if !ok {
		return "", ""
	}
	return dce.Name, inv.folderPath(parent, base(inv.dcRecord(dce.Name)))
}

func hostFolderOf(dc mo.Datacenter) types.ManagedObjectReference { return dc.HostFolder }
func vmFolderOf(dc mo.Datacenter) types.ManagedObjectReference   { return dc.VmFolder }

func (inv *inventory) snapCluster(cl mo.ClusterComputeResource) SnapCluster {
	out := SnapCluster{Name: cl.Name, Groups: []SnapGroup{}, Rules: []SnapRule{}, ResourcePools: []SnapPool{},
		VMOverrides: []SnapOverride{}, Attributes: inv.attributes(cl.CustomValue)}
	out.Datacenter, out.Folder = inv.placement(cl.Parent, cl.Self, hostFolderOf)
	if s, ok := cl.Summary.(*types.ClusterComputeResourceSummary); ok {
		out.EVCMode = s.CurrentEVCModeKey
	}
	cfg, ok := cl.ConfigurationEx.(*types.ClusterConfigInfoEx)
	if !ok {
		return out
	}
	das := cfg.DasConfig
	out.HA = SnapHA{Enabled: isTrue(das.Enabled), HostMonitoring: das.HostMonitoring, AdmissionControl: isTrue(das.AdmissionControlEnabled)}
	if p, ok := das.AdmissionControlPolicy.(*types.ClusterFailoverLevelAdmissionControlPolicy); ok {
		out.HA.HostFailures = p.FailoverLevel
	}
	if d := das.DefaultVmSettings; d != nil {
		out.HA.IsolationResponse, out.HA.RestartPriority = d.IsolationResponse, d.RestartPriority
	}
	out.DRS = SnapDRS{Enabled: isTrue(cfg.DrsConfig.Enabled), Behavior: string(cfg.DrsConfig.DefaultVmBehavior),
		MigrationThreshold: cfg.DrsConfig.VmotionRate}
	for _, g := range cfg.Group {
		out.Groups = append(out.Groups, inv.snapGroup(g))
	}
	for _, r := range cfg.Rule {
		out.Rules = append(out.Rules, inv.snapRule(r))
	}
	out.ResourcePools = inv.snapPools(cl.Self)
	out.VMOverrides = inv.snapOverrides(cfg)
	return out
}

func (inv *inventory) refNames(refs []types.ManagedObjectReference) []string {
	out := []string{}
	for _, r := range refs {
		out = append(out, inv.names[r])
	}
	sort.Strings(out)
	return out
}

func (inv *inventory) snapGroup(g types.BaseClusterGroupInfo) SnapGroup {
	switch g := g.(type) {
	case *types.ClusterVmGroup:
		return SnapGroup{Name: g.Name, Type: "vm", Members: inv.refNames(g.Vm)}
	case *types.ClusterHostGroup:
		return SnapGroup{Name: g.Name, Type: "host", Members: inv.refNames(g.Host)}
	}
	return SnapGroup{Name: g.GetClusterGroupInfo().Name, Type: "other", Members: []string{}}
}

func (inv *inventory) snapRule(r types.BaseClusterRuleInfo) SnapRule {
	base := r.GetClusterRuleInfo()
	out := SnapRule{Name: base.Name, Enabled: isTrue(base.Enabled), Mandatory: isTrue(base.Mandatory), VMs: []string{}}
	switch r := r.(type) {
	case *types.ClusterAffinityRuleSpec:
		out.Type, out.VMs = "vm_affinity", inv.refNames(r.Vm)
	case *types.ClusterAntiAffinityRuleSpec:
		out.Type, out.VMs = "vm_anti_affinity", inv.refNames(r.Vm)
	case *types.ClusterVmHostRuleInfo:
		out.Type, out.VMGroup = "vm_host", r.VmGroupName
		out.HostGroup, out.Affine = r.AffineHostGroupName, r.AffineHostGroupName != ""
		if !out.Affine {
			out.HostGroup = r.AntiAffineHostGroupName
		}
	default:
		out.Type = "other"
	}
	return out
}

func isTrue(b *bool) bool { return b != nil && *b }

func (inv *inventory) snapHost(h mo.HostSystem) SnapHost {
	out := SnapHost{Attributes: inv.attributes(h.CustomValue), Name: h.Name, ConnectionState: string(h.Runtime.ConnectionState), MaintenanceMode: h.Runtime.InMaintenanceMode,
		Thumbprint: h.Summary.Config.SslThumbprint, MaxEVC: h.Summary.MaxEVCModeKey,
		Pnics: []SnapPnic{}, VSwitches: []SnapVSwitch{}, Portgroups: []SnapHostPG{}, Vmknics: []SnapVmknic{}, Proxies: []SnapProxy{}}
	parent := inv.entities[*h.Parent]
	folderParent := h.Parent
	if parent.Self.Type == "ClusterComputeResource" {
		out.Cluster = parent.Name
	} else {
		out.ResourcePools = inv.snapPools(parent.Self)
	}
	folderParent = parent.Parent
	out.Datacenter, out.Folder = inv.placement(folderParent, h.Self, hostFolderOf)
	if p := h.Summary.Config.Product; p != nil {
		out.Version, out.Build = p.Version, p.Build
	}
	if h.Hardware != nil && len(h.Hardware.CpuPkg) > 0 {
		out.CPUVendor = h.Hardware.CpuPkg[0].Vendor
	}
	if h.Config != nil && h.Config.Network != nil {
		inv.snapHostNetwork(&out, h.Config)
	}
	out.NIOCPnicOptOut = inv.niocOptOut[h.Self]
	return out
}

func (inv *inventory) snapHostNetwork(out *SnapHost, cfg *types.HostConfigInfo) {
	n := cfg.Network
	pnicDev := map[string]string{}
	for _, p := range n.Pnic {
		pnicDev[p.Key] = p.Device
		sp := SnapPnic{Device: p.Device, Mac: p.Mac}
		if p.LinkSpeed != nil {
			sp.SpeedMb = p.LinkSpeed.SpeedMb
		}
		out.Pnics = append(out.Pnics, sp)
	}
	vsName := map[string]string{}
	for _, vs := range n.Vswitch {
		vsName[vs.Key] = vs.Name
		s := SnapVSwitch{Name: vs.Name, MTU: vs.Mtu, Pnics: []string{}, Active: []string{}, Standby: []string{}}
		for _, k := range vs.Pnic {
			s.Pnics = append(s.Pnics, pnicDev[k])
		}
		if p := vs.Spec.Policy; p != nil && p.NicTeaming != nil && p.NicTeaming.NicOrder != nil {
			s.Active, s.Standby = nonNil(p.NicTeaming.NicOrder.ActiveNic), nonNil(p.NicTeaming.NicOrder.StandbyNic)
		}
		out.VSwitches = append(out.VSwitches, s)
	}
	for _, pg := range n.Portgroup {
		s := SnapHostPG{Name: pg.Spec.Name, VSwitch: pg.Spec.VswitchName, VLAN: pg.Spec.VlanId, Active: []string{}, Standby: []string{}}
		if t := pg.Spec.Policy.NicTeaming; t != nil && t.NicOrder != nil {
			s.Active, s.Standby = nonNil(t.NicOrder.ActiveNic), nonNil(t.NicOrder.StandbyNic)
		}
		out.Portgroups = append(out.Portgroups, s)
	}
	mgmt := map[string]bool{}
	if cfg.VirtualNicManagerInfo != nil {
		for _, nc := range cfg.VirtualNicManagerInfo.NetConfig {
			if nc.NicType == "management" {
				for _, sel := range nc.SelectedVnic {
					mgmt[strings.TrimPrefix(sel, "management.")] = true
				}
			}
		}
	}
	for _, v := range n.Vnic {
		s := SnapVmknic{Device: v.Device, Portgroup: v.Portgroup, Mac: v.Spec.Mac, MTU: v.Spec.Mtu, Management: mgmt[v.Key]}
		if v.Spec.Ip != nil {
			s.IP, s.Netmask = v.Spec.Ip.IpAddress, v.Spec.Ip.SubnetMask
		}
		if p := v.Spec.DistributedVirtualPort; p != nil {
			s.DVS, s.Portgroup = inv.dvsName(p.SwitchUuid, n), inv.dvpgName(p.PortgroupKey)
		}
		out.Vmknics = append(out.Vmknics, s)
	}
	for _, px := range n.ProxySwitch {
		out.Proxies = append(out.Proxies, SnapProxy{DVS: px.DvsName, Uplinks: proxyUplinks(px)})
	}
}

// proxyUplinks pairs each pNIC of a proxy switch with its uplink's name.
func proxyUplinks(px types.HostProxySwitch) [][2]string {
	names := map[string]string{}
	for _, kv := range px.UplinkPort {
		names[kv.Key] = kv.Value
	}
	out := [][2]string{}
	if b, ok := px.Spec.Backing.(*types.DistributedVirtualSwitchHostMemberPnicBacking); ok {
		for _, p := range b.PnicSpec {
			out = append(out, [2]string{p.PnicDevice, names[p.UplinkPortKey]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// dvsName is a switch's name: this vCenter's, else the host's proxy's.
func (inv *inventory) dvsName(uuid string, n *types.HostNetworkInfo) string {
	if name, ok := inv.dvsNames[uuid]; ok {
		return name
	}
	if n != nil {
		for _, px := range n.ProxySwitch {
			if px.DvsUuid == uuid {
				return px.DvsName
			}
		}
	}
	return ""
}

// dvpgName is a distributed port group's name ("" when not in this vCenter).
func (inv *inventory) dvpgName(key string) string {
	return inv.dvpgs[key].Name
}

// hostNetwork is a host's network configuration (nil when unknown).
func (inv *inventory) hostNetwork(ref *types.ManagedObjectReference) *types.HostNetworkInfo {
	for _, h := range inv.hosts {
		if ref != nil && h.Self == *ref && h.Config != nil {
			return h.Config.Network
		}
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (inv *inventory) snapVM(vm mo.VirtualMachine) SnapVM {
	out := SnapVM{Name: vm.Name, PowerState: string(vm.Runtime.PowerState), NICs: []SnapVMNic{}, Attributes: inv.attributes(vm.CustomValue)}
	out.Datacenter, out.Folder = inv.placement(vm.Parent, vm.Self, vmFolderOf)
	if vm.Runtime.Host != nil {
		out.Host = inv.names[*vm.Runtime.Host]
	}
	if vm.ResourcePool != nil {
		out.Pool = inv.poolPath(*vm.ResourcePool)
	}
	if vm.Config == nil {
		return out
	}
	for _, d := range vm.Config.Hardware.Device {
		card, ok := d.(types.BaseVirtualEthernetCard)
		if !ok {
			continue
		}
		c := card.GetVirtualEthernetCard()
		nic := SnapVMNic{Mac: c.MacAddress, Connected: c.Connectable != nil && c.Connectable.Connected}
		if c.DeviceInfo != nil {
			nic.Label = c.DeviceInfo.GetDescription().Label
		}
		switch b := c.Backing.(type) {
		case *types.VirtualEthernetCardNetworkBackingInfo:
			nic.Network = b.DeviceName
		case *types.VirtualEthernetCardDistributedVirtualPortBackingInfo:
			nic.DVS, nic.Network = inv.dvsName(b.Port.SwitchUuid, inv.hostNetwork(vm.Runtime.Host)), inv.dvpgName(b.Port.PortgroupKey)
		}
		out.NICs = append(out.NICs, nic)
	}
	return out
}

func (inv *inventory) snapDVS(d mo.DistributedVirtualSwitch) SnapDVS {
	cfg := d.Config.(*types.VMwareDVSConfigInfo)
	out := SnapDVS{Name: d.Name, MTU: cfg.MaxMtu, Uplinks: []string{}, Portgroups: []SnapDVPG{}, Members: []SnapMember{},
		NIOC: isTrue(cfg.NetworkResourceManagementEnabled)}
	out.Datacenter, out.Folder = inv.placement(d.Parent, d.Self, func(dc mo.Datacenter) types.ManagedObjectReference {
		return inv.networkFolder(dc)
	})
	if d.Summary.ProductInfo != nil {
		out.Version = d.Summary.ProductInfo.Version
	}
	if p, ok := cfg.UplinkPortPolicy.(*types.DVSNameArrayUplinkPortPolicy); ok {
		out.Uplinks = nonNil(p.UplinkPortName)
	}
	for _, ref := range d.Portgroup {
		if containsRef(cfg.UplinkPortgroup, ref) {
			continue
		}
		for _, pg := range inv.dvpgs {
			if pg.Self == ref {
				out.Portgroups = append(out.Portgroups, snapDVPG(pg))
			}
		}
	}
	for _, m := range cfg.Host {
		if m.Config.Host == nil {
			continue
		}
		out.Members = append(out.Members, SnapMember{Host: inv.names[*m.Config.Host], Uplinks: inv.memberUplinks(*m.Config.Host, d.Config.GetDVSConfigInfo().Uuid)})
	}
	return out
}

// memberUplinks reads a member's pNIC binding from the host's proxy switch.
func (inv *inventory) memberUplinks(host types.ManagedObjectReference, uuid string) [][2]string {
	for _, h := range inv.hosts {
		if h.Self != host || h.Config == nil || h.Config.Network == nil {
			continue
		}
		for _, px := range h.Config.Network.ProxySwitch {
			if px.DvsUuid == uuid {
				return proxyUplinks(px)
			}
		}
	}
	return [][2]string{}
}

// networkFolder finds the datacenter's network folder by name.
func (inv *inventory) networkFolder(dc mo.Datacenter) types.ManagedObjectReference {
	for _, e := range inv.entities {
		if e.Self.Type == "Folder" && e.Parent != nil && *e.Parent == dc.Self && e.Name == "network" {
			return e.Self
		}
	}
	return types.ManagedObjectReference{}
}

func (inv *inventory) snapNetwork(ref types.ManagedObjectReference, name, dvs string, hosts, vms []types.ManagedObjectReference) SnapNetwork {
	dc, _ := inv.datacenterOf(ref)
	return SnapNetwork{Datacenter: dc.Name, Name: name, Type: ref.Type, Switch: dvs, Hosts: inv.refNames(hosts), VMs: inv.refNames(vms)}
}

// uplinkNumber is the suffix vCenter (and vcsim) gives a switch's uplink
// port group: the number of the switch's moref, "DSwitch1-DVUplinks-34".
var uplinkNumber = regexp.MustCompile(`-DVUplinks-[0-9]+$`)

// dvpgSnapName is a port group's name without a moref in it: an uplink port
// group's number is dropped, so that a switch made again compares equal.
func (inv *inventory) dvpgSnapName(pg mo.DistributedVirtualPortgroup) string {
	for _, d := range inv.dvs {
		if d.Self == switchOf(pg) && containsRef(d.Config.GetDVSConfigInfo().UplinkPortgroup, pg.Self) {
			return uplinkNumber.ReplaceAllString(pg.Name, "-DVUplinks")
		}
	}
	return pg.Name
}

func switchOf(pg mo.DistributedVirtualPortgroup) types.ManagedObjectReference {
	if pg.Config.DistributedVirtualSwitch == nil {
		return types.ManagedObjectReference{}
	}
	return *pg.Config.DistributedVirtualSwitch
}

func snapDVPG(pg mo.DistributedVirtualPortgroup) SnapDVPG {
	out := SnapDVPG{Name: pg.Name, Ports: pg.Config.NumPorts, Trunk: []string{}, Active: []string{}, Standby: []string{}}
	set, ok := pg.Config.DefaultPortConfig.(*types.VMwareDVSPortSetting)
	if !ok {
		return out
	}
	switch v := set.Vlan.(type) {
	case *types.VmwareDistributedVirtualSwitchVlanIdSpec:
		out.VLAN = v.VlanId
	case *types.VmwareDistributedVirtualSwitchTrunkVlanSpec:
		for _, r := range v.VlanId {
			out.Trunk = append(out.Trunk, fmt.Sprintf("%d-%d", r.Start, r.End))
		}
	}
	if t := set.UplinkTeamingPolicy; t != nil && t.UplinkPortOrder != nil {
		out.Active, out.Standby = nonNil(t.UplinkPortOrder.ActiveUplinkPort), nonNil(t.UplinkPortOrder.StandbyUplinkPort)
	}
	return out
}

// sort puts every list in canonical order.
func (s *Snapshot) sort() {
	sort.Slice(s.Roles, func(i, j int) bool { return s.Roles[i].Name < s.Roles[j].Name })
	sort.Slice(s.Permissions, func(i, j int) bool {
		a, b := s.Permissions[i], s.Permissions[j]
		return fmt.Sprint(a.Entity, "\x00", a.Principal, a.Group) < fmt.Sprint(b.Entity, "\x00", b.Principal, b.Group)
	})
	sort.Slice(s.CustomAttributes, func(i, j int) bool {
		a, b := s.CustomAttributes[i], s.CustomAttributes[j]
		return a.Name < b.Name || a.Name == b.Name && a.Type < b.Type
	})
	sort.Slice(s.Datacenters, func(i, j int) bool { return s.Datacenters[i].Name < s.Datacenters[j].Name })
	sort.Slice(s.Clusters, func(i, j int) bool {
		return s.Clusters[i].Datacenter+"/"+s.Clusters[i].Name < s.Clusters[j].Datacenter+"/"+s.Clusters[j].Name
	})
	for _, c := range s.Clusters {
		sort.Slice(c.Groups, func(i, j int) bool { return c.Groups[i].Name < c.Groups[j].Name })
		sort.Slice(c.Rules, func(i, j int) bool { return c.Rules[i].Name < c.Rules[j].Name })
	}
	sort.Slice(s.Hosts, func(i, j int) bool { return s.Hosts[i].Name < s.Hosts[j].Name })
	for _, h := range s.Hosts {
		sort.Slice(h.Pnics, func(i, j int) bool { return h.Pnics[i].Device < h.Pnics[j].Device })
		sort.Slice(h.VSwitches, func(i, j int) bool { return h.VSwitches[i].Name < h.VSwitches[j].Name })
		sort.Slice(h.Portgroups, func(i, j int) bool { return h.Portgroups[i].Name < h.Portgroups[j].Name })
		sort.Slice(h.Vmknics, func(i, j int) bool { return h.Vmknics[i].Device < h.Vmknics[j].Device })
		sort.Slice(h.Proxies, func(i, j int) bool { return h.Proxies[i].DVS < h.Proxies[j].DVS })
	}
	sort.Slice(s.VMs, func(i, j int) bool { return s.VMs[i].Name < s.VMs[j].Name })
	for _, vm := range s.VMs {
		sort.Slice(vm.NICs, func(i, j int) bool { return vm.NICs[i].Label < vm.NICs[j].Label })
	}
	sort.Slice(s.Switches, func(i, j int) bool {
		return s.Switches[i].Datacenter+"/"+s.Switches[i].Name < s.Switches[j].Datacenter+"/"+s.Switches[j].Name
	})
	for _, d := range s.Switches {
		sort.Slice(d.Portgroups, func(i, j int) bool { return d.Portgroups[i].Name < d.Portgroups[j].Name })
		sort.Slice(d.Members, func(i, j int) bool { return d.Members[i].Host < d.Members[j].Host })
	}
	// Every field takes part, so that duplicates (a leak) sort the same way.
	key := func(n SnapNetwork) string {
		return strings.Join([]string{n.Datacenter, n.Name, n.Type, n.Switch, strings.Join(n.Hosts, ","), strings.Join(n.VMs, ",")}, "\x00")
	}
	sort.Slice(s.Networks, func(i, j int) bool { return key(s.Networks[i]) < key(s.Networks[j]) })
}

func containsRef(refs []types.ManagedObjectReference, ref types.ManagedObjectReference) bool {
	for _, r := range refs {
		if r == ref {
			return true
		}
	}
	return false
}
