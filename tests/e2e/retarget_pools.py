"""Resource pools and per-VM HA/DRS overrides made on the source by pyVmomi alone, for
export_retarget.py (issue 16), beside the default world's own (Tier1, Tier1/DB, the vApp
Shop: tests/sim/world.go): in Cluster1 a nested tree with non-default allocations, Gold
(CPU shares high, a reservation, expandable) with Reports below it (custom memory shares,
a limit, not expandable) and Bronze (low shares); vm-1 in Gold/Reports, vm-3 in Bronze;
vm-2 with an HA restart priority, isolation response and VM monitoring and a DRS
automation level of its own (replacing the world's); a vApp Store (memory shares high, a
CPU reservation) holding vm-2 with a start order entry of its own (group 2, delays, guest
shutdown). The census sees each pool with its allocations, each VM's pool path and the
overrides and the vApp's start order: the target must show them the same after the
apply, the source after the rollback."""

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
        gold = root.CreateResourcePool(name="Gold", spec=vim.ResourceConfigSpec(
            cpuAllocation=allocation("high", reservation=100), memoryAllocation=allocation("normal")))
        reports = gold.CreateResourcePool(name="Reports", spec=vim.ResourceConfigSpec(
            cpuAllocation=allocation("normal"),
            memoryAllocation=allocation("custom", shares=3000, limit=4096, expandable=False)))
        bronze = root.CreateResourcePool(name="Bronze", spec=vim.ResourceConfigSpec(
            cpuAllocation=allocation("low"), memoryAllocation=allocation("low")))
        reports.MoveIntoResourcePool(list=[simserve.find(si, vim.VirtualMachine, "vm-1")])
        bronze.MoveIntoResourcePool(list=[simserve.find(si, vim.VirtualMachine, "vm-3")])
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
    """The vApp Store below the root pool with `vm` in it and its start order entry."""
    datacenter = simserve.find(si, vim.Datacenter, "DC1")
    store = root.CreateVApp(name="Store", resSpec=vim.ResourceConfigSpec(
        cpuAllocation=allocation("normal", reservation=200), memoryAllocation=allocation("high")),
        configSpec=vim.vApp.VAppConfigSpec(), vmFolder=datacenter.vmFolder)
    store.MoveIntoResourcePool(list=[vm])
    store.UpdateVAppConfig(spec=vim.vApp.VAppConfigSpec(entityConfig=[vim.vApp.EntityConfigInfo(
        key=vm, startOrder=2, startDelay=30, startAction="powerOn", waitingForGuest=True, stopDelay=60,
        stopAction="guestShutdown")]))
