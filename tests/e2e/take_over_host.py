#!/usr/bin/python3
"""Another vCenter takes an ESXi host over, as an administrator forcing AddHost_Task does
(HostConnectSpec.force: the vCenter that had the host loses it), through Debian's
pyVmomi. The e2e tests use it to leave a host managed by a third vCenter while the
source still lists it connected (the world's takeover_notice_seconds, docs/testing.md).
The host's thumbprint is learnt from the SSLVerifyFault, as real scripts do.

Usage: take_over_host.py --url URL --user USER --thumbprint SHA256 --cluster DC/CLUSTER --host NAME
The vCenter's password comes from VCSHIFT_TAKEOVER_PASSWORD, the host's root password
from VCSHIFT_TAKEOVER_ESXI_PASSWORD.
"""

import argparse
import os

from pyVim.connect import Disconnect
from pyVim.task import WaitForTask
from pyVmomi import vim

from census import connect  # next to this file


def child(parent, name):
    return next(c for c in parent.childEntity if c.name == name)


def main():
    parser = argparse.ArgumentParser()
    for option in ("--url", "--user", "--thumbprint", "--cluster", "--host"):
        parser.add_argument(option, required=True)
    args = parser.parse_args()
    si = connect(args.url, args.user, os.environ["VCSHIFT_TAKEOVER_PASSWORD"], args.thumbprint)
    try:
        datacenter, cluster = args.cluster.split("/", 1)
        cluster = child(child(si.content.rootFolder, datacenter).hostFolder, cluster)
        spec = vim.host.ConnectSpec(hostName=args.host, userName="root", force=True,
                                    password=os.environ["VCSHIFT_TAKEOVER_ESXI_PASSWORD"])
        try:
            WaitForTask(cluster.AddHost_Task(spec=spec, asConnected=True))
        except vim.fault.SSLVerifyFault as fault:
            spec.sslThumbprint = fault.thumbprint
            WaitForTask(cluster.AddHost_Task(spec=spec, asConnected=True))
    finally:
        Disconnect(si)
    print(f"{args.host} taken over by {args.url}")


if __name__ == "__main__":
    main()
