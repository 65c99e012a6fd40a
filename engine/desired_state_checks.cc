#include "engine/desired_state_checks.h"

#include <algorithm>
#include <map>
#include <set>

#include "engine/did_you_mean.h"
#include "engine/tags_checks.h"
#include "engine/entity_names.h"
#include "engine/schema_validator.h"

namespace vcshift {
namespace {

std::string Quoted(const std::string& name) { return "'" + name + "'"; }

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// Reports names given twice among the items of one list. With `fold`, names that differ
// only in case or in how they escape a character count as the same name.
template <typename Item, typename NameOf>
class UniqueNames {
 public:
  UniqueNames(std::string what, NameOf name_of, bool fold) : what_(std::move(what)), name_of_(name_of), fold_(fold) {}

  // Returns the message for a repeated name, or "" the first time it is seen.
  std::string See(const Item& item) {
    const std::string name = name_of_(item);
    const auto [it, inserted] = first_.emplace(fold_ ? FoldedName(name) : name, std::make_pair(name, item.location.line));
    if (inserted) return "";
    const auto& [first_name, first_line] = it->second;
    return what_ + " " + Quoted(name) + " is declared twice (first at line " + std::to_string(first_line) +
           (first_name == name ? "" : ", as " + Quoted(first_name) + "; names that differ only in case are one name here") +
           ")";
  }

 private:
  std::string what_;
  NameOf name_of_;
  bool fold_;
  std::map<std::string, std::pair<std::string, int>> first_;  // key -> the name as first written, its line
};

template <typename Item, typename NameOf>
UniqueNames<Item, NameOf> MakeUnique(std::string what, NameOf name_of, bool fold = false) {
  return UniqueNames<Item, NameOf>(std::move(what), name_of, fold);
}

// Where a host is listed: the cluster ("DC1/Cluster1") and the name as written there.
// Where a host is listed ("cluster 'DC1/C1'", or a datacenter's standalone hosts) and
// how it was spelt there.
struct HostListing {
  std::string place;
  std::string name;
};

class Checker {
 public:
  Checker(const DesiredState& state, Diagnostics& out) : state_(state), out_(out) {}

  void Run() {
    CheckConnections();
    std::map<std::string, HostListing> place_of_host;  // across datacenters, by folded name: a host is in one place
    // Whether vCenter tells datacenters apart by case, the vSphere API reference does not
    // say (it does for VMs: they can be "vm" and "VM"); "DC1" and "dc1" are refused.
    auto datacenters =
        MakeUnique<DatacenterSpec>("datacenter", [](const DatacenterSpec& dc) { return dc.name; }, true);
    for (size_t i = 0; i < state_.datacenters.size(); ++i) {
      const DatacenterSpec& dc = state_.datacenters[i];
      const std::string path = IndexPath("datacenters", i);
      Report(dc.location, path + ".name", EntityNameProblem(dc.name));
      Report(dc.location, path + ".name", datacenters.See(dc));
      CheckDatacenter(dc, path, place_of_host);
    }
    CheckEsxiHosts(place_of_host);
    CheckCustomAttributes();
    CheckRoles();
  }

 private:
  // vCenter keeps one definition of a name for a type, a global one for every type.
  void CheckCustomAttributes() {
    auto names = MakeUnique<CustomAttributeSpec>("custom attribute", [](const CustomAttributeSpec& def) { return def.name; });
    const auto& defs = state_.custom_attributes.value;
    for (size_t i = 0; i < defs.size(); ++i) {
      Report(defs[i].location, IndexPath("custom_attributes", i) + ".name", names.See(defs[i]));
    }
  }

  // vCenter keeps one role of a name.
  void CheckRoles() {
    auto names = MakeUnique<RoleSpec>("role", [](const RoleSpec& role) { return role.name; });
    const auto& roles = state_.roles.value;
    for (size_t i = 0; i < roles.size(); ++i) {
      Report(roles[i].location, IndexPath("roles", i) + ".name", names.See(roles[i]));
    }
  }

