#!/usr/bin/env bash
# Scoped discovery benchmark (docs/performance.md, issue 20): planning the move of one
# 4-host cluster out of a large generated world to an empty target vCenter, `vcshift
# plan` as it reads by default (only what the desired state names and the plan depends
# on) against `vcshift plan --full-discovery` (every object of both vCenters), in the same
# run, the two taking turns. For each: wall time, CPU and peak RSS (/usr/bin/time -v), the
# vim25 calls both simulated vCenters logged and the bytes of their responses (the
# simulator's call log, response_bytes); medians of the runs. The two plans must be
# byte-identical (JSON), or the benchmark fails.
#
# The world is `vcshift-sim generate --datacenters D --clusters C --hosts H --vms V` with
# the first 4 hosts of DC1-Cluster1 moved into a cluster of their own, DC1-Move (the
# hosts, VMs and switches are those generate makes; one cluster more).
#
# usage: bench/scoped_discovery_bench.sh [SIZE ...]   SIZE: "D C H V" (default: "4 10 25 20"
#        "4 10 125 20": 1,000 hosts / 20,000 VMs and 5,000 hosts / 100,000 VMs)
#        VCSHIFT_BENCH_RUNS: runs per size (default 3).
# Builds vcshift and vcshift-sim first (configuring build/ if needed). CTest runs it on a
# tiny world (bench.scoped_discovery_bench_runs) so that it keeps working.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/build/bin"
runs="${VCSHIFT_BENCH_RUNS:-3}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=("4 10 25 20" "4 10 125 20")

source "$root/bench/sim.sh"
bench_start vcshift vcshift-sim
# A world of 100,000 VMs takes the simulator minutes to start on a loaded machine.
export VCSHIFT_SIM_READY_SECONDS="${VCSHIFT_SIM_READY_SECONDS:-3600}"

# One run of `vcshift plan`, appended to $work/NAME: "<wall s> <peak RSS kB> <vim25 calls>
# <bytes received> <CPU s>"; its plan in $work/plan-NAME.
measure() {
  local name="$1"
  shift
  for control in "${controls[@]}"; do curl -s -X DELETE "$control/calls" >/dev/null; done
  /usr/bin/time -v "$bin/vcshift" plan -f "$work/desired.yaml" --format json "$@" > "$work/plan-$name" 2> "$work/time" ||
    { cat "$work/time" >&2; exit 1; }
  /usr/bin/python3 - "$work/time" "${controls[@]}" >> "$work/$name" <<'EOF'
import json, re, sys, urllib.request
text = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", text)
seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
cpu = sum(float(re.search(r"%s time \(seconds\): ([\d.]+)" % kind, text).group(1)) for kind in ("User", "System"))
calls = received = 0
for control in sys.argv[2:]:
    log = json.load(urllib.request.urlopen(control + "/calls"))
    if log.get("trimmed"):
        raise SystemExit("the simulator's call log was trimmed: the counts would be short")
    calls += log["count"]
    received += sum(call.get("response_bytes", 0) for call in log["calls"])
print(seconds, rss, calls, received, cpu)
EOF
}

results="$work/results"
for size in "${sizes[@]}"; do
  read -r dcs clusters hosts vms <<< "$size"
  "$bin/vcshift-sim" generate --datacenters "$dcs" --clusters "$clusters" --hosts "$hosts" --vms "$vms" > "$work/generated.json"
  # DC1-Move: the first 4 hosts of DC1-Cluster1 (a smaller world keeps what it has).
  /usr/bin/python3 - "$work/generated.json" "$work/world.json" <<'EOF'
import json, sys
world = json.load(open(sys.argv[1]))
dc = world["vcenters"][0]["datacenters"][0]
first = dc["clusters"][0]
moving, first["hosts"] = first["hosts"][:4], first["hosts"][4:]
# The pools, vApp and overrides stay with the cluster, without the VMs that leave it.
leaving = {vm["name"] for host in world["hosts"] if host["name"] in moving for vm in host.get("vms", [])}
for pool in first.get("pools", []):
    pool["vms"] = [vm for vm in pool.get("vms", []) if vm not in leaving]
    pool["start_order"] = {vm: n for vm, n in pool.get("start_order", {}).items() if vm not in leaving}
first["overrides"] = [o for o in first.get("overrides", []) if o["vm"] not in leaving]
dc["clusters"].insert(0, dict(first, name="DC1-Move", hosts=moving, pools=[], overrides=[]))
if not first["hosts"]:
    dc["clusters"].remove(first)
json.dump(world, open(sys.argv[2], "w"))
EOF
  start=$(date +%s.%N)
  start_sim "$work/world.json" "$work/state" "$work/ready"
  started=$(/usr/bin/python3 -c "print('%.0f' % ($(date +%s.%N) - $start))")
  # The desired state: DC1-Move's hosts into a cluster of that name on the empty target,
  # with a copy of their switch; both vCenters' passwords through the environment.
  /usr/bin/python3 - "$work/ready" "$work/world.json" "$work/desired.yaml" "$work/env" <<'EOF'
