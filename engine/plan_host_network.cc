#include "engine/plan_host_network.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "engine/host_network_actions.h"
#include "engine/host_network_plan.h"
#include "engine/plan_resources.h"
#include "engine/plan_switches.h"

namespace vcshift::planning {
namespace {

// The target's switches in `dc` as they will be once the plan has run.
std::vector<const InventoryDvs*> SwitchesAsPlanned(const PlanRecorder& plan, const std::string& dc) {
  std::vector<const InventoryDvs*> out;
  for (const auto& dvs : plan.PlannedSwitches(dc)) out.push_back(&dvs);
  for (const InventoryDvs* dvs : plan.target_index().SwitchesIn(dc)) {
    if (!plan.PlannedSwitch(dc, dvs->name)) out.push_back(dvs);
  }
  return out;
}

// The desired switch of `dc` that takes each source switch's networking, by the source
// switch's name: the one that inherits it, else one that lists the host and takes no
// other of its switches. Its migration_standard_switch carries the networking across.
std::map<std::string, const DistributedSwitchSpec*> TargetSwitches(const PlanRecorder& plan, const DatacenterSpec& dc,
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
      if (!out.count(proxy.dvs) && plan.desired_index().Member(spec, host.name) && taken.insert(&spec).second) {
        out[proxy.dvs] = &spec;
      }
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
void AddMigrationSwitches(const PlanRecorder& plan, const DatacenterSpec& dc, Arrival& arrival) {
  for (const auto& spec : dc.distributed_switches) {
    const std::string& vswitch = spec.migration_standard_switch;
    const bool taken = std::any_of(arrival.carried.begin(), arrival.carried.end(),
                                   [&](const auto& entry) { return entry.second == vswitch; });
    if (!taken && !arrival.carried.count(spec.name) && plan.desired_index().Member(spec, arrival.network.host) &&
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
  for (Action* add : plan.HostAdds(host)) {
    for (const auto& pg : planned.port_groups) add->inputs.push_back(PortGroupReady(path, pg.name));
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

}  // namespace

std::vector<std::string> PlanDeparture(PlanRecorder& plan, const DatacenterSpec& dc, const InventoryHost& host,
                                       const Located& name, const std::string& object,
                                       const std::string& object_on_target, std::vector<std::string> after) {
  HostNetwork state = HostNetworkFrom(host, plan.source_index().VmsOn(host.name),
                                      plan.source_index().SwitchesIn(host.datacenter));
  const auto targets = TargetSwitches(plan, dc, host);
  ToStandardOptions options;
  for (const auto& [source, spec] : targets) options.standard_switches[source] = spec->migration_standard_switch;
  // Network I/O control must not see its pNICs go (or come, on a target switch that has
  // it on): they leave it first and come back, with the exact value the host had, once
  // the last of them has moved.
  std::vector<std::string> nioc = PnicsUnderNioc(state);
  bool target_nioc = false;
  for (const auto& [source, spec] : targets) {
    const ProxySwitch* proxy = FindProxy(state, source);
    if (!proxy || !NiocOnceRun(plan, dc, *spec)) continue;
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
  Arrival arrival{object_on_target, HostReady(host.name), network_plan.state,
                  Carried(plan, network_plan.steps, targets, name), std::nullopt};
  if (take_out && target_nioc) {
    arrival.restore_nioc = Inverse(*take_out);
  } else if (take_out) {
    steps.push_back(Inverse(*take_out));
    arrival.network = Applied(arrival.network, {steps.back()});
  }
  AddMigrationSwitches(plan, dc, arrival);
  if (!arrival.carried.empty()) plan.arrivals()[host.name] = std::move(arrival);
  return AddSteps(plan, steps, Side::Source, object, std::move(after), "host-network-standard:" + host.name);
}

void NoteEarlierArrival(PlanRecorder& plan, const DatacenterSpec& dc, const InventoryHost& host,
                        const std::string& object, const std::string& ready) {
  Arrival arrival{object, ready.empty() ? HostReady(host.name) : ready,
                  HostNetworkFrom(host, plan.target_index().VmsOn(host.name), {}), {}, std::nullopt};
  AddMigrationSwitches(plan, dc, arrival);
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
    const DvsHostMember* member = plan.desired_index().Member(spec, host);
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
    state = network_plan.state;
  }
  if (restore) AddSteps(plan, {*restore}, Side::Target, arrival.object, after, "nioc-restored@target:" + host);
}

}  // namespace vcshift::planning