  void Error(SourceLocation location, const std::string& path, const std::string& message) {
    out_.push_back({Severity::Error, state_.file, location, path, message});
  }
  void Warning(SourceLocation location, const std::string& path, const std::string& message) {
    out_.push_back({Severity::Warning, state_.file, location, path, message});
  }
  void Report(SourceLocation location, const std::string& path, const std::string& message) {
    if (!message.empty()) Error(location, path, message);
  }

  void CheckConnections() {
    CheckEndpoint(state_.connections.source, "connections.source");
    if (!state_.connections.target_is_source) CheckEndpoint(state_.connections.target, "connections.target");
  }

  void CheckEndpoint(const VCenterEndpoint& endpoint, const std::string& path) {
    if (endpoint.insecure && (!endpoint.thumbprint.empty() || !endpoint.ca_file.empty())) {
      Error(endpoint.location, path + ".insecure",
            "insecure: true turns off the certificate check that " +
                std::string(endpoint.thumbprint.empty() ? "ca_file" : "thumbprint") + " asks for; keep one of them");
    }
    // Session::Open refuses anything but https:// (the password would cross the network
    // unencrypted), so a plain http:// URL could only fail later, at the first connection.
    if (endpoint.url.rfind("http://", 0) == 0) {
      Error(endpoint.location, path + ".url", "plain HTTP would send the vCenter password unencrypted; vcshift talks to vCenter over https:// only");
    }
  }

  void CheckDatacenter(const DatacenterSpec& dc, const std::string& path,
                       std::map<std::string, HostListing>& place_of_host) {
    CheckFolders(dc.host_folders, path + ".host_folders", "host folder");
    CheckFolders(dc.vm_folders, path + ".vm_folders", "VM folder");
    std::set<std::string> hosts_in_dc;
    auto clusters = MakeUnique<ClusterSpec>("cluster", [](const ClusterSpec& c) { return c.name; });
    for (size_t i = 0; i < dc.clusters.size(); ++i) {
      const ClusterSpec& cluster = dc.clusters[i];
      const std::string cluster_path = IndexPath(path + ".clusters", i);
      Report(cluster.location, cluster_path + ".name", EntityNameProblem(cluster.name));
      Report(cluster.location, cluster_path + ".name", clusters.See(cluster));
      CheckFolderReference(cluster.folder, dc.host_folders, cluster_path + ".folder", "host folder");
      CheckCluster(dc, cluster, cluster_path, place_of_host);
      for (const auto& host : cluster.hosts) hosts_in_dc.insert(host.value);
    }
    CheckStandaloneHosts(dc, path, place_of_host, hosts_in_dc);
    CheckSwitches(dc, path, hosts_in_dc);
    for (size_t i = 0; i < dc.vm_placement.size(); ++i) {
      CheckFolderReference(dc.vm_placement[i].folder, dc.vm_folders,
                           IndexPath(path + ".vm_placement", i) + ".folder", "VM folder");
    }
    CheckNetworkMapping(dc, path);
  }

  void CheckFolders(const std::vector<Located>& folders, const std::string& path, const std::string& what) {
    for (size_t i = 0; i < folders.size(); ++i) {
      Report(folders[i].location, IndexPath(path, i), FolderPathProblem(folders[i].value));
    }
    CheckNoRepeats(folders, path, what);
  }

  void CheckNoRepeats(const std::vector<Located>& folders, const std::string& path, const std::string& what) {
    std::map<std::string, int> first_line;
    for (size_t i = 0; i < folders.size(); ++i) {
      const auto [it, inserted] = first_line.emplace(folders[i].value, folders[i].location.line);
      if (!inserted) {
        Error(folders[i].location, IndexPath(path, i),
              what + " " + Quoted(folders[i].value) + " is declared twice (first at line " +
                  std::to_string(it->second) + ")");
      }
    }
  }