import json, shlex, sys
vcenters = {v["name"]: v for v in json.load(open(sys.argv[1]))["vcenters"]}
dc = json.load(open(sys.argv[2]))["vcenters"][0]["datacenters"][0]
moving = next(c for c in dc["clusters"] if c["name"] == "DC1-Move")["hosts"]
dvs = dc["dvswitches"][0]
members = [m for m in dvs["hosts"] if m["host"] in moving]
source, target = vcenters["source"], vcenters["target"]
lines = ["version: 1", "connections:"]
for side, vc in (("source", source), ("target", target)):
    lines.append(f"  {side}: {{url: {vc['url']}, user: {vc['user']}, insecure: true}}")
lines += ["datacenters:", f"  - name: {dc['name']}", "    clusters:",
          f"      - {{name: DC1-Move, ha: inherit, drs: inherit, hosts: [{', '.join(moving)}]}}",
          "    distributed_switches:", f"      - name: {dvs['name']}", f"        inherit: {dvs['name']}",
          "        hosts:"]
for member in members:
    uplinks = ", ".join(f"{pnic}: {uplink}" for pnic, uplink in sorted(member["uplinks"].items()))
    lines.append(f"          - {{name: {member['host']}, uplinks: {{{uplinks}}}}}")
open(sys.argv[3], "w").write("\n".join(lines) + "\n")
with open(sys.argv[4], "w") as env:
    env.write(f"export VCSHIFT_SOURCE_PASSWORD={shlex.quote(source['password'])}\n")
    env.write(f"export VCSHIFT_TARGET_PASSWORD={shlex.quote(target['password'])}\n")
    env.write(f"controls=({shlex.quote(source['control'])} {shlex.quote(target['control'])})\n")
EOF
  # shellcheck disable=SC1091
  source "$work/env"
  rm -f "$work/scoped" "$work/full"
  for _ in $(seq "$runs"); do
    measure scoped
    measure full --full-discovery
    cmp -s "$work/plan-scoped" "$work/plan-full" || { echo "the scoped plan differs from the full one" >&2; exit 1; }
  done
  /usr/bin/python3 - "$work" "$started" "$(/usr/bin/python3 -c '
import json, sys
w = json.load(open(sys.argv[1]))
print(len(w["hosts"]), sum(len(h.get("vms", [])) for h in w["hosts"]))' "$work/world.json")" >> "$results" <<'EOF'
import json, statistics, sys
work, started, counts = sys.argv[1], sys.argv[2], sys.argv[3].split()
def medians(name):
    rows = [tuple(float(x) for x in line.split()) for line in open(work + "/" + name)]
    return [statistics.median(column) for column in zip(*rows)]
actions = len(json.load(open(work + "/plan-scoped"))["actions"])
print(json.dumps({"hosts": int(counts[0]), "vms": int(counts[1]), "started": started, "actions": actions,
                  "scoped": medians("scoped"), "full": medians("full")}))
EOF
  stop_sim
  rm -rf "$work/state"
done

/usr/bin/python3 - "$results" "$runs" <<'EOF'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
print("Planning the move of one 4-host cluster (DC1-Move) to an empty target: `vcshift plan --format json`,")
print("scoped (the default) against --full-discovery, the two in turn; medians of %s runs; calls and bytes are" % sys.argv[2])
print("the vim25 calls both simulated vCenters logged and the bytes of their responses. The plans were identical.")
print()
print("|  hosts |     VMs | discovery | wall | CPU | peak RSS | vim25 calls | bytes received | full / scoped (wall) |")
print("|---|---|---|---|---|---|---|---|---|")
for r in rows:
    for name in ("scoped", "full"):
        m = r[name]
        ratio = "%.1f" % (r["full"][0] / r["scoped"][0]) if name == "scoped" else ""
        print("| %6d | %7d | %s | %.2f s | %.2f s | %d MB | %d | %.2f MB | %s |"
              % (r["hosts"], r["vms"], name, m[0], m[4], m[1] / 1024, m[2], m[3] / 1e6, ratio))
print()
print("The plan: %s. The simulator took %s to start."
      % (", ".join("%d actions (%d hosts)" % (r["actions"], r["hosts"]) for r in rows),
         ", ".join("%s s (%d hosts)" % (r["started"], r["hosts"]) for r in rows)))
small = next((r for r in rows if r["hosts"] == 1000), None)
large = next((r for r in rows if r["hosts"] == 5000), None)
if small and large:
    s, l = small["scoped"][0] / small["full"][0], large["scoped"][0] / large["full"][0]
    print("Targets: scoped <= full / 10 at 1,000 hosts: %s (1/%.0f); scoped <= full / 50 at 5,000 hosts: %s (1/%.0f);"
          " scoped at 5,000 within 1.5x of 1,000: %s (%.2fx)."
          % (s <= 0.1, 1 / s, l <= 0.02, 1 / l, large["scoped"][0] <= 1.5 * small["scoped"][0],
             large["scoped"][0] / small["scoped"][0]))
EOF
