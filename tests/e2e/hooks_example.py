#!/usr/bin/python3
"""examples/hooks (issue 19) run by the real vcshift against the simulated vCenters of
its world (worlds/example-standard-switch.json), the storage provider registered with
the source first. Four runs, each on a fresh world:

1. apply: each hook runs once, in its phase (the source's unregistration before any step
   of a host leaving, the target's registration after both hosts' steps), its output in
   the log after its action id; then rollback: each undo once, in reverse order (the
   target's first), the provider registered with the source again and not the target.
2. a failure injected after the first hook (a critical hook that exits 3): the run rolls
   back (exit 3), the first hook's undo runs once, the provider is back on the source.
3. kill -9 during a hook (after the first), then resume: the hook is reported and not
   run again, the run rolls back (exit 3), the first hook's undo runs once.
4. the same hook declaring `idempotent: true`: resume runs it again and the run applies.

Run: hooks_example.py VCSHIFT_BINARY VCSHIFT_SIM_BINARY
"""

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from pyVim.connect import Disconnect
from pyVmomi import vim

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "sim"))
import simserve  # noqa: E402  (in tests/sim)

EXAMPLE = os.path.join(HERE, "..", "..", "examples", "hooks")
WORLD = os.path.join(HERE, "worlds", "example-standard-switch.json")
PROVIDER = "vasa-provider:array-01"
OFF = "run_hook:source:storage-provider-off-source@DC1/Cluster1"
ON = "run_hook:target:storage-provider-on-target@DC1/Cluster1"
PAUSE = "run_hook:source:pause@DC1/Cluster1"


def connections(vcenters):
    lines = ["connections:"]
    for side in ("source", "target"):
        v = vcenters[side]
        lines.append(f'  {side}: {{url: {v["url"]}, user: {v["user"]}, thumbprint: "{v["thumbprint"]}"}}')
    return "\n".join(lines) + "\n"


def adapted(vcenters, extra=""):
    """The example's desired state with its connections replaced by the simulated vCenters,
    and `extra` hooks appended."""
    with open(os.path.join(EXAMPLE, "desired.yaml")) as f:
        text = f.read()
    text = re.sub(r"^connections:\n(?:[ #].*\n|\n)*", connections(vcenters) + "\n", text, flags=re.M)
    return text + extra


@contextlib.contextmanager
def world(sim, extra=""):
    """A fresh simulated world with the provider registered with the source, a work
    directory holding the adapted example and its script; yields (work, vcenters, env)."""
    with tempfile.TemporaryDirectory(prefix="vcshift-hooks-", ignore_cleanup_errors=True) as work, \
            simserve.serve(sim, WORLD) as (_, vcenters):
        with open(os.path.join(work, "desired.yaml"), "w") as f:
            f.write(adapted(vcenters, extra))
        shutil.copy(os.path.join(EXAMPLE, "storage_provider.py"), work)
        env = dict(os.environ, VCSHIFT_ESXI_PASSWORD="esxi-root")
        for side in ("source", "target"):
            v = vcenters[side]
            env[f"VCSHIFT_{side.upper()}_PASSWORD"] = v["password"]
            env[f"VCSHIFT_{side.upper()}_USER"] = v["user"]
            env[f"VCSHIFT_{side.upper()}_THUMBPRINT"] = v["thumbprint"]
        si = simserve.connect(vcenters["source"])
        try:
            si.content.customFieldsManager.AddCustomFieldDef(name=PROVIDER, moType=vim.ClusterComputeResource)
        finally:
            Disconnect(si)
        yield work, vcenters, env


def registered(vcenter):
    si = simserve.connect(vcenter)
    try:
        return any(f.name == PROVIDER for f in si.content.customFieldsManager.field)
    finally:
        Disconnect(si)


def vcshift(binary, work, env, *args, expect=0):
    print(f"$ vcshift {' '.join(args)}", flush=True)
    run = subprocess.run([binary, *args], cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, timeout=300)
    print(run.stdout, flush=True)
    if run.returncode != expect:
        raise SystemExit(f"vcshift {args[0]} exited {run.returncode}, expected {expect}")
    return run.stdout


def log(work):
    with open(os.path.join(work, ".vcshift", "vcshift.log")) as f:
        return f.read().splitlines()


def where(lines, pattern, what):
    """Indices of the log lines matching `pattern`."""
    found = [i for i, line in enumerate(lines) if re.search(pattern, line)]
    print(f"  {what}: {len(found)} line(s) {found[:6]}")
    return found


def once(lines, action, problems):
    """The log line where `action` started; a problem unless it started exactly once."""
    found = where(lines, re.escape(f" {action}: running "), f"{action} started")
    if len(found) != 1:
        problems.append(f"{action} ran {len(found)} times, expected once")
        return -1
    return found[0]


def expect_registered(vcenters, source, target, problems, when):
    got = registered(vcenters["source"]), registered(vcenters["target"])
    print(f"  {when}: provider on the source {got[0]}, on the target {got[1]}")
    if got != (source, target):
        problems.append(f"{when}: provider registered (source, target) = {got}, expected {(source, target)}")


