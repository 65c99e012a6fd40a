#!/usr/bin/python3
"""A vcshift hook (examples/hooks/desired.yaml): registers or unregisters a storage
array's VASA provider with one of the two vCenters of the move.

    storage_provider.py register|unregister --vcenter source|target PROVIDER

The vCenter's URL comes from vcshift (VCSHIFT_SOURCE_URL or VCSHIFT_TARGET_URL), the
login from the hook's env (VC_USER, VC_PASSWORD, VC_THUMBPRINT: the certificate's SHA-1
thumbprint, pinned). Both actions are idempotent: registering what is registered, or
unregistering what is not, changes nothing and succeeds.

Stand-in (README.md): a real VASA provider is registered through vCenter's Storage
Monitoring Service (SMS API: SmsStorageManager.RegisterProvider_Task and
UnregisterProvider_Task), which the simulated vCenters do not have. This script records
the registration as a custom attribute definition of clusters named "vasa-provider:PROVIDER"
(CustomFieldsManager.AddCustomFieldDef / RemoveCustomFieldDef), which they do have.
Replace register() and unregister() with the SMS calls for a real array.
"""

import argparse
import hashlib
import os
import ssl
import sys
from urllib.parse import urlparse

from pyVim.connect import Disconnect, SmartConnect
from pyVmomi import vim

PREFIX = "vasa-provider:"


def check_thumbprint(host, port, expected):
    """The server's certificate must be the pinned one (SHA-1 or SHA-256, as vcshift's
    thumbprints are written); pyVmomi 6.7 pins SHA-1 only."""
    der = ssl.PEM_cert_to_DER_cert(ssl.get_server_certificate((host, port)))
    wanted = expected.replace(":", "").lower()
    digest = (hashlib.sha1 if len(wanted) == 40 else hashlib.sha256)(der).hexdigest()
    if digest != wanted:
        raise SystemExit(f"{host}:{port} presents a certificate whose thumbprint is not the pinned one")


def connect(url):
    address = urlparse(url)
    port = address.port or 443
    check_thumbprint(address.hostname, port, os.environ["VC_THUMBPRINT"])
    # Checked by its thumbprint above, as vcshift checks it.
    return SmartConnect(host=address.hostname, port=port, user=os.environ["VC_USER"], pwd=os.environ["VC_PASSWORD"],
                        sslContext=ssl._create_unverified_context())


def registration(fields, provider):
    return next((f for f in fields.field if f.name == PREFIX + provider), None)


def register(si, provider):
    fields = si.content.customFieldsManager
    if registration(fields, provider):
        print(f"{provider} is already registered")
        return
    # On clusters: the array serves a cluster's hosts.
    fields.AddCustomFieldDef(name=PREFIX + provider, moType=vim.ClusterComputeResource)
    print(f"{provider} registered")


def unregister(si, provider):
    fields = si.content.customFieldsManager
    found = registration(fields, provider)
    if not found:
        print(f"{provider} is not registered")
        return
    fields.RemoveCustomFieldDef(key=found.key)
    print(f"{provider} unregistered")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["register", "unregister"])
    parser.add_argument("--vcenter", choices=["source", "target"], required=True)
    parser.add_argument("provider")
    args = parser.parse_args()
    url = os.environ[f"VCSHIFT_{args.vcenter.upper()}_URL"]
    print(f"{args.action} {args.provider} with {url} (run {os.environ.get('VCSHIFT_RUN_ID')}, "
          f"{os.environ.get('VCSHIFT_PHASE')}, cluster {os.environ.get('VCSHIFT_CLUSTER')}, "
          f"hosts {os.environ.get('VCSHIFT_HOSTS')})", flush=True)
    si = connect(url)
    try:
        (register if args.action == "register" else unregister)(si, args.provider)
    finally:
        Disconnect(si)


if __name__ == "__main__":
    sys.exit(main())
