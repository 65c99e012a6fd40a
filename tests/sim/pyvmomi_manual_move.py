#!/usr/bin/python3
"""A host moved by hand, as a PowerCLI or pyVmomi script moves it, while it is still on a
distributed switch: Debian's pyVmomi alone disconnects esx-01 from the default world's
source vCenter, removes it, and adds it to the target vCenter (which has no DSwitch1),
learning the host's thumbprint from the SSLVerifyFault as real scripts do. The host's
VMs arrive cut off from their network, and the simulator must have recorded it: GET
/incidents on the control endpoint lists a vm_nic_disconnected for each (docs/testing.md).

Run: pyvmomi_manual_move.py build/bin/vcshift-sim
"""

import json
import os
import sys
import urllib.request

from pyVim.connect import Disconnect
from pyVim.task import WaitForTask
from pyVmomi import vim

import simserve  # next to this file

HOST = "esx-01.sim.local"


def find_host(si, name):
    view = si.content.viewManager.CreateContainerView(si.content.rootFolder, [vim.HostSystem], True)
    try:
        return next(h for h in view.view if h.name == name)
    finally:
        view.Destroy()


def esxi_password(state, name):
    """The host's root password as the world has it (world.go's default otherwise)."""
    with open(os.path.join(state, "world.json")) as f:
        hosts = json.load(f)["hosts"]
    return next(h for h in hosts if h["name"] == name).get("password") or "esxi-root"


def add_host(cluster, spec):
    """AddHost_Task, first without a thumbprint: the SSLVerifyFault carries the host's."""
    try:
        WaitForTask(cluster.AddHost_Task(spec=spec, asConnected=True))
    except vim.fault.SSLVerifyFault as fault:
        spec.sslThumbprint = fault.thumbprint
        WaitForTask(cluster.AddHost_Task(spec=spec, asConnected=True))


def incidents(vcenter):
    with urllib.request.urlopen(vcenter["control"] + "/incidents", timeout=10) as r:
        return json.load(r)["incidents"]


def main():
    with simserve.serve(sys.argv[1]) as (state, vcenters):
        src, tgt = simserve.connect(vcenters["source"]), simserve.connect(vcenters["target"])

        dc = tgt.content.rootFolder.CreateDatacenter(name="DC1")
        cluster = dc.hostFolder.CreateClusterEx(name="Cluster1", spec=vim.cluster.ConfigSpecEx())

        # A disconnected host may leave vCenter without maintenance mode.
        host = find_host(src, HOST)
        assert WaitForTask(host.DisconnectHost_Task()) == "success"
        assert WaitForTask(host.Destroy_Task()) == "success"
        spec = vim.host.ConnectSpec(hostName=HOST, userName="root", password=esxi_password(state, HOST))
        add_host(cluster, spec)

        moved = sorted(vm.name for vm in find_host(tgt, HOST).vm)
        assert moved == ["vm-1", "vm-2"], moved
        want = [(HOST, "vm_nic_disconnected", f"{vm} 'Network adapter 1'") for vm in moved]
        for name, vcenter in vcenters.items():
            seen = [(i["host"], i["kind"], i["subject"]) for i in incidents(vcenter)]
            assert seen == want, f"GET /incidents on {name}: {seen}, want {want}"
        Disconnect(src)
        Disconnect(tgt)
        print(f"pyVmomi moved {HOST} by hand onto a vCenter without its switch; "
              f"GET /incidents lists {len(want)} vm_nic_disconnected ({', '.join(s for _, _, s in want)})")


if __name__ == "__main__":
    main()