def apply_and_rollback(binary, sim, problems):
    with world(sim) as (work, vcenters, env):
        vcshift(binary, work, env, "validate", "-f", "desired.yaml")
        text = vcshift(binary, work, env, "plan", "-f", "desired.yaml", "--show-rollback")
        for needed in ("~ hook storage-provider-off-source@DC1/Cluster1 (source)",
                       "~ hook storage-provider-on-target@DC1/Cluster1", '"storage_provider.py","unregister"',
                       "env VC_PASSWORD: {env: VCSHIFT_SOURCE_PASSWORD}",
                       'rollback: undo_hook (source): runs ["/usr/bin/python3","storage_provider.py","register"'):
            if needed not in text:
                problems.append(f"the plan does not show {needed}")
        if vcenters["source"]["password"] in text:
            problems.append("the plan shows a password")
        vcshift(binary, work, env, "apply", "-f", "desired.yaml", "--auto-approve")
        lines = log(work)
        off, on = once(lines, OFF, problems), once(lines, ON, problems)
        leaving = where(lines, r" (enter_maintenance_mode|disconnect_host|remove_host):source:\S+: done", "host left")
        arrived = where(lines, r" (add_host):target:\S+: done", "host arrived")
        if not leaving or off < 0 or min(leaving) < off:
            problems.append("a host left before storage-provider-off-source ran")
        if not arrived or on < max(arrived):
            problems.append("storage-provider-on-target ran before both hosts arrived")
        if not where(lines, re.escape(f" {OFF}: array-01 unregistered"), "off-source output"):
            problems.append("the log lacks the first hook's output after its action id")
        expect_registered(vcenters, False, True, problems, "after apply")
        plan_json = os.path.join(work, ".vcshift", "hooks", "run-1.plan.json")
        if not os.path.exists(plan_json) or os.stat(plan_json).st_mode & 0o077:
            problems.append(f"the plan JSON given to the hooks is not {plan_json}, readable by its owner alone")
        if "No changes." not in vcshift(binary, work, env, "plan", "-f", "desired.yaml"):
            problems.append("plan after apply is not 'No changes.'")
        vcshift(binary, work, env, "rollback", "--auto-approve")
        lines = log(work)
        undo_on, undo_off = once(lines, "undo:" + ON, problems), once(lines, "undo:" + OFF, problems)
        if undo_on < 0 or undo_off < 0 or undo_off < undo_on:
            problems.append("the undos did not run in reverse order (the target's first)")
        expect_registered(vcenters, True, False, problems, "after rollback")


FAIL = """  - name: injected-failure
    phase: before_hosts_leave
    scope: {cluster: DC1/Cluster1}
    run: [/bin/sh, -c, "echo injected failure; exit 3"]
    undo: none
"""


def failure_after_first_hook(binary, sim, problems):
    with world(sim, FAIL) as (work, vcenters, env):
        out = vcshift(binary, work, env, "apply", "-f", "desired.yaml", "--auto-approve", expect=3)
        if "exit status 3" not in out:
            problems.append("apply does not say the injected hook exited 3")
        lines = log(work)
        off, undo_off = once(lines, OFF, problems), once(lines, "undo:" + OFF, problems)
        failed = where(lines, re.escape(" run_hook:source:injected-failure@DC1/Cluster1: running "), "failure started")
        if not failed or off < 0 or failed[0] < off or undo_off < failed[0]:
            problems.append("the failure was not injected after the first hook, or its undo ran before it")
        if where(lines, re.escape(f" {ON}: running "), "on-target started"):
            problems.append("the second hook ran after the failure")
        expect_registered(vcenters, True, False, problems, "after the injected failure")


def alive(pid):
    """Whether `pid` runs (a zombie waiting for whoever adopted it does not)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


def pause(idempotent):
    return f"""  - name: pause
    phase: before_hosts_leave
    scope: {{cluster: DC1/Cluster1}}
    run: [/bin/sh, -c, "echo $$ > pause.pid; echo paused; exec sleep {5 if idempotent else 120}"]
    undo: none
    idempotent: {"true" if idempotent else "false"}
"""


def killed_during_hook(binary, sim, problems, idempotent):
    with world(sim, pause(idempotent)) as (work, vcenters, env):
        print("$ vcshift apply (to be killed during the pause hook)", flush=True)
        apply = subprocess.Popen([binary, "apply", "-f", "desired.yaml", "--auto-approve"], cwd=work, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 120
        while time.time() < deadline and not any(f" {PAUSE}: paused" in l for l in
                                                 (log(work) if os.path.exists(os.path.join(work, ".vcshift",
                                                                                           "vcshift.log")) else [])):
            time.sleep(0.1)
        apply.send_signal(signal.SIGKILL)
        apply.wait()
        print(f"  killed vcshift (pid {apply.pid}) during {PAUSE}", flush=True)
        time.sleep(0.5)
        with open(os.path.join(work, "pause.pid")) as f:
            hook = int(f.read())
        if alive(hook):
            problems.append(f"the killed hook's process (pid {hook}) outlived vcshift")
            os.kill(hook, signal.SIGKILL)
        out = vcshift(binary, work, env, "resume", expect=0 if idempotent else 3)
        lines = log(work)
        started = where(lines, re.escape(f" {PAUSE}: running "), "pause started")
        if idempotent:
            if len(started) != 2:
                problems.append(f"an idempotent hook in flight ran {len(started)} times, expected twice")
            expect_registered(vcenters, False, True, problems, "after resume (idempotent)")
            return
        if len(started) != 1:
            problems.append(f"a hook in flight ran again on resume ({len(started)} starts)")
        if "HookInterrupted" not in out:
            problems.append("resume does not report the hook that was in flight")
        once(lines, "undo:" + OFF, problems)
        expect_registered(vcenters, True, False, problems, "after resume (not idempotent)")


def main():
    binary, sim = sys.argv[1], sys.argv[2]
    problems = []
    apply_and_rollback(binary, sim, problems)
    failure_after_first_hook(binary, sim, problems)
    killed_during_hook(binary, sim, problems, idempotent=False)
    killed_during_hook(binary, sim, problems, idempotent=True)
    if problems:
        raise SystemExit("\n".join(problems))
    print("hooks ran once each in their phases, their undos once in reverse order; a failure after the first "
          "hook and a resume after kill -9 during a hook behaved as documented")


if __name__ == "__main__":
    main()