  // A folder reference must name a declared folder or one of its parents.
  void CheckFolderReference(const Located& folder, const std::vector<Located>& declared,
                            const std::string& path, const std::string& what) {
    if (folder.value.empty()) return;
    std::vector<std::string> names;  // declared folders and the parents they imply
    for (const auto& candidate : declared) {
      if (candidate.value == folder.value || candidate.value.rfind(folder.value + "/", 0) == 0) return;
      for (size_t slash = candidate.value.find('/'); slash != std::string::npos;
           slash = candidate.value.find('/', slash + 1)) {
        names.push_back(candidate.value.substr(0, slash));
      }
      names.push_back(candidate.value);
    }
    const std::string list = what == "host folder" ? "host_folders" : "vm_folders";
    Error(folder.location, path,
          "unknown " + what + " " + Quoted(folder.value) + DidYouMean(folder.value, names) +
              (names.empty() || ClosestMatch(folder.value, names).empty() ? "; declare it in " + list : ""));
  }

  // `place_of_host`: by host name folded, as DNS compares names (RFC 4343: without
  // regard to case), where it is listed and the name as written there.
  void CheckCluster(const DatacenterSpec& dc, const ClusterSpec& cluster, const std::string& path,
                    std::map<std::string, HostListing>& place_of_host) {
    const std::string here = "cluster " + Quoted(dc.name + "/" + cluster.name);
    std::vector<std::string> host_names;
    for (size_t i = 0; i < cluster.hosts.size(); ++i) {
      ListHost(cluster.hosts[i], IndexPath(path + ".hosts", i), here, place_of_host);
      host_names.push_back(cluster.hosts[i].value);
    }
    CheckGroups(cluster, path, host_names);
    CheckRules(cluster, path);
    CheckPools(cluster.resource_pools.value, path + ".resource_pools");
    CheckVApps(cluster.vapps.value, path + ".vapps");
    if (cluster.ha.mode == Managed<HaSettings>::Mode::Set) {
      const AdmissionControl& ac = cluster.ha.value.admission_control;
      for (size_t i = 0; i < ac.failover_hosts.size(); ++i) {
        CheckHostOfCluster({ac.failover_hosts[i], cluster.failover_host_locations.at(i)}, host_names,
                           IndexPath(path + ".ha.admission_control.failover_hosts", i), "failover host");
      }
      if (ac.enabled && ac.policy == "dedicated_hosts" && ac.failover_hosts.empty()) {
        Error(cluster.location, path + ".ha.admission_control",
              "the dedicated_hosts policy needs failover_hosts");
      }
    }
  }

  // A host is listed once: in one cluster, or standalone. Host names are DNS names:
  // "esx-01" and "ESX-01" are one host listed twice.
  void ListHost(const Located& host, const std::string& path, const std::string& here,
                std::map<std::string, HostListing>& place_of_host) {
    Report(host.location, path, EntityNameProblem(host.value));
    const auto [it, inserted] = place_of_host.emplace(FoldedName(host.value), HostListing{here, host.value});
    if (inserted) return;
    const bool clusters = it->second.place.rfind("cluster ", 0) == 0 && here.rfind("cluster ", 0) == 0;
    const bool same = it->second.name == host.value;
    Error(host.location, path,
          "host " + Quoted(host.value) + " is already listed in " + it->second.place +
              (same ? "" : " as " + Quoted(it->second.name) + " (host names are DNS names: case does not matter)") +
              (clusters ? "; a host belongs to one cluster" : "; a host is in one cluster or standalone"));
  }

