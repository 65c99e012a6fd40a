#!/usr/bin/python3
"""Export, retarget, apply = the whole vCenter moves (issue 15): the default world's source
(with custom attributes, roles and permissions made by pyVmomi: retarget_attributes.py,
retarget_permissions.py) exported with
`vcshift export`, its target pointed at the empty target vCenter, applied.
Judged by the pyVmomi census (census.py): the target's census afterwards equals the
source's before (names, parents, settings; object ids aside), planning again changes
nothing, and `vcshift rollback` leaves both vCenters' censuses as they were before. The
standing proof that every kind of object vcshift carries arrives, and comes back: the
source gains, by pyVmomi, what a kind needs beyond the default world (retarget_*.py).

Run: export_retarget.py VCSHIFT_BINARY VCSHIFT_SIM_BINARY
"""

import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sim"))
from census_roundtrip import differences, take_census, vcshift  # noqa: E402  (next to this file)
import retarget_tags  # noqa: E402  (next to this file)
import retarget_licences  # noqa: E402  (next to this file)
import simserve  # noqa: E402  (in tests/sim)
import retarget_pools  # noqa: E402  (next to this file)
from retarget_attributes import add_attributes  # noqa: E402  (next to this file)
from retarget_permissions import add_permissions  # noqa: E402  (next to this file)

TARGET = """  target:
    url: {url}
    user: {user}
    thumbprint: "{thumbprint}"
"""


def retarget(exported, target):
    """The exported desired state, its target the other vCenter instead of itself."""
    same = "  target: {same_as: source}\n"
    if same not in exported:
        raise SystemExit("the export does not name its target as the source:\n" + exported)
    return exported.replace(same, TARGET.format(**target))


def export_retargeted(binary, work, env, source, target):
    """`vcshift export` of the source, retargeted, as work/desired.yaml."""
    vcshift(binary, work, env, "export", "--url", source["url"], "--user", source["user"],
            "--thumbprint", source["thumbprint"], "-o", "exported.yaml")
    with open(os.path.join(work, "exported.yaml")) as f:
        desired = retarget(f.read(), target)
    with open(os.path.join(work, "desired.yaml"), "w") as f:
        f.write(desired)


def converged_and_rolled_back(binary, work, env, source, target, before, comparable=lambda census: census):
    """After an apply: planning again must say `No changes.`; then the target's census
    (as `comparable` makes it, as the source's before) and `vcshift rollback`. What
    failed: the target after the apply is not the source before, or a vCenter is not back
    as it was (`before`: both censuses before the apply)."""
    if "No changes." not in vcshift(binary, work, env, "plan", "-f", "desired.yaml"):
        raise SystemExit("plan after apply is not 'No changes.'")
    moved = take_census(target)
    vcshift(binary, work, env, "rollback", "--auto-approve")
    after = {"source": take_census(source), "target": take_census(target)}
    failed = []
    if differences("the target after the apply against the source before", comparable(before["source"]),
                   comparable(moved)):
        failed.append("the target after the apply is not the source before")
    return failed + [f"{name} not back as it was after the rollback" for name in ("source", "target")
                     if differences(name, before[name], after[name])]


def done(output, kind):
    """The objects of the target's actions of `kind` that a run's progress lines say are done."""
    found = re.findall(r"\] done +" + kind + r":target:(\S+) \(", output)
    if not found:
        raise SystemExit(f"no {kind} done in:\n{output}")
    return sorted(found)


def main():
    binary, sim = sys.argv[1], sys.argv[2]
    output = retarget_licences.record_output()  # all of it is searched for licence keys
    with tempfile.TemporaryDirectory(prefix="vcshift-retarget-", ignore_cleanup_errors=True) as work, \
            simserve.serve(sim) as (_, vcenters):
        source, target = vcenters["source"], vcenters["target"]
        env = dict(os.environ, VCSHIFT_PASSWORD=source["password"], VCSHIFT_SOURCE_PASSWORD=source["password"],
                   VCSHIFT_TARGET_PASSWORD=target["password"], VCSHIFT_ESXI_PASSWORD="esxi-root")
        retarget_pools.add_state(source)
        add_attributes(source)
        retarget_tags.make(source)
        add_permissions(source)  # after the tags: it moves vm-3 into folder Web
        retarget_licences.make(source)
        keys = retarget_licences.secrets(source, target)
        retarget_licences.check_can_fail(keys, work)
        env["VCSHIFT_LOG"] = "debug"  # debug logs on stderr too: more to search for keys
        before = {"source": take_census(source), "target": take_census(target)}
        export_retargeted(binary, work, env, source, target)
        vcshift(binary, work, env, "validate", "-f", "desired.yaml")
        # Saved plans, and the JSON and Markdown plans, for the key search.
        for fmt in ("json", "markdown"):
            vcshift(binary, work, env, "plan", "-f", "desired.yaml", "--format", fmt, "--show-rollback",
                    "-o", "saved-" + fmt + ".plan")
        applied = vcshift(binary, work, env, "apply", "-f", "desired.yaml", "--auto-approve")
        # The empty target has no datacenter to ask about the hosts before the run: each
        # host's login is checked by a step of the run, on the target, and no note says
        # it went unchecked.
        if done(applied, "check_host_login") != done(applied, "add_host") or "were not checked" in applied:
            raise SystemExit("the apply did not check each added host's ESXi login on the target first, "
                             "or said the logins went unchecked")
        failed = converged_and_rolled_back(binary, work, env, source, target, before)
        failed += [f"a licence key in {leak}" for leak in
                   retarget_licences.leaks(keys, {"the test's output": output.kept.getvalue()}, work)]
        if failed:
            raise SystemExit("; ".join(failed))


if __name__ == "__main__":
    main()
