// vcshift-sim: simulated vCenters (vcsim) sharing one physical world of
// ESXi hosts, for vcshift's tests and demo. docs/testing.md documents it.
package main

import (
	"fmt"
	"os"
)

const usage = `usage:
  vcshift-sim serve [--world FILE] [--state-dir DIR]
  vcshift-sim snapshot --url URL --user U --password P [--insecure]
  vcshift-sim generate --datacenters N --clusters N --hosts N [--standalone N] --vms N
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(64)
	}
	var err error
	switch os.Args[1] {
	case "serve":
		err = cmdServe(os.Args[2:])
	case "snapshot":
		err = cmdSnapshot(os.Args[2:])
	case childCommand:
		err = cmdVCenter(os.Args[2:])
	case "generate":
		err = cmdGenerate(os.Args[2:])
	default:
		fmt.Fprint(os.Stderr, usage)
		os.Exit(64)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "vcshift-sim:", err)
		os.Exit(1)
	}
}
