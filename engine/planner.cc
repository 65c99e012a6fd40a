#include "engine/planner.h"

#include <fnmatch.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/evc.h"
#include "engine/host_network.h"
#include "engine/host_network_actions.h"
#include "engine/host_network_plan.h"
#include "engine/plan_changes.h"
#include "engine/plan_recorder.h"
#include "engine/plan_resources.h"
#include "engine/version.h"

namespace vcshift {
namespace planning {
namespace {

// --- Planning a desired datacenter on the target: the datacenter, and its host and VM
//     folders, parents first.

// `type` is "host" or "vm".
void PlanFolders(PlanRecorder& plan, const DatacenterSpec& dc, const std::vector<Located>& folders,
                 const std::string& type) {
  const InventoryDatacenter* existing = nullptr;
  for (const auto& candidate : plan.target().datacenters) {
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
      Action& create = plan.Add(ActionKind::CreateFolder, Side::Target, dc.name + "/" + type + "/" + path);
      create.params = {{"type", type}, {"path", path}};
      const size_t parent = path.rfind('/');
      create.inputs = {parent == std::string::npos ? DatacenterReady(dc.name)
                                                   : FolderReady(dc.name, type, path.substr(0, parent))};
      create.outputs = {FolderReady(dc.name, type, path)};
      create.expected_seconds = 1;
    }
  }
}


void PlanDatacenter(PlanRecorder& plan, const DatacenterSpec& dc) {
  if (!HasDatacenter(plan.target(), dc.name)) {
    Action& create = plan.Add(ActionKind::CreateDatacenter, Side::Target, dc.name);
    create.outputs = {DatacenterReady(dc.name)};
    create.expected_seconds = 2;
  }
  PlanFolders(plan, dc, dc.host_folders, "host");
  PlanFolders(plan, dc, dc.vm_folders, "vm");
}

// --- Planning a cluster's DRS groups and rules: those the desired state names are set as
//     written; the cluster's others are left alone.

std::string RuleText(const std::string& type, bool enabled, std::vector<std::string> vms, const std::string& vm_group,
                     const std::string& host_group, const std::string& policy) {
  std::string text = type + (enabled ? "" : " (disabled)");
  if (type == "vm_host") return text + ": " + vm_group + " " + policy + " " + host_group;
  std::sort(vms.begin(), vms.end());
  return text + ": " + Join(vms, ",");
}


// `existing` is the cluster on the target, if it is there; `arrivals` are the resources
// that say its hosts (and so their VMs) have arrived: the rules wait for them.
void PlanClusterRules(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster,
                      const InventoryCluster* existing, const std::vector<std::string>& arrivals) {
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
    wanted["rule." + rule.name] = RuleText(rule.type, rule.enabled, vms, rule.vm_group.value, rule.host_group.value,
                                           rule.type == "vm_host" ? rule.policy : "");
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
  Action& configure = plan.Add(ActionKind::ConfigureClusterRules, Side::Target, path);
  SetChanges(configure, std::move(changes));
  configure.inputs = arrivals;
  configure.inputs.push_back(ClusterReady(path));
  configure.expected_seconds = 5;
}

// --- Planning a moving host's networking. A distributed switch belongs to its vCenter:
//     before the host leaves, its networking moves onto standard switches; once it has
//     arrived, from those onto the desired switches that list it. One step per action
//     (host_network_plan.h chooses the steps), in a chain; network I/O control is kept off
//     the pNICs while they move. The host is recorded as an arrival (plan_recorder.h)
//     between the two.

std::vector<InventoryDvs> SwitchesIn(const Inventory& inventory, const std::string& dc) {
  std::vector<InventoryDvs> out;
  for (const auto& dvs : inventory.switches) {
    if (dvs.datacenter == dc) out.push_back(dvs);
  }
  return out;
}

// The target's switches in `dc` as they will be once the plan has run.
std::vector<InventoryDvs> SwitchesAsPlanned(const PlanRecorder& plan, const std::string& dc) {
  std::vector<InventoryDvs> out = plan.PlannedSwitches(dc);
  for (const auto& dvs : SwitchesIn(plan.target(), dc)) {
    if (!plan.PlannedSwitch(dc, dvs.name)) out.push_back(dvs);
  }
  return out;
}

const DvsHostMember* MemberOf(const DistributedSwitchSpec& spec, const std::string& host) {
  for (const auto& member : spec.hosts) {
    if (member.name == host) return &member;
  }
  return nullptr;
}

// The desired switch of `dc` that takes each source switch's networking, by the source
// switch's name: the one that inherits it, else one that lists the host and takes no
// other of its switches. Its migration_standard_switch carries the networking across.
std::map<std::string, const DistributedSwitchSpec*> TargetSwitches(const DatacenterSpec& dc, const InventoryHost& host) {
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

// Where the steps move each source switch's networking: the standard switch its NICs
// go to (an earlier run's switch may stand in for the named one).
std::map<std::string, std::string> StandardSwitchesOf(const std::vector<NetworkStep>& steps) {
  std::map<std::string, std::string> out;
  for (const auto& step : steps) {
    if (step.from.distributed) out.emplace(step.from.switch_name, step.to.switch_name);
  }
  return out;
}

// Which standard switch holds what each desired switch takes. A source switch's
// networking that no desired switch takes stays on its standard switch: the plan says so.
std::map<std::string, std::string> Carried(PlanRecorder& plan, const std::vector<NetworkStep>& steps,
                                           const std::map<std::string, const DistributedSwitchSpec*>& targets,
                                           const Located& host) {
  std::map<std::string, std::string> out;
  for (const auto& [source, vswitch] : StandardSwitchesOf(steps)) {
    const auto target = targets.find(source);
    if (target != targets.end()) {
      out[target->second->name] = vswitch;
      continue;
    }
    plan.Note(host.location, "host '" + host.value + "' keeps the networking of distributed switch '" + source +
                                 "' on standard switch '" + vswitch + "' in the target vCenter: no distributed switch "
                                 "of the desired state takes it (one that inherits '" + source + "' or lists the host would)");
  }
  return out;
}

// A desired switch that lists the host takes what is on its migration switch when the
// host has that switch and no other desired switch takes it: an earlier run moved the
// networking there.
void AddMigrationSwitches(const DatacenterSpec& dc, Arrival& arrival) {
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

// The host's `uplinks` and `vmkernel` under the switch, and the datacenter's
// `network_mapping` onto it.
DvsMapping MappingFor(const DatacenterSpec& dc, const std::string& dvs, const DvsHostMember& member,
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

// The pNICs on the standard switches whose networking goes onto a target switch with
// network I/O control on.
std::vector<std::string> PnicsOntoNioc(const PlanRecorder& plan, const DatacenterSpec& dc, const std::string& host,
                                       const Arrival& arrival, const HostNetwork& state) {
  std::vector<std::string> out;
  for (const auto& spec : dc.distributed_switches) {
    const InventoryDvs* planned = plan.PlannedSwitch(dc.name, spec.name);
    const StandardSwitch* carrier =
        plan.Carries(host, spec.name) ? FindStandardSwitch(state, arrival.carried.at(spec.name)) : nullptr;
    if (planned && planned->nioc && carrier) out.insert(out.end(), carrier->pnics.begin(), carrier->pnics.end());
  }
  return out;
}

// The host arrives carrying standard port groups named as the switch's: a datacenter's
// network folder holds one network of a name, so the distributed port groups are made
// before the host brings its own (vcsim refuses AddDVPortgroup_Task after it with
// DuplicateName; made first, both are there, as in vCenter).
void ArriveAfterPortGroups(PlanRecorder& plan, const std::string& host, const std::string& path,
                           const InventoryDvs& planned) {
  for (auto& action : plan.actions()) {
    if (action.kind != ActionKind::AddHost || action.side != Side::Target || action.object != host) continue;
    for (const auto& pg : planned.port_groups) action.inputs.push_back(PortGroupReady(path, pg.name));
  }
}

// The state after steps the algorithm has already checked against it.
HostNetwork Applied(HostNetwork state, const std::vector<NetworkStep>& steps) {
  for (const auto& step : steps) state = Apply(state, step).state.value();
  return state;
}

// The algorithm's refusals refuse the plan, each an error at `location`.
bool Accepted(PlanRecorder& plan, const NetworkPlan& network_plan, SourceLocation location) {
  for (const auto& problem : network_plan.problems) plan.Error(location, Format(problem));
  return network_plan.problems.empty();
}

// Each step one action, in a chain: a step runs once the one before it has, the first
// once `inputs` are there. A cleanup step holds up only the cleanup after it, so its
// failure (a warning) stops nothing else. The last critical step also produces `done`;
// returns what comes next waits for.
std::vector<std::string> AddSteps(PlanRecorder& plan, const std::vector<NetworkStep>& steps, Side side,
                                  const std::string& object, std::vector<std::string> inputs, const std::string& done) {
  std::vector<std::string> after = std::move(inputs);  // what the next critical step waits for
  std::vector<std::string> tail = after;               // what the next cleanup step waits for
  std::vector<Action> chain;
  std::optional<size_t> last_critical;
  for (const auto& step : steps) {
    Action action = StepAction(step, side, object);
    const bool critical = action.criticality == Criticality::Critical;
    action.inputs = critical ? after : tail;
    action.outputs = {"done:" + action.id};
    tail = action.outputs;
    if (critical) after = action.outputs;
    if (critical) last_critical = chain.size();
    chain.push_back(std::move(action));
  }
  if (last_critical) chain[*last_critical].outputs.push_back(done);
  for (auto& action : chain) plan.Add(std::move(action));
  if (!last_critical) return after;
  return {done};
}


// The steps off the source's switches for a host leaving the source for datacenter
// `dc`; `object` is its inventory path on the source, `object_on_target` the one it
// will have. Returns what the host's disconnect waits for; nothing when the steps are
// refused (errors at `name`).
std::vector<std::string> PlanDeparture(PlanRecorder& plan, const DatacenterSpec& dc, const InventoryHost& host,
                                       const Located& name, const std::string& object,
                                       const std::string& object_on_target) {
  HostNetwork state = HostNetworkOf(host, plan.source().vms, SwitchesIn(plan.source(), host.datacenter));
  const auto targets = TargetSwitches(dc, host);
  ToStandardOptions options;
  for (const auto& [source, spec] : targets) options.standard_switches[source] = spec->migration_standard_switch;
  // Network I/O control must not see its pNICs go (or come, on a target switch that has
  // it on): they leave it first and come back, with the exact value the host had, once
  // the last of them has moved.
  std::vector<std::string> nioc = PnicsUnderNioc(state);
  bool target_nioc = false;
  for (const auto& [source, spec] : targets) {
    const InventoryDvs* onto = FindDvs(plan.target(), dc.name, spec->name);
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
  const NetworkPlan network_plan = ToStandardSwitch(state, options);
  if (!Accepted(plan, network_plan, name.location)) return {};
  steps.insert(steps.end(), network_plan.steps.begin(), network_plan.steps.end());
  Arrival arrival{object_on_target, HostReady(host.name), Applied(state, network_plan.steps),
                  Carried(plan, network_plan.steps, targets, name), std::nullopt};
  if (take_out && target_nioc) {
    arrival.restore_nioc = Inverse(*take_out);
  } else if (take_out) {
    steps.push_back(Inverse(*take_out));
    arrival.network = Applied(arrival.network, {steps.back()});
  }
  AddMigrationSwitches(dc, arrival);
  if (!arrival.carried.empty()) plan.arrivals()[host.name] = std::move(arrival);
  return AddSteps(plan, steps, Side::Source, object, {"host@source:" + host.name},
                  "host-network-standard:" + host.name);
}

// A host already on the target whose networking still sits on a desired switch's
// migration switch (an earlier run stopped): its steps go on from where that run did,
// once `ready` ("" when it is in place).
void NoteEarlierArrival(PlanRecorder& plan, const DatacenterSpec& dc, const InventoryHost& host,
                        const std::string& object, const std::string& ready) {
  Arrival arrival{object, ready.empty() ? HostReady(host.name) : ready, HostNetworkOf(host, plan.target().vms, {}),
                  {}, std::nullopt};
  AddMigrationSwitches(dc, arrival);
  if (!arrival.carried.empty()) plan.arrivals()[host.name] = std::move(arrival);
}

// The networking moves from the standard switches that carried it onto the desired
// switches that list the host, one switch after the other, each once the switch and its
// port groups are there.
void PlanArrival(PlanRecorder& plan, const DatacenterSpec& dc, const std::string& host) {
  const auto found = plan.arrivals().find(host);
  if (found == plan.arrivals().end()) return;
  const Arrival& arrival = found->second;
  HostNetwork state = ArrivedAt(arrival.network, SwitchesAsPlanned(plan, dc.name));
  std::vector<std::string> after = {arrival.ready};
  std::optional<NetworkStep> restore = arrival.restore_nioc;
  if (!restore) {
    // An earlier run left the networking on a standard switch: its pNICs leave network
    // I/O control here, on the target, before they join a switch that has it on.
    if (const auto take_out = TakeOutOfNioc(state, PnicsOntoNioc(plan, dc, host, arrival, state))) {
      after = AddSteps(plan, {*take_out}, Side::Target, arrival.object, after, "nioc-out@target:" + host);
      state = Applied(state, {*take_out});
      restore = Inverse(*take_out);
    }
  }
  for (const auto& spec : dc.distributed_switches) {
    const DvsHostMember* member = MemberOf(spec, host);
    const InventoryDvs* planned = plan.PlannedSwitch(dc.name, spec.name);
    if (!member || !planned || !plan.Carries(host, spec.name)) continue;
    const DvsMapping mapping = MappingFor(dc, spec.name, *member, arrival.carried.at(spec.name));
    const NetworkPlan network_plan = ToDistributedSwitch(state, spec.name, mapping);
    if (!Accepted(plan, network_plan, member->location)) return;
    const std::string path = dc.name + "/" + spec.name;
    after.push_back(SwitchReady(path));
    for (const auto& pg : planned->port_groups) after.push_back(PortGroupReady(path, pg.name));
    ArriveAfterPortGroups(plan, host, path, *planned);
    after = AddSteps(plan, network_plan.steps, Side::Target, arrival.object, after, HostOnSwitch(host, spec.name));
    state = Applied(state, network_plan.steps);
  }
  if (restore) AddSteps(plan, {*restore}, Side::Target, arrival.object, after, "nioc-restored@target:" + host);
}

// --- Planning a host's way into its desired cluster: from another cluster of the target
//     vCenter (through maintenance mode), or from the source vCenter (its networking onto
//     standard switches first; then disconnected, removed and added).
//     A host that cannot be moved as it is refuses the plan, saying why.

// A host vcshift can move as it is: connected, not holding vSAN storage, not on an
// LACP link aggregation (neither travels with the host).
bool Movable(PlanRecorder& plan, const Inventory& where, const InventoryHost& host, const Located& name) {
  if (host.connection_state != "connected") {
    plan.Error(name.location, "host '" + host.name + "' is " + host.connection_state +
                                  "; only a connected host can be moved (reconnect it first)");
    return false;
  }
  const InventoryCluster* cluster = FindCluster(where, host.datacenter, host.cluster);
  if (cluster && cluster->vsan) {
    plan.Error(name.location, "host '" + host.name + "' is in vSAN cluster '" + host.datacenter + "/" + host.cluster +
                                  "'; vcshift does not move vSAN hosts (their disks hold the cluster's data)");
    return false;
  }
  for (const auto& proxy : host.proxy_switches) {
    const InventoryDvs* dvs = FindDvs(where, host.datacenter, proxy.dvs);
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
  const Inventory& target = plan.target();
  std::vector<const InventoryVm*> running;
  for (const auto& vm : target.vms) {
    if (vm.host == host.name && vm.power_state == "poweredOn") running.push_back(&vm);
  }
  if (running.empty()) return true;
  const std::string cluster_path = host.datacenter + "/" + host.cluster;
  const InventoryCluster* cluster = FindCluster(target, host.datacenter, host.cluster);
  const std::string count = std::to_string(running.size()) + " powered-on VM" + (running.size() == 1 ? "" : "s");
  if (!cluster || !cluster->drs.enabled || cluster->drs.automation_level != "fullyAutomated") {
    plan.Error(name.location, "host '" + host.name + "' has " + count + " and cluster '" + cluster_path +
                                  "' does not have fully automated DRS to move them; vMotion or power them off "
                                  "first, or set DRS to fullyAutomated");
    return false;
  }
  const bool other_host = std::any_of(target.hosts.begin(), target.hosts.end(), [&](const InventoryHost& h) {
    return h.name != host.name && h.datacenter == host.datacenter && h.cluster == host.cluster &&
           h.connection_state == "connected" && !h.maintenance_mode;
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
  if (!Movable(plan, plan.target(), host, name)) return "";
  if (host.datacenter != dc.name) {
    plan.Error(name.location, "host '" + host.name + "' is in datacenter '" + host.datacenter +
                                  "'; moving a host between datacenters of one vCenter is not supported");
    return "";
  }
  const std::string from = host.datacenter + "/" + host.cluster;
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

std::string ExpectedThumbprint(const DesiredState& desired, const InventoryHost& host) {
  for (const auto& settings : desired.esxi.hosts) {
    if (settings.name == host.name && !settings.thumbprint.empty()) return settings.thumbprint;
  }
  return host.ssl_thumbprint;  // what the source vCenter verified and recorded
}

std::string PlanMigration(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster,
                          const InventoryHost& host, const Located& name) {
  const Inventory& source = plan.source();
  const Inventory& target = plan.target();
  if (!Movable(plan, source, host, name)) return "";
  // A vCenter manages ESXi hosts of its own version and older.
  if (!host.version.empty() && !target.api_version.empty() && CompareVersions(host.version, target.api_version) > 0) {
    plan.Error(name.location, "host '" + host.name + "' runs ESXi " + host.version +
                                  ", newer than the target vCenter (API " + target.api_version +
                                  ") can manage; upgrade the target vCenter first");
    return "";
  }
  const std::string from = host.datacenter + "/" + (host.cluster.empty() ? host.folder : host.cluster);
  const std::string to = dc.name + "/" + cluster.name;
  const std::string key = host.name;
  const std::vector<std::string> ready = PlanDeparture(plan, dc, host, name, from + "/" + key, to + "/" + key);
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
  add.params = {{"cluster", to}, {"thumbprint", ExpectedThumbprint(plan.desired(), host)}};
  add.changes = {{"vcenter", source.vcenter + " " + from, target.vcenter + " " + to}};
  add.inputs = {HostReleased(key), ClusterReady(to)};
  add.outputs = {HostReady(key)};
  add.expected_seconds = 30;
  return HostReady(key);
}


// Returns the resource that says the host is there ("" when it already is, or when it
// cannot move). `evc` is the cluster's EVC mode once the plan has run.
std::string PlanHostMove(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster,
                         const Located& name, const std::string& evc) {
  const std::string cluster_path = dc.name + "/" + cluster.name;
  const InventoryHost* on_target = FindHost(plan.target(), name.value);
  const InventoryHost* on_source = plan.same_vcenter() ? nullptr : FindHost(plan.source(), name.value);
  const InventoryHost* host = on_target ? on_target : on_source;
  if (!host) {
    plan.Error(name.location, "host '" + name.value + "' is on neither the source (" + plan.source().vcenter +
                                  ") nor the target (" + plan.target().vcenter + ")");
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
  return PlanMigration(plan, dc, cluster, *on_source, name);
}

// --- Planning a desired cluster on the target: created with its HA, DRS and EVC settings,
//     or an existing one set to them; then its hosts' ways into it and
//     its DRS groups and rules, which wait for those hosts.

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

// The source cluster the desired cluster's hosts come from, for `inherit`.
const InventoryCluster* InheritFrom(const PlanRecorder& plan, const ClusterSpec& cluster) {
  for (const auto& host : cluster.hosts) {
    const InventoryHost* found = FindHost(plan.source(), host.value);
    if (found && !found->cluster.empty()) return FindCluster(plan.source(), found->datacenter, found->cluster);
  }
  return nullptr;
}

template <typename T>
bool Resolve(PlanRecorder& plan, const Managed<T>& managed, const T* inherited, bool exists, const T& current, T& out,
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
        plan.Error(cluster.location, std::string(what) + ": inherit, but none of the hosts of cluster '" +
                                         cluster.name + "' is in a cluster on the source");
        return false;
      }
      out = *inherited;
      return true;
  }
  return false;
}

// The cluster's name must not be taken on the target by something else: the same
// cluster in another folder, or a folder of that name where it would be created.
bool NameFreeForCluster(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster,
                        const InventoryCluster* existing) {
  const std::string& folder = cluster.folder.value;
  if (existing && !folder.empty() && existing->folder != folder) {
    plan.Error(cluster.location, "cluster '" + dc.name + "/" + cluster.name + "' exists on the target in folder '" +
                                     existing->folder + "', not '" + folder + "'; vcshift does not move clusters");
    return false;
  }
  const std::string sibling = folder.empty() ? cluster.name : folder + "/" + cluster.name;
  for (const auto& candidate : plan.target().datacenters) {
    if (candidate.name != dc.name) continue;
    if (std::find(candidate.host_folders.begin(), candidate.host_folders.end(), sibling) != candidate.host_folders.end()) {
      plan.Error(cluster.location, "a folder named '" + sibling + "' already exists on the target in datacenter '" +
                                       dc.name + "' where cluster '" + cluster.name + "' would be");
      return false;
    }
  }
  return true;
}

// Whether any cluster of the desired state lists the host (it may be moving away).
bool Desired(const DesiredState& desired, const std::string& host) {
  for (const auto& dc : desired.datacenters) {
    for (const auto& cluster : dc.clusters) {
      for (const auto& name : cluster.hosts) {
        if (name.value == host) return true;
      }
    }
  }
  return false;
}

void NoteUnmanagedHosts(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster) {
  for (const auto& host : plan.target().hosts) {
    if (host.datacenter != dc.name || host.cluster != cluster.name) continue;
    if (!Desired(plan.desired(), host.name)) {
      plan.Note(cluster.location, "host '" + host.name + "' is in cluster '" + dc.name + "/" + cluster.name +
                                      "' but not in the desired state; vcshift leaves it alone");
    }
  }
}


void PlanCluster(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster) {
  const std::string path = dc.name + "/" + cluster.name;
  const InventoryCluster* existing = FindCluster(plan.target(), dc.name, cluster.name);
  if (!NameFreeForCluster(plan, dc, cluster, existing)) return;
  const InventoryCluster* inherited = InheritFrom(plan, cluster);
  const HaSettings current_ha = existing ? existing->ha : NewClusterHa();
  const DrsSettings current_drs = existing ? existing->drs : NewClusterDrs();
  const std::string current_evc = existing ? existing->evc_mode : "disabled";
  HaSettings ha;
  DrsSettings drs;
  std::string evc;
  const bool resolved =
      Resolve(plan, cluster.ha, inherited ? &inherited->ha : nullptr, existing, current_ha, ha, cluster, "ha") &&
      Resolve(plan, cluster.drs, inherited ? &inherited->drs : nullptr, existing, current_drs, drs, cluster, "drs") &&
      Resolve(plan, cluster.evc_mode, inherited ? &inherited->evc_mode : nullptr, existing, current_evc, evc, cluster,
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
    Action& create = plan.Add(ActionKind::CreateCluster, Side::Target, path);
    create.params = wanted;
    create.params["folder"] = cluster.folder.value;
    create.changes = Differences({}, wanted);
    create.inputs = {cluster.folder.value.empty() ? DatacenterReady(dc.name)
                                                  : FolderReady(dc.name, "host", cluster.folder.value)};
    create.outputs = {ClusterReady(path)};
    create.expected_seconds = 5;
  } else if (auto changes = Differences(before, wanted); !changes.empty()) {
    Action& configure = plan.Add(ActionKind::ConfigureCluster, Side::Target, path);
    SetChanges(configure, std::move(changes));
    configure.outputs = {"cluster-config@target:" + path};
    configure.expected_seconds = 5;
  }
  std::vector<std::string> arrivals;
  for (const auto& host : cluster.hosts) {
    if (auto arrival = PlanHostMove(plan, dc, cluster, host, evc); !arrival.empty()) arrivals.push_back(arrival);
  }
  PlanClusterRules(plan, dc, cluster, existing, arrivals);
  if (existing) NoteUnmanagedHosts(plan, dc, cluster);
}

// --- Planning a desired distributed switch on the target: created (from the source switch
//     it inherits, if any) or kept as it is, its port groups added, and the hosts it lists
//     joined, except a host whose networking arrives on a standard switch: it moves onto
//     the switch in steps. Records the switch as it will be once the
//     plan has run, for those steps.

// The switch as it will be once the plan has run: one that exists keeps its settings
// and gains the port groups it lacks.
InventoryDvs AsPlanned(const InventoryDvs* existing, const InventoryDvs& wanted) {
  if (!existing) return wanted;
  InventoryDvs planned = *existing;
  for (const auto& pg : wanted.port_groups) {
    if (!FindDvsPortGroup(HostDvsOf(planned), pg.name)) planned.port_groups.push_back(pg);
  }
  return planned;
}

// vSphere keeps port group names unique within a datacenter.
bool PortGroupNameFree(PlanRecorder& plan, const DatacenterSpec& dc, const DistributedSwitchSpec& spec,
                       const std::string& name) {
  for (const auto& other : plan.target().switches) {
    if (other.datacenter != dc.name || other.name == spec.name) continue;
    for (const auto& pg : other.port_groups) {
      if (pg.name == name) {
        plan.Error(spec.location, "port group '" + name + "' already exists on switch '" + other.name +
                                      "' in datacenter '" + dc.name + "'; port group names are unique in a datacenter");
        return false;
      }
    }
  }
  return true;
}

std::vector<DvsPortGroup> PortGroups(const DistributedSwitchSpec& spec) {
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

// The switch as the desired state has it: the source switch it inherits, with what the
// spec sets; nothing is inherited for a new switch.
InventoryDvs Wanted(const DatacenterSpec& dc, const DistributedSwitchSpec& spec, const InventoryDvs* base) {
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
  return wanted;
}

void PlanSwitchMember(PlanRecorder& plan, const DatacenterSpec& dc, const DistributedSwitchSpec& spec,
                      const InventoryDvs& wanted, const InventoryDvs* existing, const DvsHostMember& member) {
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
  const InventoryHost* host = FindHost(plan.target(), member.name);
  if (!host) host = FindHost(plan.source(), member.name);
  if (host && !host->version.empty() && !wanted.version.empty() && CompareVersions(host->version, wanted.version) < 0) {
    plan.Error(member.location, "host '" + member.name + "' runs ESXi " + host->version + " and cannot join switch '" +
                                    spec.name + "' of version " + wanted.version +
                                    "; a host joins a distributed switch of its own version or older");
    auto arrival = plan.arrivals().find(member.name);
    if (arrival != plan.arrivals().end()) arrival->second.carried.erase(spec.name);  // no steps onto it
    return;
  }
  if (plan.Carries(member.name, spec.name)) return;  // its networking moves in steps once it arrives
  Action& join = plan.Add(ActionKind::JoinHostToDvs, Side::Target, path + "/" + member.name);
  std::vector<std::string> mapping;
  for (const auto& [pnic, uplink] : uplinks) mapping.push_back(pnic + "=" + uplink);
  std::vector<std::string> vmkernel;
  for (const auto& [vmk, pg] : member.vmkernel) vmkernel.push_back(vmk.value + "=" + pg.value);
  join.params = {{"uplinks", Join(mapping, ",")}, {"vmkernel", Join(vmkernel, ",")}};
  join.changes = Differences({}, join.params);
  join.inputs = {SwitchReady(path), HostReady(member.name)};
  for (const auto& pg : wanted.port_groups) join.inputs.push_back(PortGroupReady(path, pg.name));
  join.outputs = {HostOnSwitch(member.name, spec.name)};
  join.expected_seconds = 20;
}


void PlanSwitch(PlanRecorder& plan, const DatacenterSpec& dc, const DistributedSwitchSpec& spec) {
  const std::string path = dc.name + "/" + spec.name;
  const InventoryDvs* base = spec.inherit.value.empty() ? nullptr : FindDvs(plan.source(), "", spec.inherit.value);
  const InventoryDvs* existing = FindDvs(plan.target(), dc.name, spec.name);
  // A switch that exists took what it inherits when it was made: the source switch may
  // be gone since (cleanup.remove_unused_distributed_switches), and planning again
  // changes nothing.
  if (!spec.inherit.value.empty() && !base && !existing) {
    plan.Error(spec.inherit.location, "switch '" + spec.name + "' inherits from '" + spec.inherit.value +
                                          "', which is not a distributed switch on the source");
    return;
  }
  const InventoryDvs wanted = Wanted(dc, spec, base);
  plan.AddPlannedSwitch(dc.name, AsPlanned(existing, wanted));
  if (!existing) {
    Action& create = plan.Add(ActionKind::CreateDvs, Side::Target, path);
    create.params = {{"version", wanted.version}, {"mtu", std::to_string(wanted.mtu)},
                     {"uplinks", Join(wanted.uplinks, ",")}};
    create.changes = Differences({}, create.params);
    create.inputs = {DatacenterReady(dc.name)};
    create.outputs = {SwitchReady(path)};
    create.expected_seconds = 5;
  }
  for (const auto& pg : wanted.port_groups) {
    if (!PortGroupNameFree(plan, dc, spec, pg.name)) continue;
    const bool present = existing && std::any_of(existing->port_groups.begin(), existing->port_groups.end(),
                                                 [&](const DvsPortGroup& p) { return p.name == pg.name; });
    if (present) continue;
    Action& create = plan.Add(ActionKind::CreateDvsPortGroup, Side::Target, path + "/" + pg.name);
    create.params = Flatten("", pg);
    create.params.erase("name");  // the action's object names it
    create.changes = Differences({}, create.params);
    create.inputs = {SwitchReady(path)};
    create.outputs = {PortGroupReady(path, pg.name)};
    create.expected_seconds = 2;
  }
  for (const auto& member : spec.hosts) PlanSwitchMember(plan, dc, spec, wanted, existing, member);
}

// --- Planning the VM folders of a datacenter's `vm_placement`: each VM on a host that ends
//     up in the datacenter goes to the folder of the first pattern matching its name, once
//     its host is there. Finishing work: a failure does not hold up the hosts.

std::string PlacementOf(const DatacenterSpec& dc, const std::string& vm) {
  for (const auto& placement : dc.vm_placement) {
    for (const auto& pattern : placement.vms) {
      if (fnmatch(pattern.value.c_str(), vm.c_str(), 0) == 0) return placement.folder.value;
    }
  }
  return "";
}


void PlanVmPlacement(PlanRecorder& plan, const DatacenterSpec& dc) {
  if (dc.vm_placement.empty()) return;
  std::set<std::string> hosts;  // the hosts that end up in this datacenter
  for (const auto& cluster : dc.clusters) {
    for (const auto& host : cluster.hosts) hosts.insert(host.value);
  }
  std::set<std::string> planned;
  for (const Inventory* inventory : {&plan.target(), &plan.source()}) {
    const bool arriving = inventory == &plan.source();
    if (arriving && plan.same_vcenter()) break;
    for (const auto& vm : inventory->vms) {
      if (!hosts.count(vm.host) || planned.count(vm.name)) continue;
      const std::string folder = PlacementOf(dc, vm.name);
      if (folder.empty() || (!arriving && vm.folder == folder)) continue;
      planned.insert(vm.name);
      Action& move = plan.Add(ActionKind::MoveVmToFolder, Side::Target, dc.name + "/" + vm.name);
      move.params = {{"folder", folder}};
      move.prior = {{"folder", arriving ? "" : vm.folder}};
      move.changes = {{"folder", arriving ? "(arrives with " + vm.host + ")" : vm.folder, folder}};
      move.inputs = {FolderReady(dc.name, "vm", folder), HostReady(vm.host)};
      move.criticality = Criticality::Finishing;
      move.expected_seconds = 1;
    }
  }
}

// --- Planning the cleanup of the source that the desired state asks for: the clusters,
//     distributed switches and datacenters every host of which this plan moves away, each
//     removed once those hosts are released. Cleanup work: a failure only warns, and
//     removing what the run did not create cannot be undone.

// Removing what the run did not create cannot be undone: the plan says so.
void AddCleanup(PlanRecorder& plan, ActionKind kind, const std::string& object, std::vector<std::string> inputs) {
  Action& destroy = plan.Add(kind, Side::Source, object);
  destroy.inputs = std::move(inputs);
  destroy.outputs = {RemovedFromSource(object)};
  destroy.criticality = Criticality::Cleanup;
  destroy.reversible = false;
  destroy.expected_seconds = 5;
}


// Once every host's actions are recorded: it finds the leaving hosts among them.
void PlanCleanup(PlanRecorder& plan) {
  if (plan.same_vcenter()) return;
  std::set<std::string> leaving;
  for (const auto& action : plan.actions()) {
    if (action.kind == ActionKind::RemoveHost) leaving.insert(action.object.substr(action.object.rfind('/') + 1));
  }
  if (leaving.empty()) return;
  const Inventory& source = plan.source();
  const CleanupPolicy& cleanup = plan.desired().cleanup;
  // What removing an object waits for: the release of each host that `matches`; nothing
  // when one of them stays, or none matches.
  const auto emptied = [&](auto matches) {
    std::vector<std::string> released;
    for (const auto& host : source.hosts) {
      if (!matches(host)) continue;
      if (!leaving.count(host.name)) return std::vector<std::string>{};
      released.push_back(HostReleased(host.name));
    }
    return released;
  };
  if (cleanup.remove_empty_clusters) {
    for (const auto& cluster : source.clusters) {
      auto inputs = emptied([&](const InventoryHost& h) { return h.datacenter == cluster.datacenter && h.cluster == cluster.name; });
      if (inputs.empty()) continue;
      AddCleanup(plan, ActionKind::DestroyCluster, cluster.datacenter + "/" + cluster.name, std::move(inputs));
    }
  }
  if (cleanup.remove_unused_distributed_switches) {
    for (const auto& dvs : source.switches) {
      auto inputs = emptied([&](const InventoryHost& h) {
        return std::any_of(h.proxy_switches.begin(), h.proxy_switches.end(),
                           [&](const ProxySwitch& p) { return p.dvs == dvs.name && h.datacenter == dvs.datacenter; });
      });
      if (inputs.empty()) continue;
      AddCleanup(plan, ActionKind::DestroyDvs, dvs.datacenter + "/" + dvs.name, std::move(inputs));
    }
  }
  if (cleanup.remove_empty_datacenters) {
    for (const auto& dc : source.datacenters) {
      auto inputs = emptied([&](const InventoryHost& h) { return h.datacenter == dc.name; });
      if (inputs.empty()) continue;
      for (const auto& action : plan.actions()) {
        if (action.side == Side::Source && action.criticality == Criticality::Cleanup &&
            action.object.rfind(dc.name + "/", 0) == 0) {
          inputs.push_back(RemovedFromSource(action.object));
        }
      }
      AddCleanup(plan, ActionKind::DestroyDatacenter, dc.name, std::move(inputs));
    }
  }
}

}  // namespace
}  // namespace planning

// One planner per kind of object, in an order that lets each read what the ones before
// it recorded: a cluster's hosts record the networking they bring on standard switches;
// the switches skip joining those hosts, and record themselves as planned; the arrivals
// then move that networking onto them; cleanup removes what the moves emptied. Within a
// run, the order actions are recorded in is the plan's order among ready actions.
PlanResult MakePlan(const DesiredState& desired, const Inventory& source, const Inventory& target) {
  planning::PlanRecorder plan(desired, source, target);
  for (const auto& dc : desired.datacenters) {
    planning::PlanDatacenter(plan, dc);
    for (const auto& cluster : dc.clusters) planning::PlanCluster(plan, dc, cluster);
    for (const auto& dvs : dc.distributed_switches) planning::PlanSwitch(plan, dc, dvs);
    for (const auto& cluster : dc.clusters) {
      for (const auto& host : cluster.hosts) planning::PlanArrival(plan, dc, host.value);
    }
    planning::PlanVmPlacement(plan, dc);
  }
  planning::PlanCleanup(plan);
  return std::move(plan).Finish();
}

}  // namespace vcshift