  void CheckStandaloneHosts(const DatacenterSpec& dc, const std::string& path,
                            std::map<std::string, HostListing>& place_of_host, std::set<std::string>& hosts_in_dc) {
    const std::string here = "the standalone hosts of datacenter " + Quoted(dc.name);
    for (size_t i = 0; i < dc.standalone_hosts.size(); ++i) {
      const StandaloneHostSpec& host = dc.standalone_hosts[i];
      const std::string host_path = IndexPath(path + ".standalone_hosts", i);
      ListHost(host.name, host_path + ".name", here, place_of_host);
      CheckFolderReference(host.folder, dc.host_folders, host_path + ".folder", "host folder");
      hosts_in_dc.insert(host.name.value);
      CheckPools(host.resource_pools.value, host_path + ".resource_pools");
      CheckVApps(host.vapps.value, host_path + ".vapps");
    }
  }

  void CheckHostOfCluster(const Located& host, const std::vector<std::string>& hosts, const std::string& path,
                          const std::string& what) {
    if (std::find(hosts.begin(), hosts.end(), host.value) != hosts.end()) return;
    Error(host.location, path,
          what + " " + Quoted(host.value) + " is not one of this cluster's hosts" + DidYouMean(host.value, hosts));
  }

  void CheckGroups(const ClusterSpec& cluster, const std::string& path, const std::vector<std::string>& hosts) {
    auto groups = MakeUnique<ClusterGroup>("group", [](const ClusterGroup& g) { return g.name; });
    for (size_t i = 0; i < cluster.groups.size(); ++i) {
      const ClusterGroup& group = cluster.groups[i];
      const std::string group_path = IndexPath(path + ".groups", i);
      Report(group.location, group_path + ".name", groups.See(group));
      if (group.type != "host") continue;
      for (size_t m = 0; m < group.members.size(); ++m) {
        CheckHostOfCluster(group.members[m], hosts, IndexPath(group_path + ".members", m), "host");
      }
    }
  }

  // Sibling pools have distinct names (vCenter's DuplicateName), at every depth.
  void CheckPools(const std::vector<PoolSpec>& pools, const std::string& path) {
    auto names = MakeUnique<PoolSpec>("resource pool", [](const PoolSpec& p) { return p.name; });
    for (size_t i = 0; i < pools.size(); ++i) {
      const std::string pool_path = IndexPath(path, i);
      Report(pools[i].location, pool_path + ".name", names.See(pools[i]));
      CheckPools(pools[i].children, pool_path + ".resource_pools");
    }
  }

  // vApps in one pool have distinct names (vCenter's DuplicateName).
  // A section's key is unique in its vApp (vSphere identifies a section by it); `start`
  // is an entry in the start order of the vApp `resource_pool` names, one of these.
  void CheckVApps(const std::vector<VAppSpec>& vapps, const std::string& path) {
    auto names = MakeUnique<VAppSpec>("vApp", [](const VAppSpec& v) { return v.Path(); });
    for (size_t i = 0; i < vapps.size(); ++i) {
      const VAppSpec& vapp = vapps[i];
      const std::string vapp_path = IndexPath(path, i);
      Report(vapp.location, vapp_path + ".name", names.See(vapp));
      if (vapp.products) CheckSectionKeys(*vapp.products, vapp.product_locations, vapp_path + ".products", "product");
      if (vapp.properties) {
        CheckSectionKeys(*vapp.properties, vapp.property_locations, vapp_path + ".properties", "property");
      }
      const bool in_a_vapp = std::any_of(vapps.begin(), vapps.end(), [&](const VAppSpec& outer) {
        return !vapp.pool.empty() && outer.Path() == vapp.pool;
      });
      if (vapp.start && !in_a_vapp) {
        Error(vapp.start_location, vapp_path + ".start",
              "a start order entry needs resource_pool to name a vApp of this cluster's vapps ('" + vapp.pool +
                  "' is not one)");
      }
    }
  }

