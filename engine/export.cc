#include "engine/export.h"

#include <map>

#include <yaml-cpp/yaml.h>

#include "engine/export_pools.h"
#include "engine/export_permissions.h"
#include "engine/export_per_object.h"
#include "engine/export_tags.h"
#include "engine/name_patterns.h"

namespace vcshift {
namespace {

void EmitHa(YAML::Emitter& out, const HaSettings& ha) {
  out << YAML::Key << "ha" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "enabled" << YAML::Value << ha.enabled;
  out << YAML::Key << "host_monitoring" << YAML::Value << ha.host_monitoring;
  out << YAML::Key << "isolation_response" << YAML::Value << ha.isolation_response;
  out << YAML::Key << "restart_priority" << YAML::Value << ha.restart_priority;
  const AdmissionControl& ac = ha.admission_control;
  out << YAML::Key << "admission_control" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "enabled" << YAML::Value << ac.enabled;
  out << YAML::Key << "policy" << YAML::Value << ac.policy;
  out << YAML::Key << "host_failures_tolerated" << YAML::Value << ac.host_failures_tolerated;
  out << YAML::Key << "cpu_percent" << YAML::Value << ac.cpu_percent;
  out << YAML::Key << "memory_percent" << YAML::Value << ac.memory_percent;
  if (!ac.failover_hosts.empty()) out << YAML::Key << "failover_hosts" << YAML::Value << YAML::Flow << ac.failover_hosts;
  out << YAML::EndMap << YAML::EndMap;
}

void EmitDrs(YAML::Emitter& out, const DrsSettings& drs) {
  out << YAML::Key << "drs" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "enabled" << YAML::Value << drs.enabled;
  out << YAML::Key << "automation_level" << YAML::Value << drs.automation_level;
  out << YAML::Key << "migration_threshold" << YAML::Value << drs.migration_threshold;
  out << YAML::EndMap;
}

void EmitAttributeValues(YAML::Emitter& out, const CustomAttributes& values) {
  out << YAML::Flow << YAML::BeginMap;
  for (const auto& [name, value] : values) out << YAML::Key << name << YAML::Value << YAML::DoubleQuoted << value;
  out << YAML::EndMap;
}

// `host_attributes:` or `vm_attributes:`: one entry per object that has values.
template <typename T>
void EmitAssignments(YAML::Emitter& out, const char* key, const char* objects, const std::vector<T>& all,
                     const std::string& dc) {
  EmitPerObject(
      out, key, objects, "attributes", all, dc,
      [](const T& object) -> const auto& { return object.custom_attributes; }, EmitAttributeValues);
}

// Each licensed host of `dc` as a rule of its own, by the licence's edition: a key is
// a secret, and the edition names a key on another vCenter too.
void EmitHostLicenses(YAML::Emitter& out, const std::vector<InventoryHost>& hosts, const std::string& dc) {
  bool any = false;
  for (const auto& host : hosts) {
    if (host.datacenter != dc || host.license.key_tail.empty()) continue;
    if (!any) out << YAML::Key << "host_licenses" << YAML::Value << YAML::BeginSeq;
    any = true;
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "hosts" << YAML::Value << YAML::Flow
        << std::vector<std::string>{ExactNamePattern(host.name)} << YAML::Key << "license" << YAML::Value << host.license.edition
        << YAML::EndMap;
  }
  if (any) out << YAML::EndSeq;
}

// The definitions of the types a desired state names; the others (datacenters,
// folders, ...) are not carried.
void EmitCustomAttributeDefs(YAML::Emitter& out, const std::vector<CustomAttributeDef>& defs) {
  bool any = false;
  for (const auto& def : defs) {
    if (def.type != "host" && def.type != "vm" && def.type != "cluster" && def.type != "global") continue;
    if (!any) out << YAML::Key << "custom_attributes" << YAML::Value << YAML::BeginSeq;
    any = true;
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << def.name << YAML::Key << "type"
        << YAML::Value << def.type << YAML::EndMap;
  }
  if (any) out << YAML::EndSeq;
}

void EmitCluster(YAML::Emitter& out, const InventoryCluster& cluster, const Inventory& inventory) {
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << cluster.name;
  if (!cluster.folder.empty()) out << YAML::Key << "folder" << YAML::Value << cluster.folder;
  EmitHa(out, cluster.ha);
  EmitDrs(out, cluster.drs);
  if (!cluster.evc_mode.empty()) out << YAML::Key << "evc_mode" << YAML::Value << cluster.evc_mode;
  if (!cluster.groups.empty()) {
    out << YAML::Key << "groups" << YAML::Value << YAML::BeginSeq;
    for (const auto& group : cluster.groups) {
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << group.name << YAML::Key << "type"
          << YAML::Value << group.type << YAML::Key << "members" << YAML::Value << YAML::Flow << group.members
          << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (!cluster.rules.empty()) {
    out << YAML::Key << "rules" << YAML::Value << YAML::BeginSeq;
    for (const auto& rule : cluster.rules) {
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << rule.name << YAML::Key << "type"
          << YAML::Value << rule.type;
      if (!rule.enabled) out << YAML::Key << "enabled" << YAML::Value << false;
      if (rule.type == "vm_host") {
        out << YAML::Key << "vm_group" << YAML::Value << rule.vm_group << YAML::Key << "host_group" << YAML::Value
            << rule.host_group << YAML::Key << "policy" << YAML::Value << rule.policy;
      } else {
        out << YAML::Key << "vms" << YAML::Value << YAML::Flow << rule.vms;
      }
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  std::vector<std::string> hosts;
  for (const auto& host : inventory.hosts) {
    if (host.datacenter == cluster.datacenter && host.cluster == cluster.name) hosts.push_back(host.name);
  }
  out << YAML::Key << "hosts" << YAML::Value << YAML::Flow << hosts;
  EmitResourcePools(out, cluster, inventory);
  if (!cluster.custom_attributes.empty()) {
    out << YAML::Key << "attributes" << YAML::Value;
    EmitAttributeValues(out, cluster.custom_attributes);
  }
  EmitClusterPermissions(out, cluster);
  const auto tags = TagsOn(inventory.tagging, kTaggedCluster, cluster.datacenter + "/" + cluster.name);
  if (!tags.empty()) out << YAML::Key << "tags" << YAML::Value << YAML::Flow << tags;
  out << YAML::EndMap;
}

void EmitPortGroup(YAML::Emitter& out, const DvsPortGroup& pg, const InventoryDvs& dvs, const InventoryTagging& tagging,
                   const std::string& switch_path) {
  out << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << pg.name;
  if (pg.vlan_trunk.empty()) {
    out << YAML::Key << "vlan" << YAML::Value << pg.vlan;
  } else {
    out << YAML::Key << "vlan_trunk" << YAML::Value << YAML::BeginSeq;
    for (const auto& [start, end] : pg.vlan_trunk) {
      out << YAML::BeginMap << YAML::Key << "start" << YAML::Value << start << YAML::Key << "end" << YAML::Value << end
          << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  out << YAML::Key << "ports" << YAML::Value << pg.ports << YAML::Key << "port_binding" << YAML::Value
      << pg.port_binding;
  out << YAML::Key << "teaming" << YAML::Value << YAML::BeginMap << YAML::Key << "policy" << YAML::Value
      << pg.teaming_policy;
  if (!pg.active_uplinks.empty()) out << YAML::Key << "active_uplinks" << YAML::Value << pg.active_uplinks;
  if (!pg.standby_uplinks.empty()) out << YAML::Key << "standby_uplinks" << YAML::Value << pg.standby_uplinks;
  out << YAML::EndMap;
  EmitPermissionsOf(out, dvs.port_group_permissions, pg.name);
  EmitTags(out, tagging, kTaggedPortGroup, switch_path + "/" + pg.name);
  out << YAML::EndMap;
}

void EmitSwitch(YAML::Emitter& out, const InventoryDvs& dvs, const Inventory& inventory) {
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << dvs.name;
  if (!dvs.version.empty()) out << YAML::Key << "version" << YAML::Value << dvs.version;
  out << YAML::Key << "mtu" << YAML::Value << dvs.mtu;
  // A switch without an uplink policy (govmomi's stock simulator) leaves them unset.
  if (!dvs.uplinks.empty()) out << YAML::Key << "uplinks" << YAML::Value << YAML::Flow << dvs.uplinks;
  out << YAML::Key << "nioc" << YAML::Value << dvs.nioc;
  out << YAML::Key << "port_groups" << YAML::Value << YAML::BeginSeq;
  const std::string path = dvs.datacenter + "/" + dvs.name;
  for (const auto& pg : dvs.port_groups) EmitPortGroup(out, pg, dvs, inventory.tagging, path);
  out << YAML::EndSeq;
  out << YAML::Key << "hosts" << YAML::Value << YAML::BeginSeq;
  for (const auto& member : dvs.members) {
    const InventoryHost* host = nullptr;
    for (const auto& candidate : inventory.hosts) {
      if (candidate.name == member.host) host = &candidate;
    }
    if (!host) continue;
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << member.host;
    out << YAML::Key << "uplinks" << YAML::Value << YAML::BeginMap;
    for (const auto& [pnic, uplink] : member.uplinks) out << YAML::Key << pnic << YAML::Value << uplink;
    out << YAML::EndMap;
    std::map<std::string, std::string> vmkernel;
    for (const auto& vmk : host->vmkernel_nics) {
      if (vmk.dvs == dvs.name) vmkernel[vmk.device] = vmk.port_group;
    }
    if (!vmkernel.empty()) out << YAML::Key << "vmkernel" << YAML::Value << vmkernel;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  EmitPermissions(out, dvs.permissions);
  EmitTags(out, inventory.tagging, kTaggedSwitch, path);
  out << YAML::EndMap;
}

void EmitStandaloneHosts(YAML::Emitter& out, const InventoryDatacenter& dc, const Inventory& inventory) {
  bool any = false;
  for (const auto& host : inventory.hosts) {
    if (host.datacenter != dc.name || !host.cluster.empty()) continue;
    if (!any) out << YAML::Key << "standalone_hosts" << YAML::Value << YAML::BeginSeq;
    any = true;
    // Flow (one line) unless it has pools.
    if (host.pools.empty() && host.vapps.empty()) out << YAML::Flow;
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << host.name;
    if (!host.folder.empty()) out << YAML::Key << "folder" << YAML::Value << host.folder;
    EmitStandalonePools(out, host, inventory);
    out << YAML::EndMap;
  }
  if (any) out << YAML::EndSeq;
}

void EmitDatacenter(YAML::Emitter& out, const InventoryDatacenter& dc, const Inventory& inventory) {
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << dc.name;
  if (!dc.host_folders.empty()) out << YAML::Key << "host_folders" << YAML::Value << YAML::Flow << dc.host_folders;
  if (!dc.vm_folders.empty()) out << YAML::Key << "vm_folders" << YAML::Value << YAML::Flow << dc.vm_folders;
  if (const auto tags = TagsOn(inventory.tagging, kTaggedDatacenter, dc.name); !tags.empty()) {
    out << YAML::Key << "tags" << YAML::Value << YAML::Flow << tags;
  }
  out << YAML::Key << "clusters" << YAML::Value << YAML::BeginSeq;
  for (const auto& cluster : inventory.clusters) {
    if (cluster.datacenter == dc.name) EmitCluster(out, cluster, inventory);
  }
  out << YAML::EndSeq;
  EmitStandaloneHosts(out, dc, inventory);
  out << YAML::Key << "distributed_switches" << YAML::Value << YAML::BeginSeq;
  for (const auto& dvs : inventory.switches) {
    if (dvs.datacenter == dc.name) EmitSwitch(out, dvs, inventory);
  }
  out << YAML::EndSeq;
  std::map<std::string, std::vector<std::string>> vms_by_folder;
  for (const auto& vm : inventory.vms) {
    // The root too ("" in the desired state): a host added to another vCenter brings its
    // VMs into vCenter's "Discovered virtual machine" folder, not back to the root.
    if (vm.datacenter == dc.name) vms_by_folder[vm.folder].push_back(ExactNamePattern(vm.name));
  }
  if (!vms_by_folder.empty()) {
    out << YAML::Key << "vm_placement" << YAML::Value << YAML::BeginSeq;
    for (const auto& [folder, vms] : vms_by_folder) {
      out << YAML::BeginMap << YAML::Key << "folder" << YAML::Value << folder << YAML::Key << "vms" << YAML::Value
          << YAML::Flow << vms << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  EmitAssignments(out, "host_attributes", "hosts", inventory.hosts, dc.name);
  EmitAssignments(out, "vm_attributes", "vms", inventory.vms, dc.name);
  EmitDatacenterPermissions(out, dc, inventory);
  EmitObjectTags(out, inventory, dc.name);
  EmitFolderTags(out, inventory.tagging, dc.name);
  EmitHostLicenses(out, inventory.hosts, dc.name);
  out << YAML::EndMap;
}

}  // namespace

std::string ExportDesiredState(const Inventory& unsorted, const ExportOptions& options) {
  Inventory inventory = unsorted;
  Canonicalize(inventory);
  YAML::Emitter out;
  out << YAML::Comment("Exported by vcshift from " + inventory.vcenter + ": this vCenter as it is.") << YAML::Newline;
  out << YAML::BeginMap;
  out << YAML::Key << "version" << YAML::Value << 1;
  out << YAML::Key << "connections" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "source" << YAML::Value << YAML::BeginMap << YAML::Key << "url" << YAML::Value
      << inventory.vcenter << YAML::Key << "user" << YAML::Value << options.user;
  if (!options.thumbprint.empty()) out << YAML::Key << "thumbprint" << YAML::Value << YAML::DoubleQuoted << options.thumbprint;
  if (!options.ca_file.empty()) out << YAML::Key << "ca_file" << YAML::Value << options.ca_file;
  if (options.insecure) out << YAML::Key << "insecure" << YAML::Value << true;
  out << YAML::EndMap;
  out << YAML::Key << "target" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "same_as" << YAML::Value
      << "source" << YAML::EndMap;
  out << YAML::EndMap;
  out << YAML::Key << "datacenters" << YAML::Value << YAML::BeginSeq;
  for (const auto& dc : inventory.datacenters) {
    if (options.datacenter.empty() || dc.name == options.datacenter) EmitDatacenter(out, dc, inventory);
  }
  out << YAML::EndSeq;
  EmitCustomAttributeDefs(out, inventory.custom_attribute_defs);
  EmitRoles(out, inventory.roles);
  EmitPermissions(out, inventory.root_permissions);
  EmitTagDefinitions(out, inventory.tagging);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace vcshift
