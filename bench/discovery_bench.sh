#!/usr/bin/env bash
# Discovery benchmark (docs/performance.md): a generated world served by vcshift-sim,
# read by `vcshift inventory --format json` and, as baselines measured in the same run,
# by govmomi (bench/discovery_govmomi) and pyVmomi (bench/discovery_pyvmomi.py) asking
# for the same properties. For each: wall time, CPU time and peak RSS (/usr/bin/time -v),
# the CPU the simulator spent meanwhile (/proc) and the vim25 calls it logged (its control
# endpoint); medians of the runs. vcshift's own account of its phases (VCSHIFT_LOG=info) is printed after them.
#
# usage: bench/discovery_bench.sh [DATACENTERS CLUSTERS HOSTS_PER_CLUSTER VMS_PER_HOST [RUNS]]
#        (default 4 10 25 20 3: 1,000 hosts and 20,000 VMs)
# Builds vcshift, vcshift-sim and the govmomi reader first (configuring build/ if needed).
# CTest runs it on a tiny world (bench.discovery_bench_runs) so that it keeps working.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/build/bin"
dcs="${1:-4}" clusters="${2:-10}" hosts="${3:-25}" vms="${4:-20}" runs="${5:-3}"

[ -f "$root/build/build.ninja" ] || cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build" --target vcshift vcshift-sim discovery-govmomi >/dev/null

work="$(mktemp -d)"
source "$root/bench/sim.sh"
cleanup() {
  stop_sim
  rm -rf "$work"
}
trap cleanup EXIT

"$bin/vcshift-sim" generate --datacenters "$dcs" --clusters "$clusters" --hosts "$hosts" --vms "$vms" > "$work/world.json"
start=$(date +%s.%N)
start_sim "$work/world.json" "$work/state" "$work/ready"
started=$(python3 -c "print('%.0f' % ($(date +%s.%N) - $start))")
read -r url control user < <(/usr/bin/python3 -c '
import json, sys
vc = next(v for v in json.load(open(sys.argv[1]))["vcenters"] if v["name"] == "source")
print(vc["url"], vc["control"], vc["user"])' "$work/ready")
# The password goes to the readers through the environment, never on a command line.
VCSHIFT_PASSWORD="$(/usr/bin/python3 -c '
import json, sys
print(next(v for v in json.load(open(sys.argv[1]))["vcenters"] if v["name"] == "source")["password"])' "$work/ready")"
export VCSHIFT_PASSWORD

# One run of a reader, appended to $work/NAME:
# "<wall s> <peak RSS kB> <vim25 calls> <CPU s> <simulator CPU s>".
measure() {
  local name="$1"
  shift
  curl -s -X DELETE "$control/calls" >/dev/null
  local before
  before=$(sim_cpu)
  /usr/bin/time -v "$@" > "$work/out-$name" 2> "$work/time" || { cat "$work/time" >&2; exit 1; }
  grep -o "Discovered .*" "$work/time" > "$work/phases-$name" || true
  /usr/bin/python3 - "$work/time" "$control" "$before" "$(sim_cpu)" >> "$work/$name" <<'EOF'
import json, re, sys, urllib.request
text = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", text)
seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
calls = json.load(urllib.request.urlopen(sys.argv[2] + "/calls"))["count"]
cpu = sum(float(re.search(r"%s time \(seconds\): ([\d.]+)" % kind, text).group(1)) for kind in ("User", "System"))
print(seconds, rss, calls, cpu, float(sys.argv[4]) - float(sys.argv[3]))
EOF
}

# The readers take turns, so that a busy spell of the machine falls on all of them.
for _ in $(seq "$runs"); do
  VCSHIFT_LOG=info measure vcshift "$bin/vcshift" inventory --format json --url "$url" --user "$user" --insecure
  measure govmomi "$bin/discovery-govmomi" --url "$url" --user "$user" --insecure
  measure pyvmomi /usr/bin/python3 "$root/bench/discovery_pyvmomi.py" --url "$url" --user "$user" --insecure
done

/usr/bin/python3 - "$work" "$dcs" "$clusters" "$runs" "$started" <<'EOF'
import json, statistics, sys
work, dcs, clusters, runs, started = sys.argv[1:]
inventory = json.load(open(work + "/out-vcshift"))
print("Discovery of a generated world: %d hosts, %d VMs (%s datacenters x %s clusters); the simulator took %s s"
      % (len(inventory["hosts"]), len(inventory["vms"]), dcs, clusters, started))
print("to start. Medians of %s runs; calls = vim25 calls the simulator logged." % runs)
print()
def medians(name):
    rows = [tuple(float(x) for x in line.split()) for line in open(work + "/" + name)]
    return tuple(statistics.median(column) for column in zip(*rows))
v, g, p = medians("vcshift"), medians("govmomi"), medians("pyvmomi")
print("| reader | wall | its CPU | simulator's CPU | peak RSS | vim25 calls | wall / vcshift | RSS / vcshift |")
print("|---|---|---|---|---|---|---|---|")
for name, r in (("vcshift inventory --format json", v), ("govmomi (same properties)", g),
                ("pyVmomi (same properties)", p)):
    print("| %s | %.2f s | %.2f s | %.2f s | %d MB | %d | %.2f | %.2f |"
          % (name, r[0], r[3], r[4], r[1] / 1024, r[2], r[0] / v[0], r[1] / v[1]))
print()
print("vcshift, last run: " + open(work + "/phases-vcshift").read().strip().split(": ", 1)[-1])
print("Targets: vcshift wall <= govmomi: %s; vcshift wall <= pyVmomi / 3: %s; vcshift RSS <= govmomi: %s"
      % (v[0] <= g[0], v[0] <= p[0] / 3, v[1] <= g[1]))
EOF

# The large world exported as a desired state must validate (issue 5's acceptance; the
# end-to-end tests do it for a moderately large world).
echo
"$bin/vcshift" export --url "$url" --user "$user" --insecure -o "$work/exported.yaml" 2>/dev/null
"$bin/vcshift" validate -f "$work/exported.yaml" | sed "s|$work/||"