  template <typename Section>
  void CheckSectionKeys(const std::vector<Section>& sections, const std::vector<SourceLocation>& locations,
                        const std::string& path, const std::string& what) {
    std::map<int, int> first_line;
    for (size_t i = 0; i < sections.size(); ++i) {
      const auto [it, inserted] = first_line.emplace(sections[i].key, locations[i].line);
      if (!inserted) {
        Error(locations[i], IndexPath(path, i) + ".key",
              what + " section key " + std::to_string(sections[i].key) + " is declared twice (first at line " +
                  std::to_string(it->second) + ")");
      }
    }
  }

  void CheckRules(const ClusterSpec& cluster, const std::string& path) {
    auto rules = MakeUnique<ClusterRule>("rule", [](const ClusterRule& r) { return r.name; });
    for (size_t i = 0; i < cluster.rules.size(); ++i) {
      const ClusterRule& rule = cluster.rules[i];
      const std::string rule_path = IndexPath(path + ".rules", i);
      Report(rule.location, rule_path + ".name", rules.See(rule));
      if (rule.type == "vm_host") {
        CheckRuleGroup(cluster, rule, rule.vm_group, "vm", rule_path + ".vm_group");
        CheckRuleGroup(cluster, rule, rule.host_group, "host", rule_path + ".host_group");
      } else if (!rule.type.empty() && rule.vms.size() < 2) {
        Error(rule.location, rule_path + ".vms", "a " + rule.type + " rule needs at least 2 VMs");
      }
    }
  }

  void CheckRuleGroup(const ClusterSpec& cluster, const ClusterRule& rule, const Located& reference,
                      const std::string& type, const std::string& path) {
    const std::string what = type == "vm" ? "VM group" : "host group";
    if (reference.value.empty()) {
      Error(rule.location, path, "a vm_host rule needs a " + what);
      return;
    }
    std::vector<std::string> candidates;
    for (const auto& group : cluster.groups) {
      if (group.name == reference.value) {
        if (group.type != type) {
          Error(reference.location, path, Quoted(group.name) + " is a " + (type == "vm" ? "host" : "VM") +
                                              " group, not a " + what);
        }
        return;
      }
      if (group.type == type) candidates.push_back(group.name);
    }
    Error(reference.location, path,
          "rule " + Quoted(rule.name) + " names unknown " + what + " " + Quoted(reference.value) +
              DidYouMean(reference.value, candidates));
  }

  static std::vector<std::string> UplinksOf(const DistributedSwitchSpec& dvs) {
    std::vector<std::string> names;
    if (dvs.uplinks) {
      for (const auto& uplink : *dvs.uplinks) names.push_back(uplink.value);
    } else if (dvs.inherit.value.empty()) {
      names = {"Uplink 1", "Uplink 2", "Uplink 3", "Uplink 4"};
    }
    return names;  // empty when inherited: known only once the source is read
  }

  void CheckSwitches(const DatacenterSpec& dc, const std::string& path, const std::set<std::string>& hosts_in_dc) {
    auto switches = MakeUnique<DistributedSwitchSpec>("distributed switch",
                                                      [](const DistributedSwitchSpec& s) { return s.name; });
    // vSphere keeps port group names unique within a datacenter's network folder.
    auto port_groups = MakeUnique<PortGroupSpec>("port group", [](const PortGroupSpec& p) { return p.name; });
    std::map<std::pair<std::string, std::string>, std::string> switch_of_pnic;  // (host, pNIC) -> switch
    for (size_t i = 0; i < dc.distributed_switches.size(); ++i) {
      const DistributedSwitchSpec& dvs = dc.distributed_switches[i];
      const std::string dvs_path = IndexPath(path + ".distributed_switches", i);
      Report(dvs.location, dvs_path + ".name", EntityNameProblem(dvs.name));
      Report(dvs.location, dvs_path + ".name", switches.See(dvs));
      const std::vector<std::string> uplinks = UplinksOf(dvs);
      if (dvs.uplinks) CheckNoRepeats(*dvs.uplinks, dvs_path + ".uplinks", "uplink");
      for (size_t p = 0; p < dvs.port_groups.size(); ++p) {
        const PortGroupSpec& pg = dvs.port_groups[p];
        const std::string pg_path = IndexPath(dvs_path + ".port_groups", p);
        Report(pg.location, pg_path + ".name", EntityNameProblem(pg.name));
        Report(pg.location, pg_path + ".name", port_groups.See(pg));
        CheckPortGroup(dvs, pg, pg_path, uplinks);
      }
      for (size_t h = 0; h < dvs.hosts.size(); ++h) {
        CheckSwitchMember(dc, dvs, dvs.hosts[h], IndexPath(dvs_path + ".hosts", h), uplinks, hosts_in_dc,
                          switch_of_pnic);
      }
    }
  }

