#!/usr/bin/python3
"""A whole read larger than one page arrives whole (issue 20): vCenter answers
RetrievePropertiesEx `maxObjects` at a time (vcshift asks for 500) and the rest by
ContinueRetrievePropertiesEx, as vcshift-sim now does. `vcshift inventory` of a world of
more than 500 objects (40 hosts, 480 VMs) must make ContinueRetrievePropertiesEx calls
and list every host and VM: a 5,000-host vCenter's read is many pages, never one reply
over the client's 100,000-element limit.

Run: paged_read.py VCSHIFT_BINARY VCSHIFT_SIM_BINARY
"""

import json
import os
import subprocess
import sys
import tempfile
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "sim"))
import simserve  # noqa: E402  (in tests/sim)


def main():
    binary, sim = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="vcshift-paged-", ignore_cleanup_errors=True) as work:
        world = os.path.join(work, "world.json")
        with open(world, "w") as f:
            subprocess.run([sim, "generate", "--datacenters", "1", "--clusters", "2", "--hosts", "20", "--vms", "12"],
                           stdout=f, check=True, timeout=60)
        with simserve.serve(sim, world) as (_, vcenters):
            source = vcenters["source"]
            urllib.request.urlopen(urllib.request.Request(source["control"] + "/calls", method="DELETE"))
            result = subprocess.run([binary, "inventory", "--url", source["url"], "--user", source["user"],
                                     "--thumbprint", source["thumbprint"], "--format", "json"], cwd=work,
                                    env=dict(os.environ, VCSHIFT_PASSWORD=source["password"]),
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300)
            log = json.load(urllib.request.urlopen(source["control"] + "/calls"))
    if result.returncode != 0:
        raise SystemExit(f"inventory failed: {result.stderr}")
    inventory = json.loads(result.stdout)
    pages = sum(1 for call in log["calls"] if call["method"] == "ContinueRetrievePropertiesEx")
    hosts, vms = len(inventory["hosts"]), len(inventory["vms"])
    print(f"{hosts} hosts, {vms} VMs, {pages} ContinueRetrievePropertiesEx calls", flush=True)
    failures = []
    if pages == 0:
        failures.append("no ContinueRetrievePropertiesEx: the read came in one reply")
    if (hosts, vms) != (40, 480):
        failures.append(f"read {hosts} hosts and {vms} VMs, not 40 and 480")
    if failures:
        raise SystemExit("\n".join(failures))
    print("a read of many pages arrives whole")


if __name__ == "__main__":
    main()
