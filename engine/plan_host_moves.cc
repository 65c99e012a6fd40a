#include "engine/plan_host_moves.h"

#include <algorithm>
#include <vector>

#include "engine/evc.h"
#include "engine/plan_changes.h"
#include "engine/plan_host_network.h"
#include "engine/plan_resources.h"
#include "engine/version.h"

namespace vcshift::planning {
namespace {

// A host vcshift can move as it is: connected, not holding vSAN storage, not on an
// LACP link aggregation (neither travels with the host).
bool Movable(PlanRecorder& plan, const InventoryIndex& where, const InventoryHost& host, const Located& name) {
  if (host.connection_state != "connected") {
    plan.Error(name.location, "host '" + host.name + "' is " + host.connection_state +
                                  "; only a connected host can be moved (reconnect it first)");
    return false;
  }
  const InventoryCluster* cluster = where.Cluster(host.datacenter, host.cluster);
  if (cluster && cluster->vsan) {
    plan.Error(name.location, "host '" + host.name + "' is in vSAN cluster '" + host.datacenter + "/" + host.cluster +
                                  "'; vcshift does not move vSAN hosts (their disks hold the cluster's data)");
    return false;
  }
  for (const auto& proxy : host.proxy_switches) {
    const InventoryDvs* dvs = where.Dvs(host.datacenter, proxy.dvs);
    if (dvs && !dvs->lacp_groups.empty()) {
      plan.Error(name.location, "host '" + host.name + "' is on distributed switch '" + proxy.dvs +
                                    "', which uses LACP (" + Join(dvs->lacp_groups, ", ") +
                                    "); move its uplinks off the link aggregation first");
      return false;
    }
  }
  return true;
}

// A standard port group on a switch without physical NICs: it exists on this host only.
bool LocalOnly(const InventoryHost& host, const std::string& port_group) {
  for (const auto& group : host.port_groups) {
    if (group.name != port_group) continue;
    for (const auto& vswitch : host.standard_switches) {
      if (vswitch.name == group.vswitch) return vswitch.pnics.empty();
    }
  }
  return false;
}

// Entering maintenance mode moves powered-on VMs away only when DRS is fully
// automated, to another host of the cluster, and not off a network local to the host
// (a standard switch without physical NICs).
bool CanEvacuate(PlanRecorder& plan, const InventoryHost& host, const Located& name) {
  const InventoryIndex& target = plan.target_index();
  std::vector<const InventoryVm*> running;
  for (const InventoryVm* vm : target.VmsOn(host.name)) {
    if (vm->power_state == "poweredOn") running.push_back(vm);
  }
  if (running.empty()) return true;
  const std::string cluster_path = host.datacenter + "/" + host.cluster;
  const InventoryCluster* cluster = target.Cluster(host.datacenter, host.cluster);
  const std::string count = std::to_string(running.size()) + " powered-on VM" + (running.size() == 1 ? "" : "s");
  if (!cluster || !cluster->drs.enabled || cluster->drs.automation_level != "fullyAutomated") {
    plan.Error(name.location, "host '" + host.name + "' has " + count + " and cluster '" + cluster_path +
                                  "' does not have fully automated DRS to move them; vMotion or power them off "
                                  "first, or set DRS to fullyAutomated");
    return false;
  }
  const auto& neighbours = target.HostsIn(host.datacenter, host.cluster);
  const bool other_host = std::any_of(neighbours.begin(), neighbours.end(), [&](const InventoryHost* h) {
    return h->name != host.name && h->connection_state == "connected" && !h->maintenance_mode;
  });
  if (!other_host) {
    plan.Error(name.location, "host '" + host.name + "' has " + count + " and no other host of cluster '" +
                                  cluster_path + "' can take them");
    return false;
  }
  for (const InventoryVm* vm : running) {
    for (const auto& nic : vm->nics) {
      if (!nic.dvs.empty() || !LocalOnly(host, nic.network)) continue;
      plan.Error(name.location, "VM '" + vm->name + "' on host '" + host.name + "' is on network '" + nic.network +
                                    "', which has no physical NIC, so it cannot be moved off the host; "
                                    "move or power off the VM first");
      return false;
    }
  }
  return true;
}

std::string PlanMoveWithinVCenter(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster,
                                  const InventoryHost& host, const Located& name) {
  if (!Movable(plan, plan.target_index(), host, name)) return "";
  if (host.datacenter != dc.name) {
    plan.Error(name.location, "host '" + host.name + "' is in datacenter '" + host.datacenter +
                                  "'; moving a host between datacenters of one vCenter is not supported");
    return "";
  }
  const std::string from = PlacePath(host.datacenter, host.cluster, host.folder);
  const std::string to = dc.name + "/" + cluster.name;
  const std::string key = host.name;
  // A host must be in maintenance mode to leave a cluster; it leaves that mode where it
  // entered it, unless it was already in it.
  std::string ready = "host-maintenance:" + key;
  if (!host.maintenance_mode && !CanEvacuate(plan, host, name)) return "";
  if (!host.maintenance_mode) {
    Action& enter = plan.Add(ActionKind::EnterMaintenanceMode, Side::Target, from + "/" + key);
    enter.outputs = {ready};
    enter.expected_seconds = 60;
  }
  Action& move = plan.Add(ActionKind::MoveHost, Side::Target, key);
  move.params = {{"cluster", to}};
  move.prior = {{"cluster", from}};
  move.changes = {{"cluster", from, to}};
  move.inputs = {ready, ClusterReady(to)};
  move.outputs = {"host-moved:" + key};
  move.expected_seconds = 10;
  if (host.maintenance_mode) return "host-moved:" + key;
  Action& exit = plan.Add(ActionKind::ExitMaintenanceMode, Side::Target, to + "/" + key);
  exit.inputs = {"host-moved:" + key};
  exit.outputs = {HostReady(key)};
  exit.expected_seconds = 10;
  return HostReady(key);
}

std::string ExpectedThumbprint(const DesiredIndex& desired, const InventoryHost& host) {
  // Unless esxi.hosts gives one, what the source vCenter verified and recorded.
  const std::string given = desired.Thumbprint(host.name);
  return given.empty() ? host.ssl_thumbprint : given;
}

// What a host's first step off the source waits for. The live precheck asks the target
// whether it would add the host when the target has a datacenter to ask in; an empty
// target has none, and the source, which has the host, may answer AlreadyConnected
// (host_login_precheck.h). Then a step asks the target once the host's datacenter is
// made, before the host leaves: a wrong login rolls back only what came before it.
std::vector<std::string> PlanLoginCheck(PlanRecorder& plan, const DatacenterSpec& dc, const std::string& to,
                                        const InventoryHost& host) {
  if (!plan.target().datacenters.empty()) return {"host@source:" + host.name};
  Action& check = plan.Add(ActionKind::CheckHostLogin, Side::Target, host.name);
  check.params = {{"cluster", to}, {"thumbprint", ExpectedThumbprint(plan.desired_index(), host)}};
  check.inputs = {DatacenterReady(dc.name)};
  check.outputs = {HostLoginChecked(host.name)};
  check.expected_seconds = 2;
  return check.outputs;
}

// From the source vCenter into `to` on the target (a cluster or a standalone host's
// folder, PlacePath), once `to_ready` holds.
std::string PlanMigration(PlanRecorder& plan, const DatacenterSpec& dc, const std::string& to,
                          const std::string& to_ready, const InventoryHost& host, const Located& name) {
  const Inventory& source = plan.source();
  const Inventory& target = plan.target();
  if (!Movable(plan, plan.source_index(), host, name)) return "";
  // A vCenter manages ESXi hosts of its own version and older.
  if (!host.version.empty() && !target.api_version.empty() && CompareVersions(host.version, target.api_version) > 0) {
    plan.Error(name.location, "host '" + host.name + "' runs ESXi " + host.version +
                                  ", newer than the target vCenter (API " + target.api_version +
                                  ") can manage; upgrade the target vCenter first");
    return "";
  }
  const std::string from = PlacePath(host.datacenter, host.cluster, host.folder);
  const std::string key = host.name;
  const std::vector<std::string> ready =
      PlanDeparture(plan, dc, host, name, from + "/" + key, to + "/" + key, PlanLoginCheck(plan, dc, to, host));
  if (ready.empty()) return "";
  Action& disconnect = plan.Add(ActionKind::DisconnectHost, Side::Source, from + "/" + key);
  disconnect.inputs = ready;
  disconnect.outputs = {"host-disconnected:" + key};
  disconnect.expected_seconds = 5;
  Action& remove = plan.Add(ActionKind::RemoveHost, Side::Source, from + "/" + key);
  remove.prior = {{"cluster", from}, {"thumbprint", host.ssl_thumbprint}};
  remove.inputs = {"host-disconnected:" + key};
  remove.outputs = {HostReleased(key)};
  remove.expected_seconds = 5;
  Action& add = plan.Add(ActionKind::AddHost, Side::Target, key);
  add.params = {{"cluster", to}, {"thumbprint", ExpectedThumbprint(plan.desired_index(), host)}};
  add.changes = {{"vcenter", source.vcenter + " " + from, target.vcenter + " " + to}};
  add.inputs = {HostReleased(key), to_ready};
  add.outputs = {HostReady(key)};
  add.expected_seconds = 30;
  return HostReady(key);
}

void NotFound(PlanRecorder& plan, const Located& name) {
  plan.Error(name.location, "host '" + name.value + "' is on neither the source (" + plan.source().vcenter +
                                ") nor the target (" + plan.target().vcenter + ")");
}

}  // namespace

std::string PlanHostMove(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster,
                         const Located& name, const std::string& evc) {
  const std::string cluster_path = dc.name + "/" + cluster.name;
  const InventoryHost* on_target = plan.target_index().Host(name.value);
  const InventoryHost* on_source = plan.same_vcenter() ? nullptr : plan.source_index().Host(name.value);
  const InventoryHost* host = on_target ? on_target : on_source;
  if (!host) {
    NotFound(plan, name);
    return "";
  }
  if (!EvcModeSupported(evc, host->max_evc_mode)) {
    plan.Error(name.location, "host '" + name.value + "' supports EVC up to '" + host->max_evc_mode +
                                  "' and cannot join cluster '" + cluster_path + "' in EVC mode '" + evc + "'");
  }
  if (on_target) {
    const bool there = on_target->datacenter == dc.name && on_target->cluster == cluster.name;
    const std::string arrival = there ? "" : PlanMoveWithinVCenter(plan, dc, cluster, *on_target, name);
    NoteEarlierArrival(plan, dc, *on_target, cluster_path + "/" + name.value, arrival);
    return arrival;
  }
  return PlanMigration(plan, dc, cluster_path, ClusterReady(cluster_path), *on_source, name);
}

void PlanStandaloneHost(PlanRecorder& plan, const DatacenterSpec& dc, const StandaloneHostSpec& spec) {
  const Located& name = spec.name;
  const std::string& folder = spec.folder.value;
  const std::string to = PlacePath(dc.name, "", folder);
  const InventoryHost* on_target = plan.target_index().Host(name.value);
  const InventoryHost* on_source = plan.same_vcenter() ? nullptr : plan.source_index().Host(name.value);
  if (on_target) {
    if (on_target->datacenter == dc.name && on_target->cluster.empty() && on_target->folder == folder) {
      NoteEarlierArrival(plan, dc, *on_target, to + "/" + name.value, "");
      return;
    }
    const std::string where = PlacePath(on_target->datacenter, on_target->cluster, on_target->folder);
    plan.Error(name.location, "host '" + name.value + "' is at '" + where + "' on the target; vcshift makes a host " +
                                  "standalone only as it arrives from the source");
    return;
  }
  if (!on_source) return NotFound(plan, name);
  const std::string ready = folder.empty() ? DatacenterReady(dc.name) : FolderReady(dc.name, "host", folder);
  PlanMigration(plan, dc, to, ready, *on_source, name);
}

std::string PlacePath(const std::string& datacenter, const std::string& cluster, const std::string& folder) {
  if (!cluster.empty()) return datacenter + "/" + cluster;
  return folder.empty() ? datacenter : datacenter + "/" + folder;
}

std::vector<HostPlace> DesiredHosts(const DatacenterSpec& dc) {
  std::vector<HostPlace> hosts;
  for (const auto& cluster : dc.clusters) {
    for (const auto& host : cluster.hosts) hosts.push_back({host.value, PlacePath(dc.name, cluster.name, "")});
  }
  for (const auto& host : dc.standalone_hosts) {
    hosts.push_back({host.name.value, PlacePath(dc.name, "", host.folder.value)});
  }
  return hosts;
}

}  // namespace vcshift::planning
