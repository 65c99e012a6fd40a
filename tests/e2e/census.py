#!/usr/bin/python3
"""A census of a vCenter through Debian's pyVmomi, the referee that is not ours.

It logs in with pyVmomi's default SmartConnect (no API version asked for: pyVmomi picks
the newest one the server's /sdk/vimServiceVersions.xml offers, as any pyVmomi script
does) and prints canonical JSON: every managed entity by type (a ContainerView of the
root folder, recursive, so folders, networks, port groups and resource pools too), with
its inventory path and what a migration can change (host networking, VM NIC backings,
cluster HA/DRS, switch members), plus custom fields, roles, permissions and licences,
and tag categories, tags and attachments through the REST API (census_tags.py).
Objects are named by path, never by moref, and nothing that differs between two starts
of the same world (UUIDs, MACs, timestamps, port keys) is printed, so two censuses of an
unchanged vCenter are byte-identical (docs/testing.md, "The pyVmomi census").

TLS: the server's certificate is fetched and trusted only if its SHA-256 fingerprint is
the one given (--thumbprint, as vcshift-sim serve prints it); without --thumbprint it is
trusted on first use. The connection then verifies the certificate and the host name.

By hand:
  VCSHIFT_CENSUS_PASSWORD=... census.py --url https://127.0.0.1:PORT/sdk \
      --user administrator@vsphere.local [--thumbprint AA:BB:...] [--password-env VAR]
"""

import argparse
import hashlib
import json
import os
import re
import ssl
import sys
from urllib.parse import urlparse

from pyVim.connect import Disconnect, SmartConnect
from pyVmomi import vim, vmodl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import census_tags  # noqa: E402  (next to this file)

# Properties read per entity type (wsdl name), besides COMMON for every type.
COMMON = ["name", "parent", "customValue"]
PATHS = {
    "Datacenter": [],
    "Folder": ["childType"],
    "ClusterComputeResource": ["host", "configurationEx", "summary.currentEVCModeKey"],
    "ComputeResource": ["host"],
    "ResourcePool": ["config.cpuAllocation", "config.memoryAllocation", "vm"],
    "VirtualApp": ["config.cpuAllocation", "config.memoryAllocation", "vm", "vAppConfig.entityConfig",
                   "vAppConfig.product", "vAppConfig.property"],
    "HostSystem": ["runtime.connectionState", "runtime.inMaintenanceMode", "runtime.powerState",
                   "config.product", "summary.config.sslThumbprint", "config.network",
                   "config.virtualNicManagerInfo", "vm", "network", "datastore",
                   "configManager.advancedOption"],
    "VirtualMachine": ["runtime.host", "runtime.powerState", "resourcePool", "config.template",
                       "config.hardware", "network"],
    "Network": ["host", "vm"],
    "OpaqueNetwork": ["host", "vm"],
    "DistributedVirtualPortgroup": ["key", "config", "host", "vm"],
    "DistributedVirtualSwitch": ["uuid", "config"],
    "VmwareDistributedVirtualSwitch": ["uuid", "config"],
    "Datastore": ["summary.type", "host", "vm"],
    "StoragePod": [],
}

# Advanced options a migration changes (NIOC's pNIC opt-out, docs/host-networking.md).
HOST_OPTIONS = ["Net.IOControlPnicOptOut"]


def retrieve(si, objs, paths):
    """{moref value: {path: value}} for objs (one type), through the PropertyCollector."""
    if not objs:
        return {}
    pc = si.content.propertyCollector
    spec = vmodl.query.PropertyCollector.FilterSpec(
        objectSet=[vmodl.query.PropertyCollector.ObjectSpec(obj=o) for o in objs],
        propSet=[vmodl.query.PropertyCollector.PropertySpec(type=type(objs[0]), pathSet=paths)])
    out = {}
    result = pc.RetrievePropertiesEx([spec], vmodl.query.PropertyCollector.RetrieveOptions())
    while result is not None:
        for oc in result.objects:
            out[oc.obj._moId] = {p.name: p.val for p in oc.propSet or []}
        if not result.token:
            break
        result = pc.ContinueRetrievePropertiesEx(result.token)
    return out


# vCenter names a switch's uplink port group after the switch's managed object id
# ("DSwitch1-DVUplinks-34"): an object id, left out like the others.
UPLINK_NUMBER = re.compile(r"-DVUplinks-[0-9]+$")


