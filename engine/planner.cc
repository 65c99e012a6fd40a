#include "engine/planner.h"

#include <algorithm>
#include <fnmatch.h>
#include <map>
#include <optional>
#include <set>

#include "engine/evc.h"
#include "engine/host_network_actions.h"
#include "engine/host_network_plan.h"
#include "engine/inventory_fields.h"
#include "engine/version.h"

namespace vcshift {
namespace {

// Flattens a settings value into "prefix.field" -> text, through the field lists that
// also drive JSON, so every field shows up in plans without being listed again.
class Flattener {
 public:
  explicit Flattener(std::string prefix) : prefix_(std::move(prefix)) {}

  template <typename T>
  void operator()(const char* key, const T& value) {
    Add(prefix_.empty() ? key : prefix_ + "." + key, value);
  }

  std::map<std::string, std::string> result;

 private:
  void Add(const std::string& path, const std::string& value) { result[path] = value; }
  void Add(const std::string& path, int value) { result[path] = std::to_string(value); }
  void Add(const std::string& path, bool value) { result[path] = value ? "true" : "false"; }
  void Add(const std::string& path, const std::vector<std::string>& values) {
    std::string joined;
    for (const auto& v : values) joined += (joined.empty() ? "" : ",") + v;
    result[path] = joined;
  }
  void Add(const std::string& path, const std::vector<std::pair<int, int>>& ranges) {
    std::string joined;
    for (const auto& [start, end] : ranges) {
      joined += (joined.empty() ? "" : ",") + std::to_string(start) + (start == end ? "" : "-" + std::to_string(end));
    }
    result[path] = joined;
  }
  template <typename T>
  void Add(const std::string& path, const T& object) {
    Flattener nested(path);
    fields::Describe(nested, object);
    result.insert(nested.result.begin(), nested.result.end());
  }

  std::string prefix_;
};

template <typename T>
std::map<std::string, std::string> Flatten(const std::string& prefix, const T& value) {
  Flattener flattener(prefix);
  fields::Describe(flattener, value);
  return flattener.result;
}

std::vector<FieldChange> Differences(const std::map<std::string, std::string>& before,
                                     const std::map<std::string, std::string>& after) {
  std::vector<FieldChange> changes;
  for (const auto& [field, value] : after) {
    const auto it = before.find(field);
    const std::string old = it == before.end() ? "" : it->second;
    if (old != value) changes.push_back({field, old, value});
  }
  return changes;
}

std::string Join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
}

// vSphere's settings for a cluster created without any: HA and DRS off.
HaSettings NewClusterHa() {
  HaSettings ha;
  ha.enabled = false;
  return ha;
}
DrsSettings NewClusterDrs() {
  DrsSettings drs;
  drs.enabled = false;
  return drs;
}

class Planner {
 public:
  Planner(const DesiredState& desired, const Inventory& source, const Inventory& target)
      : desired_(desired), source_(source), target_(target), same_vcenter_(desired.connections.target_is_source) {}

  PlanResult Run() {
    for (const auto& dc : desired_.datacenters) PlanDatacenter(dc);
    PlanCleanup();
    if (HasErrors(errors_)) return {std::nullopt, errors_};
    PlanResult result = OrderActions(std::move(actions_), std::move(notes_));
    result.diagnostics.insert(result.diagnostics.begin(), errors_.begin(), errors_.end());
    return result;
  }

 private:
  // --- lookups -------------------------------------------------------------------
  static const InventoryHost* FindHost(const Inventory& inventory, const std::string& name) {
    for (const auto& host : inventory.hosts) {
      if (host.name == name) return &host;
    }
    return nullptr;
  }
  static const InventoryCluster* FindCluster(const Inventory& inventory, const std::string& dc,
                                             const std::string& name) {
    for (const auto& cluster : inventory.clusters) {
      if (cluster.datacenter == dc && cluster.name == name) return &cluster;
    }
    return nullptr;
  }
  static const InventoryDvs* FindDvs(const Inventory& inventory, const std::string& dc, const std::string& name) {
    for (const auto& dvs : inventory.switches) {
      if ((dc.empty() || dvs.datacenter == dc) && dvs.name == name) return &dvs;
    }
    return nullptr;
  }
  static bool HasDatacenter(const Inventory& inventory, const std::string& name) {
    return std::any_of(inventory.datacenters.begin(), inventory.datacenters.end(),
                       [&](const InventoryDatacenter& dc) { return dc.name == name; });
  }

  // --- recording -----------------------------------------------------------------
  Action& Add(ActionKind kind, Side side, const std::string& object) {
    Action action;
    action.kind = kind;
    action.side = side;
    action.object = object;
    action.id = std::string(KindName(kind)) + ":" + SideName(side) + ":" + object;
    actions_.push_back(std::move(action));
    return actions_.back();
  }
  void Error(SourceLocation location, const std::string& path, const std::string& message) {
    errors_.push_back({Severity::Error, desired_.file, location, path, message});
  }
  void Note(SourceLocation location, const std::string& message) {
    notes_.push_back({Severity::Warning, desired_.file, location, "", message});
  }

  // --- datacenters and folders ---------------------------------------------------
  void PlanDatacenter(const DatacenterSpec& dc) {
    if (!HasDatacenter(target_, dc.name)) {
      Action& create = Add(ActionKind::CreateDatacenter, Side::Target, dc.name);
      create.outputs = {"dc@target:" + dc.name};
      create.expected_seconds = 2;
    }
    PlanFolders(dc, dc.host_folders, "host");
    PlanFolders(dc, dc.vm_folders, "vm");
    std::map<std::string, std::string> cluster_of_host;
    for (const auto& cluster : dc.clusters) {
      for (const auto& host : cluster.hosts) cluster_of_host[host.value] = cluster.name;
    }
    for (const auto& cluster : dc.clusters) PlanCluster(dc, cluster);
    for (const auto& dvs : dc.distributed_switches) PlanSwitch(dc, dvs);
    for (const auto& cluster : dc.clusters) {
      for (const auto& host : cluster.hosts) PlanArrival(dc, host.value);
    }
    PlanVmPlacement(dc);
  }

