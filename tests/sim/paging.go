package main

// RetrievePropertiesEx in pages, as vCenter answers it: with RetrieveOptions.maxObjects
// set, a reply holds at most that many objects and a token; ContinueRetrievePropertiesEx
// with the token returns the next page (the last one without a token), and
// CancelRetrievePropertiesEx drops the rest (RetrieveOptions.maxObjects: "A positive
// value causes RetrievePropertiesEx to suspend the retrieval when the count of objects
// reaches the specified maximum"; RetrieveResult.token: "Each token may be passed to
// continueRetrievePropertiesEx only once"). The reference names no fault for a token
// spent, cancelled or unknown: here it is InvalidArgument.
// vcsim 0.24 ignores maxObjects and has no ContinueRetrievePropertiesEx: a read of every
// VM of a large world is one reply, which a client's array limit refuses (gSOAP: 100,000
// elements). Here the whole result is collected at once, as vcsim does, and held until
// its pages are read or cancelled; vCenter suspends the retrieval instead.

import (
	"strconv"
	"sync"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// pagingCollector is the ServiceContent's PropertyCollector. vcsim gives each session an
// instance of its own, made from this type's zero value (Session.Get), so tokens are
// per session as in vCenter.
type pagingCollector struct {
	simulator.PropertyCollector
	mu    sync.Mutex
	next  int
	pages map[string]suspended // by token
}

// suspended: a retrieval's objects not yet returned, and its page size.
type suspended struct {
	objects []types.ObjectContent
	size    int
}

// installPagingCollector puts the paging collector in vcsim's place.
func installPagingCollector() {
	ref := simulator.Map.Get(vim25.ServiceInstance).(*simulator.ServiceInstance).Content.PropertyCollector
	pc := &pagingCollector{}
	pc.Self = ref
	simulator.Map.Put(pc)
}

func (pc *pagingCollector) RetrievePropertiesEx(ctx *simulator.Context, r *types.RetrievePropertiesEx) soap.HasFault {
	vmwareSwitchesAsVCenterTypesThem(r.SpecSet)
	body := pc.PropertyCollector.RetrievePropertiesEx(ctx, r).(*methods.RetrievePropertiesExBody)
	if body.Res != nil && body.Res.Returnval != nil {
		vAppPoolsAsVCenterListsThem(body.Res.Returnval.Objects) // vapps.go
	}
	if body.Res == nil || r.Options.MaxObjects <= 0 {
		return body
	}
	body.Res.Returnval = pc.page(body.Res.Returnval.Objects, int(r.Options.MaxObjects))
	return body
}

// RetrieveProperties (pyVmomi's reads) is vcsim's, with vApps' pools as vCenter lists them.
func (pc *pagingCollector) RetrieveProperties(ctx *simulator.Context, r *types.RetrieveProperties) soap.HasFault {
	body := pc.PropertyCollector.RetrieveProperties(ctx, r).(*methods.RetrievePropertiesBody)
	if body.Res != nil {
		vAppPoolsAsVCenterListsThem(body.Res.Returnval) // vapps.go
	}
	return body
}

func (pc *pagingCollector) ContinueRetrievePropertiesEx(r *types.ContinueRetrievePropertiesEx) soap.HasFault {
	rest, ok := pc.take(r.Token)
	if !ok {
		return &methods.ContinueRetrievePropertiesExBody{Fault_: badToken()}
	}
	return &methods.ContinueRetrievePropertiesExBody{Res: &types.ContinueRetrievePropertiesExResponse{
		Returnval: *pc.page(rest.objects, rest.size)}}
}

func (pc *pagingCollector) CancelRetrievePropertiesEx(r *types.CancelRetrievePropertiesEx) soap.HasFault {
	if _, ok := pc.take(r.Token); !ok {
		return &methods.CancelRetrievePropertiesExBody{Fault_: badToken()}
	}
	return &methods.CancelRetrievePropertiesExBody{Res: &types.CancelRetrievePropertiesExResponse{}}
}

// take removes the suspended retrieval of that token; false when there is none.
func (pc *pagingCollector) take(token string) (suspended, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	rest, ok := pc.pages[token]
	delete(pc.pages, token)
	return rest, ok
}

func badToken() *soap.Fault {
	return simulator.Fault("", &types.InvalidArgument{InvalidProperty: "token"})
}

// page: the first `size` objects, with a token for the rest when there are more.
func (pc *pagingCollector) page(objects []types.ObjectContent, size int) *types.RetrieveResult {
	if len(objects) <= size {
		return &types.RetrieveResult{Objects: objects}
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.pages == nil {
		pc.pages = map[string]suspended{}
	}
	pc.next++
	token := strconv.Itoa(pc.next)
	pc.pages[token] = suspended{objects[size:], size}
	return &types.RetrieveResult{Objects: objects[:size], Token: token}
}

// vmwareSwitchesAsVCenterTypesThem: vcsim registers every distributed switch as a
// DistributedVirtualSwitch, though each is a VMware one (its config a
// VMwareDVSConfigInfo); vCenter's are VmwareDistributedVirtualSwitch objects. A property
// spec for that type (maxMtu, lacpGroupConfig: only it has them) is answered for them.
func vmwareSwitchesAsVCenterTypesThem(specs []types.PropertyFilterSpec) {
	for i := range specs {
		for j := range specs[i].PropSet {
			if specs[i].PropSet[j].Type == "VmwareDistributedVirtualSwitch" {
				specs[i].PropSet[j].Type = "DistributedVirtualSwitch"
			}
		}
	}
}
