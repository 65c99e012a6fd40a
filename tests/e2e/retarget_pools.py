"""Resource pools and per-VM HA/DRS overrides made on the source by pyVmomi alone, for
export_retarget.py (issue 16): in Cluster1 a nested tree with non-default allocations,
Tier1 (CPU shares high, a reservation, expandable) with DB below it (custom memory shares,
a limit, not expandable) and Tier2 (low shares); vm-1 in Tier1/DB, vm-3 in Tier2; vm-2
with an HA restart priority, isolation response and VM monitoring and a DRS automation
level of its own; a vApp Shop (memory shares high, a CPU reservation) holding vm-2 with a
start order entry of its own (group 2, delays, guest shutdown). The census sees each pool with its allocations, each VM's pool path and
the overrides and the vApp's start order: the target must show them the same after the apply, the source after the
rollback."""

from pyVim.connect import Disconnect
from pyVim.task import WaitForTask
from pyVmomi import vim

import simserve  # noqa: E402  (in tests/sim; export_retarget.py puts it on the path)


def allocation(level, shares=0, reservation=0, limit=-1, expandable=True):
    return vim.ResourceAllocationInfo(reservation=reservation, limit=limit, expandableReservation=expandable,
                                      shares=vim.SharesInfo(level=level, shares=shares))


def add_state(vcenter):
    si = simserve.connect(vcenter)
    try:
        cluster = simserve.find(si, vim.ClusterComputeResource, "Cluster1")
        root = cluster.resourcePool
        tier1 = root.CreateResourcePool(name="Tier1", spec=vim.ResourceConfigSpec(
            cpuAllocation=allocation("high", reservation=100), memoryAllocation=allocation("normal")))
        db = tier1.CreateResourcePool(name="DB", spec=vim.ResourceConfigSpec(
            cpuAllocation=allocation("normal"),
            memoryAllocation=allocation("custom", shares=3000, limit=4096, expandable=False)))
        tier2 = root.CreateResourcePool(name="Tier2", spec=vim.ResourceConfigSpec(
            cpuAllocation=allocation("low"), memoryAllocation=allocation("low")))
        db.MoveIntoResourcePool(list=[simserve.find(si, vim.VirtualMachine, "vm-1")])
        tier2.MoveIntoResourcePool(list=[simserve.find(si, vim.VirtualMachine, "vm-3")])
        vm2 = simserve.find(si, vim.VirtualMachine, "vm-2")
        spec = vim.cluster.ConfigSpecEx(
            dasVmConfigSpec=[vim.cluster.DasVmConfigSpec(operation="add", info=vim.cluster.DasVmConfigInfo(
                key=vm2, dasSettings=vim.cluster.DasVmSettings(
                    restartPriority="high", isolationResponse="powerOff",
                    vmToolsMonitoringSettings=vim.cluster.VmToolsMonitoringSettings(vmMonitoring="vmMonitoringOnly"))))],
            drsVmConfigSpec=[vim.cluster.DrsVmConfigSpec(operation="add", info=vim.cluster.DrsVmConfigInfo(
                key=vm2, enabled=True, behavior="manual"))])
        WaitForTask(cluster.ReconfigureComputeResource_Task(spec=spec, modify=True))
        add_vapp(si, root, vm2)
    finally:
        Disconnect(si)


def add_vapp(si, root, vm):
    """The vApp Shop below the root pool with `vm` in it and its start order entry."""
    datacenter = simserve.find(si, vim.Datacenter, "DC1")
    shop = root.CreateVApp(name="Shop", resSpec=vim.ResourceConfigSpec(
        cpuAllocation=allocation("normal", reservation=200), memoryAllocation=allocation("high")),
        configSpec=vim.vApp.VAppConfigSpec(), vmFolder=datacenter.vmFolder)
    shop.MoveIntoResourcePool(list=[vm])
    shop.UpdateVAppConfig(spec=vim.vApp.VAppConfigSpec(entityConfig=[vim.vApp.EntityConfigInfo(
        key=vm, startOrder=2, startDelay=30, startAction="powerOn", waitingForGuest=True, stopDelay=60,
        stopAction="guestShutdown")]))
