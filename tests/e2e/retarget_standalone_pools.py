"""A standalone host's resource pools and a vApp made by pyVmomi alone, for
standalone_pools.py and the fault matrix's standalone world (issue 16), in
tests/e2e/worlds/standalone-host.json: below esx-02's root pool, Gold (CPU shares high, a
reservation) with Gold/Batch below it (custom memory shares, a limit, not expandable)
holding edge-02, and the vApp Gold/Shop (a CPU reservation, low memory shares) holding
edge-01 with a start order entry of its own (group 2, delays, guest shutdown).

Run: retarget_standalone_pools.py URL USER (the password in VCSHIFT_SOURCE_PASSWORD)
"""

import os
import sys

from pyVim.connect import Disconnect
from pyVmomi import vim

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sim"))
from retarget_pools import allocation  # noqa: E402  (next to this file)
import simserve  # noqa: E402  (in tests/sim)

HOST = "esx-02.example.com"


def add_pools(vcenter):
    si = simserve.connect(vcenter)
    try:
        root = simserve.find(si, vim.HostSystem, HOST).parent.resourcePool
        gold = root.CreateResourcePool(name="Gold", spec=vim.ResourceConfigSpec(
            cpuAllocation=allocation("high", reservation=100), memoryAllocation=allocation("normal")))
        batch = gold.CreateResourcePool(name="Batch", spec=vim.ResourceConfigSpec(
            cpuAllocation=allocation("normal"),
            memoryAllocation=allocation("custom", shares=3000, limit=4096, expandable=False)))
        batch.MoveIntoResourcePool(list=[simserve.find(si, vim.VirtualMachine, "edge-02")])
        shop = gold.CreateVApp(name="Shop", resSpec=vim.ResourceConfigSpec(
            cpuAllocation=allocation("normal", reservation=200), memoryAllocation=allocation("low")),
            configSpec=vim.vApp.VAppConfigSpec(), vmFolder=simserve.find(si, vim.Datacenter, "DC1").vmFolder)
        edge = simserve.find(si, vim.VirtualMachine, "edge-01")
        shop.MoveIntoResourcePool(list=[edge])
        shop.UpdateVAppConfig(spec=vim.vApp.VAppConfigSpec(entityConfig=[vim.vApp.EntityConfigInfo(
            key=edge, startOrder=2, startDelay=30, startAction="powerOn", waitingForGuest=True, stopDelay=60,
            stopAction="guestShutdown")]))
    finally:
        Disconnect(si)


if __name__ == "__main__":
    add_pools({"url": sys.argv[1], "user": sys.argv[2], "password": os.environ["VCSHIFT_SOURCE_PASSWORD"]})
