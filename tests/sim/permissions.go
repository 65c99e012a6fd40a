package main

// Permissions (AuthorizationManager) as vCenter keeps them. The reference: "A
// ManagedEntity may have multiple permissions, but may have only one permission per user
// or group" (vim.AuthorizationManager); SetEntityPermissions defines permissions on an
// entity, failing with NotFound for a role that does not exist and
// ManagedObjectNotFound for an entity that does not (pyVmomi's method table lists
// UserNotFound, NotFound, AuthMinimumAdminPermission). vcsim 0.24's replaces every
// permission of the entity with those given and keeps the permissions of an entity it
// removed; here the given ones replace only those of the same principal, and a host
// leaving this vCenter takes its permissions and its VMs' along (detachHost), as vCenter
// drops them with the objects. Principals are not resolved (no user directory yet).

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() { extMethods["SetEntityPermissions"] = extSetEntityPermissions }

func authorizationManager() *simulator.AuthorizationManager {
	content := simulator.Map.Get(vim25.ServiceInstance).(*simulator.ServiceInstance).Content
	return simulator.Map.Get(*content.AuthorizationManager).(*simulator.AuthorizationManager)
}

// entityPermissions: those set on the entity itself.
func entityPermissions(m *simulator.AuthorizationManager, entity types.ManagedObjectReference) []types.Permission {
	res := m.RetrieveEntityPermissions(&types.RetrieveEntityPermissions{Entity: entity})
	return res.(*methods.RetrieveEntityPermissionsBody).Res.Returnval
}

func extSetEntityPermissions(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.SetEntityPermissions)
	body := &methods.SetEntityPermissionsBody{}
	if _, ok := simulator.Map.Get(req.Entity).(mo.Entity); !ok {
		body.Fault_ = fault(&types.ManagedObjectNotFound{Obj: req.Entity})
		return body, true
	}
	manager := authorizationManager()
	for _, p := range req.Permission {
		found := false
		for _, role := range manager.RoleList {
			found = found || role.RoleId == p.RoleId
		}
		if !found {
			body.Fault_ = fault(&types.NotFound{})
			return body, true
		}
	}
	kept := []types.Permission{}
	for _, old := range entityPermissions(manager, req.Entity) {
		replaced := false
		for _, p := range req.Permission {
			replaced = replaced || (p.Principal == old.Principal && p.Group == old.Group)
		}
		if !replaced {
			kept = append(kept, old)
		}
	}
	for _, p := range req.Permission {
		entity := req.Entity
		p.Entity = &entity
		kept = append(kept, p)
	}
	manager.SetEntityPermissions(&types.SetEntityPermissions{This: req.This, Entity: req.Entity, Permission: kept})
	body.Res = &types.SetEntityPermissionsResponse{}
	return body, true
}

// dropPermissions forgets the permissions set on entities leaving this vCenter.
func dropPermissions(entities []types.ManagedObjectReference) {
	manager := authorizationManager()
	for _, ref := range entities {
		manager.SetEntityPermissions(&types.SetEntityPermissions{This: manager.Self, Entity: ref})
	}
}
