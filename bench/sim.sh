# Shared by the benchmarks (sourced; they set $root and $bin): one `vcshift-sim serve` at
# a time, its process id in $sim_pid.

sim_pid=""

# start_sim WORLD STATE_DIR SERVE_FILE: serves WORLD and waits for its serve line in
# SERVE_FILE (its standard error goes to SERVE_FILE.err).
start_sim() {
  # A serve line left by the last world would pass for this one's before it is written.
  rm -f "$3" "$3.err"
  "$bin/vcshift-sim" serve --world "$1" --state-dir "$2" > "$3" 2> "$3.err" &
  sim_pid=$!
  until [ -s "$3" ]; do
    kill -0 "$sim_pid" 2>/dev/null || { cat "$3.err" >&2; exit 1; }
    sleep 0.2
  done
}

stop_sim() {
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
  sim_pid=""
}

# CPU seconds the simulator's processes (serve and its vCenters) have used so far.
sim_cpu() { /usr/bin/python3 "$root/bench/sim_cpu.py" "$sim_pid"; }

# bench_start TARGET...: builds the targets (configuring build/ if needed), makes $work,
# and on exit stops the simulator and removes $work.
bench_start() {
  [ -f "$root/build/build.ninja" ] || cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$root/build" --target "$@" >/dev/null
  work="$(mktemp -d)"
  trap 'stop_sim; rm -rf "$work"' EXIT
}
