#!/usr/bin/python3
"""Tagging in recorded inventories (issue 18): the default world's source with REST-made
tags (retarget_tags.py, on a datacenter, a cluster, hosts, VMs, a VM folder, a switch, a
port group and a pool) is exported and retargeted to the empty target; both vCenters are
recorded with `vcshift inventory --format json`, and the plan made offline from the two
recordings (`--source-inventory`, `--target-inventory`) is the live plan, byte for byte.
It attaches tags (else the comparison would prove nothing).

Run: recorded_tags.py VCSHIFT_BINARY VCSHIFT_SIM_BINARY
"""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sim"))
from census_roundtrip import vcshift  # noqa: E402  (next to this file)
from export_retarget import export_retargeted  # noqa: E402  (next to this file)
import retarget_pools  # noqa: E402  (next to this file)
import retarget_tags  # noqa: E402  (next to this file)
import simserve  # noqa: E402  (in tests/sim)


def record(binary, work, vcenter, name):
    """`vcshift inventory --format json` of one vCenter, as work/<name>.json."""
    env = dict(os.environ, VCSHIFT_PASSWORD=vcenter["password"])
    with open(os.path.join(work, name + ".json"), "w") as out:
        run = subprocess.run([binary, "inventory", "--url", vcenter["url"], "--user", vcenter["user"],
                              "--thumbprint", vcenter["thumbprint"], "--format", "json"],
                             cwd=work, env=env, stdout=out, stderr=subprocess.PIPE, text=True, timeout=300)
    if run.returncode != 0:
        raise SystemExit(f"vcshift inventory of the {name} exited {run.returncode}: {run.stderr}")


def main():
    binary, sim = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="vcshift-recorded-tags-", ignore_cleanup_errors=True) as work, \
            simserve.serve(sim) as (_, vcenters):
        source, target = vcenters["source"], vcenters["target"]
        env = dict(os.environ, VCSHIFT_PASSWORD=source["password"], VCSHIFT_SOURCE_PASSWORD=source["password"],
                   VCSHIFT_TARGET_PASSWORD=target["password"], VCSHIFT_ESXI_PASSWORD="esxi-root")
        retarget_pools.add_state(source)
        retarget_tags.make(source)
        export_retargeted(binary, work, env, source, target)
        record(binary, work, source, "source")
        record(binary, work, target, "target")
        live = vcshift(binary, work, env, "plan", "-f", "desired.yaml")
        offline = vcshift(binary, work, env, "plan", "-f", "desired.yaml", "--source-inventory", "source.json",
                          "--target-inventory", "target.json")
        if "attach_tag" not in live and "+ tag attachment" not in live:
            raise SystemExit("the live plan attaches no tag: the comparison proves nothing")
        if offline != live:
            raise SystemExit("the plan from the recorded inventories is not the live plan")
        print("the plan from the recorded inventories is the live plan")


if __name__ == "__main__":
    main()
