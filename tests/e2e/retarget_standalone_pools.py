"""A standalone host's resource pools and a vApp made by pyVmomi alone, for
standalone_pools.py and the fault matrix's standalone world (issue 16), in
tests/e2e/worlds/standalone-host.json: below esx-02's root pool, Gold (CPU shares high, a
reservation) with Gold/Batch below it (custom memory shares, a limit, not expandable)
holding edge-02, and the vApp Gold/Shop (a CPU reservation, low memory shares) holding
edge-01 with a start order entry of its own (group 2, delays, guest shutdown). On Gold,
add_access sets a permission (pyVmomi) and attaches the tag Tier/Gold (the REST API, as an
outside client would).

Run: retarget_standalone_pools.py URL USER (the password in VCSHIFT_SOURCE_PASSWORD)
"""

import os
import sys
from urllib.parse import urlparse

from pyVim.connect import Disconnect
from pyVmomi import vim

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sim"))
import census  # noqa: E402  (next to this file)
import census_tags  # noqa: E402  (next to this file)
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


def add_access(vcenter):
    """On Gold (add_pools first): VSPHERE.LOCAL\\ops as ReadOnly, and the tag Tier/Gold."""
    si = simserve.connect(vcenter)
    try:
        gold = simserve.find(si, vim.ResourcePool, "Gold")
        si.content.authorizationManager.SetEntityPermissions(entity=gold, permission=[
            vim.AuthorizationManager.Permission(entity=gold, principal="VSPHERE.LOCAL\\ops", group=False,
                                                roleId=-2, propagate=True)])  # ReadOnly
        moref = gold._moId
    finally:
        Disconnect(si)
    url = urlparse(vcenter["url"])
    ctx = census.trusted_context(url.hostname, url.port, vcenter.get("thumbprint"))
    with census_tags.Rest(vcenter["url"], vcenter["user"], vcenter["password"], ctx) as rest:
        category = rest.create_category("Tier", "SINGLE", ["ResourcePool"])
        rest.attach(rest.create_tag(category, "Gold"), "ResourcePool", moref)


if __name__ == "__main__":
    vcenter = {"url": sys.argv[1], "user": sys.argv[2], "password": os.environ["VCSHIFT_SOURCE_PASSWORD"]}
    add_pools(vcenter)
    add_access(vcenter)