class Census:
    def __init__(self, si):
        self.si = si
        view = si.content.viewManager.CreateContainerView(si.content.rootFolder, [vim.ManagedEntity], True)
        try:
            entities = list(view.view)
        finally:
            view.DestroyView()
        by_type = {}
        for e in entities:
            by_type.setdefault(type(e)._wsdlName, []).append(e)
        self.props = {}  # moref value -> {path: value}
        self.kind = {}   # moref value -> wsdl type name
        for kind, objs in by_type.items():
            for ref, props in retrieve(si, objs, COMMON + PATHS.get(kind, [])).items():
                self.props[ref], self.kind[ref] = props, kind
                if kind == "DistributedVirtualPortgroup":
                    props["name"] = UPLINK_NUMBER.sub("-DVUplinks", props["name"])
        self.root = si.content.rootFolder._moId
        self.switch_by_uuid = {p["uuid"]: p["name"] for p in self.props.values() if "uuid" in p}
        self.portgroup_by_key = {p["key"]: p["name"] for r, p in self.props.items()
                                 if self.kind[r] == "DistributedVirtualPortgroup"}
        fields = si.content.customFieldsManager
        self.field_by_key = {f.key: f.name for f in (fields.field if fields else None) or []}

    # Names and paths.

    def path(self, obj):
        """Inventory path below the root folder, e.g. DC1/host/Cluster1/esx-01.sim.local."""
        return self.path_of_ref(obj._moId) if obj is not None else ""

    def path_of_ref(self, ref):
        parts = []
        for _ in range(100):  # bounded: inventories are far shallower
            if ref is None or ref == self.root or ref not in self.props:
                break
            parts.append(self.props[ref]["name"])
            parent = self.props[ref].get("parent")
            ref = parent._moId if parent is not None else None
        return "/".join(reversed(parts))

    def names(self, objs):
        return sorted(self.props[o._moId]["name"] if o._moId in self.props else "?" + type(o)._wsdlName
                      for o in objs or [])

    def switch(self, uuid):
        return self.switch_by_uuid.get(uuid, "?unknown switch")

    def portgroup(self, key):
        return self.portgroup_by_key.get(key, "?unknown port group")

    # The census.

    def build(self):
        content = self.si.content
        about = content.about
        objects, counts = {}, {}
        for ref, props in self.props.items():
            kind = self.kind[ref]
            entry = {"path": self.path_of_ref(ref)}
            if props.get("customValue"):
                entry["custom_values"] = {self.field_by_key.get(v.key, "?unknown field"): v.value
                                          for v in props["customValue"]}
            entry.update(getattr(self, "entity_" + kind, lambda p: {})(props))
            objects.setdefault(kind, []).append(entry)
            counts[kind] = counts.get(kind, 0) + 1
        for entries in objects.values():
            entries.sort(key=lambda e: (e["path"], json.dumps(e, sort_keys=True)))
        return {
            "about": {"apiType": about.apiType, "apiVersion": about.apiVersion, "version": about.version,
                      "build": about.build},
            "counts": counts,
            "objects": objects,
            "custom_fields": self.custom_fields(),
            "roles": self.roles(),
            "permissions": self.permissions(),
            "licenses": self.licenses(),
            "host_licenses": self.host_licenses(),
        }

    def licenses(self):
        manager = self.si.content.licenseManager
        return sorted([lic.editionKey, lic.name, lic.total, lic.used or 0]
                      for lic in (manager.licenses if manager else None) or [])

    def host_licenses(self):
        """Each host's assigned licence by edition and the key's last five characters (a key
        is a secret: the census is printed), hosts in evaluation mode left out."""
        manager = self.si.content.licenseManager
        assignments = manager.licenseAssignmentManager if manager else None
        found = []
        for a in (assignments.QueryAssignedLicenses() if assignments else None) or []:
            lic = a.assignedLicense
            if self.kind.get(a.entityId) == "HostSystem" and lic.licenseKey != "00000-00000-00000-00000-00000":
                found.append([self.path_of_ref(a.entityId), lic.editionKey, lic.licenseKey[-5:]])
        return sorted(found)

    def custom_fields(self):
        """Custom attribute definitions: name and the type they apply to ("" = every type)."""
        fields = self.si.content.customFieldsManager
        return sorted([f.name, f.managedObjectType._wsdlName if f.managedObjectType else ""]
                      for f in (fields.field if fields else None) or [])

    def roles(self):
        """System roles by name; the privileges of the others, which a migration would carry."""
        auth = self.si.content.authorizationManager
        return sorted([r.name, bool(r.system), [] if r.system else sorted(r.privilege or [])]
                      for r in auth.roleList or [])

    def permissions(self):
        auth = self.si.content.authorizationManager
        roles = {r.roleId: r.name for r in auth.roleList or []}
        return sorted([self.path(p.entity) or "/", p.principal, bool(p.group), roles.get(p.roleId, "?"),
                       bool(p.propagate)] for p in auth.RetrieveAllPermissions() or [])

    # One method per entity type: what a migration can change, by name.

    def entity_Folder(self, p):
        return {"childType": sorted(p.get("childType") or [])}

    def entity_ClusterComputeResource(self, p):
        cfg = p.get("configurationEx")
        out = {"hosts": self.names(p.get("host")), "evc_mode": p.get("summary.currentEVCModeKey") or ""}
        if cfg is None:
            return out
        das, drs = cfg.dasConfig, cfg.drsConfig
        vm_settings = das.defaultVmSettings if das else None
        out["ha"] = {
            "enabled": bool(das and das.enabled),
            "host_monitoring": das.hostMonitoring if das else None,
            "admission_control": bool(das and das.admissionControlEnabled),
            "admission_policy": admission_policy(das.admissionControlPolicy if das else None),
            "isolation_response": vm_settings.isolationResponse if vm_settings else None,
            "restart_priority": vm_settings.restartPriority if vm_settings else None,
        }
        out["drs"] = {
            "enabled": bool(drs and drs.enabled),
            "behavior": str(drs.defaultVmBehavior) if drs and drs.defaultVmBehavior else None,
            "vmotion_rate": drs.vmotionRate if drs else None,
        }
        out["groups"] = sorted((self.group(g) for g in cfg.group or []), key=lambda g: g["name"])
        out["rules"] = sorted((self.rule(r) for r in cfg.rule or []), key=lambda r: r["name"])
        out["vm_overrides"] = self.vm_overrides(cfg)
        return out

    def vm_overrides(self, cfg):
        """The cluster's per-VM HA (dasVmConfig) and DRS (drsVmConfig) overrides, by VM name."""
        out = {}
        for c in cfg.dasVmConfig or []:
            s = c.dasSettings
            tools = s.vmToolsMonitoringSettings if s else None
            out.setdefault(self.names([c.key])[0], {})["ha"] = {
                "restart_priority": s.restartPriority if s else None,
                "isolation_response": s.isolationResponse if s else None,
                "vm_monitoring": tools.vmMonitoring if tools else None}
        for c in cfg.drsVmConfig or []:
            out.setdefault(self.names([c.key])[0], {})["drs"] = {
                "enabled": c.enabled, "behavior": str(c.behavior) if c.behavior else None}
        return out

    def group(self, g):
        members = g.vm if isinstance(g, vim.cluster.VmGroup) else g.host
        return {"name": g.name, "type": type(g)._wsdlName, "members": self.names(members)}

    def rule(self, r):
        out = {"name": r.name, "type": type(r)._wsdlName, "enabled": bool(r.enabled),
               "mandatory": bool(r.mandatory)}
        if hasattr(r, "vm"):
            out["vms"] = self.names(r.vm)
        if isinstance(r, vim.cluster.VmHostRuleInfo):
            out.update(vm_group=r.vmGroupName, affine_host_group=r.affineHostGroupName,
                       anti_affine_host_group=r.antiAffineHostGroupName)
        return out

    def entity_ComputeResource(self, p):
        return {"hosts": self.names(p.get("host"))}

    def entity_ResourcePool(self, p):
        return {"cpu": allocation(p.get("config.cpuAllocation")), "memory": allocation(p.get("config.memoryAllocation")),
                "vms": self.names(p.get("vm"))}

    def entity_VirtualApp(self, p):
        """A vApp is a pool with a start order: each member's entry (a VM's or a vApp's
        inside it), by name; and its product and property sections, by key."""
        out = self.entity_ResourcePool(p)
        out["start_order"] = sorted(
            ({"entity": self.names([e.key])[0] if e.key else None, "start_order": e.startOrder,
              "start_delay": e.startDelay, "start_action": e.startAction,
              "waiting_for_guest": bool(e.waitingForGuest), "stop_delay": e.stopDelay,
              "stop_action": e.stopAction} for e in p.get("vAppConfig.entityConfig") or []),
            key=lambda e: e["entity"] or "")
        out["products"] = sorted((section(s, PRODUCT_FIELDS) for s in p.get("vAppConfig.product") or []),
                                 key=lambda s: s["key"])
        out["properties"] = sorted((section(s, PROPERTY_FIELDS) for s in p.get("vAppConfig.property") or []),
                                   key=lambda s: s["key"])
        return out

    def entity_Datastore(self, p):
        return {"type": p.get("summary.type"), "hosts": self.names(m.key for m in p.get("host") or []),
                "vms": self.names(p.get("vm"))}

    def entity_Network(self, p):
        return {"hosts": self.names(p.get("host")), "vms": self.names(p.get("vm"))}

    entity_OpaqueNetwork = entity_Network

    def entity_DistributedVirtualPortgroup(self, p):
        cfg = p.get("config")
        out = {"hosts": self.names(p.get("host")), "vms": self.names(p.get("vm"))}
        if cfg is None:
            return out
        port = cfg.defaultPortConfig
        out.update(switch=self.path(cfg.distributedVirtualSwitch), type=cfg.type, ports=cfg.numPorts,
                   uplink=bool(cfg.uplink), vlan=vlan(getattr(port, "vlan", None)),
                   teaming=dvs_teaming(getattr(port, "uplinkTeamingPolicy", None)))
        return out

    def entity_DistributedVirtualSwitch(self, p):
        cfg = p.get("config")
        if cfg is None:
            return {}
        product = cfg.productInfo
        out = {
            "version": product.version if product else None,
            "mtu": getattr(cfg, "maxMtu", None),
            "uplinks": list(cfg.uplinkPortPolicy.uplinkPortName) if cfg.uplinkPortPolicy else [],
            "uplink_portgroups": self.names(cfg.uplinkPortgroup),
            "nioc": bool(cfg.networkResourceManagementEnabled),
            "members": sorted((self.member(m, p["uuid"]) for m in cfg.host or []), key=lambda m: m["host"]),
        }
        return out

    entity_VmwareDistributedVirtualSwitch = entity_DistributedVirtualSwitch

    def member(self, m, uuid):
        host = m.config.host
        uplinks = self.uplink_names(host, uuid)
        backing = m.config.backing
        pnics = sorted([s.pnicDevice, uplinks.get(s.uplinkPortKey, "?unbound" if not s.uplinkPortKey else "?" + "unknown port")]
                       for s in getattr(backing, "pnicSpec", None) or [])
        return {"host": self.path(host), "pnics": pnics}

    def uplink_names(self, host, uuid):
        """Uplink port key -> uplink name on a host's proxy switch of the switch uuid: keys are
        port numbers that a removed and re-added host need not get back, names stay."""
        net = self.props.get(host._moId, {}).get("config.network") if host is not None else None
        for ps in getattr(net, "proxySwitch", None) or []:
            if ps.dvsUuid == uuid:
                return {kv.key: kv.value for kv in ps.uplinkPort or []}
        return {}

    def entity_HostSystem(self, p):
        product = p.get("config.product")
        out = {
            "connection": str(p.get("runtime.connectionState")),
            "maintenance": bool(p.get("runtime.inMaintenanceMode")),
            "power": str(p.get("runtime.powerState")),
            "version": product.version if product else None,
            "build": product.build if product else None,
            "thumbprint": p.get("summary.config.sslThumbprint"),
            "vms": self.names(p.get("vm")),
            "networks": self.names(p.get("network")),
            "datastores": self.names(p.get("datastore")),
            "network": self.host_network(p.get("config.network")),
            "vmknic_services": self.vnic_services(p.get("config.virtualNicManagerInfo")),
            "options": self.host_options(p.get("configManager.advancedOption"), p.get("runtime.connectionState")),
        }
        return out

    def host_network(self, net):
        if net is None:
            return None
        return {
            "pnics": sorted([n.device, n.linkSpeed.speedMb if n.linkSpeed else 0] for n in net.pnic or []),
            "vswitches": sorted((vswitch(s) for s in net.vswitch or []), key=lambda s: s["name"]),
            "portgroups": sorted((std_portgroup(g) for g in net.portgroup or []), key=lambda g: g["name"]),
            "vmknics": sorted((self.vmknic(v) for v in net.vnic or []), key=lambda v: v["device"]),
            "proxy_switches": sorted((self.proxy_switch(s) for s in net.proxySwitch or []), key=lambda s: s["switch"]),
        }

    def vmknic(self, v):
        spec = v.spec
        out = {"device": v.device, "portgroup": v.portgroup or None,
               "ip": spec.ip.ipAddress if spec.ip else None, "netmask": spec.ip.subnetMask if spec.ip else None,
               "dhcp": bool(spec.ip.dhcp) if spec.ip else None, "mtu": spec.mtu}
        port = spec.distributedVirtualPort
        if port is not None:
            out["dvs"] = {"switch": self.switch(port.switchUuid), "portgroup": self.portgroup(port.portgroupKey)}
        return out

    def proxy_switch(self, ps):
        uplinks = {kv.key: kv.value for kv in ps.uplinkPort or []}
        pnics = sorted([s.pnicDevice, uplinks.get(s.uplinkPortKey, "?unknown port")]
                       for s in getattr(ps.spec.backing, "pnicSpec", None) or [])
        return {"switch": ps.dvsName, "pnics": pnics, "uplinks": sorted(uplinks.values()), "mtu": ps.mtu}

    def vnic_services(self, info):
        """nicType -> selected VMkernel adapters (management, vmotion, ...)."""
        out = {}
        for cfg in getattr(info, "netConfig", None) or []:
            devices = {v.key: v.device for v in cfg.candidateVnic or []}
            selected = sorted(devices.get(k, k.rsplit("-", 1)[-1]) for k in cfg.selectedVnic or [])
            if selected:
                out[cfg.nicType] = selected
        return out

    def host_options(self, manager, state):
        if manager is None or str(state) != "connected":
            return None
        out = {}
        for key in HOST_OPTIONS:
            try:
                out[key] = [str(o.value) for o in manager.QueryOptions(key)]
            except vmodl.MethodFault as e:
                out[key] = "fault " + type(e)._wsdlName
        return out

    def entity_VirtualMachine(self, p):
        hw = p.get("config.hardware")
        out = {
            "host": self.path(p.get("runtime.host")),
            "power": str(p.get("runtime.powerState")),
            "resource_pool": self.path(p.get("resourcePool")),
            "template": bool(p.get("config.template")),
            "networks": self.names(p.get("network")),
        }
        if hw is not None:
            out.update(cpus=hw.numCPU, memory_mb=hw.memoryMB,
                       nics=[self.vm_nic(d) for d in hw.device or [] if isinstance(d, vim.vm.device.VirtualEthernetCard)])
        return out

    def vm_nic(self, d):
        b = d.backing
        out = {"label": d.deviceInfo.label if d.deviceInfo else None, "type": type(d)._wsdlName,
               "connected": bool(d.connectable and d.connectable.connected),
               "start_connected": bool(d.connectable and d.connectable.startConnected)}
        if isinstance(b, vim.vm.device.VirtualEthernetCard.DistributedVirtualPortBackingInfo):
            out["dvs"] = {"switch": self.switch(b.port.switchUuid), "portgroup": self.portgroup(b.port.portgroupKey)}
        elif isinstance(b, vim.vm.device.VirtualEthernetCard.NetworkBackingInfo):
            out["network"] = b.deviceName
        else:
            out["backing"] = type(b)._wsdlName if b is not None else None
        return out


