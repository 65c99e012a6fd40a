#!/usr/bin/python3
"""Scoped discovery plans exactly what a full discovery plans (issue 20, deliverable 2).

For every example (examples/, against the world examples_test.cc gives it) and every
end-to-end world (the simulator's built-in ones, tests/e2e/worlds/*.json and a
generated one), `vcshift plan` (which reads only what the desired state names and the
plan depends on) and `vcshift plan --full-discovery` (every object of both vCenters)
must print the same bytes, as text and as JSON, with the same exit status. Each world is
planned with desired states made from its source's export: the whole source retargeted
to the target vCenter, the same within the source (`same_as: source`), its first
cluster alone, and that cluster's first host alone, the last two with every cleanup on
(cleanup reads what the moves empty). On the generated world the scoped read must also
receive fewer bytes than the full one (it reads less, not only the same), and a plan
saved from a full discovery must apply (apply re-reads as the plan was made).

Run: scoped_plans.py VCSHIFT_BINARY VCSHIFT_SIM_BINARY
"""

import copy
import glob
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(HERE, "..", "sim"))
import simserve  # noqa: E402  (in tests/sim)

WORLDS = os.path.join(HERE, "worlds")
EXAMPLES = [
    ("distributed-switch-cluster.yaml", "example-distributed-switch.json"),
    ("rebalance-clusters.yaml", "example-rebalance.json"),
    ("standard-switch-cluster.yaml", "example-standard-switch.json"),
    ("hooks/desired.yaml", "example-standard-switch.json"),
]


def run(binary, work, env, *args):
    return subprocess.run([binary, *args], cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=600)


def connections(vcenters, same):
    """A `connections:` block reaching the simulated vCenters."""
    def endpoint(vc):
        return {"url": vc["url"], "user": vc["user"], "thumbprint": vc["thumbprint"]}
    return {"source": endpoint(vcenters["source"]),
            "target": {"same_as": "source"} if same else endpoint(vcenters["target"])}


def adapted_example(path, vcenters):
    """An example as written, its `connections:` block the simulated vCenters' (as
    examples_test.cc adapts it)."""
    with open(path) as f:
        desired = yaml.safe_load(f)
    same = desired["connections"].get("target") == {"same_as": "source"}
    desired["connections"] = connections(vcenters, same)
    return desired


def first_cluster(desired, one_host):
    """The desired state narrowed to the first cluster of a datacenter that has one (or
    that cluster's first host), every cleanup on; None when there is no cluster."""
    narrowed = copy.deepcopy(desired)
    for dc in narrowed.get("datacenters", []):
        if not dc.get("clusters"):
            continue
        cluster = dc["clusters"][0]
        if one_host:
            cluster["hosts"] = cluster["hosts"][:1]
        kept = set(cluster["hosts"])
        dc["clusters"] = [cluster]
        dc.pop("standalone_hosts", None)
        for dvs in dc.get("distributed_switches", []):
            dvs["hosts"] = [member for member in dvs.get("hosts", []) if member["name"] in kept]
        narrowed["datacenters"] = [dc]
        narrowed["cleanup"] = {"remove_empty_clusters": True, "remove_empty_datacenters": True,
                               "remove_unused_distributed_switches": True}
        return narrowed
    return None


def received(vcenters):
    """Bytes of the responses both vCenters logged since the last clear, then clears."""
    total = 0
    for vc in vcenters.values():
        log = json.load(urllib.request.urlopen(vc["control"] + "/calls"))
        total += sum(call.get("response_bytes", 0) for call in log["calls"])
        urllib.request.urlopen(urllib.request.Request(vc["control"] + "/calls", method="DELETE"))
    return total


def compare(binary, work, env, name, desired, vcenters):
    """Plans `desired` scoped and full, as text and JSON; the differences, and the bytes
    each read received."""
    path = os.path.join(work, name.replace("/", "_") + ".yaml")
    with open(path, "w") as f:
        yaml.safe_dump(desired, f, sort_keys=False)
    failures, bytes_read = [], {}
    received(vcenters)
    for form in (["--format", "json"], ["--no-color"]):
        outputs = {}
        for mode, extra in (("scoped", []), ("full", ["--full-discovery"])):
            result = run(binary, work, env, "plan", "-f", path, *form, *extra)
            outputs[mode] = (result.returncode, result.stdout, result.stderr.replace(path, "FILE"))
            bytes_read[mode] = bytes_read.get(mode, 0) + received(vcenters)
        (scoped_code, scoped, scoped_err), (full_code, full, full_err) = outputs["scoped"], outputs["full"]
        print(f"{name} {form[-1]}: exit {scoped_code} / {full_code}, {len(scoped)} / {len(full)} bytes "
              f"(scoped / full)", flush=True)
        if outputs["scoped"] != outputs["full"]:
            failures.append(f"{name} {form[-1]}: the scoped plan differs from the full one")
            print(f"--- scoped (exit {scoped_code})\n{scoped}{scoped_err}\n--- full (exit {full_code})\n{full}{full_err}",
                  flush=True)
        elif full_err:
            print(f"(both said: {full_err.strip()})", flush=True)
    print(f"{name}: received {bytes_read['scoped']} bytes scoped, {bytes_read['full']} full", flush=True)
    return failures, bytes_read