  void CheckPortGroup(const DistributedSwitchSpec& dvs, const PortGroupSpec& pg, const std::string& path,
                      const std::vector<std::string>& uplinks) {
    if (pg.has_vlan && !pg.vlan_trunk.empty()) {
      Error(pg.location, path, "vlan and vlan_trunk exclude each other; a port group has one VLAN or a trunk");
    }
    for (size_t r = 0; r < pg.vlan_trunk.size(); ++r) {
      const VlanRange& range = pg.vlan_trunk[r];
      if (range.start > range.end) {
        Error(range.location, IndexPath(path + ".vlan_trunk", r),
              "VLAN range " + std::to_string(range.start) + "-" + std::to_string(range.end) + " ends before it starts");
      }
    }
    std::set<std::string> active;
    for (size_t u = 0; u < pg.teaming.active_uplinks.size(); ++u) {
      CheckUplink(dvs, pg.teaming.active_uplinks[u], uplinks, IndexPath(path + ".teaming.active_uplinks", u));
      active.insert(pg.teaming.active_uplinks[u].value);
    }
    for (size_t u = 0; u < pg.teaming.standby_uplinks.size(); ++u) {
      const Located& uplink = pg.teaming.standby_uplinks[u];
      const std::string uplink_path = IndexPath(path + ".teaming.standby_uplinks", u);
      CheckUplink(dvs, uplink, uplinks, uplink_path);
      if (active.count(uplink.value)) {
        Error(uplink.location, uplink_path, "uplink " + Quoted(uplink.value) + " is both active and standby");
      }
    }
  }

  void CheckUplink(const DistributedSwitchSpec& dvs, const Located& uplink, const std::vector<std::string>& uplinks,
                   const std::string& path) {
    if (uplinks.empty() || std::find(uplinks.begin(), uplinks.end(), uplink.value) != uplinks.end()) return;
    Error(uplink.location, path,
          Quoted(uplink.value) + " is not an uplink of switch " + Quoted(dvs.name) + DidYouMean(uplink.value, uplinks) +
              " (its uplinks: " + JoinNames(uplinks) + ")");
  }