  void PlanFolders(const DatacenterSpec& dc, const std::vector<Located>& folders, const std::string& type) {
    const InventoryDatacenter* existing = nullptr;
    for (const auto& candidate : target_.datacenters) {
      if (candidate.name == dc.name) existing = &candidate;
    }
    std::set<std::string> planned;
    for (const auto& folder : folders) {
      // Parents first: "Prod/Web" needs "Prod".
      std::string path;
      for (size_t start = 0; start <= folder.value.size();) {
        const size_t slash = std::min(folder.value.find('/', start), folder.value.size());
        path = folder.value.substr(0, slash);
        start = slash + 1;
        const auto& have = type == "host" ? (existing ? existing->host_folders : std::vector<std::string>{})
                                          : (existing ? existing->vm_folders : std::vector<std::string>{});
        if (std::find(have.begin(), have.end(), path) != have.end() || !planned.insert(path).second) continue;
        Action& create = Add(ActionKind::CreateFolder, Side::Target, dc.name + "/" + type + "/" + path);
        create.params = {{"type", type}, {"path", path}};
        const size_t parent = path.rfind('/');
        create.inputs = {parent == std::string::npos ? "dc@target:" + dc.name
                                                     : "folder@target:" + dc.name + "/" + type + "/" + path.substr(0, parent)};
        create.outputs = {"folder@target:" + dc.name + "/" + type + "/" + path};
        create.expected_seconds = 1;
      }
    }
  }

  // --- clusters ------------------------------------------------------------------
  // The source cluster the desired cluster's hosts come from, for `inherit`.
  const InventoryCluster* InheritFrom(const ClusterSpec& cluster) {
    for (const auto& host : cluster.hosts) {
      const InventoryHost* found = FindHost(source_, host.value);
      if (found && !found->cluster.empty()) return FindCluster(source_, found->datacenter, found->cluster);
    }
    return nullptr;
  }

  template <typename T>
  bool Resolve(const Managed<T>& managed, const T* inherited, bool exists, const T& current, T& out,
               const ClusterSpec& cluster, const char* what) {
    switch (managed.mode) {
      case Managed<T>::Mode::Unmanaged: out = current; return true;
      case Managed<T>::Mode::Set: out = managed.value; return true;
      case Managed<T>::Mode::Inherit:
        // Once every host has left the source, the target cluster holds what was
        // inherited when it was made: planning again changes nothing.
        if (!inherited && exists) {
          out = current;
          return true;
        }
        if (!inherited) {
          Error(cluster.location, "", std::string(what) + ": inherit, but none of the hosts of cluster '" +
                                          cluster.name + "' is in a cluster on the source");
          return false;
        }
        out = *inherited;
        return true;
    }
    return false;
  }

  void PlanCluster(const DatacenterSpec& dc, const ClusterSpec& cluster) {
    const std::string path = dc.name + "/" + cluster.name;
    const InventoryCluster* existing = FindCluster(target_, dc.name, cluster.name);
    if (!NameFreeForCluster(dc, cluster, existing)) return;
    const InventoryCluster* inherited = InheritFrom(cluster);
    const HaSettings current_ha = existing ? existing->ha : NewClusterHa();
    const DrsSettings current_drs = existing ? existing->drs : NewClusterDrs();
    const std::string current_evc = existing ? existing->evc_mode : "disabled";
    HaSettings ha;
    DrsSettings drs;
    std::string evc;
    const bool resolved =
        Resolve(cluster.ha, inherited ? &inherited->ha : nullptr, existing, current_ha, ha, cluster, "ha") &&
        Resolve(cluster.drs, inherited ? &inherited->drs : nullptr, existing, current_drs, drs, cluster, "drs") &&
        Resolve(cluster.evc_mode, inherited ? &inherited->evc_mode : nullptr, existing, current_evc, evc, cluster,
                "evc_mode");
    if (!resolved) return;

    auto wanted = Flatten("ha", ha);
    const auto drs_fields = Flatten("drs", drs);
    wanted.insert(drs_fields.begin(), drs_fields.end());
    wanted["evc_mode"] = evc;
    auto before = Flatten("ha", current_ha);
    const auto drs_before = Flatten("drs", current_drs);
    before.insert(drs_before.begin(), drs_before.end());
    before["evc_mode"] = current_evc;

    if (!existing) {
      Action& create = Add(ActionKind::CreateCluster, Side::Target, path);
      create.params = wanted;
      create.params["folder"] = cluster.folder.value;
      create.changes = Differences({}, wanted);
      create.inputs = {cluster.folder.value.empty() ? "dc@target:" + dc.name
                                                    : "folder@target:" + dc.name + "/host/" + cluster.folder.value};
      create.outputs = {"cluster@target:" + path};
      create.expected_seconds = 5;
    } else if (auto changes = Differences(before, wanted); !changes.empty()) {
      Action& configure = Add(ActionKind::ConfigureCluster, Side::Target, path);
      for (const auto& change : changes) {
        configure.params[change.field] = change.after;
        configure.prior[change.field] = change.before;
      }
      configure.changes = std::move(changes);
      configure.outputs = {"cluster-config@target:" + path};
      configure.expected_seconds = 5;
    }
    std::vector<std::string> arrivals;
    for (const auto& host : cluster.hosts) {
      if (auto arrival = PlanHost(dc, cluster, host, evc); !arrival.empty()) arrivals.push_back(arrival);
    }
    PlanRules(dc, cluster, existing, arrivals);
    if (existing) NoteUnmanagedHosts(dc, cluster);
  }

  // The cluster's name must not be taken on the target by something else: the same
  // cluster in another folder, or a folder of that name where it would be created.
  bool NameFreeForCluster(const DatacenterSpec& dc, const ClusterSpec& cluster, const InventoryCluster* existing) {
    const std::string& folder = cluster.folder.value;
    if (existing && !folder.empty() && existing->folder != folder) {
      Error(cluster.location, "", "cluster '" + dc.name + "/" + cluster.name + "' exists on the target in folder '" +
                                      existing->folder + "', not '" + folder + "'; vcshift does not move clusters");
      return false;
    }
    const std::string sibling = folder.empty() ? cluster.name : folder + "/" + cluster.name;
    for (const auto& candidate : target_.datacenters) {
      if (candidate.name != dc.name) continue;
      if (std::find(candidate.host_folders.begin(), candidate.host_folders.end(), sibling) != candidate.host_folders.end()) {
        Error(cluster.location, "", "a folder named '" + sibling + "' already exists on the target in datacenter '" +
                                        dc.name + "' where cluster '" + cluster.name + "' would be");
        return false;
      }
    }
    return true;
  }

