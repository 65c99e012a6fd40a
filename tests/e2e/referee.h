#pragma once
// The referee: `vcshift-sim snapshot` (the simulator's own reading of a vCenter, through
// govmomi, independent of vcshift's client) as an engine Inventory, so that what vcshift
// discovers can be compared with it object by object and field by field. The snapshot
// keeps vSphere's raw values where vcshift translates them (DRS vmotionRate, a rule's
// mandatory/affine flags, unset EVC); the translation is written out here once.
//
// The snapshot does not read a cluster's vSAN flag and admission-control percentages, a
// switch's LACP groups, nor a port group's binding and teaming policy: those fields keep
// the model's defaults, which are what the simulated worlds have (vcsim offers none of
// them), so a discovery that read them differently still fails the comparison.

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "engine/inventory.h"

namespace vcshift::testing {
namespace referee_detail {

inline std::string Str(const YAML::Node& node, const char* key) {
  return node[key] && !node[key].IsNull() ? node[key].as<std::string>() : "";
}

inline std::vector<std::string> Strings(const YAML::Node& node, const char* key) {
  std::vector<std::string> out;
  if (node[key] && node[key].IsSequence()) {
    for (const auto& item : node[key]) out.push_back(item.as<std::string>());
  }
  return out;
}

inline std::vector<std::pair<std::string, std::string>> Pairs(const YAML::Node& node, const char* key) {
  std::vector<std::pair<std::string, std::string>> out;
  if (node[key] && node[key].IsSequence()) {
    for (const auto& pair : node[key]) out.emplace_back(pair[0].as<std::string>(), pair[1].as<std::string>());
  }
  return out;
}

inline PoolAllocation Allocation(const YAML::Node& node) {
  PoolAllocation out;
  out.shares = Str(node, "shares_level");
  if (out.shares == "custom") out.custom_shares = node["shares"].as<int>();
  out.reservation = node["reservation"].as<long long>();
  out.limit = node["limit"].as<long long>();
  out.expandable = node["expandable_reservation"].as<bool>();
  return out;
}

// The snapshot lists pools and vApps together, a vApp with its start order.
inline void Pools(const YAML::Node& node, InventoryCluster& out) {
  for (const auto& pool : node["resource_pools"]) {
    if (!pool["vapp"].as<bool>()) {
      out.pools.push_back({Str(pool, "path"), Allocation(pool["cpu"]), Allocation(pool["memory"])});
      continue;
    }
    InventoryVApp vapp{Str(pool, "path"), Allocation(pool["cpu"]), Allocation(pool["memory"]), {}};
    for (const auto& entry : pool["start_order"]) {
      VAppMember m;
      m.start_order = entry["start_order"].as<int>();
      m.start_delay = entry["start_delay"].as<int>();
      m.start_action = Str(entry, "start_action");
      m.wait_for_guest = entry["waiting_for_guest"].as<bool>();
      m.stop_delay = entry["stop_delay"].as<int>();
      m.stop_action = Str(entry, "stop_action");
      vapp.members.push_back({Str(entry, "entity"), m});
    }
    out.vapps.push_back(vapp);
  }
}

inline InventoryCluster Cluster(const YAML::Node& node) {
  InventoryCluster out;
  out.datacenter = Str(node, "datacenter");
  out.folder = Str(node, "folder");
  out.name = Str(node, "name");
  const YAML::Node ha = node["ha"];
  out.ha.enabled = ha["enabled"].as<bool>();
  // Unset means vSphere's default, which monitors hosts.
  out.ha.host_monitoring = Str(ha, "host_monitoring").empty() || Str(ha, "host_monitoring") == "enabled";
  if (!Str(ha, "isolation_response").empty()) out.ha.isolation_response = Str(ha, "isolation_response");
  if (!Str(ha, "restart_priority").empty()) out.ha.restart_priority = Str(ha, "restart_priority");
  out.ha.admission_control.enabled = ha["admission_control"].as<bool>();
  if (const int failures = ha["host_failures_tolerated"].as<int>(); failures > 0) {
    out.ha.admission_control.host_failures_tolerated = failures;
  }
  const YAML::Node drs = node["drs"];
  out.drs.enabled = drs["enabled"].as<bool>();
  if (!Str(drs, "automation_level").empty()) out.drs.automation_level = Str(drs, "automation_level");
  // The snapshot has vSphere's vmotionRate (0 when unset); vcshift the Client's slider.
  if (const int rate = drs["migration_threshold"].as<int>(); rate > 0) out.drs.migration_threshold = 6 - rate;
  out.evc_mode = Str(node, "evc_mode").empty() ? "disabled" : Str(node, "evc_mode");
  for (const auto& group : node["groups"]) {
    out.groups.push_back({Str(group, "name"), Str(group, "type"), Strings(group, "members")});
  }
  for (const auto& rule : node["rules"]) {
    InventoryClusterRule r{Str(rule, "name"), Str(rule, "type"), rule["enabled"].as<bool>(), Strings(rule, "vms"),
                           Str(rule, "vm_group"), Str(rule, "host_group"), ""};
    if (r.type == "vm_host") {
      r.policy = std::string(rule["mandatory"].as<bool>() ? "must" : "should") +
                 (rule["affine"].as<bool>() ? "_run_on" : "_not_run_on");
    }
    out.rules.push_back(r);
  }
  Pools(node, out);
  for (const auto& entry : node["vm_overrides"]) {
    VmOverride o;
    o.restart_priority = Str(entry, "ha_restart_priority");
    o.isolation_response = Str(entry, "ha_isolation_response");
    o.vm_monitoring = Str(entry, "ha_vm_monitoring");
    if (entry["drs_enabled"].IsDefined() && !entry["drs_enabled"].IsNull()) o.drs_enabled = entry["drs_enabled"].as<bool>();
    o.drs_automation_level = Str(entry, "drs_behavior");
    out.vm_overrides.push_back({Str(entry, "vm"), o});
  }
  return out;
}

inline InventoryHost Host(const YAML::Node& node) {
  InventoryHost out;
  out.datacenter = Str(node, "datacenter");
  out.cluster = Str(node, "cluster");
  out.folder = out.cluster.empty() ? Str(node, "folder") : "";  // vcshift: a standalone host's folder only
  out.name = Str(node, "name");
  out.connection_state = Str(node, "connection_state");
  out.maintenance_mode = node["maintenance_mode"].as<bool>();
  out.version = Str(node, "version");
  out.build = Str(node, "build");
  out.cpu_vendor = Str(node, "cpu_vendor");
  out.max_evc_mode = Str(node, "max_evc_mode");
  out.ssl_thumbprint = Str(node, "thumbprint");
  for (const auto& pnic : node["pnics"]) out.pnics.push_back({Str(pnic, "device"), pnic["speed_mb"].as<int>()});
  for (const auto& vs : node["standard_switches"]) {
    out.standard_switches.push_back(
        {Str(vs, "name"), vs["mtu"].as<int>(), Strings(vs, "pnics"), Strings(vs, "active"), Strings(vs, "standby")});
  }
  for (const auto& pg : node["port_groups"]) {
    out.port_groups.push_back({Str(pg, "name"), Str(pg, "vswitch"), pg["vlan"].as<int>()});
  }
  for (const auto& nic : node["vmkernel_nics"]) {
    out.vmkernel_nics.push_back(
        {Str(nic, "device"), Str(nic, "port_group"), Str(nic, "dvs"), Str(nic, "ip"), nic["management"].as<bool>()});
  }
  for (const auto& proxy : node["proxy_switches"]) out.proxy_switches.push_back({Str(proxy, "dvs"), Pairs(proxy, "uplinks")});
  out.nioc_pnic_opt_out = Str(node, "nioc_pnic_opt_out");
  return out;
}

inline InventoryVm Vm(const YAML::Node& node) {
  InventoryVm out{Str(node, "datacenter"), Str(node, "folder"), Str(node, "name"), Str(node, "host"),
                  Str(node, "power_state"), {}};
  out.resource_pool = Str(node, "resource_pool");
  for (const auto& nic : node["nics"]) {
    out.nics.push_back({Str(nic, "label"), Str(nic, "network"), Str(nic, "dvs"), nic["connected"].as<bool>()});
  }
  return out;
}

inline InventoryDvs Switch(const YAML::Node& node) {
  InventoryDvs out;
  out.datacenter = Str(node, "datacenter");
  out.name = Str(node, "name");
  out.version = Str(node, "version");
  out.mtu = node["mtu"].as<int>();
  out.uplinks = Strings(node, "uplinks");
  for (const auto& pg : node["port_groups"]) {
    DvsPortGroup group;
    group.name = Str(pg, "name");
    group.vlan = pg["vlan"].as<int>();
    for (const auto& range : Strings(pg, "vlan_trunk")) {  // "100-200"
      const auto dash = range.find('-');
      group.vlan_trunk.emplace_back(std::stoi(range.substr(0, dash)), std::stoi(range.substr(dash + 1)));
    }
    group.ports = pg["ports"].as<int>();
    group.active_uplinks = Strings(pg, "active");
    group.standby_uplinks = Strings(pg, "standby");
    out.port_groups.push_back(group);
  }
  for (const auto& member : node["members"]) out.members.push_back({Str(member, "host"), Pairs(member, "uplinks")});
  out.nioc = node["nioc"] && node["nioc"].as<bool>();
  return out;
}

inline void AddTo(std::vector<InventoryObjectPermissions>& all, const std::string& object,
                  const InventoryPermission& permission) {
  for (auto& entry : all) {
    if (entry.object == object) return entry.permissions.push_back(permission);
  }
  all.push_back({object, {permission}});
}

// The snapshot's permissions (by entity path, "" the root folder) that the model keeps
// beside their objects: the root folder's, the switches', their port groups' and the
// clusters' pools'. A role is custom when the snapshot lists it (it lists no system role).
inline void Permissions(const YAML::Node& root, Inventory& out) {
  std::set<std::string> custom;
  for (const auto& role : root["roles"]) custom.insert(Str(role, "name"));
  for (const auto& p : root["permissions"]) {
    const std::string entity = Str(p, "entity"), role = Str(p, "role");
    const InventoryPermission permission{Str(p, "principal"), p["group"].as<bool>(), role, custom.count(role) > 0,
                                         p["propagate"].as<bool>()};
    if (entity.empty()) out.root_permissions.push_back(permission);
    for (auto& dvs : out.switches) {
      const std::string network = dvs.datacenter + "/network/";
      if (entity == network + dvs.name) dvs.permissions.push_back(permission);
      for (const auto& pg : dvs.port_groups) {
        if (entity == network + pg.name) AddTo(dvs.port_group_permissions, pg.name, permission);
      }
    }
    for (auto& cluster : out.clusters) {
      const std::string pools = cluster.datacenter + "/host/" + (cluster.folder.empty() ? "" : cluster.folder + "/") +
                                cluster.name + "/Resources/";
      if (entity.starts_with(pools)) AddTo(cluster.pool_permissions, entity.substr(pools.size()), permission);
    }
  }
}

}  // namespace referee_detail

// The snapshot's JSON as a canonical Inventory (vcenter and api_version left empty).
inline Inventory RefereeInventory(const std::string& snapshot_json) {
  using namespace referee_detail;
  const YAML::Node root = YAML::Load(snapshot_json);
  Inventory out;
  for (const auto& dc : root["datacenters"]) {
    out.datacenters.push_back({Str(dc, "name"), Strings(dc, "host_folders"), Strings(dc, "vm_folders")});
  }
  for (const auto& cluster : root["clusters"]) out.clusters.push_back(Cluster(cluster));
  for (const auto& host : root["hosts"]) out.hosts.push_back(Host(host));
  for (const auto& vm : root["vms"]) out.vms.push_back(Vm(vm));
  for (const auto& dvs : root["distributed_switches"]) out.switches.push_back(Switch(dvs));
  for (const auto& key : root["licences"]["keys"]) {
    out.license_keys.push_back({Str(key, "edition"), Str(key, "name"), Str(key, "tail")});
  }
  for (const auto& assigned : root["licences"]["hosts"]) {
    const std::string path = Str(assigned, "path");
    for (auto& host : out.hosts) {
      if (path.ends_with("/" + host.name)) host.license = {Str(assigned, "edition"), Str(assigned, "name"), Str(assigned, "tail")};
    }
  }
  Permissions(root, out);
  // vcshift reads the hosts' Net.IOControlPnicOptOut only from a vCenter with a switch
  // that has network I/O control on; the snapshot reads it always.
  if (std::none_of(out.switches.begin(), out.switches.end(), [](const InventoryDvs& dvs) { return dvs.nioc; })) {
    for (auto& host : out.hosts) host.nioc_pnic_opt_out.clear();
  }
  Canonicalize(out);
  return out;
}

}  // namespace vcshift::testing
