#!/usr/bin/python3
"""A third-party client against vcshift-sim: Debian's pyVmomi logs in to the simulated
source vCenter of the default world with its default connection (the API version it
picks from /sdk/vimServiceVersions.xml), reads every property of every managed entity
(each host's and VM's config among them), browses its inventory through the objects'
own properties, runs a task, and checks what it sees against the world
(docs/testing.md). This is what makes vcshift-sim a vim25 endpoint for anyone, not only
for vcshift.

Run: pyvmomi_browse.py build/bin/vcshift-sim
"""

import json
import sys

from pyVim.connect import Disconnect
from pyVim.task import WaitForTask
from pyVmomi import vim

import simserve  # next to this file


def browse(si):
    """Datacenter -> cluster -> hosts -> VMs, and the datacenter's networks, by name."""
    seen = {}
    for dc in si.content.rootFolder.childEntity:
        if not isinstance(dc, vim.Datacenter):
            continue
        for entity in dc.hostFolder.childEntity:
            if isinstance(entity, vim.ClusterComputeResource):
                hosts = {}
                for host in entity.host:
                    hosts[host.name] = sorted(vm.name for vm in host.vm)
                seen[f"{dc.name}/{entity.name}"] = hosts
        seen[f"{dc.name} networks"] = sorted({net.name for net in dc.network})
        seen[f"{dc.name} switches"] = sorted(e.name for e in dc.networkFolder.childEntity
                                             if isinstance(e, vim.DistributedVirtualSwitch))
    return seen


# Properties known not to be readable (none: vcsim 0.24's answer for
# VirtualApp.resourcePool, which no client could parse, is vCenter's now: vapps.go).
KNOWN_UNREADABLE = set()


def unreadable(si):
    """Every property of every managed entity that pyVmomi fails to read, as
    'type name.property: error'. A property holding a field or type that the API version
    pyVmomi chose lacks makes its parser fail (HostSystem.config did, at 6.0)."""
    view = si.content.viewManager.CreateContainerView(si.content.rootFolder, [vim.ManagedEntity], True)
    failed = []
    for entity in view.view:
        for prop in sorted({p for cls in type(entity).__mro__ for p in getattr(cls, "_propInfo", {})}):
            if (type(entity).__name__.split(".")[-1], prop) in KNOWN_UNREADABLE:
                continue
            try:
                getattr(entity, prop)
            except Exception as e:  # noqa: BLE001 -- any failure is the finding
                failed.append(f"{type(entity).__name__} {entity.name}.{prop}: {type(e).__name__} {e}")
    view.DestroyView()
    return failed


def main():
    with simserve.serve(sys.argv[1]) as (_, vcenters):
        si = simserve.connect(vcenters["source"])
        about = si.content.about
        assert about.apiType == "VirtualCenter", about.apiType
        failed = unreadable(si)
        assert not failed, f"pyVmomi at {si._stub.version} cannot read:\n" + "\n".join(failed)
        seen = browse(si)
        want = {
            "DC1/Cluster1": {"esx-01.sim.local": ["vm-1", "vm-2"], "esx-02.sim.local": ["vm-3", "vm-4"]},
        }
        assert seen["DC1/Cluster1"] == want["DC1/Cluster1"], seen
        assert {"pg-mgmt", "pg-vm"} <= set(seen["DC1 networks"]), seen
        assert seen["DC1 switches"] == ["DSwitch1"], seen
        dc = [e for e in si.content.rootFolder.childEntity if isinstance(e, vim.Datacenter)][0]
        folder = dc.vmFolder.CreateFolder("pyvmomi")
        assert WaitForTask(folder.Destroy_Task()) == "success"
        Disconnect(si)
        print(f"pyVmomi logged in to {about.fullName} (API {about.apiVersion}, pyVmomi's {si._stub.version}),"
              f" read every entity's properties and saw {json.dumps(seen)}")


if __name__ == "__main__":
    main()
