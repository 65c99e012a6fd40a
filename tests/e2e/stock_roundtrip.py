#!/usr/bin/python3
"""Export round trip on a vCenter nobody on this project wrote: govmomi's stock
simulator.VPX() model (tests/stockvc) with 2 datacenters x 3 clusters x 4 hosts, 2
standalone hosts per datacenter and 2 distributed port groups. `vcshift export` of it must
pass `validate` (every host, standalone ones included) and plan against it with
`--detailed-exitcode` exit 0, "No changes.".

Run: stock_roundtrip.py VCSHIFT_BINARY STOCKVC_BINARY
"""

import json
import os
import subprocess
import sys
import tempfile

DATACENTERS, CLUSTERS, HOSTS, STANDALONE = 2, 3, 4, 2


def vcshift(binary, work, env, *args):
    """Runs vcshift in work; returns (exit code, stdout, stderr), all shown."""
    print(f"$ vcshift {' '.join(args)}", flush=True)
    run = subprocess.run([binary, *args], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    print(run.stdout + run.stderr, flush=True)
    return run.returncode, run.stdout, run.stderr


def main():
    binary, stockvc = sys.argv[1], sys.argv[2]
    server = subprocess.Popen(
        [stockvc, "-dc", str(DATACENTERS), "-cluster", str(CLUSTERS), "-host", str(HOSTS),
         "-standalone-host", str(STANDALONE), "-pg", "2"],
        stdout=subprocess.PIPE, text=True)
    try:
        vc = json.loads(server.stdout.readline())
        with tempfile.TemporaryDirectory(prefix="vcshift-stock-") as work:
            env = dict(os.environ, VCSHIFT_PASSWORD=vc["password"], VCSHIFT_SOURCE_PASSWORD=vc["password"])
            exported = os.path.join(work, "exported.yaml")
            code, _, _ = vcshift(binary, work, env, "export", "--url", vc["url"], "--user", vc["user"],
                                 "--thumbprint", vc["thumbprint"], "-o", exported)
            if code != 0:
                raise SystemExit(f"export exited {code}")
            with open(exported) as f:
                text = f.read()
            print(text, flush=True)
            problems = []
            if "standalone_hosts:" not in text:
                problems.append("the export lists no standalone hosts")
            if "DVUplinks" in text:
                problems.append("the export lists an uplink port group as an ordinary one")
            hosts = DATACENTERS * (CLUSTERS * HOSTS + STANDALONE)
            code, out, _ = vcshift(binary, work, env, "validate", "-f", exported)
            expected = (f"is valid: {DATACENTERS} datacenters, {DATACENTERS * CLUSTERS} clusters, {hosts} hosts, "
                        f"{DATACENTERS} distributed switches.")
            if code != 0 or expected not in out:
                problems.append(f"validate exited {code}, expected 0 and '{expected}'")
            code, out, _ = vcshift(binary, work, env, "plan", "-f", exported, "--detailed-exitcode")
            if code != 0 or out != "No changes.\n":
                problems.append(f"plan --detailed-exitcode exited {code}, expected 0 and 'No changes.'")
            if problems:
                raise SystemExit("\n".join(problems))
            print("stock vcsim round trip: 1 passed, 0 failed", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
