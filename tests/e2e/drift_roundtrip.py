#!/usr/bin/python3
"""Declared truth (issue 15): settings declared for a switch and a port group that exist
are planned, applied and rolled back. The source vCenter is exported (planning the export
is "No changes."), the switch's mtu becomes 9000 and pg-vm's vlan 200 in the file; the plan
shows both as `~ old -> new` (exit 2), apply converges (plan again = "No changes."), and
rollback leaves the vCenter as it was by both referees: `vcshift-sim snapshot` (govmomi)
and the pyVmomi census (census.py).

Run: drift_roundtrip.py VCSHIFT_BINARY VCSHIFT_SIM_BINARY
"""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sim"))
import census_roundtrip  # noqa: E402  (next to this file)
import simserve  # noqa: E402  (in tests/sim)


def run(binary, work, env, *args, expect=0):
    """Runs vcshift in work and shows its output (never a password: those come from env)."""
    print(f"$ vcshift {' '.join(args)}", flush=True)
    done = subprocess.run([binary, *args], cwd=work, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=600)
    print(done.stdout, flush=True)
    if done.returncode != expect:
        raise SystemExit(f"vcshift {args[0]} exited {done.returncode}, not {expect}")
    return done.stdout


def snapshot(sim, vcenter):
    return subprocess.run([sim, "snapshot", "--insecure", "--url", vcenter["url"], "--user", vcenter["user"],
                           "--password", vcenter["password"]], check=True, stdout=subprocess.PIPE, text=True).stdout


def drifted(text, old, new):
    if text.count(old) != 1:
        raise SystemExit(f"the export has {text.count(old)} times {old!r}, not once:\n{text}")
    return text.replace(old, new)


def main():
    binary, sim = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="vcshift-drift-", ignore_cleanup_errors=True) as work, \
            simserve.serve(sim) as (_, vcenters):
        source = vcenters["source"]
        env = dict(os.environ, VCSHIFT_PASSWORD=source["password"], VCSHIFT_SOURCE_PASSWORD=source["password"],
                   VCSHIFT_TARGET_PASSWORD=source["password"])
        before = snapshot(sim, source), census_roundtrip.take_census(source)
        run(binary, work, env, "export", "--url", source["url"], "--user", source["user"],
            "--thumbprint", source["thumbprint"], "-o", "exported.yaml")
        if run(binary, work, env, "plan", "-f", "exported.yaml", "--detailed-exitcode") != "No changes.\n":
            raise SystemExit("the export does not plan 'No changes.'")
        with open(os.path.join(work, "exported.yaml")) as f:
            text = f.read()
        text = drifted(drifted(text, "mtu: 1500", "mtu: 9000"), "{name: pg-vm, vlan: 100,", "{name: pg-vm, vlan: 200,")
        with open(os.path.join(work, "desired.yaml"), "w") as f:
            f.write(text)
        plan = run(binary, work, env, "plan", "-f", "desired.yaml", "--detailed-exitcode", expect=2)
        for line in ("~ distributed switch DC1/DSwitch1\n    ~ mtu: 1500 -> 9000\n",
                     "~ port group DC1/DSwitch1/pg-vm\n    ~ vlan: 100 -> 200\n",
                     "Plan: 0 to create, 2 to change, 0 to move, 0 to destroy.\n"):
            if line not in plan:
                raise SystemExit(f"the plan lacks {line!r}")
        run(binary, work, env, "apply", "-f", "desired.yaml", "--auto-approve")
        if run(binary, work, env, "plan", "-f", "desired.yaml", "--detailed-exitcode") != "No changes.\n":
            raise SystemExit("plan after apply is not 'No changes.'")
        run(binary, work, env, "rollback", "--auto-approve")
        after = snapshot(sim, source), census_roundtrip.take_census(source)
        failed = [name for name, b, a in (("snapshot", before[0], after[0]), ("census", before[1], after[1]))
                  if census_roundtrip.differences(name, b, a)]
        if failed:
            raise SystemExit(f"not back as it was after the rollback: {', '.join(failed)}")


if __name__ == "__main__":
    main()
