#include "engine/inventory.h"

#include <algorithm>
#include <tuple>

namespace vcshift {
namespace {

template <typename T, typename Key>
void SortBy(std::vector<T>& items, Key key) {
  std::sort(items.begin(), items.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
}

auto ByName = [](const auto& item) { return std::tie(item.name); };

template <typename T>
void Sort(std::vector<T>& items) {
  std::sort(items.begin(), items.end());
}

void SortPermissions(std::vector<InventoryPermission>& permissions) {
  // A user and a group of one name are two principals: the group flag orders them.
  SortBy(permissions, [](const InventoryPermission& p) { return std::tie(p.principal, p.group, p.role); });
}

void SortPermissions(std::vector<InventoryObjectPermissions>& objects) {
  SortBy(objects, [](const InventoryObjectPermissions& o) { return std::tie(o.object); });
  for (auto& object : objects) SortPermissions(object.permissions);
}

// A cluster's or standalone host's pools and vApps: by path (a parent's sorts before its
// children's), a vApp's members by VM, its sections by key, its inner vApps' entries by name.
void SortPools(std::vector<InventoryPool>& pools, std::vector<InventoryVApp>& vapps) {
  SortBy(pools, [](const InventoryPool& p) { return std::tie(p.path); });
  SortBy(vapps, [](const InventoryVApp& a) { return std::tie(a.path); });
  for (auto& vapp : vapps) {
    SortBy(vapp.members, [](const InventoryVAppMember& m) { return std::tie(m.vm); });
    SortBy(vapp.products, [](const VAppProduct& p) { return p.key; });
    SortBy(vapp.properties, [](const VAppProperty& p) { return p.key; });
    SortBy(vapp.children, [](const InventoryVAppChild& c) { return std::tie(c.vapp); });
  }
}

}  // namespace

void Canonicalize(Inventory& inventory) {
  SortBy(inventory.datacenters, ByName);
  for (auto& dc : inventory.datacenters) {
    std::sort(dc.host_folders.begin(), dc.host_folders.end());
    std::sort(dc.vm_folders.begin(), dc.vm_folders.end());
    SortPermissions(dc.permissions);
    Sort(dc.alarms);
    SortBy(dc.folder_permissions, [](const InventoryFolderPermissions& f) { return std::tie(f.kind, f.folder); });
    for (auto& folder : dc.folder_permissions) SortPermissions(folder.permissions);
  }
  SortBy(inventory.clusters, [](const InventoryCluster& c) { return std::tie(c.datacenter, c.folder, c.name); });
  for (auto& cluster : inventory.clusters) {
    SortBy(cluster.groups, ByName);
    SortBy(cluster.rules, ByName);
    for (auto& group : cluster.groups) std::sort(group.members.begin(), group.members.end());
    std::sort(cluster.ha.admission_control.failover_hosts.begin(), cluster.ha.admission_control.failover_hosts.end());
    SortPools(cluster.pools, cluster.vapps);
    SortPermissions(cluster.permissions);
    Sort(cluster.custom_attributes);
    Sort(cluster.alarms);
    SortBy(cluster.vm_overrides, [](const InventoryVmOverride& o) { return std::tie(o.vm); });
    Sort(cluster.vm_orchestration);
    SortPermissions(cluster.pool_permissions);
  }
  SortBy(inventory.hosts, [](const InventoryHost& h) { return std::tie(h.datacenter, h.name); });
  for (auto& host : inventory.hosts) {
    SortBy(host.pnics, [](const PhysicalNic& n) { return std::tie(n.device); });
    SortBy(host.standard_switches, ByName);
    SortBy(host.port_groups, ByName);
    SortBy(host.vmkernel_nics, [](const VmkernelNic& n) { return std::tie(n.device); });
    SortBy(host.proxy_switches, [](const ProxySwitch& p) { return std::tie(p.dvs); });
    for (auto& proxy : host.proxy_switches) std::sort(proxy.uplinks.begin(), proxy.uplinks.end());
    SortPermissions(host.permissions);
    Sort(host.custom_attributes);
    Sort(host.alarms);
    SortPools(host.pools, host.vapps);
    SortPermissions(host.pool_permissions);
  }
  SortBy(inventory.vms, [](const InventoryVm& vm) { return std::tie(vm.datacenter, vm.name); });
  for (auto& vm : inventory.vms) {
    SortBy(vm.nics, [](const VmNic& n) { return std::tie(n.label); });
    SortPermissions(vm.permissions);
    Sort(vm.custom_attributes);
    Sort(vm.alarms);
  }
  SortBy(inventory.switches, [](const InventoryDvs& s) { return std::tie(s.datacenter, s.name); });
  for (auto& dvs : inventory.switches) {
    SortBy(dvs.port_groups, ByName);
    SortBy(dvs.members, [](const DvsMember& m) { return std::tie(m.host); });
    for (auto& member : dvs.members) std::sort(member.uplinks.begin(), member.uplinks.end());
    SortPermissions(dvs.permissions);
    SortPermissions(dvs.port_group_permissions);
  }
  Sort(inventory.checked);
  SortBy(inventory.custom_attribute_defs, [](const CustomAttributeDef& d) { return std::tie(d.name, d.type); });
  SortBy(inventory.roles, ByName);
  for (auto& role : inventory.roles) Sort(role.privileges);
  SortBy(inventory.tagging.categories, ByName);
  for (auto& category : inventory.tagging.categories) Sort(category.associable_types);
  SortBy(inventory.tagging.tags, [](const TagDefinition& t) { return std::tie(t.category, t.name); });
  Sort(inventory.tagging.attachments);
  Sort(inventory.license_keys);
  SortPermissions(inventory.root_permissions);
}

InventoryCluster PoolOwnerOf(const InventoryHost& host) {
  InventoryCluster owner;
  owner.datacenter = host.datacenter;
  owner.folder = host.folder;
  owner.name = host.name;
  owner.pools = host.pools;
  owner.vapps = host.vapps;
  owner.pool_permissions = host.pool_permissions;
  return owner;
}

}  // namespace vcshift
