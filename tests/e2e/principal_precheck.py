#!/usr/bin/python3
"""A principal the target cannot resolve is refused at plan time, by name (issue 17): the
example world's target knows a small user directory (VSPHERE.LOCAL\\ops); the source
gives a permission to VSPHERE.LOCAL\\alice on a host and to ops on the cluster (made by
pyVmomi). Exported and pointed at the target, `vcshift plan` exits non-zero naming
alice (RetrieveUserGroups on the target finds no such user) and not ops; with
`principal_mapping` naming alice as ops there, the plan passes and `vcshift apply` sets
the host's permission for ops on the target.

Run: principal_precheck.py VCSHIFT_BINARY VCSHIFT_SIM_BINARY
"""

import json
import os
import subprocess
import sys
import tempfile

from pyVim.connect import Disconnect
from pyVmomi import vim

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sim"))
from census_roundtrip import vcshift  # noqa: E402  (next to this file)
from export_retarget import export_retargeted  # noqa: E402  (next to this file)
import simserve  # noqa: E402  (in tests/sim)

WORLD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "worlds", "example-standard-switch.json")
HOST = "esx-01.example.com"
ALICE, OPS = "VSPHERE.LOCAL\\alice", "VSPHERE.LOCAL\\ops"
MAPPING = f"principal_mapping:\n  - {{source: '{ALICE}', target: '{OPS}'}}\n"


def set_permission(vcenter, kind, name, principal):
    si = simserve.connect(vcenter)
    try:
        entity = simserve.find(si, kind, name)
        si.content.authorizationManager.SetEntityPermissions(entity=entity, permission=[
            vim.AuthorizationManager.Permission(entity=entity, principal=principal, group=False, roleId=-2,
                                                propagate=False)])
    finally:
        Disconnect(si)


def principals_on(vcenter, kind, name):
    si = simserve.connect(vcenter)
    try:
        entity = simserve.find(si, kind, name)
        return sorted(p.principal for p in si.content.authorizationManager.RetrieveEntityPermissions(entity, False))
    finally:
        Disconnect(si)


def main():
    binary, sim = sys.argv[1], sys.argv[2]
    with open(WORLD) as f:
        world = json.load(f)
    world["vcenters"][1]["users"] = [{"principal": OPS}]
    with tempfile.TemporaryDirectory(prefix="vcshift-principals-", ignore_cleanup_errors=True) as work:
        world_file = os.path.join(work, "world.json")
        with open(world_file, "w") as f:
            json.dump(world, f)
        with simserve.serve(sim, world_file) as (_, vcenters):
            source, target = vcenters["source"], vcenters["target"]
            env = dict(os.environ, VCSHIFT_PASSWORD=source["password"], VCSHIFT_SOURCE_PASSWORD=source["password"],
                       VCSHIFT_TARGET_PASSWORD=target["password"], VCSHIFT_ESXI_PASSWORD="esxi-root")
            set_permission(source, vim.HostSystem, HOST, ALICE)
            set_permission(source, vim.ClusterComputeResource, "Cluster1", OPS)
            export_retargeted(binary, work, env, source, target)
            refused = subprocess.run([binary, "plan", "-f", "desired.yaml"], cwd=work, env=env, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
            print(refused.stdout, flush=True)
            if refused.returncode in (0, 2) or f"user '{ALICE}'" not in refused.stdout \
                    or "not known to this vCenter" not in refused.stdout or f"user '{OPS}'" in refused.stdout:
                raise SystemExit(f"the plan was not refused naming {ALICE} alone (exit {refused.returncode})")
            with open(os.path.join(work, "desired.yaml"), "a") as f:
                f.write(MAPPING)
            vcshift(binary, work, env, "apply", "-f", "desired.yaml", "--auto-approve")
            if principals_on(target, vim.HostSystem, HOST) != [OPS]:
                raise SystemExit(f"{HOST} on the target has {principals_on(target, vim.HostSystem, HOST)}, not {OPS}")


if __name__ == "__main__":
    main()
