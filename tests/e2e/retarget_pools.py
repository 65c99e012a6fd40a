"""Resource pools and per-VM HA/DRS overrides made on the source by pyVmomi alone, for
export_retarget.py (issue 16), beside the default world's own (Tier1, Tier1/DB, the vApp
Shop: tests/sim/world.go): in Cluster1 a nested tree with non-default allocations, Gold
(CPU shares high, a reservation, expandable) with Reports below it (custom memory shares,
a limit, not expandable) and Bronze (low shares); vm-1 in Gold/Reports, vm-3 in Bronze;
vm-2 with an HA restart priority, isolation response and VM monitoring and a DRS
automation level of its own (replacing the world's); a vApp Store (memory shares high, a
CPU reservation) holding vm-2 with a start order entry of its own (group 2, delays, guest
shutdown); on the world's vApp Shop a product section and a property section, and a vApp
Inner inside Shop (its own allocations) with its entry in Shop's start order. The census
sees each pool with its allocations, each VM's pool path and the overrides, the vApps'
start orders and sections: the target must show them the same after the apply, the
source after the rollback."""

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
        add_sections_and_inner(si)
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


def add_sections_and_inner(si):
    """On the world's vApp Shop: a product and a property section, and the vApp Inner
    inside it with its entry in Shop's start order."""
    shop = simserve.find(si, vim.VirtualApp, "Shop")
    shop.UpdateVAppConfig(spec=vim.vApp.VAppConfigSpec(
        product=[vim.vApp.ProductSpec(operation="add", info=vim.vApp.ProductInfo(
            key=0, classId="shop", instanceId="1", name="Shop", vendor="ACME", version="2.1",
            fullVersion="2.1.4-build7", vendorUrl="https://acme.example", productUrl="https://acme.example/shop",
            appUrl="https://shop.example:8443/"))],
        property=[vim.vApp.PropertySpec(operation="add", info=vim.vApp.PropertyInfo(
            key=3, classId="shop", instanceId="1", id="db_host", category="Database", label="DB host",
            type="string", userConfigurable=True, defaultValue="db.local",
            value="db-1.example; port=5432", description="Where the shop's database listens"))]))
    inner = shop.CreateVApp(name="Inner", resSpec=vim.ResourceConfigSpec(
        cpuAllocation=allocation("low"), memoryAllocation=allocation("normal", reservation=64)),
        configSpec=vim.vApp.VAppConfigSpec(), vmFolder=None)
    shop.UpdateVAppConfig(spec=vim.vApp.VAppConfigSpec(entityConfig=[vim.vApp.EntityConfigInfo(
        key=inner, startOrder=3, startDelay=15, startAction="powerOn", waitingForGuest=False, stopDelay=45,
        stopAction="none")]))
