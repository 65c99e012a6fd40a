package main

// Custom attributes (CustomFieldsManager) as vCenter keeps them. vcsim 0.24's SetField
// appends a value each time it is called (an entity ends up with two values for one
// key) and panics on an entity that is not there; vCenter's SetField sets the entity's
// one value of that key. The reference (vim.CustomFieldsManager.setField) does not say
// what an empty value does: here it removes the value, as the vSphere Client shows an
// attribute cleared to "" (docs/testing.md). Values live on the entity, so a host
// removed from this vCenter, and its VMs with it, take theirs along: nothing of them
// remains in this vCenter's inventory (simulator.Map.Remove in hostremove.go).

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// customFieldsManager is vcsim's (a copy, in place of it: the property collector reads
// an embedded value, not a pointer), with SetField as vCenter's.
type customFieldsManager struct {
	simulator.CustomFieldsManager
}

// installCustomFieldsManager replaces vcsim's at the reference the ServiceContent names.
func installCustomFieldsManager() {
	content := simulator.Map.Get(vim25.ServiceInstance).(*simulator.ServiceInstance).Content
	if m, ok := simulator.Map.Get(*content.CustomFieldsManager).(*simulator.CustomFieldsManager); ok {
		simulator.Map.Put(&customFieldsManager{*m})
	}
}

// AddCustomFieldDef is vcsim's, with the definition's value type what vCenter gives
// (CustomFieldDef.type: "string"); vcsim put the managed object type there, "" for a
// global definition, which pyVmomi refuses to read (the field is required).
func (c *customFieldsManager) AddCustomFieldDef(req *types.AddCustomFieldDef) soap.HasFault {
	res := c.CustomFieldsManager.AddCustomFieldDef(req)
	body, ok := res.(*methods.AddCustomFieldDefBody)
	if !ok || body.Res == nil {
		return res
	}
	key := body.Res.Returnval.Key
	body.Res.Returnval.Type = "string"
	for i := range c.Field {
		if c.Field[i].Key == key {
			c.Field[i].Type = "string"
		}
	}
	for _, e := range simulator.Map.All(req.MoType) {
		entity := e.Entity()
		for i := range entity.AvailableField {
			if entity.AvailableField[i].Key == key {
				entity.AvailableField[i].Type = "string"
			}
		}
	}
	return body
}

// fieldTypeApplies: a definition without a type applies to every entity.
func fieldTypeApplies(def types.CustomFieldDef, entity types.ManagedObjectReference) bool {
	return def.ManagedObjectType == "" || def.ManagedObjectType == entity.Type
}

// SetField sets (or, with "", removes) the entity's value of the field. The reference
// lists InvalidArgument for a key that names no field of the entity's type.
func (c *customFieldsManager) SetField(ctx *simulator.Context, req *types.SetField) soap.HasFault {
	body := &methods.SetFieldBody{}
	e, ok := simulator.Map.Get(req.Entity).(mo.Entity)
	if !ok {
		body.Fault_ = fault(&types.ManagedObjectNotFound{Obj: req.Entity})
		return body
	}
	var def *types.CustomFieldDef
	for i := range c.Field {
		if c.Field[i].Key == req.Key {
			def = &c.Field[i]
		}
	}
	if def == nil || !fieldTypeApplies(*def, req.Entity) {
		body.Fault_ = fault(&types.InvalidArgument{InvalidProperty: "key"})
		return body
	}
	entity := e.Entity()
	ctx.WithLock(entity, func() {
		entity.CustomValue = withValue(entity.CustomValue, req.Key, req.Value)
		entity.Value = withValue(entity.Value, req.Key, req.Value)
	})
	body.Res = &types.SetFieldResponse{}
	return body
}

// withValue: values with the one of `key` set to `value`, or left out when "".
func withValue(values []types.BaseCustomFieldValue, key int32, value string) []types.BaseCustomFieldValue {
	out := []types.BaseCustomFieldValue{}
	for _, v := range values {
		if v.GetCustomFieldValue().Key != key {
			out = append(out, v)
		}
	}
	if value != "" {
		out = append(out, &types.CustomFieldStringValue{CustomFieldValue: types.CustomFieldValue{Key: key}, Value: value})
	}
	return out
}