  // Whether any cluster of the desired state lists the host (it may be moving away).
  bool Desired(const std::string& host) const {
    for (const auto& dc : desired_.datacenters) {
      for (const auto& cluster : dc.clusters) {
        for (const auto& name : cluster.hosts) {
          if (name.value == host) return true;
        }
      }
    }
    return false;
  }

  void NoteUnmanagedHosts(const DatacenterSpec& dc, const ClusterSpec& cluster) {
    for (const auto& host : target_.hosts) {
      if (host.datacenter != dc.name || host.cluster != cluster.name) continue;
      if (!Desired(host.name)) {
        Note(cluster.location, "host '" + host.name + "' is in cluster '" + dc.name + "/" + cluster.name +
                                   "' but not in the desired state; vcshift leaves it alone");
      }
    }
  }

  // DRS groups and rules: those the desired state names are set as written; the
  // cluster's others are left alone. They run once the cluster's hosts (and so their
  // VMs) are there.
  void PlanRules(const DatacenterSpec& dc, const ClusterSpec& cluster, const InventoryCluster* existing,
                 const std::vector<std::string>& arrivals) {
    std::map<std::string, std::string> wanted, before;
    for (const auto& group : cluster.groups) {
      std::vector<std::string> members;
      for (const auto& m : group.members) members.push_back(m.value);
      std::sort(members.begin(), members.end());
      wanted["group." + group.name] = group.type + ": " + Join(members, ",");
    }
    for (const auto& rule : cluster.rules) {
      std::vector<std::string> vms;
      for (const auto& vm : rule.vms) vms.push_back(vm.value);
      wanted["rule." + rule.name] = RuleText(rule.type, rule.enabled, vms, rule.vm_group.value,
                                             rule.host_group.value, rule.type == "vm_host" ? rule.policy : "");
    }
    if (existing) {
      for (const auto& group : existing->groups) {
        std::vector<std::string> members = group.members;
        std::sort(members.begin(), members.end());
        if (wanted.count("group." + group.name)) before["group." + group.name] = group.type + ": " + Join(members, ",");
      }
      for (const auto& rule : existing->rules) {
        if (wanted.count("rule." + rule.name)) {
          before["rule." + rule.name] =
              RuleText(rule.type, rule.enabled, rule.vms, rule.vm_group, rule.host_group, rule.policy);
        }
      }
    }
    auto changes = Differences(before, wanted);
    if (changes.empty()) return;
    const std::string path = dc.name + "/" + cluster.name;
    Action& configure = Add(ActionKind::ConfigureClusterRules, Side::Target, path);
    for (const auto& change : changes) {
      configure.params[change.field] = change.after;
      configure.prior[change.field] = change.before;
    }
    configure.changes = std::move(changes);
    configure.inputs = arrivals;
    configure.inputs.push_back("cluster@target:" + path);
    configure.expected_seconds = 5;
  }

  static std::string RuleText(const std::string& type, bool enabled, std::vector<std::string> vms,
                              const std::string& vm_group, const std::string& host_group, const std::string& policy) {
    std::string text = type + (enabled ? "" : " (disabled)");
    if (type == "vm_host") return text + ": " + vm_group + " " + policy + " " + host_group;
    std::sort(vms.begin(), vms.end());
    return text + ": " + Join(vms, ",");
  }

  // --- hosts ---------------------------------------------------------------------
  // Plans the host's way into the cluster; returns the resource that says it is there
  // ("" when it already is).
  std::string PlanHost(const DatacenterSpec& dc, const ClusterSpec& cluster, const Located& name,
                       const std::string& evc) {
    const std::string cluster_path = dc.name + "/" + cluster.name;
    const InventoryHost* on_target = FindHost(target_, name.value);
    const InventoryHost* on_source = same_vcenter_ ? nullptr : FindHost(source_, name.value);
    const InventoryHost* host = on_target ? on_target : on_source;
    if (!host) {
      Error(name.location, "", "host '" + name.value + "' is on neither the source (" + source_.vcenter +
                                   ") nor the target (" + target_.vcenter + ")");
      return "";
    }
    if (!EvcModeSupported(evc, host->max_evc_mode)) {
      Error(name.location, "", "host '" + name.value + "' supports EVC up to '" + host->max_evc_mode +
                                   "' and cannot join cluster '" + cluster_path + "' in EVC mode '" + evc + "'");
    }
    if (on_target) {
      const bool there = on_target->datacenter == dc.name && on_target->cluster == cluster.name;
      const std::string arrival = there ? "" : PlanMoveWithinVCenter(dc, cluster, *on_target, name);
      NoteEarlierArrival(dc, *on_target, cluster_path + "/" + name.value, arrival);
      return arrival;
    }
    return PlanMigration(dc, cluster, *on_source, name);
  }

  // A host vcshift can move as it is: connected, not holding vSAN storage, not on an
  // LACP link aggregation (neither travels with the host).
  bool Movable(const Inventory& where, const InventoryHost& host, const Located& name) {
    if (host.connection_state != "connected") {
      Error(name.location, "", "host '" + host.name + "' is " + host.connection_state +
                                   "; only a connected host can be moved (reconnect it first)");
      return false;
    }
    const InventoryCluster* cluster = FindCluster(where, host.datacenter, host.cluster);
    if (cluster && cluster->vsan) {
      Error(name.location, "", "host '" + host.name + "' is in vSAN cluster '" + host.datacenter + "/" + host.cluster +
                                   "'; vcshift does not move vSAN hosts (their disks hold the cluster's data)");
      return false;
    }
    for (const auto& proxy : host.proxy_switches) {
      const InventoryDvs* dvs = FindDvs(where, host.datacenter, proxy.dvs);
      if (dvs && !dvs->lacp_groups.empty()) {
        Error(name.location, "", "host '" + host.name + "' is on distributed switch '" + proxy.dvs +
                                     "', which uses LACP (" + Join(dvs->lacp_groups, ", ") +
                                     "); move its uplinks off the link aggregation first");
        return false;
      }
    }
    return true;
  }

