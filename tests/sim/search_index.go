package main

// SearchIndex.FindByDnsName and FindAllByDnsName for hosts, as vCenter answers them: a
// host is found by the DNS name it was added with (its inventory name here: AddHost's
// hostName), compared without regard to case as DNS names are; `datacenter` restricts
// the search to that datacenter's hosts. vcsim 0.24 compares the name with the host's
// netstack DNS host name, which its hosts do not set, so it finds none. Virtual
// machines (vmSearch) are left to vcsim (their guest's hostName).

import (
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func init() {
	extMethods["FindByDnsName"] = extFindByDnsName
	extMethods["FindAllByDnsName"] = extFindAllByDnsName
}

// hostsByDnsName: this vCenter's hosts of that DNS name, in datacenter dc (nil: any).
func (vc *vcServer) hostsByDnsName(name string, dc *types.ManagedObjectReference) []types.ManagedObjectReference {
	var found []types.ManagedObjectReference
	for _, hr := range vc.hosts {
		if hr.lost || !strings.EqualFold(hr.name, name) || (dc != nil && hr.dc.ref != *dc) {
			continue
		}
		found = append(found, hr.ref)
	}
	return found
}

func extFindByDnsName(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.FindByDnsName)
	if req.VmSearch {
		return nil, false
	}
	body := &methods.FindByDnsNameBody{Res: &types.FindByDnsNameResponse{}}
	if found := vc.hostsByDnsName(req.DnsName, req.Datacenter); len(found) > 0 {
		body.Res.Returnval = &found[0]
	}
	return body, true
}

func extFindAllByDnsName(vc *vcServer, m *simulator.Method) (soap.HasFault, bool) {
	req := m.Body.(*types.FindAllByDnsName)
	if req.VmSearch {
		return nil, false
	}
	found := vc.hostsByDnsName(req.DnsName, req.Datacenter)
	return &methods.FindAllByDnsNameBody{Res: &types.FindAllByDnsNameResponse{Returnval: found}}, true
}
