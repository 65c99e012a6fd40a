#include "providers/vsphere/host_network_info.h"

#include <algorithm>

#include "soapH.h"

namespace vcshift::vsphere {
namespace {

std::string TextOr(const std::string* text) { return text ? *text : ""; }

bool Has(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

// A switch names its pNICs by key; the model names them by device.
StandardSwitch StandardSwitchOf(const vim25__HostVirtualSwitch& vswitch,
                                const std::map<std::string, std::string>& device_of_key) {
  StandardSwitch out;
  out.name = vswitch.name;
  out.mtu = vswitch.mtu ? *vswitch.mtu : 1500;
  for (const auto& key : vswitch.pnic) {
    const auto it = device_of_key.find(key);
    out.pnics.push_back(it != device_of_key.end() ? it->second : key);
  }
  const auto* policy = vswitch.spec ? vswitch.spec->policy : nullptr;
  const auto* order = policy && policy->nicTeaming ? policy->nicTeaming->nicOrder : nullptr;
  if (!order) return out;
  out.active_pnics = order->activeNic;
  out.standby_pnics = order->standbyNic;
  for (const auto& pnic : out.pnics) {
    if (!Has(out.active_pnics, pnic) && !Has(out.standby_pnics, pnic)) out.unused_pnics.push_back(pnic);
  }
  return out;
}

HostNetworkKeys::Switch SwitchKeysOf(const vim25__HostVirtualSwitch& vswitch) {
  const auto* policy = vswitch.spec ? vswitch.spec->policy : nullptr;
  const auto* teaming = policy ? policy->nicTeaming : nullptr;
  return {vswitch.spec ? vswitch.spec->numPorts : vswitch.numPorts, teaming ? TextOr(teaming->policy) : ""};
}

VmkernelNic VmkernelOf(const vim25__HostVirtualNic& vnic) {
  VmkernelNic nic;
  nic.device = vnic.device;
  nic.port_group = vnic.portgroup;
  if (vnic.spec && vnic.spec->distributedVirtualPort) {
    nic.dvs = vnic.spec->distributedVirtualPort->switchUuid;
    nic.port_group = TextOr(vnic.spec->distributedVirtualPort->portgroupKey);
  }
  if (vnic.spec && vnic.spec->ip) nic.ip = TextOr(vnic.spec->ip->ipAddress);
  return nic;
}

// Which pNIC backs which uplink, by the uplink's name (its port key when the host lists
// no name for it).
ProxySwitch ProxyOf(const vim25__HostProxySwitch& proxy) {
  ProxySwitch out;
  out.dvs = proxy.dvsName;
  std::map<std::string, std::string> uplink_of_port;
  for (const auto* port : proxy.uplinkPort) uplink_of_port[port->key] = port->value;
  const auto* backing = proxy.spec ? dynamic_cast<const vim25__DistributedVirtualSwitchHostMemberPnicBacking*>(
                                         proxy.spec->backing)
                                   : nullptr;
  if (!backing) return out;
  for (const auto* pnic : backing->pnicSpec) {
    const auto it = pnic->uplinkPortKey ? uplink_of_port.find(*pnic->uplinkPortKey) : uplink_of_port.end();
    out.uplinks.emplace_back(pnic->pnicDevice, it != uplink_of_port.end() ? it->second : TextOr(pnic->uplinkPortKey));
  }
  return out;
}

HostNetworkKeys::Proxy ProxyKeysOf(const vim25__HostProxySwitch& proxy) {
  HostNetworkKeys::Proxy out{proxy.dvsUuid, {}};
  for (const auto* port : proxy.uplinkPort) out.port_of_uplink[port->value] = port->key;
  return out;
}

}  // namespace

HostNetworkKeys ReadHostNetwork(const vim25__HostNetworkInfo& info, InventoryHost& host) {
  HostNetworkKeys keys;
  std::map<std::string, std::string> device_of_key;
  for (const auto* pnic : info.pnic) {
    host.pnics.push_back({pnic->device, pnic->linkSpeed ? pnic->linkSpeed->speedMb : 0});
    if (pnic->key) device_of_key[*pnic->key] = pnic->device;
  }
  for (const auto* vswitch : info.vswitch) {
    host.standard_switches.push_back(StandardSwitchOf(*vswitch, device_of_key));
    keys.switches[vswitch->name] = SwitchKeysOf(*vswitch);
  }
  for (const auto* group : info.portgroup) {
    if (group->spec) host.port_groups.push_back({group->spec->name, group->spec->vswitchName, group->spec->vlanId});
  }
  for (const auto* vnic : info.vnic) host.vmkernel_nics.push_back(VmkernelOf(*vnic));
  for (const auto* proxy : info.proxySwitch) {
    host.proxy_switches.push_back(ProxyOf(*proxy));
    keys.proxies[proxy->dvsName] = ProxyKeysOf(*proxy);
  }
  return keys;
}

}  // namespace vcshift::vsphere
