#include "engine/plan_switches.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/host_network.h"
#include "engine/plan_changes.h"
#include "engine/plan_resources.h"
#include "engine/version.h"

namespace vcshift::planning {
namespace {

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

// The switch's members by host name.
using Members = std::unordered_multimap<std::string, const DvsMember*>;

void PlanSwitchMember(PlanRecorder& plan, const DatacenterSpec& dc, const DistributedSwitchSpec& spec,
                      const InventoryDvs& wanted, const Members& existing, const DvsHostMember& member) {
  std::vector<std::pair<std::string, std::string>> uplinks;
  for (const auto& [pnic, uplink] : member.uplinks) uplinks.emplace_back(pnic.value, uplink.value);
  std::sort(uplinks.begin(), uplinks.end());
  const auto [first, last] = existing.equal_range(member.name);
  for (auto present = first; present != last; ++present) {
    auto have = present->second->uplinks;
    std::sort(have.begin(), have.end());
    if (have == uplinks) return;
  }
  const std::string path = dc.name + "/" + spec.name;
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

}  // namespace

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
  Members members;
  if (existing) {
    for (const auto& present : existing->members) members.emplace(present.host, &present);
  }
  for (const auto& member : spec.hosts) PlanSwitchMember(plan, dc, spec, wanted, members, member);
}

}  // namespace vcshift::planning
