#!/usr/bin/python3
"""Roles and permissions made on the source by Debian's pyVmomi alone, as an admin's
script would (issue 17): a custom role, and permissions on the cluster (a group), on a
host, on a VM, on the VM folder `Web` (propagating to vm-3, moved into it), on the
datacenter itself, on the distributed switch DSwitch1 and its port group pg-vm, on the
pool Tier1/DB and the vApp Shop (retarget_pools.py makes them) and on the root folder,
in the custom role and in a system one. For the discovery test and e2e.export_retarget_apply
(census.py and the simulator's snapshot show roles by name and permissions by object
path): the target must show them on the same objects after the apply, and the source
must have them back after a rollback.

By hand: VCSHIFT_SOURCE_PASSWORD=... retarget_permissions.py URL USER
"""

import os
import sys

from pyVim.connect import Disconnect
from pyVim.task import WaitForTask
from pyVmomi import vim

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sim"))
import simserve  # noqa: E402  (in tests/sim)

ROLE = ("AppOperator", ["VirtualMachine.Interact.PowerOn", "VirtualMachine.Interact.PowerOff"])
# object type, object name, principal, group, role, propagate
PERMISSIONS = [
    (vim.ClusterComputeResource, "Cluster1", "VSPHERE.LOCAL\\app-admins", True, "AppOperator", True),
    (vim.HostSystem, "esx-01.sim.local", "VSPHERE.LOCAL\\ops", False, "ReadOnly", False),
    (vim.VirtualMachine, "vm-1", "VSPHERE.LOCAL\\alice", False, "AppOperator", False),
    (vim.Folder, "Web", "VSPHERE.LOCAL\\web-team", True, "AppOperator", True),
    (vim.Datacenter, "DC1", "VSPHERE.LOCAL\\audit", True, "ReadOnly", False),
    (vim.DistributedVirtualSwitch, "DSwitch1", "VSPHERE.LOCAL\\net-admins", True, "ReadOnly", True),
    (vim.dvs.DistributedVirtualPortgroup, "pg-vm", "VSPHERE.LOCAL\\app-admins", True, "AppOperator", False),
    (None, "", "VSPHERE.LOCAL\\auditors", True, "ReadOnly", False),  # the root folder
]
# On the pool and vApp retarget_pools.py makes (a world without them: with_pools=False).
POOL_PERMISSIONS = [
    (vim.ResourcePool, "DB", "VSPHERE.LOCAL\\dba", False, "AppOperator", True),
    (vim.VirtualApp, "Shop", "VSPHERE.LOCAL\\shop-team", True, "AppOperator", True),
]


def add_permissions(vcenter, with_pools=True):
    si = simserve.connect(vcenter)
    try:
        web = simserve.find(si, vim.Folder, "Web")
        WaitForTask(web.MoveIntoFolder_Task([simserve.find(si, vim.VirtualMachine, "vm-3")]))
        authorization = si.content.authorizationManager
        authorization.AddAuthorizationRole(name=ROLE[0], privIds=ROLE[1])
        roles = {r.name: r.roleId for r in authorization.roleList}
        for kind, name, principal, group, role, propagate in PERMISSIONS + (POOL_PERMISSIONS if with_pools else []):
            entity = simserve.find(si, kind, name) if kind else si.content.rootFolder
            authorization.SetEntityPermissions(entity=entity, permission=[vim.AuthorizationManager.Permission(
                entity=entity, principal=principal, group=group, roleId=roles[role], propagate=propagate)])
    finally:
        Disconnect(si)


if __name__ == "__main__":
    # The fault matrix's world (tests/e2e/fault_matrix.cc) has no pools of retarget_pools.py.
    add_permissions({"url": sys.argv[1], "user": sys.argv[2], "password": os.environ["VCSHIFT_SOURCE_PASSWORD"]},
                    with_pools=False)
