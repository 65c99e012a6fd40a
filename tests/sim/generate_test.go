package main

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// generate prints a valid world of the requested size, and a small one
// serves with everything in place.
func TestGenerateWorld(t *testing.T) {
	big := GenerateWorld(4, 10, 25, 0, 20)
	big.applyDefaults()
	if err := big.Validate(); err != nil {
		t.Fatal(err)
	}
	vms := 0
	for _, h := range big.Hosts {
		vms += len(h.VMs)
	}
	if len(big.Hosts) != 1000 || vms != 20000 || len(big.VCenters[0].Datacenters) != 4 {
		t.Errorf("4x10x25x20: %d hosts %d vms", len(big.Hosts), vms)
	}
	var w World
	if err := json.Unmarshal(runSim(t, "generate", "--datacenters", "2", "--clusters", "2", "--hosts", "3", "--standalone", "1", "--vms", "2"), &w); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	s := startSim(t, &w)
	t.Logf("2x2x3x2 world with a standalone host per datacenter up in %v", time.Since(start))
	_, snap := snapHost(t, s.login(t, "source"), "esx-0001.sim.local")
	if len(snap.Datacenters) != 2 || len(snap.Clusters) != 4 || len(snap.Hosts) != 14 || len(snap.VMs) != 28 || len(snap.Switches) != 2 {
		t.Errorf("served: %d dcs %d clusters %d hosts %d vms %d switches",
			len(snap.Datacenters), len(snap.Clusters), len(snap.Hosts), len(snap.VMs), len(snap.Switches))
	}
	for _, h := range snap.Hosts {
		if standalone := h.Cluster == ""; standalone != (h.Folder == "Standalone") {
			t.Errorf("host %s: cluster %q folder %q", h.Name, h.Cluster, h.Folder)
		}
	}
	for _, vm := range snap.VMs {
		if len(vm.NICs) != 1 || !vm.NICs[0].Connected || vm.NICs[0].DVS == "" {
			t.Errorf("vm %s nics %+v", vm.Name, vm.NICs)
			break
		}
	}
	// Each cluster: a nested pool tree with non-default allocations, a vApp with a
	// start order, and overrides (world_pools.go).
	inPool := map[string]int{}
	for _, vm := range snap.VMs {
		inPool[vm.Pool]++
	}
	for _, c := range snap.Clusters {
		checkGeneratedPools(t, c)
	}
	if inPool["Tier1"] != 4 || inPool["Tier1/DB"] != 4 || inPool["Shop"] != 8 {
		t.Errorf("VMs by pool %v", inPool)
	}
}

// checkGeneratedPools: the cluster has generatePools' tree, vApp and overrides.
func checkGeneratedPools(t *testing.T, c SnapCluster) {
	t.Helper()
	if len(c.ResourcePools) != 3 || c.ResourcePools[0].Path != "Shop" || !c.ResourcePools[0].VApp ||
		len(c.ResourcePools[0].StartOrder) != 2 || c.ResourcePools[0].StartOrder[1].StartOrder != 2 ||
		c.ResourcePools[2].Path != "Tier1/DB" || c.ResourcePools[2].Memory.Shares != 3000 ||
		c.ResourcePools[2].Memory.Expandable || c.ResourcePools[1].CPU.Reservation != 500 {
		t.Errorf("cluster %s pools %+v", c.Name, c.ResourcePools)
	}
	if len(c.VMOverrides) != 2 || c.VMOverrides[0].RestartPriority != "high" || c.VMOverrides[0].DRSBehavior != "manual" {
		t.Errorf("cluster %s overrides %+v", c.Name, c.VMOverrides)
	}
}

// The default world's Cluster1 has the generated pools, vApp and overrides
// (issue 16): vm-1 in Tier1, vm-2 in Tier1/DB, vm-3 and vm-4 in the vApp Shop.
func TestDefaultWorldPools(t *testing.T) {
	for _, standard := range []bool{false, true} {
		s := startSim(t, DefaultWorld(standard))
		_, snap := snapHost(t, s.login(t, "source"), "esx-01.sim.local")
		checkGeneratedPools(t, clusterSnap(t, snap, "Cluster1"))
		want := map[string]string{"vm-1": "Tier1", "vm-2": "Tier1/DB", "vm-3": "Shop", "vm-4": "Shop"}
		if got := vmPools(snap); !reflect.DeepEqual(got, want) {
			t.Errorf("standard=%v: VMs by pool %v, want %v", standard, got, want)
		}
		s.stop(t)
	}
}