  // Entering maintenance mode moves powered-on VMs away only when DRS is fully
  // automated, to another host of the cluster, and not off a network local to the host
  // (a standard switch without physical NICs).
  bool CanEvacuate(const InventoryHost& host, const Located& name) {
    std::vector<const InventoryVm*> running;
    for (const auto& vm : target_.vms) {
      if (vm.host == host.name && vm.power_state == "poweredOn") running.push_back(&vm);
    }
    if (running.empty()) return true;
    const std::string cluster_path = host.datacenter + "/" + host.cluster;
    const InventoryCluster* cluster = FindCluster(target_, host.datacenter, host.cluster);
    const std::string count = std::to_string(running.size()) + " powered-on VM" + (running.size() == 1 ? "" : "s");
    if (!cluster || !cluster->drs.enabled || cluster->drs.automation_level != "fullyAutomated") {
      Error(name.location, "", "host '" + host.name + "' has " + count + " and cluster '" + cluster_path +
                                   "' does not have fully automated DRS to move them; vMotion or power them off "
                                   "first, or set DRS to fullyAutomated");
      return false;
    }
    const bool other_host = std::any_of(target_.hosts.begin(), target_.hosts.end(), [&](const InventoryHost& h) {
      return h.name != host.name && h.datacenter == host.datacenter && h.cluster == host.cluster &&
             h.connection_state == "connected" && !h.maintenance_mode;
    });
    if (!other_host) {
      Error(name.location, "", "host '" + host.name + "' has " + count + " and no other host of cluster '" +
                                   cluster_path + "' can take them");
      return false;
    }
    for (const InventoryVm* vm : running) {
      for (const auto& nic : vm->nics) {
        if (!nic.dvs.empty() || !LocalOnly(host, nic.network)) continue;
        Error(name.location, "", "VM '" + vm->name + "' on host '" + host.name + "' is on network '" + nic.network +
                                     "', which has no physical NIC, so it cannot be moved off the host; "
                                     "move or power off the VM first");
        return false;
      }
    }
    return true;
  }

  // A standard port group on a switch without physical NICs: it exists on this host only.
  static bool LocalOnly(const InventoryHost& host, const std::string& port_group) {
    for (const auto& group : host.port_groups) {
      if (group.name != port_group) continue;
      for (const auto& vswitch : host.standard_switches) {
        if (vswitch.name == group.vswitch) return vswitch.pnics.empty();
      }
    }
    return false;
  }

  std::string PlanMoveWithinVCenter(const DatacenterSpec& dc, const ClusterSpec& cluster, const InventoryHost& host,
                                    const Located& name) {
    if (!Movable(target_, host, name)) return "";
    if (host.datacenter != dc.name) {
      Error(name.location, "", "host '" + host.name + "' is in datacenter '" + host.datacenter +
                                   "'; moving a host between datacenters of one vCenter is not supported");
      return "";
    }
    const std::string from = host.datacenter + "/" + host.cluster;
    const std::string to = dc.name + "/" + cluster.name;
    const std::string key = host.name;
    // A host must be in maintenance mode to leave a cluster; it leaves that mode where it
    // entered it, unless it was already in it.
    std::string ready = "host-maintenance:" + key;
    if (!host.maintenance_mode && !CanEvacuate(host, name)) return "";
    if (!host.maintenance_mode) {
      Action& enter = Add(ActionKind::EnterMaintenanceMode, Side::Target, from + "/" + key);
      enter.outputs = {ready};
      enter.expected_seconds = 60;
    }
    Action& move = Add(ActionKind::MoveHost, Side::Target, key);
    move.params = {{"cluster", to}};
    move.prior = {{"cluster", from}};
    move.changes = {{"cluster", from, to}};
    move.inputs = {ready, "cluster@target:" + to};
    move.outputs = {"host-moved:" + key};
    move.expected_seconds = 10;
    if (host.maintenance_mode) return "host-moved:" + key;
    Action& exit = Add(ActionKind::ExitMaintenanceMode, Side::Target, to + "/" + key);
    exit.inputs = {"host-moved:" + key};
    exit.outputs = {"host@target:" + key};
    exit.expected_seconds = 10;
    return "host@target:" + key;
  }

  std::string PlanMigration(const DatacenterSpec& dc, const ClusterSpec& cluster, const InventoryHost& host,
                            const Located& name) {
    if (!Movable(source_, host, name)) return "";
    // A vCenter manages ESXi hosts of its own version and older.
    if (!host.version.empty() && !target_.api_version.empty() &&
        CompareVersions(host.version, target_.api_version) > 0) {
      Error(name.location, "", "host '" + host.name + "' runs ESXi " + host.version +
                                   ", newer than the target vCenter (API " + target_.api_version +
                                   ") can manage; upgrade the target vCenter first");
      return "";
    }
    const std::string from = host.datacenter + "/" + (host.cluster.empty() ? host.folder : host.cluster);
    const std::string to = dc.name + "/" + cluster.name;
    const std::string key = host.name;
    const std::vector<std::string> ready = PlanDeparture(dc, host, name, from + "/" + key, to + "/" + key);
    if (ready.empty()) return "";
    Action& disconnect = Add(ActionKind::DisconnectHost, Side::Source, from + "/" + key);
    disconnect.inputs = ready;
    disconnect.outputs = {"host-disconnected:" + key};
    disconnect.expected_seconds = 5;
    Action& remove = Add(ActionKind::RemoveHost, Side::Source, from + "/" + key);
    remove.prior = {{"cluster", from}, {"thumbprint", host.ssl_thumbprint}};
    remove.inputs = {"host-disconnected:" + key};
    remove.outputs = {"host-released:" + key};
    remove.expected_seconds = 5;
    Action& add = Add(ActionKind::AddHost, Side::Target, key);
    add.params = {{"cluster", to}, {"thumbprint", ExpectedThumbprint(host)}};
    add.changes = {{"vcenter", source_.vcenter + " " + from, target_.vcenter + " " + to}};
    add.inputs = {"host-released:" + key, "cluster@target:" + to};
    add.outputs = {"host@target:" + key};
    add.expected_seconds = 30;
    return "host@target:" + key;
  }

  // --- host networking -----------------------------------------------------------
  // A host whose networking arrives in the target on standard switches: from the source
  // in this plan, or in an earlier run that stopped before it was on the target's switches.
  struct Arrival {
    std::string object;   // its inventory path on the target
    std::string ready;    // the resource that says it is there
    HostNetwork network;  // as it arrives: off the source's switches
    std::map<std::string, std::string> carried;  // desired switch -> the standard switch holding its networking
    // Puts the host's pNICs back under network I/O control once they are on the target's
    // switches: the host left the source out of it, for a target switch that has it on.
    std::optional<NetworkStep> restore_nioc;
  };

