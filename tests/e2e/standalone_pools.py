#!/usr/bin/python3
"""A standalone host's resource pools and vApps move with it and come back (issue 16):
in tests/e2e/worlds/standalone-host.json, pyVmomi alone makes, below the standalone host
esx-02's root pool, a nested tree with non-default allocations and a vApp with a start
order, and on Gold a permission (pyVmomi) and the tag Tier/Gold (the REST API)
(retarget_standalone_pools.py). `vcshift export` of the source, retargeted at the empty
target, validated, applied: the target's census (census.py: pyVmomi, the REST API for
tags) must equal the source's before (each VM in the same pool path or vApp, the same
allocations and start order, the permission and the tag on Gold); planning again must say
`No changes.`; `vcshift rollback` must give both vCenters' censuses back exactly (vCenter
destroyed the host's pools, with their permissions and tags, with its ComputeResource on
both sides).

Run: standalone_pools.py VCSHIFT_BINARY VCSHIFT_SIM_BINARY
"""

import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sim"))
import census  # noqa: E402  (next to this file)
from census_roundtrip import take_census, vcshift  # noqa: E402  (next to this file)
from export_retarget import converged_and_rolled_back, export_retargeted  # noqa: E402  (next to this file)
from retarget_standalone_pools import add_access, add_pools  # noqa: E402  (next to this file)
import simserve  # noqa: E402  (in tests/sim)

WORLD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "worlds", "standalone-host.json")


def without_unset_admission_policy(text):
    """The census without the admission control policy of a cluster whose HA is off: the
    world makes Cluster1 (esx-01's, which the export moves too) with none, and a cluster
    vcshift creates has vSphere's default; nothing to do with pools."""
    def strip(node):
        if isinstance(node, dict):
            ha = node.get("ha")
            if isinstance(ha, dict) and ha.get("enabled") is False:
                ha.pop("admission_policy", None)
            for value in node.values():
                strip(value)
        elif isinstance(node, list):
            for value in node:
                strip(value)
        return node
    return census.dumps(strip(json.loads(text)))


def main():
    binary, sim = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="vcshift-standalone-", ignore_cleanup_errors=True) as work, \
            simserve.serve(sim, WORLD) as (_, vcenters):
        source, target = vcenters["source"], vcenters["target"]
        env = dict(os.environ, VCSHIFT_PASSWORD=source["password"], VCSHIFT_SOURCE_PASSWORD=source["password"],
                   VCSHIFT_TARGET_PASSWORD=target["password"], VCSHIFT_ESXI_PASSWORD="esxi-root")
        add_pools(source)
        add_access(source)
        before = {"source": take_census(source), "target": take_census(target)}
        export_retargeted(binary, work, env, source, target)
        with open(os.path.join(work, "desired.yaml")) as f:
            exported = f.read()
        for written in ("resource_pools:", "name: Batch", "vapps:", "start_order: 2", "VSPHERE.LOCAL\\ops",
                        "Tier/Gold"):
            if written not in exported:
                raise SystemExit(f"the export does not write the standalone host's '{written}':\n{exported}")
        vcshift(binary, work, env, "validate", "-f", "desired.yaml")
        vcshift(binary, work, env, "apply", "-f", "desired.yaml", "--auto-approve")
        failed = converged_and_rolled_back(binary, work, env, source, target, before,
                                           without_unset_admission_policy)
        if failed:
            raise SystemExit("; ".join(failed))
    print("the standalone host's pools and vApp, with the permission and tag on Gold, arrived with it, "
          "and came back with the rollback")


if __name__ == "__main__":
    main()
