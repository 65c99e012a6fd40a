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
// drops them with the objects. Likewise a destroyed entity's go with it (a switch, port
// group, pool, vApp, cluster, folder: removeEntity, and afterDestroy for those vcsim
// destroys itself); a host leaving changes nothing on its switches or its cluster's
// pools, which stay. A vCenter whose world lists `users` knows those alone
// (and vcsim's root and admin): RetrieveUserGroups finds them, and a permission naming
// another is refused with UserNotFound, as an unknown identity source's would be.

import (
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	extMethods["SetEntityPermissions"] = extSetEntityPermissions
	extMethods["RetrieveUserGroups"] = extRetrieveUserGroups
	afterMethods["Destroy_Task"] = afterDestroy
}

// afterDestroy forgets the permissions of an entity vcsim destroyed itself (a pool, a
// vApp, a port group no port of which is in use, a VM).
func afterDestroy(vc *vcServer, m *simulator.Method) {
	req, ok := m.Body.(*types.Destroy_Task)
	if ok && simulator.Map.Get(req.This) == nil {
		dropPermissions([]types.ManagedObjectReference{req.This})
	}
}

// knows: whether the vCenter's user directory has the principal (every one without a
// directory).
func (vc *vcServer) knows(principal string, group bool) bool {
	if len(vc.def.Users) == 0 {
		return true
	}
	for _, u := range vc.directory() {
		if u.Principal == principal && u.Group == group {
			return true
		}
	}
	return false
}

// directory: the world's users and groups, and vcsim's own (root, admin).
func (vc *vcServer) directory() []UserDef {
	users := append([]UserDef{}, vc.def.Users...)
	for _, u := range simulator.DefaultUserGroup {
		users = append(users, UserDef{Principal: u.Principal, Group: u.Group})
	}
	return users
}

// extRetrieveUserGroups searches the world's directory: users and/or groups whose name
// (after the domain) or whole principal matches searchStr, exactly or as a substring,
// in `domain` when given.
// Without a directory every principal resolves, so an exact search finds the principal it
// names (vcsim's own directory knows root and admin alone).
func extRetrieveUserGroups(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.RetrieveUserGroups)
	body := &methods.RetrieveUserGroupsBody{Res: &types.RetrieveUserGroupsResponse{}}
	if len(vc.def.Users) == 0 {
		if !req.ExactMatch || req.FindUsers == req.FindGroups {
			return nil, false
		}
		principal := req.SearchStr
		if req.Domain != "" {
			principal = req.Domain + `\` + req.SearchStr
		}
		body.Res.Returnval = append(body.Res.Returnval, &types.UserSearchResult{Principal: principal, FullName: req.SearchStr, Group: req.FindGroups})
		return body, true
	}
	for _, u := range vc.directory() {
		domain, name := "", u.Principal
		if i := strings.LastIndex(u.Principal, `\`); i >= 0 {
			domain, name = u.Principal[:i], u.Principal[i+1:]
		}
		if req.Domain != "" && !strings.EqualFold(req.Domain, domain) || u.Group && !req.FindGroups || !u.Group && !req.FindUsers {
			continue
		}
		match := strings.EqualFold(req.SearchStr, name) || strings.EqualFold(req.SearchStr, u.Principal)
		if !req.ExactMatch {
			search := strings.ToLower(req.SearchStr)
			match = strings.Contains(strings.ToLower(name), search) || strings.Contains(strings.ToLower(u.Principal), search)
		}
		if match {
			body.Res.Returnval = append(body.Res.Returnval, &types.UserSearchResult{Principal: u.Principal, FullName: name, Group: u.Group})
		}
	}
	return body, true
}

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
		if !vc.knows(p.Principal, p.Group) {
			body.Fault_ = fault(&types.UserNotFound{Principal: p.Principal, Unresolved: true})
			return body, true
		}
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