def world_cases(binary, sim, world, label, work, env_base):
    failures = []
    with simserve.serve(sim, world) as (_, vcenters):
        source = vcenters["source"]
        env = dict(env_base, VCSHIFT_PASSWORD=source["password"], VCSHIFT_SOURCE_PASSWORD=source["password"],
                   VCSHIFT_TARGET_PASSWORD=vcenters.get("target", source)["password"])
        for example, example_world in EXAMPLES:
            if world and os.path.basename(world) == example_world:
                desired = adapted_example(os.path.join(ROOT, "examples", example), vcenters)
                found, _ = compare(binary, work, env, f"{label}:{example}", desired, vcenters)
                failures += found
        exported = os.path.join(work, "exported.yaml")
        result = run(binary, work, env, "export", "--url", source["url"], "--user", source["user"],
                     "--thumbprint", source["thumbprint"], "-o", exported)
        if result.returncode != 0:
            return failures + [f"{label}: export failed: {result.stderr}"]
        with open(exported) as f:
            whole = yaml.safe_load(f)
        cases = {"same-vcenter": dict(whole, connections=connections(vcenters, True))}
        if "target" in vcenters:
            moved = dict(whole, connections=connections(vcenters, False))
            cases["whole-source"] = moved
            cases["first-cluster"] = first_cluster(moved, one_host=False)
            cases["first-host"] = first_cluster(moved, one_host=True)
        for case, desired in cases.items():
            if desired is None:
                continue
            found, bytes_read = compare(binary, work, env, f"{label}:{case}", desired, vcenters)
            failures += found
            if label == "generated" and case == "first-cluster" and bytes_read["scoped"] >= bytes_read["full"]:
                failures.append(f"generated:first-cluster: the scoped read received {bytes_read['scoped']} bytes, "
                                f"not fewer than the full read's {bytes_read['full']}")
        if label == "generated":
            failures += apply_full_plan(binary, work, env, first_cluster(cases["whole-source"], one_host=True))
    return failures


def apply_full_plan(binary, work, env, desired):
    """A plan saved from a full discovery applies: apply reads the vCenters whole again,
    as the plan says it was made (a scoped re-read would find the host's switch with the
    members of its cluster only, and refuse the plan as stale). Run last: it moves a host."""
    desired.pop("cleanup")  # with cleanup the scoped read has every host of the datacenter
    path = os.path.join(work, "saved.yaml")
    with open(path, "w") as f:
        yaml.safe_dump(desired, f, sort_keys=False)
    saved = run(binary, work, env, "plan", "-f", path, "--full-discovery", "-o", "full.plan")
    if saved.returncode != 0:
        return [f"plan --full-discovery -o failed: {saved.stderr}"]
    applied = run(binary, work, env, "apply", "full.plan", "--auto-approve", "--state-dir", "state")
    print(f"apply of a plan saved from a full discovery: exit {applied.returncode}", flush=True)
    if applied.returncode != 0:
        return [f"a plan saved from a full discovery was refused at apply: {applied.stdout}{applied.stderr}"]
    return []


def main():
    binary, sim = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    failures = []
    with tempfile.TemporaryDirectory(prefix="vcshift-scoped-", ignore_cleanup_errors=True) as work:
        env_base = dict(os.environ, VCSHIFT_ESXI_PASSWORD="esxi-root")
        generated = os.path.join(work, "generated.json")
        with open(generated, "w") as f:
            subprocess.run([sim, "generate", "--datacenters", "2", "--clusters", "2", "--hosts", "3",
                            "--standalone", "1", "--vms", "3"], stdout=f, check=True, timeout=60)
        worlds = [(None, "default"), ("standard", "standard")]
        worlds += [(path, os.path.basename(path)) for path in sorted(glob.glob(os.path.join(WORLDS, "*.json")))]
        worlds.append((generated, "generated"))
        for world, label in worlds:
            failures += world_cases(binary, sim, world, label, work, env_base)
    if failures:
        raise SystemExit("\n".join(failures))
    print("every scoped plan is the full plan, byte for byte")


if __name__ == "__main__":
    main()
