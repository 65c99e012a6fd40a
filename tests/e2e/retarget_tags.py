"""Tags for e2e.export_retarget_apply (export_retarget.py), made on the source through the
vSphere Automation REST API alone (census_tags.Rest, python3's urllib), as an outside
client would: two categories, four tags, attached to a datacenter, a cluster, hosts, VMs, the
VM folder Web, the distributed switch DSwitch1, its port group pg-vm and the resource pool
Tier1 (retarget_pools.py makes it: call that first). The
census (census.py) then requires them on the target after the apply, on the source again
after the rollback, and nothing left on the target.
"""

import os
import sys

import census
import census_tags
from urllib.parse import urlparse

from pyVim.connect import Disconnect

# (category, cardinality, associable types, [(tag, [(type, inventory path)])])
TAGS = [
    ("Owner", "SINGLE", ["ClusterComputeResource", "HostSystem", "VirtualMachine"], [
        ("team-a", [("ClusterComputeResource", "DC1/host/Cluster1"), ("HostSystem", "DC1/host/Cluster1/esx-01.sim.local"),
                    ("VirtualMachine", "DC1/vm/vm-1")]),
        ("team-b", [("VirtualMachine", "DC1/vm/vm-3")]),
    ]),
    ("Backup", "MULTIPLE", [], [
        ("daily", [("VirtualMachine", "DC1/vm/vm-1"), ("VirtualMachine", "DC1/vm/vm-2"),
                   ("HostSystem", "DC1/host/Cluster1/esx-02.sim.local"), ("Datacenter", "DC1"),
                   ("Folder", "DC1/vm/Web"), ("VmwareDistributedVirtualSwitch", "DC1/network/DSwitch1")]),
        ("weekly", [("DistributedVirtualPortgroup", "DC1/network/pg-vm"),
                    ("ResourcePool", "DC1/host/Cluster1/Resources/Tier1")]),
    ]),
]


def make(vcenter, without=()):
    """Creates TAGS on the vCenter of serve's line, but none on objects of the types in
    `without`; the objects are found by inventory path with pyVmomi (the REST API names
    objects by managed object id)."""
    url = urlparse(vcenter["url"])
    si = census.connect(vcenter["url"], vcenter["user"], vcenter["password"], vcenter.get("thumbprint"))
    try:
        ids = {path: si.content.searchIndex.FindByInventoryPath(path)
               for _, _, _, tags in TAGS for _, objects in tags for kind, path in objects if kind not in without}
    finally:
        Disconnect(si)
    missing = [path for path, obj in ids.items() if obj is None]
    if missing:
        raise SystemExit(f"retarget_tags: not in the source: {missing}")
    ctx = census.trusted_context(url.hostname, url.port, vcenter.get("thumbprint"))
    with census_tags.Rest(vcenter["url"], vcenter["user"], vcenter["password"], ctx) as rest:
        for category, cardinality, types, tags in TAGS:
            category_id = rest.create_category(category, cardinality, types)
            for tag, objects in tags:
                tag_id = rest.create_tag(category_id, tag)
                for kind, path in objects:
                    if kind not in without:  # by the object's own type: vcsim's switch is DistributedVirtualSwitch
                        rest.attach(tag_id, ids[path]._wsdlName, ids[path]._moId)


if __name__ == "__main__":  # the fault matrix's world (tests/e2e/fault_matrix.cc): its source has no pool
    make({"url": sys.argv[1], "user": sys.argv[2], "password": os.environ["VCSHIFT_SOURCE_PASSWORD"]},
         without=("ResourcePool",))
