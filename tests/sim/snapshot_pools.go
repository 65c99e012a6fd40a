package main

// The snapshot's resource pools (and vApps, a kind of pool, with their
// members' start order entries), each VM's pool and the clusters' per-VM
// HA/DRS overrides.

import (
	"context"
	"sort"
	"strings"

	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// SnapPool is a pool below a cluster's root pool, by path ("Tier1/DB").
type SnapPool struct {
	Path   string    `json:"path"`
	VApp   bool      `json:"vapp"`
	CPU    SnapAlloc `json:"cpu"`
	Memory SnapAlloc `json:"memory"`
	// A vApp's start order: one entry per member (VM or vApp) that has one,
	// by name.
	StartOrder []SnapVAppEntry `json:"start_order,omitempty"`
	// A vApp's product and property sections, by key, as vCenter has them.
	Products   []types.VAppProductInfo  `json:"products,omitempty"`
	Properties []types.VAppPropertyInfo `json:"properties,omitempty"`
}

// SnapVAppEntry is a vApp member's start order entry (VAppEntityConfigInfo).
type SnapVAppEntry struct {
	Entity          string `json:"entity"`
	StartOrder      int32  `json:"start_order"`
	StartDelay      int32  `json:"start_delay"`
	StartAction     string `json:"start_action"`
	WaitingForGuest bool   `json:"waiting_for_guest"`
	StopDelay       int32  `json:"stop_delay"`
	StopAction      string `json:"stop_action"`
}

// SnapAlloc is an allocation; Shares only for a custom level (the others'
// numbers are the level's).
type SnapAlloc struct {
	Level       string `json:"shares_level"`
	Shares      int32  `json:"shares"`
	Reservation int64  `json:"reservation"`
	Limit       int64  `json:"limit"`
	Expandable  bool   `json:"expandable_reservation"`
}

// SnapOverride is one VM's per-VM overrides in its cluster.
type SnapOverride struct {
	VM                string `json:"vm"`
	RestartPriority   string `json:"ha_restart_priority,omitempty"`
	IsolationResponse string `json:"ha_isolation_response,omitempty"`
	VMMonitoring      string `json:"ha_vm_monitoring,omitempty"`
	DRSBehavior       string `json:"drs_behavior,omitempty"`
	DRSEnabled        *bool  `json:"drs_enabled,omitempty"`
}

func readPools(ctx context.Context, v *view.ContainerView) (map[types.ManagedObjectReference]mo.ResourcePool, error) {
	var pools []mo.ResourcePool
	if err := v.Retrieve(ctx, []string{"ResourcePool"}, []string{"name", "parent", "owner", "config"}, &pools); err != nil {
		return nil, err
	}
	out := map[types.ManagedObjectReference]mo.ResourcePool{}
	for _, p := range pools {
		out[p.Self] = p
	}
	return out, nil
}

func readVAppConfigs(ctx context.Context, v *view.ContainerView) (map[types.ManagedObjectReference]*types.VAppConfigInfo, error) {
	var apps []mo.VirtualApp
	if err := v.Retrieve(ctx, []string{"VirtualApp"}, []string{"vAppConfig"}, &apps); err != nil {
		return nil, err
	}
	out := map[types.ManagedObjectReference]*types.VAppConfigInfo{}
	for _, a := range apps {
		out[a.Self] = a.VAppConfig
	}
	return out, nil
}

func (inv *inventory) snapStartOrder(app types.ManagedObjectReference) []SnapVAppEntry {
	cfg := inv.vappConfig[app]
	if cfg == nil {
		return nil
	}
	out := []SnapVAppEntry{}
	for _, e := range cfg.EntityConfig {
		if e.Key == nil {
			continue
		}
		out = append(out, SnapVAppEntry{Entity: inv.names[*e.Key], StartOrder: e.StartOrder, StartDelay: e.StartDelay,
			StartAction: e.StartAction, WaitingForGuest: isTrue(e.WaitingForGuest), StopDelay: e.StopDelay,
			StopAction: e.StopAction})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Entity < out[j].Entity })
	return out
}

// sortedByKey is a vApp's product or property sections in key order (nil: none).
func sortedByKey[T any](sections []T, key func(T) int32) []T {
	if len(sections) == 0 {
		return nil
	}
	out := append([]T{}, sections...)
	sort.Slice(out, func(i, j int) bool { return key(out[i]) < key(out[j]) })
	return out
}

// poolPath is the pool's path below its root pool ("" for the root pool).
func (inv *inventory) poolPath(ref types.ManagedObjectReference) string {
	var parts []string
	for p, ok := inv.pools[ref]; ok && p.Parent != nil; p, ok = inv.pools[*p.Parent] {
		if _, parentIsPool := inv.pools[*p.Parent]; !parentIsPool {
			break
		}
		parts = append([]string{p.Name}, parts...)
	}
	return strings.Join(parts, "/")
}

// The pools and vApps below `owner`'s root pool: a cluster's, or a standalone host's
// ComputeResource's.
func (inv *inventory) snapPools(owner types.ManagedObjectReference) []SnapPool {
	out := []SnapPool{}
	for ref, p := range inv.pools {
		path := inv.poolPath(ref)
		if p.Owner != owner || path == "" {
			continue
		}
		out = append(out, SnapPool{Path: path, VApp: ref.Type == "VirtualApp",
			CPU: snapAlloc(p.Config.CpuAllocation), Memory: snapAlloc(p.Config.MemoryAllocation),
			StartOrder: inv.snapStartOrder(ref)})
		if cfg := inv.vappConfig[ref]; cfg != nil {
			p := &out[len(out)-1]
			p.Products = sortedByKey(cfg.Product, func(i types.VAppProductInfo) int32 { return i.Key })
			p.Properties = sortedByKey(cfg.Property, func(i types.VAppPropertyInfo) int32 { return i.Key })
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func snapAlloc(a types.ResourceAllocationInfo) SnapAlloc {
	out := SnapAlloc{Expandable: isTrue(a.ExpandableReservation)}
	if a.Reservation != nil {
		out.Reservation = *a.Reservation
	}
	if a.Limit != nil {
		out.Limit = *a.Limit
	}
	if a.Shares != nil {
		out.Level = string(a.Shares.Level)
		if a.Shares.Level == types.SharesLevelCustom {
			out.Shares = a.Shares.Shares
		}
	}
	return out
}

func (inv *inventory) snapOverrides(cfg *types.ClusterConfigInfoEx) []SnapOverride {
	byVM := map[string]*SnapOverride{}
	of := func(ref types.ManagedObjectReference) *SnapOverride {
		name := inv.names[ref]
		if byVM[name] == nil {
			byVM[name] = &SnapOverride{VM: name}
		}
		return byVM[name]
	}
	for _, c := range cfg.DasVmConfig {
		o := of(c.Key)
		if s := c.DasSettings; s != nil {
			o.RestartPriority, o.IsolationResponse = s.RestartPriority, s.IsolationResponse
			if s.VmToolsMonitoringSettings != nil {
				o.VMMonitoring = s.VmToolsMonitoringSettings.VmMonitoring
			}
		}
	}
	for _, c := range cfg.DrsVmConfig {
		o := of(c.Key)
		o.DRSBehavior, o.DRSEnabled = string(c.Behavior), c.Enabled
	}
	out := []SnapOverride{}
	for _, o := range byVM {
		out = append(out, *o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].VM < out[j].VM })
	return out
}
