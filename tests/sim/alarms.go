package main

// Alarms and host profiles, which govmomi 0.24's vcsim lacks (its AlarmManager and
// HostProfileManager answer no method): enough for a client to define an alarm on an
// entity and attach a host profile to hosts or clusters, and for vcshift to read them
// back (GetAlarm, each Alarm's info, HostProfileManager.profile, each profile's name
// and entity), so that a plan can count what it leaves behind.

import (
	"fmt"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// alarmManager answers CreateAlarm and GetAlarm.
type alarmManager struct {
	mo.AlarmManager
	alarms []types.ManagedObjectReference
}

// alarm is one alarm defined on an entity; its info is read by the property collector.
type alarm struct {
	mo.Alarm
}

// hostProfileManager answers CreateProfile; its profile property lists every profile.
type hostProfileManager struct {
	mo.HostProfileManager
}

// hostProfile answers AssociateProfile and DissociateProfile; entity lists the hosts
// and clusters it is attached to.
type hostProfile struct {
	mo.HostProfile
}

// installManagers replaces vcsim's method-less AlarmManager and HostProfileManager,
// at the references the ServiceContent already names.
func installManagers() {
	content := simulator.Map.Get(vim25.ServiceInstance).(*simulator.ServiceInstance).Content
	simulator.Map.Put(&alarmManager{AlarmManager: mo.AlarmManager{Self: *content.AlarmManager}})
	simulator.Map.Put(&hostProfileManager{HostProfileManager: mo.HostProfileManager{
		ProfileManager: mo.ProfileManager{Self: *content.HostProfileManager}}})
}

// entityFault: nil when ref names a managed entity of this vCenter.
func entityFault(ref types.ManagedObjectReference) types.BaseMethodFault {
	if _, ok := simulator.Map.Get(ref).(mo.Entity); !ok {
		return &types.ManagedObjectNotFound{Obj: ref}
	}
	return nil
}

func fault(f types.BaseMethodFault) *soap.Fault {
	return simulator.Fault(fmt.Sprintf("%T", f), f)
}

// CreateAlarm defines an alarm on an entity. The reference lists InvalidName and
// DuplicateName (an alarm of that name already on the entity).
func (m *alarmManager) CreateAlarm(req *types.CreateAlarm) soap.HasFault {
	body := &methods.CreateAlarmBody{}
	if f := entityFault(req.Entity); f != nil {
		body.Fault_ = fault(f)
		return body
	}
	spec := req.Spec.GetAlarmSpec()
	if spec.Name == "" {
		body.Fault_ = fault(&types.InvalidName{Name: spec.Name, Entity: &req.Entity})
		return body
	}
	for _, ref := range m.alarms {
		if info := simulator.Map.Get(ref).(*alarm).Info; info.Entity == req.Entity && info.Name == spec.Name {
			body.Fault_ = fault(&types.DuplicateName{Name: spec.Name, Object: ref})
			return body
		}
	}
	a := &alarm{}
	a.Self = types.ManagedObjectReference{Type: "Alarm", Value: fmt.Sprintf("alarm-%d", len(m.alarms)+1)}
	a.Info = types.AlarmInfo{AlarmSpec: *spec, Key: a.Self.Value, Alarm: a.Self, Entity: req.Entity,
		LastModifiedTime: time.Now()}
	simulator.Map.Put(a)
	m.alarms = append(m.alarms, a.Self)
	body.Res = &types.CreateAlarmResponse{Returnval: a.Self}
	return body
}

// GetAlarm lists the alarms defined on the entity (not those inherited from above it);
// with no entity, "alarms are returned for all visible entities" (the reference).
func (m *alarmManager) GetAlarm(req *types.GetAlarm) soap.HasFault {
	body := &methods.GetAlarmBody{Res: &types.GetAlarmResponse{}}
	if req.Entity != nil {
		if f := entityFault(*req.Entity); f != nil {
			return &methods.GetAlarmBody{Fault_: fault(f)}
		}
	}
	for _, ref := range m.alarms {
		if req.Entity == nil || simulator.Map.Get(ref).(*alarm).Info.Entity == *req.Entity {
			body.Res.Returnval = append(body.Res.Returnval, ref)
		}
	}
	return body
}

// CreateProfile makes a host profile; the reference lists DuplicateName.
func (m *hostProfileManager) CreateProfile(req *types.CreateProfile) soap.HasFault {
	body := &methods.CreateProfileBody{}
	spec := req.CreateSpec.GetProfileCreateSpec()
	for _, ref := range m.Profile {
		if simulator.Map.Get(ref).(*hostProfile).Name == spec.Name {
			body.Fault_ = fault(&types.DuplicateName{Name: spec.Name, Object: ref})
			return body
		}
	}
	p := &hostProfile{}
	p.Self = types.ManagedObjectReference{Type: "HostProfile", Value: fmt.Sprintf("hostprofile-%d", len(m.Profile)+1)}
	p.Name = spec.Name
	p.CreatedTime, p.ModifiedTime = time.Now(), time.Now()
	p.ComplianceStatus = "unknown"
	simulator.Map.Put(p)
	m.Profile = append(m.Profile, p.Self)
	body.Res = &types.CreateProfileResponse{Returnval: p.Self}
	return body
}

// AssociateProfile attaches the profile to hosts or clusters; one already attached
// stays once.
func (p *hostProfile) AssociateProfile(req *types.AssociateProfile) soap.HasFault {
	for _, ref := range req.Entity {
		if f := entityFault(ref); f != nil {
			return &methods.AssociateProfileBody{Fault_: fault(f)}
		}
	}
	for _, ref := range req.Entity {
		if !containsRef(p.Entity, ref) {
			p.Entity = append(p.Entity, ref)
		}
	}
	return &methods.AssociateProfileBody{Res: &types.AssociateProfileResponse{}}
}

// DissociateProfile detaches the profile from the entities, or from all when none is given.
func (p *hostProfile) DissociateProfile(req *types.DissociateProfile) soap.HasFault {
	var kept []types.ManagedObjectReference
	for _, ref := range p.Entity {
		if len(req.Entity) > 0 && !containsRef(req.Entity, ref) {
			kept = append(kept, ref)
		}
	}
	p.Entity = kept
	return &methods.DissociateProfileBody{Res: &types.DissociateProfileResponse{}}
}
