#!/usr/bin/env bash
# Executor benchmark (docs/performance.md): a generated world whose vCenters answer with
# the latency profile bench/executor_profile.json (real task durations scaled down 100
# times: AddHost_Task 30 s -> 300 ms) is migrated whole, every cluster with its hosts, VMs
# and distributed switch, to an empty target by `vcshift apply`, once per parallelism, each
# time on a fresh world. The first run is --parallelism 1 (the published fixed sequence's
# order): its log file gives every action's calls, hence the plan's critical path under the
# profile (bench/executor_bench.py), and it is the baseline of the speed-up. For each run:
# the actions' wall time (first start to last end), the whole apply's, vcshift's CPU time
# (user + system, /usr/bin/time) per action, its calls per action, and the CPU time the
# simulator spent meanwhile (/proc).
#
# usage: bench/executor_bench.sh [DATACENTERS CLUSTERS HOSTS_PER_CLUSTER VMS_PER_HOST [PARALLELISM...]]
#        (default 1 4 25 2 10 100: 100 hosts, 200 VMs; --parallelism 1, 10 and 100)
# VCSHIFT_BENCH_SCALE=N multiplies every latency of the profile by N (with
# VCSHIFT_BENCH_NO_BASELINE=1, which leaves out the --parallelism 1 run: a world whose
# latency outweighs the simulator's CPU time; docs/performance.md).
# Builds vcshift and vcshift-sim first (configuring build/ if needed). VCSHIFT_BIN runs
# the runs after the baseline with another vcshift binary (an older build, for a
# before/after; the baseline is always build/bin/vcshift). VCSHIFT_BENCH_KEEP=1 keeps the
# work directory (worlds, plan, events, log files). CTest runs it on a tiny
# world (bench.executor_bench_runs) so that it keeps working.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/build/bin"
dcs="${1:-1}" clusters="${2:-4}" hosts="${3:-25}" vms="${4:-2}"
shift $(($# < 4 ? $# : 4))
parallelisms=(1 10 100)
[ $# -eq 0 ] || parallelisms=(1 "$@")
# VCSHIFT_BENCH_NO_BASELINE=1: no --parallelism 1 run (the first run given is the baseline).
[ -z "${VCSHIFT_BENCH_NO_BASELINE:-}" ] || parallelisms=("${parallelisms[@]:1}")
vcshift="${VCSHIFT_BIN:-$bin/vcshift}"
helper="$root/bench/executor_bench.py"
profile="$root/bench/executor_profile.json"

[ -f "$root/build/build.ninja" ] || cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build" --target vcshift vcshift-sim >/dev/null

work="$(mktemp -d)"
source "$root/bench/sim.sh"
cleanup() {
  stop_sim
  if [ -n "${VCSHIFT_BENCH_KEEP:-}" ]; then echo "Kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

"$bin/vcshift-sim" generate --datacenters "$dcs" --clusters "$clusters" --hosts "$hosts" --vms "$vms" > "$work/generated.json"
/usr/bin/python3 "$helper" world "$work/generated.json" "$profile" > "$work/world.json"

# The passwords go to vcshift through the environment, never on a command line.
passwords() {
  /usr/bin/python3 -c '
import json, sys
vcs = {v["name"]: v for v in json.load(open(sys.argv[1]))["vcenters"]}
print(vcs["source"]["password"], vcs["target"]["password"])' "$1"
}

runs=()
for p in "${parallelisms[@]}"; do
  start_sim "$work/world.json" "$work/sim-$p" "$work/serve-$p"  # a fresh world each time
  read -r source_password target_password < <(passwords "$work/serve-$p")
  export VCSHIFT_SOURCE_PASSWORD="$source_password" VCSHIFT_TARGET_PASSWORD="$target_password"
  export VCSHIFT_ESXI_PASSWORD=esxi-root
  /usr/bin/python3 "$helper" desired "$work/generated.json" "$work/serve-$p" > "$work/desired-$p.yaml"
  if [ ! -s "$work/plan.json" ]; then
    "$bin/vcshift" plan -f "$work/desired-$p.yaml" --format json > "$work/plan.json"
  fi
  run="$work/run-$p"
  mkdir -p "$run"
  echo "$p" > "$run/parallelism"
  binary="$vcshift"
  [ ${#runs[@]} -gt 0 ] || binary="$bin/vcshift"  # the baseline: its log gives every action's calls
  sim_before=$(sim_cpu)
  /usr/bin/time -v "$binary" apply -f "$work/desired-$p.yaml" --auto-approve --json --parallelism "$p" \
    --state-dir "$run/state" > "$run/events" 2> "$run/time" || { tail -20 "$run/time" "$run/events" >&2; exit 1; }
  /usr/bin/python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$sim_before" "$(sim_cpu)" \
    > "$run/sim_cpu"
  # An older binary without the log file borrows the baseline's (its calls per action
  # are then the baseline's).
  cp "$run/state/vcshift.log" "$run/vcshift.log" 2>/dev/null || cp "${runs[0]}/vcshift.log" "$run/vcshift.log"
  runs+=("$run")
  stop_sim
done

echo "Executor: $(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["actions"]))' "$work/plan.json") actions" \
  "migrating $((dcs * clusters * hosts)) hosts and $((dcs * clusters * hosts * vms)) VMs ($dcs datacenters x $clusters" \
  "clusters x $hosts hosts, $vms VMs each) with their distributed switches; latency profile bench/executor_profile.json x ${VCSHIFT_BENCH_SCALE:-1}."
/usr/bin/python3 "$helper" table "$work/plan.json" "$profile" "${runs[@]}"
