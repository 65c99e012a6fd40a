#!/usr/bin/env python3
"""CPU seconds (user + system) a process and all its descendants have used so far:
sim_cpu.py PID. The benchmarks use it for vcshift-sim serve and its vCenter processes."""

import glob
import os
import sys


def tree(pid):  # Go starts children from any of its threads: every task's children
    children = [c for f in glob.glob("/proc/%s/task/*/children" % pid) for c in open(f).read().split()]
    return [pid] + [p for child in children for p in tree(child)]


ticks = sum(sum(int(x) for x in open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()[11:13])
            for pid in tree(sys.argv[1]))
print(ticks / os.sysconf("SC_CLK_TCK"))