def admission_policy(policy):
    """The HA admission control policy's kind and its figures."""
    if policy is None:
        return None
    out = {"type": type(policy)._wsdlName}
    for field in ("failoverLevel", "cpuFailoverResourcesPercent", "memoryFailoverResourcesPercent"):
        if getattr(policy, field, None) is not None:
            out[field] = getattr(policy, field)
    return out


def allocation(a):
    if a is None:
        return None
    return {"reservation": a.reservation, "limit": a.limit, "expandable": bool(a.expandableReservation),
            "shares": str(a.shares.level) if a.shares else None,
            "custom_shares": a.shares.shares if a.shares and str(a.shares.level) == "custom" else None}


PRODUCT_FIELDS = ["key", "classId", "instanceId", "name", "vendor", "version", "fullVersion", "vendorUrl",
                  "productUrl", "appUrl"]
PROPERTY_FIELDS = ["key", "classId", "instanceId", "id", "category", "label", "type", "typeReference",
                   "userConfigurable", "defaultValue", "value", "description"]


def section(info, fields):
    """A vApp's product or property section, its fields as vCenter has them (unset: None)."""
    return {field: getattr(info, field, None) for field in fields}


def vlan(v):
    if v is None:
        return None
    if isinstance(v, vim.dvs.VmwareDistributedVirtualSwitch.TrunkVlanSpec):
        return {"trunk": sorted([r.start, r.end] for r in v.vlanId or [])}
    if isinstance(v, vim.dvs.VmwareDistributedVirtualSwitch.VlanIdSpec):
        return v.vlanId
    return type(v)._wsdlName


