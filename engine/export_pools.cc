#include "engine/export_pools.h"

#include <algorithm>
#include <string>
#include <type_traits>
#include <vector>

#include "engine/export_permissions.h"
#include "engine/export_tags.h"
#include "engine/inventory_fields.h"
#include "engine/name_patterns.h"

namespace vcshift {
namespace {

void EmitAllocation(YAML::Emitter& out, const char* key, const PoolAllocation& allocation) {
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "shares" << YAML::Value;
  if (allocation.shares == "custom") out << allocation.custom_shares;
  else out << allocation.shares;
  out << YAML::Key << "reservation" << YAML::Value << allocation.reservation << YAML::Key << "limit" << YAML::Value
      << allocation.limit << YAML::Key << "expandable_reservation" << YAML::Value << allocation.expandable
      << YAML::EndMap;
}

// Whether `host` is in the compute resource `owner` names: a cluster, or the standalone
// host itself (its compute resource has its name and folder; no sibling shares both).
bool OwnedBy(const InventoryHost& host, const InventoryCluster& owner) {
  if (host.datacenter != owner.datacenter) return false;
  return host.cluster.empty() ? host.name == owner.name && host.folder == owner.folder : host.cluster == owner.name;
}

// The VMs of the cluster's hosts in the pool at `path`.
std::vector<std::string> VmsIn(const InventoryCluster& cluster, const Inventory& inventory, const std::string& path) {
  std::vector<std::string> vms;
  for (const auto& vm : inventory.vms) {
    if (vm.datacenter != cluster.datacenter || vm.resource_pool != path) continue;
    for (const auto& host : inventory.hosts) {
      if (host.name == vm.host && OwnedBy(host, cluster)) {
        vms.push_back(ExactNamePattern(vm.name));
      }
    }
  }
  return vms;
}

// The pools whose parent is `parent`, each with its children, permissions and tags.
void EmitChildren(YAML::Emitter& out, const InventoryCluster& cluster, const Inventory& inventory,
                  const std::string& parent) {
  for (const auto& pool : cluster.pools) {
    if (ParentPool(pool.path) != parent) continue;
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << PoolName(pool.path);
    EmitAllocation(out, "cpu", pool.cpu);
    EmitAllocation(out, "memory", pool.memory);
    if (const auto vms = VmsIn(cluster, inventory, pool.path); !vms.empty()) {
      out << YAML::Key << "vms" << YAML::Value << YAML::Flow << vms;
    }
    const bool has_children = std::any_of(cluster.pools.begin(), cluster.pools.end(),
                                          [&](const InventoryPool& child) { return ParentPool(child.path) == pool.path; });
    if (has_children) {
      out << YAML::Key << "resource_pools" << YAML::Value << YAML::BeginSeq;
      EmitChildren(out, cluster, inventory, pool.path);
      out << YAML::EndSeq;
    }
    EmitPermissionsOf(out, cluster.pool_permissions, pool.path);
    EmitTags(out, inventory.tagging, kTaggedPool, cluster.datacenter + "/" + cluster.name + "/" + pool.path);
    out << YAML::EndMap;
  }
}

void EmitOverride(YAML::Emitter& out, const InventoryVmOverride& entry) {
  const VmOverride& o = entry.settings;
  out << YAML::Flow << YAML::BeginMap << YAML::Key << "vms" << YAML::Value << YAML::Flow
      << std::vector<std::string>{ExactNamePattern(entry.vm)};
  if (o.HasHa()) {
    out << YAML::Key << "ha" << YAML::Value << YAML::BeginMap;
    if (!o.restart_priority.empty()) out << YAML::Key << "restart_priority" << YAML::Value << o.restart_priority;
    if (!o.isolation_response.empty()) out << YAML::Key << "isolation_response" << YAML::Value << o.isolation_response;
    if (!o.vm_monitoring.empty()) out << YAML::Key << "vm_monitoring" << YAML::Value << o.vm_monitoring;
    out << YAML::EndMap;
  }
  if (o.HasDrs()) {
    out << YAML::Key << "drs" << YAML::Value << YAML::BeginMap;
    if (o.drs_enabled) out << YAML::Key << "enabled" << YAML::Value << *o.drs_enabled;
    if (!o.drs_automation_level.empty()) out << YAML::Key << "automation_level" << YAML::Value << o.drs_automation_level;
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

// Each field of a section or entry, as the desired state spells it (inventory_fields.h's
// names); a text vSphere leaves unset ("") is left out.
struct FieldEmitter {
  YAML::Emitter& out;
  template <typename T>
  void operator()(const char* key, const T& value) {
    if constexpr (std::is_same_v<T, std::string>) {
      if (value.empty()) return;
      out << YAML::Key << key << YAML::Value << YAML::DoubleQuoted << value;  // "1.0" stays a text
    } else {
      out << YAML::Key << key << YAML::Value << value;
    }
  }
};

template <typename Section>
void EmitSections(YAML::Emitter& out, const char* key, const std::vector<Section>& sections) {
  if (sections.empty()) return;
  out << YAML::Key << key << YAML::Value << YAML::BeginSeq;
  for (const auto& section : sections) {
    FieldEmitter emit{out};
    out << YAML::BeginMap;
    fields::Describe(emit, section);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

// A vApp with its members, each of the cluster's VMs in it with its start order entry
// (vSphere's defaults when it has none), its sections, and its entry in the vApp it is
// inside when it has one.
void EmitVApp(YAML::Emitter& out, const InventoryCluster& cluster, const Inventory& inventory,
              const InventoryVApp& vapp) {
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << PoolName(vapp.path);
  if (const std::string pool = ParentPool(vapp.path); !pool.empty()) {
    out << YAML::Key << "resource_pool" << YAML::Value << pool;
  }
  EmitAllocation(out, "cpu", vapp.cpu);
  EmitAllocation(out, "memory", vapp.memory);
  if (const auto vms = VmsIn(cluster, inventory, vapp.path); !vms.empty()) {
    out << YAML::Key << "members" << YAML::Value << YAML::BeginSeq;
    for (const auto& vm : vms) {
      VAppMember entry;
      for (const auto& member : vapp.members) {
        if (member.vm == vm) entry = member.settings;
      }
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "vms" << YAML::Value << YAML::Flow
          << std::vector<std::string>{vm} << YAML::Key << "start_order" << YAML::Value << entry.start_order
          << YAML::Key << "start_delay" << YAML::Value << entry.start_delay << YAML::Key << "start_action"
          << YAML::Value << entry.start_action << YAML::Key << "wait_for_guest" << YAML::Value
          << entry.wait_for_guest << YAML::Key << "stop_delay" << YAML::Value << entry.stop_delay << YAML::Key
          << "stop_action" << YAML::Value << entry.stop_action << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  EmitPermissionsOf(out, cluster.pool_permissions, vapp.path);
  EmitTags(out, inventory.tagging, kTaggedVApp, cluster.datacenter + "/" + cluster.name + "/" + vapp.path);
  EmitSections(out, "products", vapp.products);
  EmitSections(out, "properties", vapp.properties);
  for (const auto& outer : cluster.vapps) {
    if (outer.path != ParentPool(vapp.path)) continue;
    for (const auto& child : outer.children) {
      if (child.vapp != PoolName(vapp.path)) continue;
      FieldEmitter emit{out};
      out << YAML::Key << "start" << YAML::Value << YAML::Flow << YAML::BeginMap;
      fields::DescribeEntry(emit, child.settings);
      out << YAML::EndMap;
    }
  }
  out << YAML::EndMap;
}

void EmitPools(YAML::Emitter& out, const InventoryCluster& cluster, const Inventory& inventory) {
  if (cluster.pools.empty()) return;
  out << YAML::Key << "resource_pools" << YAML::Value << YAML::BeginSeq;
  EmitChildren(out, cluster, inventory, "");
  out << YAML::EndSeq;
}

void EmitVApps(YAML::Emitter& out, const InventoryCluster& cluster, const Inventory& inventory) {
  if (cluster.vapps.empty()) return;
  out << YAML::Key << "vapps" << YAML::Value << YAML::BeginSeq;
  for (const auto& vapp : cluster.vapps) EmitVApp(out, cluster, inventory, vapp);
  out << YAML::EndSeq;
}

}  // namespace

void EmitResourcePools(YAML::Emitter& out, const InventoryCluster& cluster, const Inventory& inventory) {
  EmitPools(out, cluster, inventory);
  if (!cluster.vm_overrides.empty()) {
    out << YAML::Key << "vm_overrides" << YAML::Value << YAML::BeginSeq;
    for (const auto& entry : cluster.vm_overrides) EmitOverride(out, entry);
    out << YAML::EndSeq;
  }
  EmitVApps(out, cluster, inventory);
}

void EmitStandalonePools(YAML::Emitter& out, const InventoryHost& host, const Inventory& inventory) {
  const InventoryCluster owner = PoolOwnerOf(host);
  EmitPools(out, owner, inventory);
  EmitVApps(out, owner, inventory);
}

}  // namespace vcshift
