#!/usr/bin/python3
"""The demo's migration and its rollback, judged by a referee that is not ours: a census
of both simulated vCenters through Debian's pyVmomi (census.py) before and after the
real vcshift runs scripts/demo's flow (validate, apply, plan = "No changes.", rollback).
Both vCenters must be back exactly as they were; a difference is printed as a diff.

Run: census_roundtrip.py VCSHIFT_BINARY VCSHIFT_SIM_BINARY
"""

import contextlib
import difflib
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sim"))
import census  # noqa: E402  (next to this file)
import simserve  # noqa: E402  (in tests/sim)

DESIRED = """version: 1
connections:
  source: {{url: {source[url]}, user: {source[user]}, thumbprint: "{source[thumbprint]}"}}
  target: {{url: {target[url]}, user: {target[user]}, thumbprint: "{target[thumbprint]}"}}
datacenters:
  - name: DC1
    vm_folders: [Web]
    clusters:
      - name: Cluster1
        ha: inherit
        drs: inherit
        hosts: [esx-01.sim.local, esx-02.sim.local]
{pools}    distributed_switches:
      - name: DSwitch1
        inherit: DSwitch1
        hosts:
          - {{name: esx-01.sim.local, uplinks: {{vmnic0: uplink1, vmnic1: uplink2}}}}
          - {{name: esx-02.sim.local, uplinks: {{vmnic0: uplink1, vmnic1: uplink2}}}}
"""
# The cluster's resource pools, vApp and per-VM overrides, carried as the demo carries them.
POOLS = """        resource_pools: inherit
        vapps: inherit
        vm_overrides: inherit
"""


def take_census(vcenter):
    return census.dumps(census.take(vcenter["url"], vcenter["user"], vcenter["password"], vcenter["thumbprint"]))


def vcshift(binary, work, env, *args):
    """Runs vcshift in work; its output (never a password: those come from env) is shown."""
    print(f"$ vcshift {' '.join(args)}", flush=True)
    run = subprocess.run([binary, *args], cwd=work, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, timeout=600)
    print(run.stdout, flush=True)
    if run.returncode != 0:
        raise SystemExit(f"vcshift {args[0]} exited {run.returncode}")
    return run.stdout


MAX_DIFF_LINES = 400


def differences(name, before, after):
    """Prints how the census after differs from before (the counts per type that changed,
    then a unified diff); False when they are identical."""
    if before == after:
        print(f"{name}: census identical before and after ({len(after)} bytes)")
        return False
    print(f"{name}: the census differs after the migration and its rollback")
    counts = json.loads(before)["counts"], json.loads(after)["counts"]
    for kind in sorted(set(counts[0]) | set(counts[1])):
        if counts[0].get(kind, 0) != counts[1].get(kind, 0):
            print(f"  {kind}: {counts[0].get(kind, 0)} before, {counts[1].get(kind, 0)} after")
    diff = list(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                     f"{name} before", f"{name} after", n=2))
    sys.stdout.writelines(diff[:MAX_DIFF_LINES])
    if len(diff) > MAX_DIFF_LINES:
        print(f"... {len(diff) - MAX_DIFF_LINES} more lines of diff")
    return True


@contextlib.contextmanager
def demo(sim, pools=True):
    """The default world served, a temporary work directory holding the demo's
    desired.yaml (without its pools, vApps and overrides unless `pools`), and the
    environment that gives vcshift the passwords; yields (work, vcenters by name, env).
    Also used by uncarried_warnings.py."""
    with tempfile.TemporaryDirectory(prefix="vcshift-e2e-", ignore_cleanup_errors=True) as work, \
            simserve.serve(sim) as (_, vcenters):
        source, target = vcenters["source"], vcenters["target"]
        with open(os.path.join(work, "desired.yaml"), "w") as f:
            f.write(DESIRED.format(source=source, target=target, pools=POOLS if pools else ""))
        env = dict(os.environ, VCSHIFT_SOURCE_PASSWORD=source["password"],
                   VCSHIFT_TARGET_PASSWORD=target["password"], VCSHIFT_ESXI_PASSWORD="esxi-root")
        yield work, vcenters, env


def main():
    binary, sim = sys.argv[1], sys.argv[2]
    with demo(sim) as (work, vcenters, env):
        source, target = vcenters["source"], vcenters["target"]
        before = {"source": take_census(source), "target": take_census(target)}
        vcshift(binary, work, env, "validate", "-f", "desired.yaml")
        vcshift(binary, work, env, "apply", "-f", "desired.yaml", "--auto-approve")
        if "No changes." not in vcshift(binary, work, env, "plan", "-f", "desired.yaml"):
            raise SystemExit("plan after apply is not 'No changes.'")
        vcshift(binary, work, env, "rollback", "--auto-approve")
        after = {"source": take_census(source), "target": take_census(target)}
        failed = [name for name in ("source", "target") if differences(name, before[name], after[name])]
        if failed:
            raise SystemExit(f"not back as it was: {', '.join(failed)}")


if __name__ == "__main__":
    main()
