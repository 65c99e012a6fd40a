package main

// generate: a large world on stdout, for benchmarks.

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
)

func cmdGenerate(args []string) error {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	dcs := fs.Int("datacenters", 1, "datacenters")
	clusters := fs.Int("clusters", 1, "clusters per datacenter")
	hosts := fs.Int("hosts", 2, "hosts per cluster")
	standalone := fs.Int("standalone", 0, "standalone hosts per datacenter, in host folder Standalone")
	vms := fs.Int("vms", 2, "VMs per host")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dcs < 1 || *clusters < 1 || *hosts < 1 || *standalone < 0 || *vms < 0 {
		return fmt.Errorf("generate: counts must be positive")
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	return enc.Encode(GenerateWorld(*dcs, *clusters, *hosts, *standalone, *vms))
}
