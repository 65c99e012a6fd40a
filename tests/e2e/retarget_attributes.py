#!/usr/bin/python3
"""Custom attributes made on the source by Debian's pyVmomi alone, as an admin's script
would (issue 17), for e2e.export_retarget_apply and the fault matrix: definitions for
hosts, VMs and every type, and values on a host, two VMs and the cluster. The census
(census.py) and the simulator's snapshot show definitions and values by name, so the
target must show them on the same objects after the apply, and the source must have
them back after a rollback.

By hand (the fault matrix runs it so): VCSHIFT_SOURCE_PASSWORD=... retarget_attributes.py URL USER
"""

import os
import sys

from pyVim.connect import Disconnect
from pyVmomi import vim

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sim"))
import simserve  # noqa: E402  (in tests/sim)

# object type, object name, attribute, value
VALUES = [
    (vim.HostSystem, "esx-01.sim.local", "Owner", "team-a"),
    (vim.VirtualMachine, "vm-1", "Backup", "daily"),
    (vim.VirtualMachine, "vm-3", "CostCentre", "cc-42"),
    (vim.ClusterComputeResource, "Cluster1", "CostCentre", "cc-7"),
]
DEFINITIONS = [("Owner", vim.HostSystem), ("Backup", vim.VirtualMachine), ("CostCentre", None)]


def add_attributes(vcenter):
    si = simserve.connect(vcenter)
    try:
        fields = si.content.customFieldsManager
        keys = {name: fields.AddCustomFieldDef(name=name, moType=mo_type).key for name, mo_type in DEFINITIONS}
        for kind, name, attribute, value in VALUES:
            fields.SetField(entity=simserve.find(si, kind, name), key=keys[attribute], value=value)
    finally:
        Disconnect(si)


if __name__ == "__main__":
    add_attributes({"url": sys.argv[1], "user": sys.argv[2], "password": os.environ["VCSHIFT_SOURCE_PASSWORD"]})
