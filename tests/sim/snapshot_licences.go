package main

// The snapshot's licence part: the keys the LicenseManager holds and each host's
// assignment, a key shown only by its edition and last five characters (a key is a
// secret, and a snapshot is printed), hosts by inventory path.

import (
	"context"
	"fmt"
	"sort"

	"github.com/vmware/govmomi/license"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/types"
)

type SnapLicences struct {
	Keys  []SnapLicenceKey  `json:"keys"`  // evaluation mode left out
	Hosts []SnapHostLicence `json:"hosts"` // evaluation mode left out
}

type SnapLicenceKey struct {
	Edition string `json:"edition"`
	Name    string `json:"name"`
	Tail    string `json:"tail"`
	Total   int32  `json:"total"`
	Used    int32  `json:"used"`
}

// SnapHostLicence is the key assigned to the host at Path ("DC1/host/Cluster1/esx-01").
type SnapHostLicence struct {
	Path    string `json:"path"`
	Edition string `json:"edition"`
	Name    string `json:"name"`
	Tail    string `json:"tail"`
}

func keyTail(key string) string {
	if len(key) <= 5 {
		return key
	}
	return key[len(key)-5:]
}

func (inv *inventory) readLicences(ctx context.Context, c *vim25.Client) (SnapLicences, error) {
	out := SnapLicences{Keys: []SnapLicenceKey{}, Hosts: []SnapHostLicence{}}
	m := license.NewManager(c)
	infos, err := m.List(ctx)
	if err != nil {
		return out, fmt.Errorf("licences: %v", err)
	}
	for _, l := range infos {
		if l.LicenseKey != evaluationKey {
			out.Keys = append(out.Keys, SnapLicenceKey{l.EditionKey, l.Name, keyTail(l.LicenseKey), l.Total, l.Used})
		}
	}
	am, err := m.AssignmentManager(ctx)
	if err != nil {
		return out, fmt.Errorf("licence assignments: %v", err)
	}
	assigned, err := am.QueryAssigned(ctx, "")
	if err != nil {
		return out, fmt.Errorf("licence assignments: %v", err)
	}
	for _, a := range assigned {
		ref := types.ManagedObjectReference{Type: "HostSystem", Value: a.EntityId}
		if _, ok := inv.entities[ref]; !ok || a.AssignedLicense.LicenseKey == evaluationKey {
			continue
		}
		l := a.AssignedLicense
		out.Hosts = append(out.Hosts, SnapHostLicence{inv.entityPath(ref), l.EditionKey, l.Name, keyTail(l.LicenseKey)})
	}
	sort.Slice(out.Keys, func(i, j int) bool { return out.Keys[i].Tail < out.Keys[j].Tail })
	sort.Slice(out.Hosts, func(i, j int) bool { return out.Hosts[i].Path < out.Hosts[j].Path })
	return out, nil
}

const evaluationKey = "00000-00000-00000-00000-00000"