def dvs_teaming(t):
    """The uplink order; None when none is set (an order with no uplinks in it sets none:
    vcsim reads back one it never had that way after the world is reloaded)."""
    order = getattr(t, "uplinkPortOrder", None)
    if order is None or not (order.activeUplinkPort or order.standbyUplinkPort):
        return None
    return {"active": list(order.activeUplinkPort or []), "standby": list(order.standbyUplinkPort or [])}


def nic_order(policy):
    order = getattr(getattr(policy, "nicTeaming", None), "nicOrder", None)
    if order is None:
        return None
    return {"active": list(order.activeNic or []), "standby": list(order.standbyNic or [])}


def vswitch(s):
    return {"name": s.name, "mtu": s.mtu, "ports": s.numPorts,
            "pnics": sorted(p.rsplit("-", 1)[-1] for p in s.pnic or []),  # key-vim.host.PhysicalNic-vmnic0
            "teaming": nic_order(s.spec.policy) if s.spec else None}


def std_portgroup(g):
    spec = g.spec
    return {"name": spec.name, "vswitch": spec.vswitchName, "vlan": spec.vlanId,
            "teaming": nic_order(spec.policy)}


# Connecting.

def trusted_context(host, port, thumbprint):
    """An SSL context that trusts exactly the server's own certificate (after checking its
    SHA-256 fingerprint when one is given) and verifies it and the host name."""
    pem = ssl.get_server_certificate((host, port))
    seen = hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest()
    if thumbprint and seen != thumbprint.replace(":", "").lower():
        seen = ":".join(seen[i:i + 2] for i in range(0, len(seen), 2)).upper()
        raise SystemExit(f"census: {host}:{port} shows a certificate with SHA-256 fingerprint {seen}, not {thumbprint}")
    return ssl.create_default_context(cadata=pem)


