#include "providers/vsphere/dvs_config.h"

namespace vcshift::vsphere {
namespace {

template <typename T, typename V>
const T* As(const V* value) {
  return dynamic_cast<const T*>(value);
}

void ReadPortSetting(const vim25__VMwareDVSPortSetting& setting, DvsPortGroup& group) {
  if (const auto* id = As<vim25__VmwareDistributedVirtualSwitchVlanIdSpec>(setting.vlan)) group.vlan = id->vlanId;
  if (const auto* trunk = As<vim25__VmwareDistributedVirtualSwitchTrunkVlanSpec>(setting.vlan)) {
    for (const auto* range : trunk->vlanId) group.vlan_trunk.emplace_back(range->start, range->end);
  }
  const auto* teaming = setting.uplinkTeamingPolicy;
  if (!teaming) return;
  if (teaming->policy && teaming->policy->value) group.teaming_policy = *teaming->policy->value;
  if (teaming->uplinkPortOrder) {
    group.active_uplinks = teaming->uplinkPortOrder->activeUplinkPort;
    group.standby_uplinks = teaming->uplinkPortOrder->standbyUplinkPort;
  }
}

}  // namespace

void ReadSwitchConfig(const vim25__DVSConfigInfo& config, InventoryDvs& dvs) {
  if (dvs.version.empty() && config.productInfo && config.productInfo->version) {
    dvs.version = *config.productInfo->version;
  }
  if (const auto* names = As<vim25__DVSNameArrayUplinkPortPolicy>(config.uplinkPortPolicy)) {
    dvs.uplinks = names->uplinkPortName;
  }
  dvs.nioc = config.networkResourceManagementEnabled;
  if (const auto* vmware = As<vim25__VMwareDVSConfigInfo>(&config)) {
    // maxMtu is required in VMwareDVSConfigInfo; govmomi's stock simulator leaves it 0.
    // Unset, the switch carries vSphere's default for a new switch.
    dvs.mtu = vmware->maxMtu > 0 ? vmware->maxMtu : InventoryDvs{}.mtu;
    dvs.lacp_groups.clear();
    for (const auto* lag : vmware->lacpGroupConfig) dvs.lacp_groups.push_back(lag->name ? *lag->name : "");
  }
}

void ReadPortGroupConfig(const vim25__DVPortgroupConfigInfo& config, DvsPortGroup& group) {
  group.name = config.name;
  group.ports = config.numPorts;
  group.port_binding = config.type == "ephemeral" ? "ephemeral" : "static";
  if (const auto* setting = As<vim25__VMwareDVSPortSetting>(config.defaultPortConfig)) ReadPortSetting(*setting, group);
}

}  // namespace vcshift::vsphere