  void CheckSwitchMember(const DatacenterSpec& dc, const DistributedSwitchSpec& dvs, const DvsHostMember& member,
                         const std::string& path, const std::vector<std::string>& uplinks,
                         const std::set<std::string>& hosts_in_dc,
                         std::map<std::pair<std::string, std::string>, std::string>& switch_of_pnic) {
    if (!hosts_in_dc.count(member.name)) {
      Error(member.location, path + ".name",
            "host " + Quoted(member.name) + " joins switch " + Quoted(dvs.name) +
                " but no cluster of datacenter " + Quoted(dc.name) + " lists it" +
                DidYouMean(member.name, std::vector<std::string>(hosts_in_dc.begin(), hosts_in_dc.end())));
    }
    std::map<std::string, std::string> pnic_of_uplink;
    for (const auto& [pnic, uplink] : member.uplinks) {
      const std::string pnic_path = path + ".uplinks." + pnic.value;
      CheckUplink(dvs, uplink, uplinks, pnic_path);
      if (const auto [it, inserted] = pnic_of_uplink.emplace(uplink.value, pnic.value); !inserted) {
        Error(uplink.location, pnic_path,
              Quoted(pnic.value) + " and " + Quoted(it->second) + " are both mapped to uplink " +
                  Quoted(uplink.value) + "; an uplink takes one physical NIC per host");
      }
      const auto [owner, inserted] = switch_of_pnic.emplace(std::make_pair(member.name, pnic.value), dvs.name);
      if (!inserted && owner->second != dvs.name) {
        Error(pnic.location, pnic_path,
              "physical NIC " + Quoted(pnic.value) + " of host " + Quoted(member.name) +
                  " is already an uplink of switch " + Quoted(owner->second) + "; a NIC is in one switch");
      }
    }
    std::vector<std::string> port_groups;
    for (const auto& pg : dvs.port_groups) port_groups.push_back(pg.name);
    for (const auto& [vmk, pg] : member.vmkernel) {
      if (std::find(port_groups.begin(), port_groups.end(), pg.value) != port_groups.end()) continue;
      if (!dvs.inherit.value.empty() && dvs.port_groups.empty()) continue;  // inherited: known later
      Error(pg.location, path + ".vmkernel." + vmk.value,
            "port group " + Quoted(pg.value) + " is not on switch " + Quoted(dvs.name) +
                DidYouMean(pg.value, port_groups));
    }
  }

  void CheckNetworkMapping(const DatacenterSpec& dc, const std::string& path) {
    std::vector<std::string> switch_names;
    for (const auto& dvs : dc.distributed_switches) switch_names.push_back(dvs.name);
    std::map<std::string, int> first_line;
    for (size_t i = 0; i < dc.network_mapping.size(); ++i) {
      const NetworkMapping& mapping = dc.network_mapping[i];
      const std::string mapping_path = IndexPath(path + ".network_mapping", i);
      if (const auto [it, inserted] = first_line.emplace(mapping.source, mapping.location.line); !inserted) {
        Error(mapping.location, mapping_path + ".source",
              "network " + Quoted(mapping.source) + " is mapped twice (first at line " + std::to_string(it->second) + ")");
      }
      const auto dvs = std::find_if(dc.distributed_switches.begin(), dc.distributed_switches.end(),
                                    [&](const DistributedSwitchSpec& s) { return s.name == mapping.switch_name.value; });
      if (dvs == dc.distributed_switches.end()) {
        Error(mapping.switch_name.location, mapping_path + ".switch",
              "port group " + Quoted(mapping.port_group.value) + " is on unknown switch " +
                  Quoted(mapping.switch_name.value) + DidYouMean(mapping.switch_name.value, switch_names));
        continue;
      }
      std::vector<std::string> port_groups;
      for (const auto& pg : dvs->port_groups) port_groups.push_back(pg.name);
      const bool inherited = !dvs->inherit.value.empty() && dvs->port_groups.empty();
      if (!inherited && std::find(port_groups.begin(), port_groups.end(), mapping.port_group.value) == port_groups.end()) {
        Error(mapping.port_group.location, mapping_path + ".port_group",
              "port group " + Quoted(mapping.port_group.value) + " is not on switch " + Quoted(dvs->name) +
                  DidYouMean(mapping.port_group.value, port_groups));
      }
    }
  }

  void CheckEsxiHosts(const std::map<std::string, HostListing>& place_of_host) {
    for (const auto& host : state_.esxi.hosts) {
      const auto listed = place_of_host.find(FoldedName(host.name));
      if (listed == place_of_host.end() || listed->second.name != host.name) {
        Warning(host.location, ChildPath("esxi.hosts", host.name),
                "settings for host " + Quoted(host.name) + ", which no cluster lists");
      }
    }
  }

  const DesiredState& state_;
  Diagnostics& out_;
};

}  // namespace

void CheckDesiredState(const DesiredState& state, Diagnostics& out) {
  Checker(state, out).Run();
  CheckTagging(state, out);
}

}  // namespace vcshift
