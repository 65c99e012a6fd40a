#!/usr/bin/env python3
"""The executor benchmark's arithmetic (bench/executor_bench.sh, docs/performance.md).

  executor_bench.py world WORLD PROFILE          the generated world with the latency profile
                                                 on every vCenter, on standard output
  executor_bench.py desired WORLD SERVE_LINE     a desired state moving every cluster of the
                                                 world (with its distributed switch) to the target
  executor_bench.py table PLAN PROFILE RUN...    the table; RUN = DIR holding parallelism,
                                                 events (apply --json), time (/usr/bin/time),
                                                 vcshift.log; the first RUN is --parallelism 1;
                                                 then the fastest run's row of the table across
                                                 profiles, after "Across profiles: "
  executor_bench.py profile PROFILE              the latency profile as a table (unscaled)

The critical path is the lower bound on the apply's wall time: every action costs the
profile's latency (all_ms + method_ms[method]) of each vim25 call it makes, as the first
run's log file shows them (the calls a worker thread makes between an action's start and
end lines are that action's), and the longest chain of the plan's DAG (depends_on) of those
costs is the critical path. vcshift's own work and the simulator's are not in it: the table
also gives the CPU floor, (vcshift's + the simulator's CPU time) / the machine's cores.
The first run is the baseline of the speed-up (--parallelism 1 unless told otherwise).
"""

import json
import os
import re
import sys

LINE = re.compile(r"^\S+ \w+ \[\d+:(\d+)\] (.*)$")
# An action's line as apply prints it: ids may hold spaces ("Network adapter 1"), never ": ".
EVENT = re.compile(r"^\[\s*[\d.]+s\] (start|done|unchanged|failed|skipped|retrying)\s+(.*?)(?: \([\d.]+s\))?(?:: .*)?$")
CALL = re.compile(r"^call \S+ (\S+) ")


def load_profile(profile_file):
    """The profile, every latency multiplied by VCSHIFT_BENCH_SCALE (default 1)."""
    profile = json.load(open(profile_file))
    scale = float(os.environ.get("VCSHIFT_BENCH_SCALE", "1"))
    profile["all_ms"] = round(profile["all_ms"] * scale)
    profile["method_ms"] = {m: round(ms * scale) for m, ms in profile["method_ms"].items()}
    return profile


def world(world_file, profile_file):
    w = json.load(open(world_file))
    profile = load_profile(profile_file)
    for vc in w["vcenters"]:
        vc["delay"] = {"all_ms": profile["all_ms"], "method_ms": profile["method_ms"]}
    json.dump(w, sys.stdout, indent=1)


def desired(world_file, serve_line):
    w = json.load(open(world_file))
    vcs = {vc["name"]: vc for vc in json.load(open(serve_line))["vcenters"]}
    out = ["version: 1", "connections:"]
    for side in ("source", "target"):
        vc = vcs[side]
        out.append('  %s: {url: %s, user: %s, thumbprint: "%s"}' % (side, vc["url"], vc["user"], vc["thumbprint"]))
    out.append("datacenters:")
    for dc in w["vcenters"][0]["datacenters"]:
        out += ["  - name: " + dc["name"], "    clusters:"]
        for cluster in dc["clusters"]:
            out.append("      - {name: %s, ha: inherit, drs: inherit, hosts: [%s]}"
                       % (cluster["name"], ", ".join(cluster["hosts"])))
        out.append("    distributed_switches:")
        for dvs in dc.get("dvswitches", []):
            out += ["      - name: " + dvs["name"], "        inherit: " + dvs["name"], "        hosts:"]
            for member in dvs["hosts"]:
                uplinks = ", ".join("%s: %s" % kv for kv in sorted(member["uplinks"].items()))
                out.append("          - {name: %s, uplinks: {%s}}" % (member["host"], uplinks))
    print("\n".join(out))


def calls_by_action(log_file):
    """action id -> [vim25 methods it called], by worker thread; and the calls made outside actions."""
    current, calls, outside = {}, {}, 0
    for line in open(log_file, errors="replace"):
        m = LINE.match(line.rstrip("\n"))
        if not m:
            continue
        thread, message = m.groups()
        event = EVENT.match(message)
        if event:
            kind, action = event.groups()
            if kind in ("start", "retrying"):
                current[thread] = action
                calls.setdefault(action, [])
            elif current.get(thread) == action:
                del current[thread]
            continue
        call = CALL.match(message)
        if call:
            if thread in current:
                calls[current[thread]].append(call.group(1))
            else:
                outside += 1
    return calls, outside


def critical_path(plan, profile, calls):
    cost = {}
    for action in plan["actions"]:
        cost[action["id"]] = sum(profile["all_ms"] + profile["method_ms"].get(method, 0)
                                 for method in calls.get(action["id"], [])) / 1000.0
    finish, longest, chain_end, length = {}, 0.0, None, {}
    for action in plan["actions"]:  # in an order that respects every dependency
        before = action.get("depends_on", [])
        start = max((finish[b] for b in before), default=0.0)
        finish[action["id"]] = start + cost[action["id"]]
        length[action["id"]] = 1 + max((length[b] for b in before), default=0)
        if finish[action["id"]] >= longest:
            longest, chain_end = finish[action["id"]], action["id"]
    return longest, length.get(chain_end, 0), sum(cost.values())


