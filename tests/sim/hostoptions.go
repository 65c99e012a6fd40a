package main

// A host's advanced options (HostSystem.configManager.advancedOption), kept
// with the physical host so they move with it between vCenters. vcsim
// gives every host an OptionManager over one shared esx.Setting slice (a
// change on one host shows on all); here each host has its own values.
// QueryOptions and UpdateOptions behave as ESXi's: a name ending in "."
// lists that subtree, any other name is exact, and an unknown key is
// InvalidName. Net.IOControlPnicOptOut is the comma-separated list of the
// pNICs network I/O control leaves alone (incidents.go, kind "nioc").

import (
	"sort"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/simulator/esx"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// niocOptOut is the ESXi option naming the pNICs outside network I/O control.
const niocOptOut = "Net.IOControlPnicOptOut"

// hostOptionDefaults: the options a simulated host knows, with their values
// when never set (vcsim's esx.Setting and the NIOC opt-out).
var hostOptionDefaults = func() map[string]string {
	out := map[string]string{niocOptOut: ""}
	for _, o := range esx.Setting {
		v := o.GetOptionValue()
		if text, ok := v.Value.(string); ok {
			out[v.Key] = text
		}
	}
	return out
}()

func init() {
	extMethods["QueryOptions"] = func(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
		hr := vc.hostOfOptions(m.This)
		if hr == nil {
			return nil, false // the vCenter's own OptionManager
		}
		values := queryOptions(hr.phys, m.Body.(*types.QueryOptions).Name)
		if len(values) == 0 {
			return failWith(&types.InvalidName{Name: m.Body.(*types.QueryOptions).Name})
		}
		return &methods.QueryOptionsBody{Res: &types.QueryOptionsResponse{Returnval: values}}, true
	}
	extMethods["UpdateOptions"] = func(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
		hr := vc.hostOfOptions(m.This)
		if hr == nil {
			return nil, false
		}
		req := m.Body.(*types.UpdateOptions)
		f := vc.netChange(hr, func(p *PhysHost) types.BaseMethodFault { return updateOptions(p, req.ChangedValue) })
		if f != nil {
			return failWith(f)
		}
		return &methods.UpdateOptionsBody{Res: &types.UpdateOptionsResponse{}}, true
	}
}

// hostOfOptions is the host whose OptionManager ref is, nil for any other.
func (vc *vcServer) hostOfOptions(ref types.ManagedObjectReference) *hostRT {
	for _, hr := range vc.hosts {
		if om := vc.hostObj(hr).ConfigManager.AdvancedOption; om != nil && *om == ref {
			return hr
		}
	}
	return nil
}

// hostOption is the host's value of a known option.
func hostOption(p *PhysHost, key string) string {
	if v, ok := p.Options[key]; ok {
		return v
	}
	return hostOptionDefaults[key]
}

func hostOptionValues(p *PhysHost, match func(key string) bool) []types.BaseOptionValue {
	var keys []string
	for key := range hostOptionDefaults {
		if match(key) {
			keys = append(keys, key)
		}
	}
	sort.Strings(keys)
	var out []types.BaseOptionValue
	for _, key := range keys {
		out = append(out, &types.OptionValue{Key: key, Value: hostOption(p, key)})
	}
	return out
}

func queryOptions(p *PhysHost, name string) []types.BaseOptionValue {
	return hostOptionValues(p, func(key string) bool {
		if name == "" {
			return true
		}
		if strings.HasSuffix(name, ".") {
			return strings.HasPrefix(key, name)
		}
		return key == name
	})
}

// updateOptions sets every changed value or none: an unknown key is
// InvalidName, a value that is not a string InvalidArgument.
func updateOptions(p *PhysHost, changes []types.BaseOptionValue) types.BaseMethodFault {
	set := map[string]string{}
	for _, c := range changes {
		v := c.GetOptionValue()
		if _, ok := hostOptionDefaults[v.Key]; !ok {
			return &types.InvalidName{Name: v.Key}
		}
		text, ok := v.Value.(string)
		if !ok {
			return &types.InvalidArgument{InvalidProperty: v.Key}
		}
		set[v.Key] = text
	}
	if p.Options == nil {
		p.Options = map[string]string{}
	}
	for key, text := range set {
		p.Options[key] = text
	}
	return nil
}

// renderOptions shows the host's values in its OptionManager's `setting`
// property (a slice of its own, not vcsim's shared one).
func (vc *vcServer) renderOptions(hr *hostRT) {
	ref := vc.hostObj(hr).ConfigManager.AdvancedOption
	if ref == nil {
		return
	}
	if om, ok := simulator.Map.Get(*ref).(*simulator.OptionManager); ok {
		om.Setting = hostOptionValues(hr.phys, func(string) bool { return true })
	}
}

// optedOut: the pNIC is listed in the host's Net.IOControlPnicOptOut.
func optedOut(p *PhysHost, pnic string) bool {
	for _, name := range strings.Split(hostOption(p, niocOptOut), ",") {
		if strings.TrimSpace(name) == pnic {
			return true
		}
	}
	return false
}
