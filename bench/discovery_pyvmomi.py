#!/usr/bin/python3
"""The pyVmomi baseline for bench/discovery_bench.sh.

Reads exactly what vcshift's discovery reads (providers/vsphere/discovery.cc,
ViewProperties and VmDeviceProperties: same types, same property paths) the way a pyVmomi
client would, through one container view with RetrievePropertiesEx pages of 500, with
Debian's python3-pyvmomi, which decodes every value into its objects, and prints the
counts. Run: VCSHIFT_PASSWORD=... discovery_pyvmomi.py --url URL --user USER --insecure
"""

import argparse
import json
import os
import ssl
import sys
from urllib.parse import urlparse

from pyVim.connect import Disconnect, SmartConnect
from pyVmomi import vim, vmodl

SETS = [
    ("Datacenter", ["name", "parent", "hostFolder", "vmFolder"]),
    ("Folder", ["name", "parent"]),
    ("ComputeResource", ["name", "parent"]),
    ("ClusterComputeResource", ["configurationEx", "summary"]),
    ("HostSystem", ["name", "parent", "runtime.connectionState", "runtime.inMaintenanceMode",
                    "summary.config.product", "summary.config.sslThumbprint", "summary.maxEVCModeKey",
                    "hardware.cpuPkg", "config.network", "config.virtualNicManagerInfo"]),
    ("VirtualMachine", ["name", "parent", "runtime.host", "runtime.powerState", "config.template",
                        "config.hardware.device"]),
    ("DistributedVirtualSwitch", ["name", "parent", "config", "summary.productInfo"]),
    ("DistributedVirtualPortgroup", ["name", "parent", "config"]),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--insecure", action="store_true")
    args = parser.parse_args()
    url = urlparse(args.url)
    context = ssl._create_unverified_context() if args.insecure else None
    si = SmartConnect(host=url.hostname, port=url.port or 443, user=args.user,
                      pwd=os.environ["VCSHIFT_PASSWORD"], sslContext=context)
    try:
        content = si.RetrieveContent()
        types = [getattr(vim, name) for name, _ in SETS]
        view = content.viewManager.CreateContainerView(content.rootFolder, types, True)
        traversal = vmodl.query.PropertyCollector.TraversalSpec(type=vim.view.ContainerView, path="view",
                                                                skip=False)
        spec = vmodl.query.PropertyCollector.FilterSpec(
            objectSet=[vmodl.query.PropertyCollector.ObjectSpec(obj=view, skip=True, selectSet=[traversal])],
            propSet=[vmodl.query.PropertyCollector.PropertySpec(type=getattr(vim, name), pathSet=paths)
                     for name, paths in SETS])
        collector = content.propertyCollector
        page = collector.RetrievePropertiesEx([spec], vmodl.query.PropertyCollector.RetrieveOptions(maxObjects=500))
        objects = properties = 0
        while page is not None:
            for item in page.objects:
                objects += 1
                properties += len(item.propSet)
            if not page.token:
                break
            page = collector.ContinueRetrievePropertiesEx(page.token)
        view.Destroy()
        print(json.dumps({"objects": objects, "properties": properties}))
    finally:
        Disconnect(si)


if __name__ == "__main__":
    sys.exit(main())
