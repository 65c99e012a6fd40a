package main

// Host licences (LicenseManager, LicenseAssignmentManager) as vCenter keeps them. vcsim
// 0.24 holds only the evaluation licence and answers QueryAssignedLicenses with it for
// every entity; it has no UpdateAssignedLicense or RemoveAssignedLicense. Here the
// LicenseManager holds the world's `licenses` besides evaluation mode, each host is
// assigned one of them or none (evaluation mode), and `used` counts the hosts assigned a
// key (vCenter counts its cost unit, CPU packages; one per host here). The reference
// (vim.LicenseAssignmentManager) lists LicenseEntityNotFound for UpdateAssignedLicense
// and RemoveAssignedLicense on an entity that is not there. It does not say what a
// removed host's assignment becomes, or what an added host gets without AddHost's
// `license`: here the assignment leaves with the host (detachHost), and a host arrives
// in evaluation mode; a key LicenseManager does not hold is refused with InvalidLicense,
// whose message never holds the key (docs/testing.md).

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// LicenseDef is a key a vCenter's LicenseManager holds (the world file's `licenses`).
type LicenseDef struct {
	Key     string `json:"key"`
	Edition string `json:"edition"` // editionKey, e.g. esx.enterprisePlus.cpuPackage
	Name    string `json:"name"`
	Total   int32  `json:"total,omitempty"` // capacity; 0: unlimited
}

func init() {
	extMethods["QueryAssignedLicenses"] = extQueryAssignedLicenses
	extMethods["UpdateAssignedLicense"] = extUpdateAssignedLicense
	extMethods["RemoveAssignedLicense"] = extRemoveAssignedLicense
}

// installLicenses puts the world's keys into vcsim's LicenseManager.
func (vc *vcServer) installLicenses() {
	vc.licences = map[string]string{}
	m := vc.licenseManager()
	for _, l := range vc.def.Licenses {
		m.Licenses = append(m.Licenses, types.LicenseManagerLicenseInfo{
			LicenseKey: l.Key, EditionKey: l.Edition, Name: l.Name, Total: l.Total, CostUnit: "cpuPackage"})
	}
	vc.countLicences()
}

func (vc *vcServer) licenseManager() *simulator.LicenseManager {
	return simulator.Map.Get(*serviceContent().LicenseManager).(*simulator.LicenseManager)
}

func serviceContent() types.ServiceContent {
	return simulator.Map.Get(vim25.ServiceInstance).(*simulator.ServiceInstance).Content
}

// countLicences sets each key's `used` to the hosts assigned it.
func (vc *vcServer) countLicences() {
	m := vc.licenseManager()
	for i := range m.Licenses {
		used := int32(0)
		for _, key := range vc.licences {
			if key == m.Licenses[i].LicenseKey {
				used++
			}
		}
		if m.Licenses[i].LicenseKey != simulator.EvalLicense.LicenseKey {
			m.Licenses[i].Used = used
		}
	}
}

// licenceInfo: the LicenseManager's entry for key; evaluation mode for "".
func (vc *vcServer) licenceInfo(key string) (types.LicenseManagerLicenseInfo, bool) {
	if key == "" {
		return simulator.EvalLicense, true
	}
	for _, l := range vc.licenseManager().Licenses {
		if l.LicenseKey == key {
			return l, true
		}
	}
	return types.LicenseManagerLicenseInfo{}, false
}

// hostByID: this vCenter's host of that managed object id.
func (vc *vcServer) hostByID(id string) *hostRT {
	for _, hr := range vc.hosts {
		if hr.ref.Value == id {
			return hr
		}
	}
	return nil
}

func licenceEntityNotFound(id string) types.BaseMethodFault {
	return &types.LicenseEntityNotFound{EntityId: id}
}

// extQueryAssignedLicenses: the vCenter's own assignment (evaluation mode) and each
// host's, or the one entity's.
func extQueryAssignedLicenses(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.QueryAssignedLicenses)
	body := &methods.QueryAssignedLicensesBody{Res: &types.QueryAssignedLicensesResponse{}}
	self := serviceContent().About.InstanceUuid
	if req.EntityId == "" || req.EntityId == self {
		body.Res.Returnval = append(body.Res.Returnval, types.LicenseAssignmentManagerLicenseAssignment{
			EntityId: self, Scope: self, EntityDisplayName: vc.def.Name, AssignedLicense: simulator.EvalLicense})
	}
	for _, hr := range vc.hosts {
		if req.EntityId != "" && req.EntityId != hr.ref.Value {
			continue
		}
		info, _ := vc.licenceInfo(vc.licences[hr.ref.Value])
		body.Res.Returnval = append(body.Res.Returnval, types.LicenseAssignmentManagerLicenseAssignment{
			EntityId: hr.ref.Value, Scope: self, EntityDisplayName: hr.name, AssignedLicense: info})
	}
	return body, true
}

func extUpdateAssignedLicense(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.UpdateAssignedLicense)
	body := &methods.UpdateAssignedLicenseBody{}
	if vc.hostByID(req.Entity) == nil {
		body.Fault_ = fault(licenceEntityNotFound(req.Entity))
		return body, true
	}
	info, ok := vc.licenceInfo(req.LicenseKey)
	if !ok || req.LicenseKey == "" {
		body.Fault_ = fault(&types.InvalidLicense{LicenseContent: ""})
		return body, true
	}
	if req.LicenseKey == simulator.EvalLicense.LicenseKey {
		delete(vc.licences, req.Entity)
	} else {
		vc.licences[req.Entity] = req.LicenseKey
	}
	vc.countLicences()
	info, _ = vc.licenceInfo(req.LicenseKey)
	body.Res = &types.UpdateAssignedLicenseResponse{Returnval: info}
	return body, true
}

func extRemoveAssignedLicense(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.RemoveAssignedLicense)
	body := &methods.RemoveAssignedLicenseBody{}
	if vc.hostByID(req.EntityId) == nil {
		body.Fault_ = fault(licenceEntityNotFound(req.EntityId))
		return body, true
	}
	delete(vc.licences, req.EntityId)
	vc.countLicences()
	body.Res = &types.RemoveAssignedLicenseResponse{}
	return body, true
}

// dropLicence: a host leaving this vCenter takes its assignment along (detachHost).
func (vc *vcServer) dropLicence(hr *hostRT) {
	delete(vc.licences, hr.ref.Value)
	vc.countLicences()
}
