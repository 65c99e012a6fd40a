// discovery_govmomi: the baseline for bench/discovery_bench.sh. Reads exactly what
// vcshift's discovery reads (providers/vsphere/discovery.cc, ViewProperties and
// VmDeviceProperties: same types, same property paths) the way a govmomi client would,
// through one container view with RetrievePropertiesEx pages of 500, decodes every value
// into govmomi's types and counts them. Nothing is assembled or printed beyond the
// counts, so it is the least a govmomi client does for the same read.
//
// Build (GOPATH mode, Debian's govmomi):
//   GO111MODULE=off GOPATH=/usr/share/gocode go build -o build/bin/discovery-govmomi ./bench/discovery_govmomi
// Run: VCSHIFT_PASSWORD=... discovery-govmomi --url URL --user USER --insecure
package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

var sets = []types.PropertySpec{
	{Type: "Datacenter", PathSet: []string{"name", "parent", "hostFolder", "vmFolder"}},
	{Type: "Folder", PathSet: []string{"name", "parent"}},
	{Type: "ComputeResource", PathSet: []string{"name", "parent"}},
	{Type: "ClusterComputeResource", PathSet: []string{"configurationEx", "summary"}},
	{Type: "HostSystem", PathSet: []string{"name", "parent", "runtime.connectionState", "runtime.inMaintenanceMode",
		"summary.config.product", "summary.config.sslThumbprint", "summary.maxEVCModeKey", "hardware.cpuPkg",
		"config.network", "config.virtualNicManagerInfo"}},
	{Type: "VirtualMachine", PathSet: []string{"name", "parent", "runtime.host", "runtime.powerState", "config.template",
		"config.hardware.device"}},
	{Type: "DistributedVirtualSwitch", PathSet: []string{"name", "parent", "config", "summary.productInfo"}},
	{Type: "DistributedVirtualPortgroup", PathSet: []string{"name", "parent", "config"}},
}

func main() {
	rawURL := flag.String("url", "", "vCenter SDK URL")
	user := flag.String("user", "", "user")
	insecure := flag.Bool("insecure", false, "accept any certificate")
	flag.Parse()
	if err := run(*rawURL, *user, os.Getenv("VCSHIFT_PASSWORD"), *insecure); err != nil {
		fmt.Fprintln(os.Stderr, "discovery-govmomi:", err)
		os.Exit(1)
	}
}

func run(rawURL, user, password string, insecure bool) error {
	ctx := context.Background()
	u, err := soap.ParseURL(rawURL)
	if err != nil {
		return err
	}
	u.User = url.UserPassword(user, password)
	c, err := govmomi.NewClient(ctx, u, insecure)
	if err != nil {
		return err
	}
	defer c.Logout(ctx) //nolint:errcheck
	var kinds []string
	for _, s := range sets {
		kinds = append(kinds, s.Type)
	}
	v, err := view.NewManager(c.Client).CreateContainerView(ctx, c.ServiceContent.RootFolder, kinds, true)
	if err != nil {
		return err
	}
	defer v.Destroy(ctx) //nolint:errcheck
	skip := true
	req := types.RetrievePropertiesEx{
		This: c.PropertyCollector().Reference(),
		SpecSet: []types.PropertyFilterSpec{{
			ObjectSet: []types.ObjectSpec{{Obj: v.Reference(), Skip: &skip,
				SelectSet: []types.BaseSelectionSpec{&types.TraversalSpec{Type: "ContainerView", Path: "view"}}}},
			PropSet: sets,
		}},
		Options: types.RetrieveOptions{MaxObjects: 500},
	}
	res, err := methods.RetrievePropertiesEx(ctx, c.Client, &req)
	if err != nil {
		return err
	}
	objects, properties := 0, 0
	page := res.Returnval
	for page != nil {
		for _, o := range page.Objects {
			objects++
			properties += len(o.PropSet)
		}
		if page.Token == "" {
			break
		}
		next, err := methods.ContinueRetrievePropertiesEx(ctx, c.Client,
			&types.ContinueRetrievePropertiesEx{This: req.This, Token: page.Token})
		if err != nil {
			return err
		}
		page = &next.Returnval
	}
	fmt.Printf("{\"objects\":%d,\"properties\":%d}\n", objects, properties)
	return nil
}