def connect(url, user, password, thumbprint=None):
    u = urlparse(url)
    if u.scheme == "https":
        ctx = trusted_context(u.hostname, u.port or 443, thumbprint)
        return SmartConnect(host=u.hostname, port=u.port or 443, user=user, pwd=password, sslContext=ctx)
    return SmartConnect(protocol="http", host=u.hostname, port=u.port or 80, user=user, pwd=password)


def take(url, user, password, thumbprint=None):
    """The census of the vCenter at url, as a dict; its tagging through the REST API
    (census_tags.py) with the same credentials and the same certificate trust."""
    si = connect(url, user, password, thumbprint)
    try:
        census = Census(si)
        out = census.build()
    finally:
        Disconnect(si)
    u = urlparse(url)
    ctx = trusted_context(u.hostname, u.port or 443, thumbprint) if u.scheme == "https" else None
    with census_tags.Rest(url, user, password, ctx) as rest:
        out["tagging"] = census_tags.tagging(rest, census.path_of_ref)
    return out


def dumps(census):
    return json.dumps(census, indent=1, sort_keys=True) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True, help="https://HOST:PORT/sdk")
    ap.add_argument("--user", required=True)
    ap.add_argument("--password-env", default="VCSHIFT_CENSUS_PASSWORD",
                    help="environment variable holding the password (default %(default)s)")
    ap.add_argument("--thumbprint", help="SHA-256 fingerprint of the server certificate (AA:BB:...)")
    args = ap.parse_args()
    password = os.environ.get(args.password_env)
    if password is None:
        ap.error(f"set the password in ${args.password_env}")
    sys.stdout.write(dumps(take(args.url, args.user, password, args.thumbprint)))


if __name__ == "__main__":
    main()