  // A distributed switch belongs to its vCenter: before the host leaves, its networking
  // moves onto standard switches, one step per action (host_network_plan.h); none when
  // it is on none (any more). Returns what the host's disconnect waits for; nothing when
  // the steps are refused.
  std::vector<std::string> PlanDeparture(const DatacenterSpec& dc, const InventoryHost& host, const Located& name,
                                         const std::string& object, const std::string& object_on_target) {
    HostNetwork state = HostNetworkOf(host, source_.vms, SwitchesIn(source_, host.datacenter));
    const auto targets = TargetSwitches(dc, host);
    ToStandardOptions options;
    for (const auto& [source, spec] : targets) options.standard_switches[source] = spec->migration_standard_switch;
    // Network I/O control must not see its pNICs go (or come, on a target switch that has
    // it on): they leave it first and come back, with the exact value the host had, once
    // the last of them has moved.
    std::vector<std::string> nioc = PnicsUnderNioc(state);
    bool target_nioc = false;
    for (const auto& [source, spec] : targets) {
      const InventoryDvs* onto = FindDvs(target_, dc.name, spec->name);
      const ProxySwitch* proxy = FindProxy(state, source);
      if (!onto || !onto->nioc || !proxy) continue;
      target_nioc = true;
      for (const auto& entry : proxy->uplinks) nioc.push_back(entry.first);
    }
    std::vector<NetworkStep> steps;
    const std::optional<NetworkStep> take_out = TakeOutOfNioc(state, nioc);
    if (take_out) {
      steps.push_back(*take_out);
      state = Applied(state, steps);
    }
    const NetworkPlan plan = ToStandardSwitch(state, options);
    if (!Accepted(plan, name.location)) return {};
    steps.insert(steps.end(), plan.steps.begin(), plan.steps.end());
    Arrival arrival{object_on_target, "host@target:" + host.name, Applied(state, plan.steps),
                    Carried(plan.steps, targets, name), std::nullopt};
    if (take_out && target_nioc) {
      arrival.restore_nioc = Inverse(*take_out);
    } else if (take_out) {
      steps.push_back(Inverse(*take_out));
      arrival.network = Applied(arrival.network, {steps.back()});
    }
    AddMigrationSwitches(dc, arrival);
    if (!arrival.carried.empty()) arrivals_[host.name] = std::move(arrival);
    return AddSteps(steps, Side::Source, object, {"host@source:" + host.name}, "host-network-standard:" + host.name);
  }

  // Once the host has arrived, its networking moves from the standard switches that
  // carried it onto the desired switches that list it, one switch after the other, each
  // once the switch and its port groups are there.
  void PlanArrival(const DatacenterSpec& dc, const std::string& host) {
    const auto found = arrivals_.find(host);
    if (found == arrivals_.end()) return;
    const Arrival& arrival = found->second;
    HostNetwork state = ArrivedAt(arrival.network, SwitchesAsPlanned(dc.name));
    std::vector<std::string> after = {arrival.ready};
    std::optional<NetworkStep> restore = arrival.restore_nioc;
    if (!restore) {
      // An earlier run left the networking on a standard switch: its pNICs leave network
      // I/O control here, on the target, before they join a switch that has it on.
      if (const auto take_out = TakeOutOfNioc(state, PnicsOntoNioc(dc, host, arrival, state))) {
        after = AddSteps({*take_out}, Side::Target, arrival.object, after, "nioc-out@target:" + host);
        state = Applied(state, {*take_out});
        restore = Inverse(*take_out);
      }
    }
    for (const auto& spec : dc.distributed_switches) {
      const DvsHostMember* member = MemberOf(spec, host);
      const InventoryDvs* planned = Planned(dc.name, spec.name);
      if (!member || !planned || !Carries(host, spec.name)) continue;
      const DvsMapping mapping = MappingFor(dc, spec.name, *member, arrival.carried.at(spec.name));
      const NetworkPlan plan = ToDistributedSwitch(state, spec.name, mapping);
      if (!Accepted(plan, member->location)) return;
      const std::string path = dc.name + "/" + spec.name;
      after.push_back("dvs@target:" + path);
      for (const auto& pg : planned->port_groups) after.push_back("dvs-port-group@target:" + path + "/" + pg.name);
      ArriveAfterPortGroups(host, path, *planned);
      after = AddSteps(plan.steps, Side::Target, arrival.object, after, "host-on-dvs@target:" + host + "/" + spec.name);
      state = Applied(state, plan.steps);
    }
    if (restore) AddSteps({*restore}, Side::Target, arrival.object, after, "nioc-restored@target:" + host);
  }

  // The pNICs on the standard switches whose networking goes onto a target switch with
  // network I/O control on.
  std::vector<std::string> PnicsOntoNioc(const DatacenterSpec& dc, const std::string& host, const Arrival& arrival,
                                         const HostNetwork& state) {
    std::vector<std::string> out;
    for (const auto& spec : dc.distributed_switches) {
      const InventoryDvs* planned = Planned(dc.name, spec.name);
      const StandardSwitch* carrier =
          Carries(host, spec.name) ? FindStandardSwitch(state, arrival.carried.at(spec.name)) : nullptr;
      if (planned && planned->nioc && carrier) out.insert(out.end(), carrier->pnics.begin(), carrier->pnics.end());
    }
    return out;
  }

  // The host arrives carrying standard port groups named as the switch's: a datacenter's
  // network folder holds one network of a name, so the distributed port groups are made
  // before the host brings its own (vcsim refuses AddDVPortgroup_Task after it with
  // DuplicateName; made first, both are there, as in vCenter).
  void ArriveAfterPortGroups(const std::string& host, const std::string& path, const InventoryDvs& planned) {
    for (auto& action : actions_) {
      if (action.kind != ActionKind::AddHost || action.side != Side::Target || action.object != host) continue;
      for (const auto& pg : planned.port_groups) {
        action.inputs.push_back("dvs-port-group@target:" + path + "/" + pg.name);
      }
    }
  }

  // A host already on the target whose networking still sits on a desired switch's
  // migration switch (an earlier run stopped): its steps go on from where that run did.
  void NoteEarlierArrival(const DatacenterSpec& dc, const InventoryHost& host, const std::string& object,
                          const std::string& ready) {
    Arrival arrival{object, ready.empty() ? "host@target:" + host.name : ready, HostNetworkOf(host, target_.vms, {}), {},
                    std::nullopt};
    AddMigrationSwitches(dc, arrival);
    if (!arrival.carried.empty()) arrivals_[host.name] = std::move(arrival);
  }

