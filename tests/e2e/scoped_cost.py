#!/usr/bin/python3
"""A scoped plan's reads follow the desired state, not the vCenter's size (issue 20).

The same desired state (one standalone host of the first datacenter moving to the empty
target, as it is) is planned against two generated worlds that differ only in how many
hosts (and so VMs) their clusters hold: 2 datacenters x 2 clusters x 2 hosts, then x 40
hosts (20 times as many). The scoped read must make the same vim25 calls in both and
receive nearly the same bytes (within 10%): nothing it reads lists every host, a
switch's every member or every host's licence. `--full-discovery` receives far more
from the larger one (the check that the worlds differ as meant).

Run: scoped_cost.py VCSHIFT_BINARY VCSHIFT_SIM_BINARY
"""

import json
import os
import subprocess
import sys
import tempfile
import urllib.request

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "sim"))
import simserve  # noqa: E402  (in tests/sim)

SIZES = (2, 40)


def calls_and_bytes(vcenters):
    """The vim25 calls both vCenters logged since the last clear and their responses'
    bytes, then clears the logs."""
    calls, received = 0, 0
    for vc in vcenters.values():
        log = json.load(urllib.request.urlopen(vc["control"] + "/calls"))
        calls += log["count"]
        received += sum(call.get("response_bytes", 0) for call in log["calls"])
        urllib.request.urlopen(urllib.request.Request(vc["control"] + "/calls", method="DELETE"))
    return calls, received


def measure(binary, sim, hosts, work):
    """(calls, bytes) of the scoped plan and of the full one, in a world of `hosts` hosts
    a cluster."""
    world = os.path.join(work, f"world-{hosts}.json")
    with open(world, "w") as f:
        subprocess.run([sim, "generate", "--datacenters", "2", "--clusters", "2", "--hosts", str(hosts),
                        "--standalone", "1", "--vms", "2"], stdout=f, check=True, timeout=60)
    with simserve.serve(sim, world) as (_, vcenters):
        source, target = vcenters["source"], vcenters["target"]
        with open(world) as f:
            dc = json.load(f)["vcenters"][0]["datacenters"][0]
        standalone = dc["standalone_hosts"][0]
        desired = {
            "version": 1,
            "connections": {side: {"url": vc["url"], "user": vc["user"], "thumbprint": vc["thumbprint"]}
                            for side, vc in (("source", source), ("target", target))},
            "datacenters": [{"name": dc["name"], "host_folders": [standalone["folder"]],
                             "standalone_hosts": [{"name": standalone["host"], "folder": standalone["folder"]}]}],
        }
        path = os.path.join(work, f"desired-{hosts}.yaml")
        with open(path, "w") as f:
            yaml.safe_dump(desired, f, sort_keys=False)
        env = dict(os.environ, VCSHIFT_SOURCE_PASSWORD=source["password"], VCSHIFT_TARGET_PASSWORD=target["password"],
                   VCSHIFT_ESXI_PASSWORD="esxi-root")
        found = {}
        for mode, extra in (("scoped", []), ("full", ["--full-discovery"])):
            calls_and_bytes(vcenters)
            result = subprocess.run([binary, "plan", "-f", path, "--format", "json", *extra], cwd=work, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300)
            if result.returncode != 0:
                raise SystemExit(f"plan ({mode}, {hosts} hosts a cluster) failed: {result.stderr}")
            found[mode] = calls_and_bytes(vcenters)
        print(f"{hosts} hosts a cluster: scoped {found['scoped'][0]} calls, {found['scoped'][1]} bytes; "
              f"full {found['full'][0]} calls, {found['full'][1]} bytes", flush=True)
        return found


def main():
    binary, sim = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="vcshift-scoped-cost-", ignore_cleanup_errors=True) as work:
        small, large = (measure(binary, sim, hosts, work) for hosts in SIZES)
    failures = []
    if large["full"][1] < 5 * small["full"][1]:
        failures.append("the larger world is not much larger to a full read")
    if large["scoped"][0] != small["scoped"][0]:
        failures.append(f"the scoped read made {large['scoped'][0]} calls in the larger world, {small['scoped'][0]} "
                        "in the smaller")
    if large["scoped"][1] > 1.1 * small["scoped"][1]:
        failures.append(f"the scoped read received {large['scoped'][1]} bytes in the larger world, "
                        f"{small['scoped'][1]} in the smaller: more than 10% more")
    if failures:
        raise SystemExit("\n".join(failures))
    print("the scoped read's cost follows the desired state")


if __name__ == "__main__":
    main()
