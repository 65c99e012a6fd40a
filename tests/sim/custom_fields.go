package main

// Custom attributes (CustomFieldsManager) as vCenter keeps them. vcsim 0.24's SetField
// (and a VM's setCustomValue, which calls it) appends a value each time it is called (an
// entity ends up with two values for one key) and panics on an entity that is not
// there; vCenter's sets the entity's one value of that key. The reference
// (vim.CustomFieldsManager.setField) does not say what an empty value does: here it
// removes the value, as the vSphere Client shows an attribute cleared to ""
// (docs/testing.md). vcsim's AddCustomFieldDef puts the managed object type in the
// definition's `type` (the value's type, "string" in vCenter), which pyVmomi cannot read
// for a global definition. Values live on the entity, so a host removed from this
// vCenter, and its VMs with it, take theirs along: nothing of them remains in this
// vCenter's inventory (simulator.Map.Remove in hostremove.go). These are extensions
// (ext.go): vcsim's manager stays in place, as its other methods expect.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	extMethods["SetField"] = extSetField
	extMethods["setCustomValue"] = extSetCustomValue
	extMethods["AddCustomFieldDef"] = extAddCustomFieldDef
}

// fieldTypeApplies: a definition without a type applies to every entity.
func fieldTypeApplies(def types.CustomFieldDef, entity types.ManagedObjectReference) bool {
	return def.ManagedObjectType == "" || def.ManagedObjectType == entity.Type
}

// setField sets (or, with "", removes) the entity's value of the field `key`. The
// reference lists InvalidArgument for a key that names no field of the entity's type.
func setField(entityRef types.ManagedObjectReference, key int32, value string) types.BaseMethodFault {
	e, ok := simulator.Map.Get(entityRef).(mo.Entity)
	if !ok {
		return &types.ManagedObjectNotFound{Obj: entityRef}
	}
	var def *types.CustomFieldDef
	for i, f := range simulator.Map.CustomFieldsManager().Field {
		if f.Key == key {
			def = &simulator.Map.CustomFieldsManager().Field[i]
		}
	}
	if def == nil || !fieldTypeApplies(*def, entityRef) {
		return &types.InvalidArgument{InvalidProperty: "key"}
	}
	entity := e.Entity()
	entity.CustomValue = withValue(entity.CustomValue, key, value)
	entity.Value = withValue(entity.Value, key, value)
	return nil
}

func extSetField(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.SetField)
	body := &methods.SetFieldBody{}
	if f := setField(req.Entity, req.Key, req.Value); f != nil {
		body.Fault_ = fault(f)
		return body, true
	}
	body.Res = &types.SetFieldResponse{}
	return body, true
}

// extSetCustomValue: the entity's own method, by the field's name.
func extSetCustomValue(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.SetCustomValue)
	body := &methods.SetCustomValueBody{}
	key := int32(-1)
	for _, f := range simulator.Map.CustomFieldsManager().Field {
		if f.Name == req.Key && fieldTypeApplies(f, req.This) {
			key = f.Key
		}
	}
	if f := setField(req.This, key, req.Value); f != nil {
		body.Fault_ = fault(f)
		return body, true
	}
	body.Res = &types.SetCustomValueResponse{}
	return body, true
}

// extAddCustomFieldDef is vcsim's, the definition typed "string" as vCenter's are.
func extAddCustomFieldDef(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.AddCustomFieldDef)
	manager := simulator.Map.CustomFieldsManager()
	res := manager.AddCustomFieldDef(req)
	body, ok := res.(*methods.AddCustomFieldDefBody)
	if !ok || body.Res == nil {
		return res, true
	}
	key := body.Res.Returnval.Key
	body.Res.Returnval.Type = "string"
	for i := range manager.Field {
		if manager.Field[i].Key == key {
			manager.Field[i].Type = "string"
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
	return body, true
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