  // A desired switch that lists the host takes what is on its migration switch when the
  // host has that switch and no other desired switch takes it: an earlier run moved the
  // networking there.
  static void AddMigrationSwitches(const DatacenterSpec& dc, Arrival& arrival) {
    for (const auto& spec : dc.distributed_switches) {
      const std::string& vswitch = spec.migration_standard_switch;
      const bool taken = std::any_of(arrival.carried.begin(), arrival.carried.end(),
                                     [&](const auto& entry) { return entry.second == vswitch; });
      if (!taken && !arrival.carried.count(spec.name) && MemberOf(spec, arrival.network.host) &&
          FindStandardSwitch(arrival.network, vswitch)) {
        arrival.carried[spec.name] = vswitch;
      }
    }
  }

  // The target's switches in `dc` as they will be once the plan has run.
  std::vector<InventoryDvs> SwitchesAsPlanned(const std::string& dc) {
    std::vector<InventoryDvs> out = planned_switches_[dc];
    for (const auto& dvs : SwitchesIn(target_, dc)) {
      if (!Planned(dc, dvs.name)) out.push_back(dvs);
    }
    return out;
  }

  // Whether `host` arrives with networking for desired switch `dvs` on a standard switch.
  bool Carries(const std::string& host, const std::string& dvs) const {
    const auto found = arrivals_.find(host);
    return found != arrivals_.end() && found->second.carried.count(dvs);
  }

  // The host's `uplinks` and `vmkernel` under the switch, and the datacenter's
  // `network_mapping` onto it.
  static DvsMapping MappingFor(const DatacenterSpec& dc, const std::string& dvs, const DvsHostMember& member,
                               const std::string& standard_switch) {
    DvsMapping mapping;
    mapping.standard_switch = standard_switch;
    for (const auto& [pnic, uplink] : member.uplinks) mapping.uplinks.emplace_back(pnic.value, uplink.value);
    for (const auto& [vmk, pg] : member.vmkernel) mapping.vmkernel.emplace_back(vmk.value, pg.value);
    for (const auto& entry : dc.network_mapping) {
      if (entry.switch_name.value == dvs) mapping.networks.emplace_back(entry.source, entry.port_group.value);
    }
    return mapping;
  }

  static std::vector<InventoryDvs> SwitchesIn(const Inventory& inventory, const std::string& dc) {
    std::vector<InventoryDvs> out;
    for (const auto& dvs : inventory.switches) {
      if (dvs.datacenter == dc) out.push_back(dvs);
    }
    return out;
  }

  // The desired switch of `dc` that takes each source switch's networking, by the source
  // switch's name: the one that inherits it, else one that lists the host and takes no
  // other of its switches. Its migration_standard_switch carries the networking across.
  static std::map<std::string, const DistributedSwitchSpec*> TargetSwitches(const DatacenterSpec& dc,
                                                                            const InventoryHost& host) {
    std::map<std::string, const DistributedSwitchSpec*> out;
    std::set<const DistributedSwitchSpec*> taken;
    for (const auto& proxy : host.proxy_switches) {
      for (const auto& spec : dc.distributed_switches) {
        if (spec.inherit.value == proxy.dvs && !out.count(proxy.dvs) && taken.insert(&spec).second) out[proxy.dvs] = &spec;
      }
    }
    for (const auto& proxy : host.proxy_switches) {
      for (const auto& spec : dc.distributed_switches) {
        if (!out.count(proxy.dvs) && MemberOf(spec, host.name) && taken.insert(&spec).second) out[proxy.dvs] = &spec;
      }
    }
    return out;
  }

  static const DvsHostMember* MemberOf(const DistributedSwitchSpec& spec, const std::string& host) {
    for (const auto& member : spec.hosts) {
      if (member.name == host) return &member;
    }
    return nullptr;
  }

  // Where the steps move each source switch's networking: the standard switch its NICs
  // go to (an earlier run's switch may stand in for the named one).
  static std::map<std::string, std::string> StandardSwitchesOf(const std::vector<NetworkStep>& steps) {
    std::map<std::string, std::string> out;
    for (const auto& step : steps) {
      if (step.from.distributed) out.emplace(step.from.switch_name, step.to.switch_name);
    }
    return out;
  }

  // Which standard switch holds what each desired switch takes. A source switch's
  // networking that no desired switch takes stays on its standard switch: the plan says so.
  std::map<std::string, std::string> Carried(const std::vector<NetworkStep>& steps,
                                             const std::map<std::string, const DistributedSwitchSpec*>& targets,
                                             const Located& host) {
    std::map<std::string, std::string> out;
    for (const auto& [source, vswitch] : StandardSwitchesOf(steps)) {
      const auto target = targets.find(source);
      if (target != targets.end()) {
        out[target->second->name] = vswitch;
        continue;
      }
      Note(host.location, "host '" + host.value + "' keeps the networking of distributed switch '" + source +
                              "' on standard switch '" + vswitch + "' in the target vCenter: no distributed switch "
                              "of the desired state takes it (one that inherits '" + source + "' or lists the host would)");
    }
    return out;
  }

  // The state after steps the algorithm has already checked against it.
  static HostNetwork Applied(HostNetwork state, const std::vector<NetworkStep>& steps) {
    for (const auto& step : steps) state = Apply(state, step).state.value();
    return state;
  }

  // The algorithm's refusals refuse the plan, each an error at `location`.
  bool Accepted(const NetworkPlan& plan, SourceLocation location) {
    for (const auto& problem : plan.problems) Error(location, "", Format(problem));
    return plan.problems.empty();
  }

  // Each step one action, in a chain: a step runs once the one before it has, the first
  // once `inputs` are there. A cleanup step holds up only the cleanup after it, so its
  // failure (a warning) stops nothing else. The last critical step also produces `done`;
  // returns what comes next waits for.
  std::vector<std::string> AddSteps(const std::vector<NetworkStep>& steps, Side side, const std::string& object,
                                    std::vector<std::string> inputs, const std::string& done) {
    std::vector<std::string> after = std::move(inputs);  // what the next critical step waits for
    std::vector<std::string> tail = after;               // what the next cleanup step waits for
    std::optional<size_t> last_critical;
    for (const auto& step : steps) {
      Action action = StepAction(step, side, object);
      const bool critical = action.criticality == Criticality::Critical;
      action.inputs = critical ? after : tail;
      action.outputs = {"done:" + action.id};
      tail = action.outputs;
      if (critical) after = action.outputs;
      if (critical) last_critical = actions_.size();
      actions_.push_back(std::move(action));
    }
    if (!last_critical) return after;
    actions_[*last_critical].outputs.push_back(done);
    return {done};
  }

