package main

import (
	"testing"

	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// FindByDnsName finds a host by the name it was added with, in any case, and only in
// the datacenter asked for; FindAllByDnsName lists it.
func TestFindByDnsNameFindsHosts(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	ctx := tctxLong(t)
	index := object.NewSearchIndex(c.Client)
	want := mustHost(t, c, "DC1", "esx-01.sim.local").Reference()
	for _, name := range []string{"esx-01.sim.local", "ESX-01.Sim.Local"} {
		got, err := index.FindByDnsName(ctx, nil, name, false)
		if err != nil || got == nil || got.Reference() != want {
			t.Fatalf("FindByDnsName(%s) = %v, %v; want %v", name, got, err, want)
		}
	}
	if got, err := index.FindByDnsName(ctx, nil, "esx-99.sim.local", false); err != nil || got != nil {
		t.Fatalf("FindByDnsName of no host = %v, %v; want nothing", got, err)
	}
	dc, err := find.NewFinder(c.Client, true).Datacenter(ctx, "DC1")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := index.FindByDnsName(ctx, dc, "esx-01.sim.local", false); err != nil || got == nil {
		t.Fatalf("FindByDnsName in DC1 = %v, %v; want the host", got, err)
	}
	other := types.ManagedObjectReference{Type: "Datacenter", Value: "datacenter-none"}
	res, err := methods.FindAllByDnsName(ctx, c.Client, &types.FindAllByDnsName{
		This: index.Reference(), Datacenter: &other, DnsName: "esx-01.sim.local"})
	if err != nil || len(res.Returnval) != 0 {
		t.Fatalf("FindAllByDnsName in another datacenter = %v, %v; want none", res, err)
	}
	res, err = methods.FindAllByDnsName(ctx, c.Client, &types.FindAllByDnsName{This: index.Reference(), DnsName: "esx-01.sim.local"})
	if err != nil || len(res.Returnval) != 1 || res.Returnval[0] != want {
		t.Fatalf("FindAllByDnsName = %v, %v; want [%v]", res, err, want)
	}
}

// RetrievePropertiesEx honours maxObjects: pages of that size with a token, the rest by
// ContinueRetrievePropertiesEx, the same objects as one unpaged read; a spent or
// cancelled token is InvalidArgument.
func TestRetrievePropertiesExPages(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	ctx := tctxLong(t)
	v, err := view.NewManager(c.Client).CreateContainerView(ctx, c.ServiceContent.RootFolder, []string{"VirtualMachine"}, true)
	if err != nil {
		t.Fatal(err)
	}
	specs := []types.PropertyFilterSpec{{
		ObjectSet: []types.ObjectSpec{{Obj: v.Reference(), Skip: types.NewBool(true), SelectSet: []types.BaseSelectionSpec{
			&types.TraversalSpec{Type: "ContainerView", Path: "view"}}}},
		PropSet: []types.PropertySpec{{Type: "VirtualMachine", PathSet: []string{"name"}}},
	}}
	read := func(max int32) *types.RetrieveResult {
		t.Helper()
		res, err := methods.RetrievePropertiesEx(ctx, c.Client, &types.RetrievePropertiesEx{
			This: c.Client.ServiceContent.PropertyCollector, SpecSet: specs, Options: types.RetrieveOptions{MaxObjects: max}})
		if err != nil || res.Returnval == nil {
			t.Fatalf("RetrievePropertiesEx: %v", err)
		}
		return res.Returnval
	}
	all := read(0)
	if all.Token != "" || len(all.Objects) < 3 {
		t.Fatalf("unpaged read: token %q, %d objects; want no token, 3 VMs or more", all.Token, len(all.Objects))
	}
	page := read(2)
	seen := map[types.ManagedObjectReference]bool{}
	var tokens []string
	for {
		if len(page.Objects) > 2 {
			t.Fatalf("a page of %d objects with maxObjects 2", len(page.Objects))
		}
		for _, o := range page.Objects {
			seen[o.Obj] = true
		}
		if page.Token == "" {
			break
		}
		tokens = append(tokens, page.Token)
		res, err := methods.ContinueRetrievePropertiesEx(ctx, c.Client, &types.ContinueRetrievePropertiesEx{
			This: c.Client.ServiceContent.PropertyCollector, Token: page.Token})
		if err != nil {
			t.Fatalf("ContinueRetrievePropertiesEx: %v", err)
		}
		page = &res.Returnval
	}
	if len(seen) != len(all.Objects) || len(tokens) == 0 {
		t.Fatalf("paged read: %d objects over %d tokens; want %d over one or more", len(seen), len(tokens), len(all.Objects))
	}
	_, err = methods.ContinueRetrievePropertiesEx(ctx, c.Client, &types.ContinueRetrievePropertiesEx{
		This: c.Client.ServiceContent.PropertyCollector, Token: tokens[0]})
	if !invalidArgument(err) {
		t.Fatalf("a spent token: %v; want InvalidArgument", err)
	}
	cancelled := read(1).Token
	if _, err := methods.CancelRetrievePropertiesEx(ctx, c.Client, &types.CancelRetrievePropertiesEx{
		This: c.Client.ServiceContent.PropertyCollector, Token: cancelled}); err != nil {
		t.Fatalf("CancelRetrievePropertiesEx: %v", err)
	}
	_, err = methods.ContinueRetrievePropertiesEx(ctx, c.Client, &types.ContinueRetrievePropertiesEx{
		This: c.Client.ServiceContent.PropertyCollector, Token: cancelled})
	if !invalidArgument(err) {
		t.Fatalf("a cancelled token: %v; want InvalidArgument", err)
	}
}

// invalidArgument: err is an InvalidArgument fault.
func invalidArgument(err error) bool {
	if err == nil || !soap.IsSoapFault(err) {
		return false
	}
	_, ok := soap.ToSoapFault(err).VimFault().(types.InvalidArgument)
	return ok
}

// A property spec for VmwareDistributedVirtualSwitch is answered for the switches, as
// vCenter answers it for its VMware switches (vcsim types them DistributedVirtualSwitch).
func TestVmwareSwitchPropertiesAreAnswered(t *testing.T) {
	s := startSim(t, nil)
	c := s.login(t, "source")
	ctx := tctxLong(t)
	v, err := view.NewManager(c.Client).CreateContainerView(ctx, c.ServiceContent.RootFolder, []string{"DistributedVirtualSwitch"}, true)
	if err != nil || len(v.Reference().Value) == 0 {
		t.Fatal(err)
	}
	res, err := methods.RetrievePropertiesEx(ctx, c.Client, &types.RetrievePropertiesEx{
		This: c.Client.ServiceContent.PropertyCollector,
		SpecSet: []types.PropertyFilterSpec{{
			ObjectSet: []types.ObjectSpec{{Obj: v.Reference(), Skip: types.NewBool(true), SelectSet: []types.BaseSelectionSpec{
				&types.TraversalSpec{Type: "ContainerView", Path: "view"}}}},
			PropSet: []types.PropertySpec{{Type: "VmwareDistributedVirtualSwitch", PathSet: []string{"config.maxMtu"}}},
		}}})
	if err != nil || res.Returnval == nil || len(res.Returnval.Objects) == 0 {
		t.Fatalf("RetrievePropertiesEx: %v, %v; want the switches", res, err)
	}
	for _, o := range res.Returnval.Objects {
		if len(o.PropSet) != 1 || o.PropSet[0].Name != "config.maxMtu" || o.PropSet[0].Val.(int32) <= 0 {
			t.Fatalf("%v: %v; want its config.maxMtu", o.Obj, o.PropSet)
		}
	}
}
