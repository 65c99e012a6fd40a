#!/usr/bin/env python3
"""Cross-check the generated vim25 subset against govmomi, generated from the real WSDL.

For every class in the soapcpp2 header (data types and method requests), its own fields
must appear in govmomi's struct of the same name in the same order (govmomi knows newer
fields than pyVmomi 6.7.1; ours must be an ordered subsequence), and its base class must
be the type govmomi embeds. vSphere rejects a request whose elements are out of order.

Usage: check_subset.py VIM25_H GOVMOMI_TYPES_GO
Exit 77 (skipped) when govmomi's types.go is not installed.
"""

import os
import re
import sys

CLASS = re.compile(r"^class (_?vim25__\w+) : public (\w+) \{|^class (_vim25__\w+) \{")
FIELD = re.compile(r"^  .*?[ *](\w+) [01];$")
GO_STRUCT = re.compile(r"^type (\w+) struct \{$")
GO_FIELD = re.compile(r'^\t\w+\s+.*`xml:"([^,"]+)[^`]*`')
GO_EMBED = re.compile(r"^\t([A-Z]\w+)$")


def xml_name(member):
    name = member.replace("_USCORE", "_")
    return name[:-1] if name.endswith("_") and not name.endswith("__") else name


def ours(path):
    classes, current = {}, None
    for line in open(path, encoding="utf-8"):
        match = CLASS.match(line)
        if match:
            name = match.group(1) or match.group(3)
            base = match.group(2)
            if name.startswith("_vim25__"):
                if name.endswith("Response"):
                    current = None
                    continue
                go_name, go_base = name[len("_vim25__"):].replace("_USCORE", "_") + "RequestType", None
            else:
                go_name = name[len("vim25__"):]
                go_base = base[len("vim25__"):] if base.startswith("vim25__") else None
            current = classes[go_name] = (go_base, [])
            continue
        if current is not None:
            if line.startswith("};"):
                current = None
            else:
                field = FIELD.match(line)
                if field:
                    current[1].append(xml_name(field.group(1)))
    return classes


def govmomi(path):
    structs, current = {}, None
    for line in open(path, encoding="utf-8"):
        match = GO_STRUCT.match(line)
        if match:
            current = structs[match.group(1)] = [None, []]
            continue
        if current is not None:
            if line.startswith("}"):
                current = None
            elif GO_EMBED.match(line) and current[0] is None and not current[1]:
                current[0] = GO_EMBED.match(line).group(1)
            elif GO_FIELD.match(line):
                current[1].append(GO_FIELD.match(line).group(1))
    return structs


def is_subsequence(small, big):
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


def main(argv):
    header, types_go = argv[1], argv[2]
    if not os.path.exists(types_go):
        print("skipped: %s is not installed" % types_go)
        return 77
    theirs = govmomi(types_go)
    problems, checked = [], 0
    for name, (base, fields) in sorted(ours(header).items()):
        if name.startswith("ArrayOf") or name not in theirs:
            continue  # wrappers for xsi:type values; govmomi has them as slices
        go_base, go_fields = theirs[name]
        fields = [f for f in fields if f != "xsi__type"]  # an attribute, ours alone
        checked += 1
        if not is_subsequence(fields, go_fields):
            problems.append("%s: ours %s, govmomi %s" % (name, fields, go_fields))
        if base and base != "DynamicData" and go_base != base:
            problems.append("%s: base %s, govmomi embeds %s" % (name, base, go_base))
    for problem in problems:
        print(problem)
    print("%d classes checked against govmomi, %d problems" % (checked, len(problems)))
    return 1 if problems or checked < 100 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
