#pragma once
// Each inventory type lists its fields once, here; the JSON writer and reader (and any
// later walker) visit these lists instead of repeating them. `v(name, field)` is called
// for every field, with `Self` const when reading from the object.

#include <concepts>
#include <type_traits>

#include "engine/inventory.h"

namespace vcshift::fields {

template <typename Self, typename T>
concept Is = std::same_as<std::remove_const_t<Self>, T>;

template <typename V, Is<AdmissionControl> Self>
void Describe(V& v, Self& s) {
  v("enabled", s.enabled);
  v("policy", s.policy);
  v("host_failures_tolerated", s.host_failures_tolerated);
  v("cpu_percent", s.cpu_percent);
  v("memory_percent", s.memory_percent);
  v("failover_hosts", s.failover_hosts);
}

template <typename V, Is<HaSettings> Self>
void Describe(V& v, Self& s) {
  v("enabled", s.enabled);
  v("host_monitoring", s.host_monitoring);
  v("isolation_response", s.isolation_response);
  v("restart_priority", s.restart_priority);
  v("admission_control", s.admission_control);
}

template <typename V, Is<DrsSettings> Self>
void Describe(V& v, Self& s) {
  v("enabled", s.enabled);
  v("automation_level", s.automation_level);
  v("migration_threshold", s.migration_threshold);
}

template <typename V, Is<InventoryPermission> Self>
void Describe(V& v, Self& s) {
  v("principal", s.principal);
  v("group", s.group);
  v("role", s.role);
  v("custom_role", s.custom_role);
  v("propagate", s.propagate);
}

template <typename V, Is<InventoryRole> Self>
void Describe(V& v, Self& s) {
  v("name", s.name);
  v("privileges", s.privileges);
}

template <typename V, Is<InventoryFolderPermissions> Self>
void Describe(V& v, Self& s) {
  v("kind", s.kind);
  v("folder", s.folder);
  v("permissions", s.permissions);
}

template <typename V, Is<InventoryObjectPermissions> Self>
void Describe(V& v, Self& s) {
  v("object", s.object);
  v("permissions", s.permissions);
}

template <typename V, Is<CustomAttributeDef> Self>
void Describe(V& v, Self& s) {
  v("name", s.name);
  v("type", s.type);
}

template <typename V, Is<InventoryClusterGroup> Self>
void Describe(V& v, Self& s) {
  v("name", s.name);
  v("type", s.type);
  v("members", s.members);
}

template <typename V, Is<InventoryClusterRule> Self>
void Describe(V& v, Self& s) {
  v("name", s.name);
  v("type", s.type);
  v("enabled", s.enabled);
  v("vms", s.vms);
  v("vm_group", s.vm_group);
  v("host_group", s.host_group);
  v("policy", s.policy);
}

template <typename V, Is<PoolAllocation> Self>
void Describe(V& v, Self& s) {
  v("shares", s.shares);
  v("custom_shares", s.custom_shares);
  v("reservation", s.reservation);
  v("limit", s.limit);
  v("expandable_reservation", s.expandable);
}

template <typename V, Is<InventoryPool> Self>
void Describe(V& v, Self& s) {
  v("path", s.path);
  v("cpu", s.cpu);
  v("memory", s.memory);
}

// A start order entry's fields, after the entity that has it.
template <typename V, typename Entry>
void DescribeEntry(V& v, Entry& s) {
  v("start_order", s.start_order);
  v("start_delay", s.start_delay);
  v("start_action", s.start_action);
  v("wait_for_guest", s.wait_for_guest);
  v("stop_delay", s.stop_delay);
  v("stop_action", s.stop_action);
}

template <typename V, Is<InventoryVAppMember> Self>
void Describe(V& v, Self& s) {
  v("vm", s.vm);
  DescribeEntry(v, s.settings);
}

template <typename V, Is<InventoryVAppChild> Self>
void Describe(V& v, Self& s) {
  v("vapp", s.vapp);
  DescribeEntry(v, s.settings);
}

template <typename V, Is<VAppProduct> Self>
void Describe(V& v, Self& s) {
  v("key", s.key);
  v("class_id", s.class_id);
  v("instance_id", s.instance_id);
  v("name", s.name);
  v("vendor", s.vendor);
  v("version", s.version);
  v("full_version", s.full_version);
  v("vendor_url", s.vendor_url);
  v("product_url", s.product_url);
  v("app_url", s.app_url);
}

template <typename V, Is<VAppProperty> Self>
void Describe(V& v, Self& s) {
  v("key", s.key);
  v("class_id", s.class_id);
  v("instance_id", s.instance_id);
  v("id", s.id);
  v("category", s.category);
  v("label", s.label);
  v("type", s.type);
  v("type_reference", s.type_reference);
  v("user_configurable", s.user_configurable);
  v("default_value", s.default_value);
  v("value", s.value);
  v("description", s.description);
}

// Recorded before sections were carried, a vApp had "sections" (texts): not read.
template <typename V, Is<InventoryVApp> Self>
void Describe(V& v, Self& s) {
  v("path", s.path);
  v("cpu", s.cpu);
  v("memory", s.memory);
  v("members", s.members);
  v("products", s.products);
  v("properties", s.properties);
  v("children", s.children);
}

template <typename V, Is<InventoryVmOverride> Self>
void Describe(V& v, Self& s) {
  v("vm", s.vm);
  v("restart_priority", s.settings.restart_priority);
  v("isolation_response", s.settings.isolation_response);
  v("vm_monitoring", s.settings.vm_monitoring);
  v("drs_enabled", s.settings.drs_enabled);
  v("drs_automation_level", s.settings.drs_automation_level);
}

template <typename V, Is<InventoryCluster> Self>
void Describe(V& v, Self& s) {
  v("datacenter", s.datacenter);
  v("folder", s.folder);
  v("name", s.name);
  v("ha", s.ha);
  v("drs", s.drs);
  v("evc_mode", s.evc_mode);
  v("vsan", s.vsan);
  v("groups", s.groups);
  v("rules", s.rules);
  v("vapps", s.vapps);
  v("permissions", s.permissions);
  v("custom_attributes", s.custom_attributes);
  v("alarms", s.alarms);
  v("host_profile", s.host_profile);
  v("pools", s.pools);
  v("vm_overrides", s.vm_overrides);
  v("vm_orchestration", s.vm_orchestration);
  v("pool_permissions", s.pool_permissions);
}

template <typename V, Is<PhysicalNic> Self>
void Describe(V& v, Self& s) {
  v("device", s.device);
  v("speed_mb", s.speed_mb);
}

template <typename V, Is<StandardPortGroup> Self>
void Describe(V& v, Self& s) {
  v("name", s.name);
  v("vswitch", s.vswitch);
  v("vlan", s.vlan);
}

template <typename V, Is<StandardSwitch> Self>
void Describe(V& v, Self& s) {
  v("name", s.name);
  v("mtu", s.mtu);
  v("pnics", s.pnics);
  v("active_pnics", s.active_pnics);
  v("standby_pnics", s.standby_pnics);
  v("unused_pnics", s.unused_pnics);
}

template <typename V, Is<VmkernelNic> Self>
void Describe(V& v, Self& s) {
  v("device", s.device);
  v("port_group", s.port_group);
  v("dvs", s.dvs);
  v("ip", s.ip);
  v("management", s.management);
}

template <typename V, Is<ProxySwitch> Self>
void Describe(V& v, Self& s) {
  v("dvs", s.dvs);
  v("uplinks", s.uplinks);
}

template <typename V, Is<InventoryHost> Self>
void Describe(V& v, Self& s) {
  v("datacenter", s.datacenter);
  v("cluster", s.cluster);
  v("folder", s.folder);
  v("name", s.name);
  v("connection_state", s.connection_state);
  v("maintenance_mode", s.maintenance_mode);
  v("version", s.version);
  v("build", s.build);
  v("cpu_vendor", s.cpu_vendor);
  v("max_evc_mode", s.max_evc_mode);
  v("ssl_thumbprint", s.ssl_thumbprint);
  v("pnics", s.pnics);
  v("standard_switches", s.standard_switches);
  v("port_groups", s.port_groups);
  v("vmkernel_nics", s.vmkernel_nics);
  v("proxy_switches", s.proxy_switches);
  v("nioc_pnic_opt_out", s.nioc_pnic_opt_out);
  v("permissions", s.permissions);
  v("custom_attributes", s.custom_attributes);
  v("license", s.license);
  v("alarms", s.alarms);
  v("host_profile", s.host_profile);
  v("pools", s.pools);
  v("vapps", s.vapps);
  v("pool_permissions", s.pool_permissions);
}

template <typename V, Is<LicenseRef> Self>
void Describe(V& v, Self& s) {
  v("edition", s.edition);
  v("name", s.name);
  v("key_tail", s.key_tail);
}

template <typename V, Is<VmNic> Self>
void Describe(V& v, Self& s) {
  v("label", s.label);
  v("network", s.network);
  v("dvs", s.dvs);
  v("connected", s.connected);
}

template <typename V, Is<InventoryVm> Self>
void Describe(V& v, Self& s) {
  v("datacenter", s.datacenter);
  v("folder", s.folder);
  v("name", s.name);
  v("host", s.host);
  v("power_state", s.power_state);
  v("nics", s.nics);
  v("permissions", s.permissions);
  v("custom_attributes", s.custom_attributes);
  v("alarms", s.alarms);
  v("resource_pool", s.resource_pool);
}

template <typename V, Is<DvsPortGroup> Self>
void Describe(V& v, Self& s) {
  v("name", s.name);
  v("vlan", s.vlan);
  v("vlan_trunk", s.vlan_trunk);
  v("ports", s.ports);
  v("port_binding", s.port_binding);
  v("teaming_policy", s.teaming_policy);
  v("active_uplinks", s.active_uplinks);
  v("standby_uplinks", s.standby_uplinks);
}

template <typename V, Is<DvsMember> Self>
void Describe(V& v, Self& s) {
  v("host", s.host);
  v("uplinks", s.uplinks);
}

template <typename V, Is<InventoryDvs> Self>
void Describe(V& v, Self& s) {
  v("datacenter", s.datacenter);
  v("name", s.name);
  v("version", s.version);
  v("mtu", s.mtu);
  v("uplinks", s.uplinks);
  v("lacp_groups", s.lacp_groups);
  v("port_groups", s.port_groups);
  v("members", s.members);
  v("nioc", s.nioc);
  v("permissions", s.permissions);
  v("port_group_permissions", s.port_group_permissions);
}

template <typename V, Is<InventoryDatacenter> Self>
void Describe(V& v, Self& s) {
  v("name", s.name);
  v("host_folders", s.host_folders);
  v("vm_folders", s.vm_folders);
  v("permissions", s.permissions);
  v("alarms", s.alarms);
  v("folder_permissions", s.folder_permissions);
}

template <typename V, Is<TagCategory> Self>
void Describe(V& v, Self& s) {
  v("name", s.name);
  v("description", s.description);
  v("cardinality", s.cardinality);
  v("associable_types", s.associable_types);
}

template <typename V, Is<TagDefinition> Self>
void Describe(V& v, Self& s) {
  v("category", s.category);
  v("name", s.name);
  v("description", s.description);
}

template <typename V, Is<TagAttachment> Self>
void Describe(V& v, Self& s) {
  v("kind", s.kind);
  v("object", s.object);
  v("tag", s.tag);
}

template <typename V, Is<InventoryTagging> Self>
void Describe(V& v, Self& s) {
  v("read", s.read);
  v("categories", s.categories);
  v("tags", s.tags);
  v("attachments", s.attachments);
}

template <typename V, Is<Inventory> Self>
void Describe(V& v, Self& s) {
  v("vcenter", s.vcenter);
  v("api_version", s.api_version);
  v("datacenters", s.datacenters);
  v("clusters", s.clusters);
  v("hosts", s.hosts);
  v("vms", s.vms);
  v("switches", s.switches);
  v("checked", s.checked);
  v("custom_attribute_defs", s.custom_attribute_defs);
  v("roles", s.roles);
  v("license_keys", s.license_keys);
  v("root_permissions", s.root_permissions);
  v("tagging", s.tagging);
}

}  // namespace vcshift::fields