  std::string ExpectedThumbprint(const InventoryHost& host) const {
    for (const auto& settings : desired_.esxi.hosts) {
      if (settings.name == host.name && !settings.thumbprint.empty()) return settings.thumbprint;
    }
    return host.ssl_thumbprint;  // what the source vCenter verified and recorded
  }

  // --- distributed switches ------------------------------------------------------
  void PlanSwitch(const DatacenterSpec& dc, const DistributedSwitchSpec& spec) {
    const std::string path = dc.name + "/" + spec.name;
    const InventoryDvs* base = spec.inherit.value.empty() ? nullptr : FindDvs(source_, "", spec.inherit.value);
    const InventoryDvs* existing = FindDvs(target_, dc.name, spec.name);
    // A switch that exists took what it inherits when it was made: the source switch may
    // be gone since (cleanup.remove_unused_distributed_switches), and planning again
    // changes nothing.
    if (!spec.inherit.value.empty() && !base && !existing) {
      Error(spec.inherit.location, "", "switch '" + spec.name + "' inherits from '" + spec.inherit.value +
                                           "', which is not a distributed switch on the source");
      return;
    }
    InventoryDvs wanted = base ? *base : InventoryDvs{};
    wanted.nioc = false;  // a switch the plan creates has network I/O control off
    wanted.datacenter = dc.name;
    wanted.name = spec.name;
    if (spec.version) wanted.version = *spec.version;
    if (spec.mtu) wanted.mtu = *spec.mtu;
    if (spec.uplinks) {
      wanted.uplinks.clear();
      for (const auto& uplink : *spec.uplinks) wanted.uplinks.push_back(uplink.value);
    } else if (!base) {
      wanted.uplinks = {"Uplink 1", "Uplink 2", "Uplink 3", "Uplink 4"};
    }
    if (!spec.port_groups.empty() || !base) wanted.port_groups = PortGroups(spec);

    planned_switches_[dc.name].push_back(AsPlanned(existing, wanted));
    if (!existing) {
      Action& create = Add(ActionKind::CreateDvs, Side::Target, path);
      create.params = {{"version", wanted.version}, {"mtu", std::to_string(wanted.mtu)},
                       {"uplinks", Join(wanted.uplinks, ",")}};
      create.changes = Differences({}, create.params);
      create.inputs = {"dc@target:" + dc.name};
      create.outputs = {"dvs@target:" + path};
      create.expected_seconds = 5;
    }
    for (const auto& pg : wanted.port_groups) {
      if (!PortGroupNameFree(dc, spec, pg.name)) continue;
      const bool present = existing && std::any_of(existing->port_groups.begin(), existing->port_groups.end(),
                                                   [&](const DvsPortGroup& p) { return p.name == pg.name; });
      if (present) continue;
      Action& create = Add(ActionKind::CreateDvsPortGroup, Side::Target, path + "/" + pg.name);
      create.params = Flatten("", pg);
      create.params.erase("name");  // the action's object names it
      create.changes = Differences({}, create.params);
      create.inputs = {"dvs@target:" + path};
      create.outputs = {"dvs-port-group@target:" + path + "/" + pg.name};
      create.expected_seconds = 2;
    }
    for (const auto& member : spec.hosts) PlanSwitchMember(dc, spec, wanted, existing, member);
  }

  // The switch as it will be once the plan has run: one that exists keeps its settings
  // and gains the port groups it lacks.
  static InventoryDvs AsPlanned(const InventoryDvs* existing, const InventoryDvs& wanted) {
    if (!existing) return wanted;
    InventoryDvs planned = *existing;
    for (const auto& pg : wanted.port_groups) {
      if (!FindDvsPortGroup(HostDvsOf(planned), pg.name)) planned.port_groups.push_back(pg);
    }
    return planned;
  }

  const InventoryDvs* Planned(const std::string& dc, const std::string& name) const {
    const auto found = planned_switches_.find(dc);
    if (found == planned_switches_.end()) return nullptr;
    for (const auto& dvs : found->second) {
      if (dvs.name == name) return &dvs;
    }
    return nullptr;
  }

  // vSphere keeps port group names unique within a datacenter.
  bool PortGroupNameFree(const DatacenterSpec& dc, const DistributedSwitchSpec& spec, const std::string& name) {
    for (const auto& other : target_.switches) {
      if (other.datacenter != dc.name || other.name == spec.name) continue;
      for (const auto& pg : other.port_groups) {
        if (pg.name == name) {
          Error(spec.location, "", "port group '" + name + "' already exists on switch '" + other.name +
                                       "' in datacenter '" + dc.name + "'; port group names are unique in a datacenter");
          return false;
        }
      }
    }
    return true;
  }

  static std::vector<DvsPortGroup> PortGroups(const DistributedSwitchSpec& spec) {
    std::vector<DvsPortGroup> out;
    for (const auto& pg : spec.port_groups) {
      DvsPortGroup value;
      value.name = pg.name;
      value.vlan = pg.vlan;
      for (const auto& range : pg.vlan_trunk) value.vlan_trunk.emplace_back(range.start, range.end);
      value.ports = pg.ports;
      value.port_binding = pg.port_binding;
      value.teaming_policy = pg.teaming.policy;
      for (const auto& uplink : pg.teaming.active_uplinks) value.active_uplinks.push_back(uplink.value);
      for (const auto& uplink : pg.teaming.standby_uplinks) value.standby_uplinks.push_back(uplink.value);
      out.push_back(std::move(value));
    }
    return out;
  }

