#include "engine/plan_switches.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/host_network.h"
#include "engine/host_network_actions.h"
#include "engine/plan_host_moves.h"
#include "engine/plan_changes.h"
#include "engine/plan_resources.h"
#include "engine/version.h"

namespace vcshift::planning {
namespace {

const DvsPortGroup* PortGroupOf(const InventoryDvs& dvs, const std::string& name) {
  const auto found = std::find_if(dvs.port_groups.begin(), dvs.port_groups.end(),
                                  [&](const DvsPortGroup& pg) { return pg.name == name; });
  return found == dvs.port_groups.end() ? nullptr : &*found;
}

// A port group the desired state declares with every uplink active (no order) is as
// declared when its switch lists every uplink active, in the switch's order: vCenter
// shows a port group that inherits its switch's default order that way.
DvsPortGroup AsDeclared(DvsPortGroup declared, const DvsPortGroup& present, const std::vector<std::string>& uplinks) {
  if (declared.active_uplinks.empty() && declared.standby_uplinks.empty() && present.standby_uplinks.empty() &&
      present.active_uplinks == uplinks) {
    declared.active_uplinks = present.active_uplinks;
  }
  return declared;
}

// The switch as it will be once the plan has run: one that exists takes the settings the
// desired state declares (not those it inherits: it took them when it was made), its
// declared port groups' settings, and gains the port groups it lacks.
InventoryDvs AsPlanned(const InventoryDvs* existing, const InventoryDvs& wanted, const DistributedSwitchSpec& spec) {
  if (!existing) return wanted;
  InventoryDvs planned = *existing;
  if (spec.version && CompareVersions(*spec.version, planned.version) > 0) planned.version = *spec.version;
  if (spec.mtu) planned.mtu = *spec.mtu;
  if (spec.uplinks) planned.uplinks = wanted.uplinks;
  planned.nioc = wanted.nioc;
  for (const auto& pg : wanted.port_groups) {
    const DvsPortGroup* present = PortGroupOf(*existing, pg.name);
    if (!present) {
      planned.port_groups.push_back(pg);
    } else if (!spec.port_groups.empty()) {
      planned.port_groups[present - existing->port_groups.data()] = AsDeclared(pg, *present, planned.uplinks);
    }
  }
  return planned;
}

// An existing switch's version: upward only, as vSphere allows, and not past what its
// member hosts run.
void PlanSwitchVersion(PlanRecorder& plan, const DistributedSwitchSpec& spec, const InventoryDvs& existing,
                       const std::string& path) {
  if (!spec.version || existing.version.empty() || *spec.version == existing.version) return;
  if (CompareVersions(*spec.version, existing.version) < 0) {
    plan.Error(spec.location, "switch '" + path + "' is version " + existing.version + " on the target, not " +
                                  *spec.version + "; vSphere upgrades a distributed switch and never downgrades it");
    return;
  }
  for (const auto& member : existing.members) {
    const InventoryHost* host = plan.target_index().Host(member.host);
    if (host && !host->version.empty() && CompareVersions(host->version, *spec.version) < 0) {
      plan.Error(spec.location, "switch '" + path + "' cannot be upgraded to " + *spec.version + ": its member '" +
                                    member.host + "' runs ESXi " + host->version +
                                    "; a switch's members run its version or newer");
      return;
    }
  }
  Action& upgrade = plan.Add(ActionKind::UpgradeDvs, Side::Target, path);
  SetChanges(upgrade, {{"version", existing.version, *spec.version}});
  upgrade.reversible = false;
  upgrade.outputs = {SwitchVersionReady(path)};
  upgrade.expected_seconds = 10;
}

// What an existing object's declared settings change, one action (after `input`,
// producing `output`) undone with the values it found; none when nothing changes.
void PlanSettings(PlanRecorder& plan, ActionKind kind, const std::string& object,
                  const std::map<std::string, std::string>& present, const std::map<std::string, std::string>& planned,
                  const std::string& input, const std::string& output) {
  auto changes = Differences(present, planned);
  if (changes.empty()) return;
  Action& configure = plan.Add(kind, Side::Target, object);
  SetChanges(configure, std::move(changes));
  configure.inputs = {input};
  configure.outputs = {output};
  configure.expected_seconds = 5;
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

// The switch's members by host name.
using Members = std::unordered_multimap<std::string, const DvsMember*>;

// Where `host` is on the target once it is there: the cluster or folder this plan adds or
// moves it to, else where it is.
std::string HostPathOnTarget(PlanRecorder& plan, const std::string& host) {
  for (const Action& action : plan.actions()) {
    const bool arrives = action.kind == ActionKind::AddHost || action.kind == ActionKind::MoveHost;
    if (arrives && action.side == Side::Target && action.object == host) return action.params.at("cluster") + "/" + host;
  }
  const InventoryHost* there = plan.target_index().Host(host);
  return there ? PlacePath(there->datacenter, there->cluster, there->folder) + "/" + host : "";
}

// The host's networking when it joins the switch: as its networking arrives from the
// source, as it is on the target, or, for a host bringing none on a distributed switch,
// as it is on the source; the switch as planned is one it may join.
std::optional<HostNetwork> NetworkAtJoin(PlanRecorder& plan, const std::string& dc, const InventoryDvs& planned,
                                         const std::string& host) {
  std::optional<HostNetwork> state;
  const auto arrival = plan.arrivals().find(host);
  const InventoryHost* on_target = plan.target_index().Host(host);
  const InventoryHost* on_source = plan.source_index().Host(host);
  if (arrival != plan.arrivals().end()) {
    state = arrival->second.network;
  } else if (on_target) {
    state = HostNetworkFrom(*on_target, plan.target_index().VmsOn(host), plan.target_index().SwitchesIn(dc));
  } else if (on_source && on_source->proxy_switches.empty()) {
    state = HostNetworkFrom(*on_source, plan.source_index().VmsOn(host), {});
  }
  if (state && !FindDvs(*state, planned.name)) state->distributed_switches.push_back(HostDvsOf(planned));
  return state;
}

// The host as the join leaves it: a member of the switch with the listed (free) pNICs on
// its uplinks.
HostNetwork Joined(HostNetwork state, const std::string& dvs,
                   const std::vector<std::pair<std::string, std::string>>& uplinks) {
  if (!FindProxy(state, dvs)) {
    NetworkStep join;
    join.kind = StepKind::JoinDvs;
    join.object = dvs;
    state = Apply(state, join).state.value_or(state);
  }
  for (const auto& [pnic, uplink] : uplinks) {
    NetworkStep move;
    move.kind = StepKind::MovePnic;
    move.object = pnic;
    move.from = PnicPlace(state, pnic);
    move.to = {dvs, true, "", uplink};
    state = Apply(state, move).state.value_or(state);
  }
  return state;
}

// The VMkernel adapters `member.vmkernel` puts on the switch, each a host-network step once
// the host is a member (`after`): its inverse puts the adapter back where it was before the
// host leaves the switch in a rollback. A move that would cut the adapter off (the rules
// of docs/host-networking.md) refuses the plan at the member's line.
void PlanJoinVmknics(PlanRecorder& plan, const InventoryDvs& planned, const DvsHostMember& member,
                     const std::optional<HostNetwork>& state,
                     const std::vector<std::pair<std::string, std::string>>& uplinks, std::vector<std::string> after) {
  if (member.vmkernel.empty()) return;
  if (!state) {
    plan.Error(member.location, "host '" + member.name + "': where its VMkernel adapters will be when it joins '" +
                                    planned.name + "' cannot be told (its networking leaves a distributed switch of "
                                    "the source that no desired switch takes); list it under that switch instead");
    return;
  }
  HostNetwork now = Joined(*state, planned.name, uplinks);
  const std::string object = HostPathOnTarget(plan, member.name);
  for (const auto& [vmk, pg] : member.vmkernel) {
    const std::string& device = vmk.value;
    const auto nic = std::find_if(now.vmkernel_nics.begin(), now.vmkernel_nics.end(),
                                  [&](const VmkernelNic& v) { return v.device == device; });
    if (nic == now.vmkernel_nics.end()) {
      plan.Error(vmk.location, "host '" + member.name + "' has no VMkernel adapter " + vmk.value);
      continue;
    }
    NetworkStep move;
    move.kind = StepKind::MoveVmknic;
    move.object = vmk.value;
    move.from = NicPlace(now, nic->port_group, nic->dvs);
    move.to = {planned.name, true, pg.value, ""};
    if (move.from == move.to) continue;
    HostNetwork next;
    const auto problems = ApplyChecked(now, move, next);
    if (!problems.empty()) {
      for (const auto& problem : problems) plan.Error(pg.location, Format(problem));
      continue;
    }
    Action action = StepAction(move, Side::Target, object);
    action.inputs = after;
    action.outputs = {"done:" + action.id};
    after = action.outputs;
    plan.Add(std::move(action));
    now = std::move(next);
  }
}

// join_host_to_dvs takes free pNICs: vCenter refuses one a standard switch holds
// (ResourceInUse). One in use where the host will be when it joins is refused here, at
// its line, rather than by a rollback.
bool PnicsFree(PlanRecorder& plan, const InventoryDvs& planned, const DvsHostMember& member,
               const std::optional<HostNetwork>& state) {
  if (!state) return true;
  bool free = true;
  for (const auto& [pnic, uplink] : member.uplinks) {
    const NetworkPlace place = PnicPlace(*state, pnic.value);
    if (place.switch_name.empty() || place.switch_name == planned.name) continue;
    plan.Error(pnic.location, "host '" + member.name + "' cannot join '" + planned.name + "' with " + pnic.value +
                                  ": it is on " + PnicText(place) +
                                  "; a pNIC joins a distributed switch free (move it off first, or list another)");
    free = false;
  }
  return free;
}

void PlanSwitchMember(PlanRecorder& plan, const DatacenterSpec& dc, const DistributedSwitchSpec& spec,
                      const InventoryDvs& wanted, const Members& existing, const DvsHostMember& member) {
  std::vector<std::pair<std::string, std::string>> uplinks;
  for (const auto& [pnic, uplink] : member.uplinks) uplinks.emplace_back(pnic.value, uplink.value);
  std::sort(uplinks.begin(), uplinks.end());
  const std::string path = dc.name + "/" + spec.name;
  std::vector<std::string> member_ready = {SwitchReady(path), HostReady(member.name)};
  for (const auto& pg : wanted.port_groups) member_ready.push_back(PortGroupReady(path, pg.name));
  const auto [first, last] = existing.equal_range(member.name);
  for (auto present = first; present != last; ++present) {
    auto have = present->second->uplinks;
    std::sort(have.begin(), have.end());
    if (have != uplinks) continue;
    if (member.vmkernel.empty()) return;  // nothing to read the host's networking for
    return PlanJoinVmknics(plan, wanted, member, NetworkAtJoin(plan, dc.name, wanted, member.name), {}, member_ready);
  }
  const InventoryHost* host = plan.target_index().Host(member.name);
  if (!host) host = plan.source_index().Host(member.name);
  if (host && !host->version.empty() && !wanted.version.empty() && CompareVersions(host->version, wanted.version) < 0) {
    plan.Error(member.location, "host '" + member.name + "' runs ESXi " + host->version + " and cannot join switch '" +
                                    spec.name + "' of version " + wanted.version +
                                    "; a host joins a distributed switch of its own version or older");
    auto arrival = plan.arrivals().find(member.name);
    if (arrival != plan.arrivals().end()) arrival->second.carried.erase(spec.name);  // no steps onto it
    return;
  }
  if (plan.Carries(member.name, spec.name)) return;  // its networking moves in steps once it arrives
  const std::optional<HostNetwork> state = NetworkAtJoin(plan, dc.name, wanted, member.name);
  if (!PnicsFree(plan, wanted, member, state)) return;
  Action& join = plan.Add(ActionKind::JoinHostToDvs, Side::Target, path + "/" + member.name);
  std::vector<std::string> mapping;
  for (const auto& [pnic, uplink] : uplinks) mapping.push_back(pnic + "=" + uplink);
  // The VMkernel adapters move in steps of their own after it (PlanJoinVmknics).
  join.params = {{"uplinks", Join(mapping, ",")}};
  join.changes = Differences({}, join.params);
  join.inputs = member_ready;
  join.outputs = {HostOnSwitch(member.name, spec.name)};
  join.expected_seconds = 20;
  PlanJoinVmknics(plan, wanted, member, state, uplinks, join.outputs);
}

}  // namespace

bool NiocOnceRun(const PlanRecorder& plan, const DatacenterSpec& dc, const DistributedSwitchSpec& spec) {
  if (spec.nioc) return *spec.nioc;
  if (const InventoryDvs* existing = plan.target_index().Dvs(dc.name, spec.name)) return existing->nioc;
  const InventoryDvs* base = spec.inherit.value.empty() ? nullptr : plan.source_index().Dvs("", spec.inherit.value);
  return base && base->nioc;
}

void PlanSwitch(PlanRecorder& plan, const DatacenterSpec& dc, const DistributedSwitchSpec& spec) {
  const std::string path = dc.name + "/" + spec.name;
  const InventoryDvs* base = spec.inherit.value.empty() ? nullptr : plan.source_index().Dvs("", spec.inherit.value);
  const InventoryDvs* existing = plan.target_index().Dvs(dc.name, spec.name);
  // A switch that exists took what it inherits when it was made: the source switch may
  // be gone since (cleanup.remove_unused_distributed_switches), and planning again
  // changes nothing.
  if (!spec.inherit.value.empty() && !base && !existing) {
    plan.Error(spec.inherit.location, "switch '" + spec.name + "' inherits from '" + spec.inherit.value +
                                          "', which is not a distributed switch on the source");
    return;
  }
  InventoryDvs wanted = Wanted(dc, spec, base);
  wanted.nioc = NiocOnceRun(plan, dc, spec);
  const InventoryDvs planned = AsPlanned(existing, wanted, spec);
  plan.AddPlannedSwitch(dc.name, planned);
  if (existing) {
    PlanSwitchVersion(plan, spec, *existing, path);
    PlanSettings(plan, ActionKind::ConfigureDvs, path, SwitchSettings(*existing), SwitchSettings(planned),
                 SwitchVersionReady(path), SwitchReady(path));
  } else {
    Action& create = plan.Add(ActionKind::CreateDvs, Side::Target, path);
    create.params = SwitchSettings(wanted);
    create.params["version"] = wanted.version;
    create.changes = Differences({}, create.params);
    create.inputs = {DatacenterReady(dc.name)};
    create.outputs = {SwitchReady(path)};
    create.expected_seconds = 5;
  }
  for (const auto& pg : wanted.port_groups) {
    if (!PortGroupNameFree(plan, dc, spec, pg.name)) continue;
    if (const DvsPortGroup* present = existing ? PortGroupOf(*existing, pg.name) : nullptr) {
      // Only what the desired state declares: inherited port groups were copied when made.
      if (!spec.port_groups.empty()) {
        PlanSettings(plan, ActionKind::ConfigureDvsPortGroup, path + "/" + pg.name, PortGroupSettings(*present),
                     PortGroupSettings(*PortGroupOf(planned, pg.name)), SwitchReady(path), PortGroupReady(path, pg.name));
      }
      continue;
    }
    Action& create = plan.Add(ActionKind::CreateDvsPortGroup, Side::Target, path + "/" + pg.name);
    create.params = PortGroupSettings(pg);
    create.changes = Differences({}, create.params);
    create.inputs = {SwitchReady(path)};
    create.outputs = {PortGroupReady(path, pg.name)};
    create.expected_seconds = 2;
  }
  Members members;
  if (existing) {
    for (const auto& present : existing->members) members.emplace(present.host, &present);
  }
  for (const auto& member : spec.hosts) PlanSwitchMember(plan, dc, spec, planned, members, member);
}

}  // namespace vcshift::planning
