#!/usr/bin/python3
"""An independent referee for the schemas: Debian's python3-jsonschema.

Checks that the schema is a valid draft-07 schema (what editors' yaml-language-server
needs), that every example validates against it, and that a few bad documents fail, so
our own validator and a standard one agree on what the schema means.
"""
import glob
import json
import os
import sys

import jsonschema
import yaml

root = sys.argv[1]
schema = json.load(open(os.path.join(root, "schemas/desired-state.schema.json")))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)

failures = 0
examples = sorted(glob.glob(os.path.join(root, "examples/**/*.yaml"), recursive=True))
for path in examples:
    errors = list(validator.iter_errors(yaml.safe_load(open(path))))
    for error in errors:
        print(f"FAIL {path}: {error.json_path}: {error.message}")
    failures += bool(errors)

header = {"version": 1, "connections": {"source": {"url": "https://a", "user": "u"}, "target": {"same_as": "source"}}}
bad = {
    "unknown key": {**header, "colour": "blue"},
    "version 2": {**header, "version": 2},
    "literal password": {**header, "connections": {"source": {"url": "https://a", "user": "u", "password": "x"},
                                                   "target": {"same_as": "source"}}},
    "vlan 5000": {**header, "datacenters": [{"name": "D", "distributed_switches": [
        {"name": "S", "port_groups": [{"name": "p", "vlan": 5000}]}]}]},
    "ha typo": {**header, "datacenters": [{"name": "D", "clusters": [{"name": "C", "ha": "inhert"}]}]},
}
for name, document in bad.items():
    if validator.is_valid(document):
        print(f"FAIL bad document accepted: {name}")
        failures += 1

# The plan format: the renderer's golden output must satisfy schemas/plan.schema.json.
plan_schema = json.load(open(os.path.join(root, "schemas/plan.schema.json")))
jsonschema.Draft7Validator.check_schema(plan_schema)
plans = sorted(glob.glob(os.path.join(root, "tests/engine/golden/*.json")))
for path in plans:
    errors = list(jsonschema.Draft7Validator(plan_schema).iter_errors(json.load(open(path))))
    for error in errors:
        print(f"FAIL {path}: {error.json_path}: {error.message}")
    failures += bool(errors)

total = len(examples) + len(bad) + len(plans)
print(f"{total - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