  void PlanSwitchMember(const DatacenterSpec& dc, const DistributedSwitchSpec& spec, const InventoryDvs& wanted,
                        const InventoryDvs* existing, const DvsHostMember& member) {
    std::vector<std::pair<std::string, std::string>> uplinks;
    for (const auto& [pnic, uplink] : member.uplinks) uplinks.emplace_back(pnic.value, uplink.value);
    std::sort(uplinks.begin(), uplinks.end());
    if (existing) {
      for (const auto& present : existing->members) {
        auto have = present.uplinks;
        std::sort(have.begin(), have.end());
        if (present.host == member.name && have == uplinks) return;
      }
    }
    const std::string path = dc.name + "/" + spec.name;
    const InventoryHost* host = FindHost(target_, member.name);
    if (!host) host = FindHost(source_, member.name);
    if (host && !host->version.empty() && !wanted.version.empty() && CompareVersions(host->version, wanted.version) < 0) {
      Error(member.location, "", "host '" + member.name + "' runs ESXi " + host->version + " and cannot join switch '" +
                                     spec.name + "' of version " + wanted.version +
                                     "; a host joins a distributed switch of its own version or older");
      if (arrivals_.count(member.name)) arrivals_[member.name].carried.erase(spec.name);  // no steps onto it
      return;
    }
    if (Carries(member.name, spec.name)) return;  // its networking moves in steps once it arrives
    Action& join = Add(ActionKind::JoinHostToDvs, Side::Target, path + "/" + member.name);
    std::vector<std::string> mapping;
    for (const auto& [pnic, uplink] : uplinks) mapping.push_back(pnic + "=" + uplink);
    std::vector<std::string> vmkernel;
    for (const auto& [vmk, pg] : member.vmkernel) vmkernel.push_back(vmk.value + "=" + pg.value);
    join.params = {{"uplinks", Join(mapping, ",")}, {"vmkernel", Join(vmkernel, ",")}};
    join.changes = Differences({}, join.params);
    join.inputs = {"dvs@target:" + path, "host@target:" + member.name};
    for (const auto& pg : wanted.port_groups) join.inputs.push_back("dvs-port-group@target:" + path + "/" + pg.name);
    join.outputs = {"host-on-dvs@target:" + member.name + "/" + spec.name};
    join.expected_seconds = 20;
  }

  // --- VM folders ----------------------------------------------------------------
  void PlanVmPlacement(const DatacenterSpec& dc) {
    if (dc.vm_placement.empty()) return;
    std::set<std::string> hosts;  // the hosts that end up in this datacenter
    for (const auto& cluster : dc.clusters) {
      for (const auto& host : cluster.hosts) hosts.insert(host.value);
    }
    std::set<std::string> planned;
    for (const Inventory* inventory : {&target_, &source_}) {
      const bool arriving = inventory == &source_;
      if (arriving && same_vcenter_) break;
      for (const auto& vm : inventory->vms) {
        if (!hosts.count(vm.host) || planned.count(vm.name)) continue;
        const std::string folder = PlacementOf(dc, vm.name);
        if (folder.empty() || (!arriving && vm.folder == folder)) continue;
        planned.insert(vm.name);
        Action& move = Add(ActionKind::MoveVmToFolder, Side::Target, dc.name + "/" + vm.name);
        move.params = {{"folder", folder}};
        move.prior = {{"folder", arriving ? "" : vm.folder}};
        move.changes = {{"folder", arriving ? "(arrives with " + vm.host + ")" : vm.folder, folder}};
        move.inputs = {"folder@target:" + dc.name + "/vm/" + folder, "host@target:" + vm.host};
        move.criticality = Criticality::Finishing;
        move.expected_seconds = 1;
      }
    }
  }

  static std::string PlacementOf(const DatacenterSpec& dc, const std::string& vm) {
    for (const auto& placement : dc.vm_placement) {
      for (const auto& pattern : placement.vms) {
        if (fnmatch(pattern.value.c_str(), vm.c_str(), 0) == 0) return placement.folder.value;
      }
    }
    return "";
  }

  // --- cleanup of the source -------------------------------------------------------
  void PlanCleanup() {
    if (same_vcenter_) return;
    std::set<std::string> leaving;
    for (const auto& action : actions_) {
      if (action.kind == ActionKind::RemoveHost) leaving.insert(action.object.substr(action.object.rfind('/') + 1));
    }
    if (leaving.empty()) return;
    const auto emptied = [&](auto matches) {
      std::vector<std::string> released;
      for (const auto& host : source_.hosts) {
        if (!matches(host)) continue;
        if (!leaving.count(host.name)) return std::vector<std::string>{};
        released.push_back("host-released:" + host.name);
      }
      return released;
    };
    if (desired_.cleanup.remove_empty_clusters) {
      for (const auto& cluster : source_.clusters) {
        auto inputs = emptied([&](const InventoryHost& h) { return h.datacenter == cluster.datacenter && h.cluster == cluster.name; });
        if (inputs.empty()) continue;
        AddCleanup(ActionKind::DestroyCluster, cluster.datacenter + "/" + cluster.name, std::move(inputs));
      }
    }
    if (desired_.cleanup.remove_unused_distributed_switches) {
      for (const auto& dvs : source_.switches) {
        auto inputs = emptied([&](const InventoryHost& h) {
          return std::any_of(h.proxy_switches.begin(), h.proxy_switches.end(),
                             [&](const ProxySwitch& p) { return p.dvs == dvs.name && h.datacenter == dvs.datacenter; });
        });
        if (inputs.empty()) continue;
        AddCleanup(ActionKind::DestroyDvs, dvs.datacenter + "/" + dvs.name, std::move(inputs));
      }
    }
    if (desired_.cleanup.remove_empty_datacenters) {
      for (const auto& dc : source_.datacenters) {
        auto inputs = emptied([&](const InventoryHost& h) { return h.datacenter == dc.name; });
        if (inputs.empty()) continue;
        for (const auto& action : actions_) {
          if (action.side == Side::Source && action.criticality == Criticality::Cleanup &&
              action.object.rfind(dc.name + "/", 0) == 0) {
            inputs.push_back("removed@source:" + action.object);
          }
        }
        AddCleanup(ActionKind::DestroyDatacenter, dc.name, std::move(inputs));
      }
    }
  }

  // Removing what the run did not create cannot be undone: the plan says so.
  void AddCleanup(ActionKind kind, const std::string& object, std::vector<std::string> inputs) {
    Action& destroy = Add(kind, Side::Source, object);
    destroy.inputs = std::move(inputs);
    destroy.outputs = {"removed@source:" + object};
    destroy.criticality = Criticality::Cleanup;
    destroy.reversible = false;
    destroy.expected_seconds = 5;
  }

  const DesiredState& desired_;
  const Inventory& source_;
  const Inventory& target_;
  const bool same_vcenter_;
  std::vector<Action> actions_;
  Diagnostics errors_;
  Diagnostics notes_;
  std::map<std::string, Arrival> arrivals_;  // by host
  std::map<std::string, std::vector<InventoryDvs>> planned_switches_;  // the desired ones, by datacenter
};

}  // namespace

PlanResult MakePlan(const DesiredState& desired, const Inventory& source, const Inventory& target) {
  return Planner(desired, source, target).Run();
}

}  // namespace vcshift