def run_figures(directory):
    events = [json.loads(line) for line in open(directory + "/events") if line.startswith("{")]
    text = open(directory + "/time").read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", text)
    cpu = sum(float(re.search(r"%s time \(seconds\): ([\d.]+)" % kind, text).group(1)) for kind in ("User", "System"))
    calls, outside = calls_by_action(directory + "/vcshift.log")
    return {
        "parallelism": int(open(directory + "/parallelism").read()),
        "execution": max(float(e["elapsed"]) for e in events),
        "whole": int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3)),
        "cpu": cpu,
        "sim_cpu": float(open(directory + "/sim_cpu").read()),
        "rss": int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024,
        "ended": sum(1 for e in events if e["event"] in ("done", "unchanged")),
        "failed": sum(1 for e in events if e["event"] == "failed"),
        "action_calls": sum(len(c) for c in calls.values()),
        "outside_calls": outside,
        "calls": calls,
    }


def table(plan_file, profile_file, runs):
    plan = json.load(open(plan_file))
    profile = load_profile(profile_file)
    figures = [run_figures(r) for r in runs]
    base = figures[0]
    path, chain, total = critical_path(plan, profile, base["calls"])
    actions = len(plan["actions"])
    unprofiled = sorted({m for c in base["calls"].values() for m in c} - set(profile["method_ms"]))
    print("Plan: %d actions; critical path %.2f s (a chain of %d actions), every action's latency summed %.2f s."
          % (actions, path, chain, total))
    print("Calls with only the base latency (%d ms): %s" % (profile["all_ms"], ", ".join(unprofiled) or "none"))
    print()
    cores = os.cpu_count()
    print("| --parallelism | wall (actions) | / critical path | speed-up vs %d | whole apply | vcshift CPU "
          "| CPU per action | calls per action | peak RSS | simulator CPU | CPU floor (%d cores) |"
          % (base["parallelism"], cores))
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for f in figures:
        print("| %d | %.2f s | %.1f | %.1f | %.2f s | %.2f s | %.1f ms | %.1f | %d MB | %.2f s | %.2f s |"
              % (f["parallelism"], f["execution"], f["execution"] / path, base["execution"] / f["execution"],
                 f["whole"], f["cpu"], 1000 * f["cpu"] / actions, f["action_calls"] / actions, f["rss"],
                 f["sim_cpu"], (f["cpu"] + f["sim_cpu"]) / cores))
    print()
    for f in figures:
        if f["ended"] != actions:
            sys.exit("--parallelism %d: %d of %d actions done, %d failed"
                     % (f["parallelism"], f["ended"], actions, f["failed"]))
    print("Every run applied all %d actions; %d vim25 calls in the first, %.1f per action."
          % (actions, base["action_calls"], base["action_calls"] / actions))
    best = min(figures[1:] or figures, key=lambda f: f["execution"])
    print("Target: wall <= 1.15 x critical path: %s (%.2f at --parallelism %d)"
          % (best["execution"] <= 1.15 * path, best["execution"] / path, best["parallelism"]))
    print("Across profiles: " + profile_row(profile, path, best, cores))


def profile_row(profile, path, run, cores):
    """The run's row of the table across profiles: the profile (real durations / 100 times
    VCSHIFT_BENCH_SCALE), AddHost_Task's latency, the critical path, the actions' wall time
    and its ratio to the path, the CPU floor, and the machine's load (5-minute average)."""
    scale = float(os.environ.get("VCSHIFT_BENCH_SCALE", "1"))
    add_host = profile["method_ms"]["AddHost_Task"]
    load = open("/proc/loadavg").read().split()[1]
    return "| real / %g (N = %g) | %s | %.2f s | %.2f s | %.2f | %.2f s | load %s |" % (
        round(100 / scale, 1), scale, "%d ms" % add_host if add_host < 1000 else "%g s" % (add_host / 1000),
        path, run["execution"], run["execution"] / path, (run["cpu"] + run["sim_cpu"]) / cores, load)


def profile_table(profile_file):
    """The profile as docs/performance.md shows it: methods of one latency on one row, the
    slowest first, each with what the call does when the profile says (its _notes)."""
    profile = json.load(open(profile_file))
    notes = profile.get("_notes", {})
    rows = {}
    for method, ms in profile["method_ms"].items():
        rows.setdefault(ms, []).append("`%s`%s" % (method, " (%s)" % notes[method] if method in notes else ""))
    print("| vim25 method | ms | real |")
    print("|---|---|---|")
    for ms in sorted(rows, reverse=True):
        print("| %s | %d | %g s |" % (", ".join(rows[ms]), ms, ms / 10))


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    if command == "world":
        world(*arguments)
    elif command == "desired":
        desired(*arguments)
    elif command == "table":
        table(arguments[0], arguments[1], arguments[2:])
    elif command == "profile":
        profile_table(*arguments)
    else:
        sys.exit(__doc__)
