#include "engine/host_network_plan.h"

#include <algorithm>
#include <functional>
#include <set>

namespace vcshift {
namespace {

template <typename T, typename Pred>
const T* FindIf(const std::vector<T>& items, Pred pred) {
  auto it = std::find_if(items.begin(), items.end(), pred);
  return it == items.end() ? nullptr : &*it;
}

std::string Join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

const std::string& NetworkOf(const VmkernelNic& vmk) { return vmk.port_group; }
const std::string& NetworkOf(const HostVmNic& nic) { return nic.network; }

// The VMkernel adapters or VM NICs of `nics` at `where` (a switch and whether it is
// distributed).
template <typename Nic>
std::vector<Nic> On(const HostNetwork& state, const std::vector<Nic>& nics, const std::string& where,
                    bool distributed) {
  std::vector<Nic> out;
  for (const auto& nic : nics) {
    const NetworkPlace place = NicPlace(state, NetworkOf(nic), nic.dvs);
    if (place.distributed == distributed && place.switch_name == where) out.push_back(nic);
  }
  return out;
}

// The VMkernel adapters at `where`, management last: the management network moves once
// everything else has shown the new path works.
std::vector<VmkernelNic> VmknicsOn(const HostNetwork& state, const std::string& where, bool distributed) {
  std::vector<VmkernelNic> out = On(state, state.vmkernel_nics, where, distributed);
  std::stable_partition(out.begin(), out.end(), [](const VmkernelNic& v) { return !v.management; });
  return out;
}

std::vector<HostVmNic> VmNicsOn(const HostNetwork& state, const std::string& where, bool distributed) {
  return On(state, state.vm_nics, where, distributed);
}

// Steps applied to a copy of the state as they are chosen, each checked against the
// invariants, so a plan is known to hold before anything runs.
struct Simulation {
  HostNetwork state;
  std::vector<NetworkStep> steps;
  std::vector<NetworkProblem> problems;
  HostNetwork next;  // scratch: the state after the step being tried

  bool Ok() const { return problems.empty(); }

  void Add(const NetworkStep& step) {
    if (!Ok()) return;
    problems = ApplyChecked(state, step, next);
    if (!Ok()) return;
    std::swap(state, next);
    steps.push_back(step);
  }

  void Refuse(const std::string& rule, const std::string& message) {
    problems.push_back({state.host, "", rule, message});
  }
};

using Attempt = std::function<void(Simulation&)>;

// The first attempt whose whole plan holds; if none does, the refusal of the first (the
// preferred order), which names the step and the invariant.
Simulation FirstThatHolds(const Simulation& start, const std::vector<Attempt>& attempts) {
  std::optional<Simulation> first;
  for (const auto& attempt : attempts) {
    Simulation trial = start;
    attempt(trial);
    if (trial.Ok()) return trial;
    if (!first) first = std::move(trial);
  }
  return first ? *first : start;
}

NetworkStep Move(StepKind kind, const std::string& object, NetworkPlace from, NetworkPlace to) {
  NetworkStep step;
  step.kind = kind;
  step.object = object;
  step.from = std::move(from);
  step.to = std::move(to);
  return step;
}

NetworkStep MoveVmNic(const HostNetwork& state, const HostVmNic& nic, NetworkPlace to) {
  NetworkStep step = Move(StepKind::MoveVmNic, nic.vm, NicPlace(state, nic.network, nic.dvs), std::move(to));
  step.nic = nic.label;
  return step;
}

NetworkPlace Standard(const std::string& vswitch, const std::string& port_group) {
  return {vswitch, false, port_group, ""};
}

NetworkPlace ActiveOn(const std::string& vswitch) { return {vswitch, false, "", "active"}; }

// --- off a distributed switch ----------------------------------------------------------

int StandardVlan(const DvsPortGroup& group) { return group.vlan_trunk.empty() ? group.vlan : kAllVlans; }

// The distributed port groups the host's adapters use on `dvs`.
std::set<std::string> PortGroupsInUse(const HostNetwork& state, const std::string& dvs) {
  std::set<std::string> used;
  for (const auto& vmk : state.vmkernel_nics) {
    if (vmk.dvs == dvs) used.insert(vmk.port_group);
  }
  for (const auto& nic : state.vm_nics) {
    if (nic.dvs == dvs) used.insert(nic.network);
  }
  return used;
}

// The standard port group on `vswitch` that mirrors `group`: one already there with its
// VLAN, else its name, else its name with kRenamedSuffix, whichever the host does not
// use yet; "" when both names are taken by other networks.
std::string MirrorName(const HostNetwork& state, const std::string& vswitch, const DvsPortGroup& group) {
  const std::string names[] = {group.name, group.name + kRenamedSuffix};
  for (const auto& name : names) {
    const StandardPortGroup* existing = FindStandardPortGroup(state, name);
    if (existing && existing->vswitch == vswitch && existing->vlan == StandardVlan(group)) return name;
  }
  for (const auto& name : names) {
    if (!FindStandardPortGroup(state, name)) return name;
  }
  return "";
}

bool Mirrors(const StandardPortGroup& standard, const HostDvs& dvs) {
  return std::any_of(dvs.port_groups.begin(), dvs.port_groups.end(), [&](const DvsPortGroup& group) {
    return standard.vlan == StandardVlan(group) &&
           (standard.name == group.name || standard.name == group.name + kRenamedSuffix);
  });
}

std::string NamedSwitch(const ToStandardOptions& options, const std::string& dvs) {
  auto it = options.standard_switches.find(dvs);
  return it == options.standard_switches.end() ? kMigrationSwitch : it->second;
}

// The named switch when the host has it; else one that already holds port groups of this
// distributed switch's networking and nothing else (an earlier run under another name);
// else the named one, to be created.
std::string SwitchFor(const HostNetwork& state, const HostDvs& dvs, const ToStandardOptions& options) {
  const std::string named = NamedSwitch(options, dvs.name);
  if (FindStandardSwitch(state, named)) return named;
  for (const auto& vswitch : state.standard_switches) {
    bool any = false;
    bool all = true;
    for (const auto& group : state.port_groups) {
      if (group.vswitch != vswitch.name) continue;
      any = true;
      all = all && Mirrors(group, dvs);
    }
    if (any && all) return vswitch.name;
  }
  return named;
}

struct OffDvs {
  const HostDvs& dvs;
  std::string vswitch;
  std::map<std::string, std::string> mirror;  // distributed port group -> standard port group

  void Run(Simulation& sim) {
    if (!FindStandardSwitch(sim.state, vswitch)) {
      NetworkStep create = Move(StepKind::CreateStandardSwitch, vswitch, {}, {});
      create.mtu = dvs.mtu;
      sim.Add(create);
    }
    for (const auto& name : PortGroupsInUse(sim.state, dvs.name)) MirrorPortGroup(sim, name);
    if (!sim.Ok()) return;
    if (HasActiveUplink(sim.state, ActiveOn(vswitch))) return MoveRest(sim);
    sim = FirstThatHolds(sim, FirstMoves(sim.state));
  }

  void MirrorPortGroup(Simulation& sim, const std::string& name) {
    const DvsPortGroup* group = FindDvsPortGroup(dvs, name);
    if (!group) {
      return sim.Refuse("unknown-port-group", "adapters are on port group " + name + ", which distributed switch " +
                                                  dvs.name + " does not have; rediscover the inventory");
    }
    const std::string standard = MirrorName(sim.state, vswitch, *group);
    if (standard.empty()) {
      return sim.Refuse("port-group-name", "standard port groups " + name + " and " + name + kRenamedSuffix +
                                               " are already used on the host by other networks; rename one so " +
                                               vswitch + " can mirror " + dvs.name + "/" + name);
    }
    mirror[name] = standard;
    if (FindStandardPortGroup(sim.state, standard)) return;
    NetworkStep create = Move(StepKind::CreatePortGroup, standard, {}, Standard(vswitch, ""));
    create.vlan = StandardVlan(*group);
    sim.Add(create);
  }

  // One pNIC with link goes first, the last uplink first; failing that, a pNIC together
  // with the VMkernel adapters.
  std::vector<Attempt> FirstMoves(const HostNetwork& state) {
    std::vector<std::string> candidates;
    for (auto it = dvs.uplinks.rbegin(); it != dvs.uplinks.rend(); ++it) {
      for (const auto& [pnic, uplink] : FindProxy(state, dvs.name)->uplinks) {
        if (uplink == *it && HasLink(state, pnic)) candidates.push_back(pnic);
      }
    }
    if (candidates.empty()) return {[this](Simulation& sim) { MoveRest(sim); }};
    std::vector<Attempt> attempts;
    for (const auto& pnic : candidates) {
      attempts.push_back([this, pnic](Simulation& sim) {
        sim.Add(Move(StepKind::MovePnic, pnic, PnicPlace(sim.state, pnic), ActiveOn(vswitch)));
        MoveRest(sim);
      });
    }
    for (const auto& pnic : candidates) {
      attempts.push_back([this, pnic](Simulation& sim) {
        NetworkStep together =
            Move(StepKind::MovePnicWithVmknics, pnic, PnicPlace(sim.state, pnic), ActiveOn(vswitch));
        for (const auto& vmk : VmknicsOn(sim.state, dvs.name, true)) {
          together.vmknics.push_back({vmk.device, NicPlace(sim.state, vmk.port_group, vmk.dvs),
                                      Standard(vswitch, mirror.at(vmk.port_group))});
        }
        sim.Add(together);
        MoveRest(sim);
      });
    }
    return attempts;
  }

  void MoveRest(Simulation& sim) {
    for (const auto& vmk : VmknicsOn(sim.state, dvs.name, true)) {
      sim.Add(Move(StepKind::MoveVmknic, vmk.device, NicPlace(sim.state, vmk.port_group, vmk.dvs),
                   Standard(vswitch, mirror.at(vmk.port_group))));
    }
    for (const auto& nic : VmNicsOn(sim.state, dvs.name, true)) {
      sim.Add(MoveVmNic(sim.state, nic, Standard(vswitch, mirror.at(nic.network))));
    }
    if (const ProxySwitch* proxy = FindProxy(sim.state, dvs.name)) {
      for (const auto& [pnic, uplink] : std::vector(proxy->uplinks)) {
        sim.Add(Move(StepKind::MovePnic, pnic, {dvs.name, true, "", uplink}, ActiveOn(vswitch)));
      }
    }
    sim.Add(Move(StepKind::LeaveDvs, dvs.name, {}, {}));
  }
};

// Layouts the steps cannot move without an outage, found before any step is chosen.
struct StandardPrechecks {
  const HostNetwork& state;
  std::vector<NetworkProblem> problems;

  void Refuse(const std::string& rule, const std::string& message) {
    problems.push_back({state.host, "", rule, message});
  }

  void Check(const HostDvs& dvs, const std::string& vswitch) {
    if (!dvs.lacp_groups.empty()) {
      Refuse("lacp", "distributed switch " + dvs.name + " uses LACP (" + Join(dvs.lacp_groups, ", ") +
                         "); a standard switch cannot take part in a link aggregation, so the host's pNICs "
                         "cannot leave it without an outage; move the host's uplinks off the LAG first");
    }
    for (const auto& vmk : VmknicsOn(state, dvs.name, true)) {
      if (vmk.management && !HasActiveUplink(state, NicPlace(state, vmk.port_group, vmk.dvs))) {
        Refuse("management-uplink", "management adapter " + vmk.device + " on " + dvs.name + "/" + vmk.port_group +
                                        " has no connected active uplink now; fix its teaming or cabling first");
      }
    }
    CheckSeparateUplinks(dvs);
    if (!HasActiveUplink(state, ActiveOn(vswitch))) CheckRunningVms(dvs);
  }

  // Port groups that never share an uplink may reach different physical networks, which
  // one standard switch's team cannot keep apart.
  void CheckSeparateUplinks(const HostDvs& dvs) {
    std::vector<std::pair<std::string, std::set<std::string>>> uplinks_of;
    for (const auto& name : PortGroupsInUse(state, dvs.name)) {
      const DvsPortGroup* group = FindDvsPortGroup(dvs, name);
      if (!group || group->active_uplinks.empty()) continue;  // every uplink: shares with all
      std::set<std::string> used(group->active_uplinks.begin(), group->active_uplinks.end());
      used.insert(group->standby_uplinks.begin(), group->standby_uplinks.end());
      for (const auto& [other, other_uplinks] : uplinks_of) {
        const std::set<std::string>& other_used = other_uplinks;  // clang 14 cannot capture a binding
        if (std::none_of(used.begin(), used.end(), [&](const std::string& u) { return other_used.count(u); })) {
          Refuse("separate-uplinks", "port groups " + other + " and " + name + " of " + dvs.name +
                                         " use no uplink in common, so their traffic may need different physical "
                                         "networks; one standard switch cannot keep them apart. Give each a "
                                         "standby uplink of the other if every pNIC reaches both networks, or "
                                         "move this host's networking by hand");
        }
      }
      uplinks_of.emplace_back(name, std::move(used));
    }
  }

  // A VM cannot move in the host update that moves a single pNIC with the VMkernel
  // adapters: with one pNIC, and none with link on the standard switch yet, running VMs
  // would be cut off in between.
  void CheckRunningVms(const HostDvs& dvs) {
    const ProxySwitch* proxy = FindProxy(state, dvs.name);
    const auto with_link = std::count_if(proxy->uplinks.begin(), proxy->uplinks.end(),
                                         [&](const auto& entry) { return HasLink(state, entry.first); });
    if (with_link != 1) return;
    std::vector<std::string> running;
    for (const auto& nic : VmNicsOn(state, dvs.name, true)) {
      if (nic.powered_on && nic.connected && (running.empty() || running.back() != nic.vm)) running.push_back(nic.vm);
    }
    if (running.empty()) return;
    Refuse("single-pnic-vms", "only one pNIC with link is on " + dvs.name + ", so running VMs " + Join(running, ", ") +
                                  " would lose their network while it moves; vMotion them to another host or "
                                  "power them off first");
  }
};

// --- onto a distributed switch -----------------------------------------------------------

struct OntoDvs {
  const HostDvs& dvs;
  const DvsMapping& mapping;
  std::vector<std::pair<std::string, std::string>> uplinks;  // pNIC -> uplink, still to move
  std::map<std::string, std::string> vmk_target;             // VMkernel adapter -> port group
  std::map<std::string, std::string> network_target;         // standard port group -> port group

  const std::string& vswitch() const { return mapping.standard_switch; }

  void Plan(const HostNetwork& state, Simulation& sim) {
    PlanUplinks(state, sim);
    for (const auto& vmk : VmknicsOn(state, vswitch(), false)) vmk_target[vmk.device] = Target(state, sim, vmk);
    for (const auto& nic : VmNicsOn(state, vswitch(), false)) {
      if (!network_target.count(nic.network)) network_target[nic.network] = Target(state, sim, nic.network);
    }
  }

  void PlanUplinks(const HostNetwork& state, Simulation& sim) {
    std::vector<std::string> on_switch = FindStandardSwitch(state, vswitch())->pnics;
    if (mapping.uplinks.empty()) {
      std::vector<std::string> free;
      for (const auto& uplink : dvs.uplinks) {
        const ProxySwitch* proxy = FindProxy(state, dvs.name);
        if (!proxy || !FindIf(proxy->uplinks, [&](const auto& e) { return e.second == uplink; })) free.push_back(uplink);
      }
      if (on_switch.size() > free.size()) {
        return sim.Refuse("uplinks", vswitch() + " has " + std::to_string(on_switch.size()) + " pNICs but " +
                                         dvs.name + " has " + std::to_string(free.size()) +
                                         " free uplinks; map the pNICs to uplinks in the desired state");
      }
      for (size_t i = 0; i < on_switch.size(); ++i) uplinks.emplace_back(on_switch[i], free[i]);
      return;
    }
    for (const auto& [pnic, uplink] : mapping.uplinks) MapUplink(state, sim, pnic, uplink);
    for (const auto& pnic : on_switch) {
      if (!FindIf(mapping.uplinks, [&](const auto& e) { return e.first == pnic; })) {
        sim.Refuse("uplinks", pnic + " is on " + vswitch() + " but the desired state gives it no uplink of " +
                                  dvs.name + "; add it to the host's uplinks");
      }
    }
  }

  void MapUplink(const HostNetwork& state, Simulation& sim, const std::string& pnic, const std::string& uplink) {
    const NetworkPlace now = PnicPlace(state, pnic);
    if (now == NetworkPlace{dvs.name, true, "", uplink}) return;  // already there
    if (std::find(dvs.uplinks.begin(), dvs.uplinks.end(), uplink) == dvs.uplinks.end()) {
      return sim.Refuse("uplinks", dvs.name + " has no uplink " + uplink + " for " + pnic);
    }
    if (!FindIf(state.pnics, [&](const PhysicalNic& p) { return p.device == pnic; })) {
      return sim.Refuse("uplinks", "the host has no pNIC " + pnic + " for uplink " + uplink + " of " + dvs.name);
    }
    if (!now.switch_name.empty() && now.switch_name != vswitch()) {
      return sim.Refuse("uplinks", pnic + " is on " + now.switch_name + ", not " + vswitch() +
                                       "; take it off that switch or leave it out of the uplinks");
    }
    uplinks.emplace_back(pnic, uplink);
  }

  std::string Target(const HostNetwork& state, Simulation& sim, const VmkernelNic& vmk) {
    auto it = std::find_if(mapping.vmkernel.begin(), mapping.vmkernel.end(),
                           [&](const auto& e) { return e.first == vmk.device; });
    if (it == mapping.vmkernel.end()) return Target(state, sim, vmk.port_group);
    if (!FindDvsPortGroup(dvs, it->second)) {
      sim.Refuse("port-group", "the desired state puts " + vmk.device + " on port group " + it->second + ", which " +
                                   dvs.name + " does not have");
    }
    return it->second;
  }

  // The distributed port group for the networks of standard port group `name`.
  std::string Target(const HostNetwork& state, Simulation& sim, const std::string& name) {
    std::string base = name;
    const std::string suffix = kRenamedSuffix;
    if (base.size() > suffix.size() && base.ends_with(suffix)) base.resize(base.size() - suffix.size());
    for (const auto& [source, target] : mapping.networks) {
      if (source != name && source != base) continue;
      if (!FindDvsPortGroup(dvs, target)) {
        sim.Refuse("port-group", "the network mapping sends " + source + " to port group " + target + ", which " +
                                     dvs.name + " does not have");
      }
      return target;
    }
    const Vlans vlans = VlansOf(*FindStandardPortGroup(state, name));
    if (const DvsPortGroup* same_name = FindDvsPortGroup(dvs, base)) {
      if (SameVlans(vlans, VlansOf(*same_name))) return base;
      sim.Refuse("port-group", "port group " + base + " of " + dvs.name + " carries " + VlanText(VlansOf(*same_name)) +
                                   ", the host's " + name + " " + VlanText(vlans) + "; map " + base +
                                   " to a port group with its VLAN in network_mapping");
      return "";
    }
    std::vector<std::string> same_vlan;
    for (const auto& group : dvs.port_groups) {
      if (SameVlans(vlans, VlansOf(group))) same_vlan.push_back(group.name);
    }
    if (same_vlan.size() == 1) return same_vlan[0];
    sim.Refuse("port-group", "no port group of " + dvs.name + " is named " + base + " and " +
                                 (same_vlan.empty() ? "none carries " + VlanText(vlans)
                                                    : "several carry " + VlanText(vlans) + " (" + Join(same_vlan, ", ") + ")") +
                                 "; map " + base + " to one in network_mapping");
    return "";
  }

  void Run(Simulation& sim) {
    if (!FindProxy(sim.state, dvs.name)) sim.Add(Move(StepKind::JoinDvs, dvs.name, {}, {}));
    const ProxySwitch* proxy = FindProxy(sim.state, dvs.name);
    const bool has_link = proxy && std::any_of(proxy->uplinks.begin(), proxy->uplinks.end(),
                                               [&](const auto& e) { return HasLink(sim.state, e.first); });
    if (!sim.Ok()) return;
    if (has_link) return MoveRest(sim);
    sim = FirstThatHolds(sim, FirstMoves(sim.state));
  }

  // One pNIC with link goes first, in the order of the pairing; failing that, a pNIC
  // together with the VMkernel adapters.
  std::vector<Attempt> FirstMoves(const HostNetwork& state) {
    std::vector<std::pair<std::string, std::string>> candidates;
    for (const auto& entry : uplinks) {
      if (HasLink(state, entry.first)) candidates.push_back(entry);
    }
    if (candidates.empty()) return {[this](Simulation& sim) { MoveRest(sim); }};
    std::vector<Attempt> attempts;
    for (const auto& candidate : candidates) {
      attempts.push_back([this, pnic = candidate.first, uplink = candidate.second](Simulation& sim) {
        sim.Add(Move(StepKind::MovePnic, pnic, PnicPlace(sim.state, pnic), {dvs.name, true, "", uplink}));
        MoveRest(sim);
      });
    }
    for (const auto& candidate : candidates) {
      attempts.push_back([this, pnic = candidate.first, uplink = candidate.second](Simulation& sim) {
        NetworkStep together =
            Move(StepKind::MovePnicWithVmknics, pnic, PnicPlace(sim.state, pnic), {dvs.name, true, "", uplink});
        for (const auto& vmk : VmknicsOn(sim.state, vswitch(), false)) {
          together.vmknics.push_back({vmk.device, NicPlace(sim.state, vmk.port_group, vmk.dvs),
                                      {dvs.name, true, vmk_target.at(vmk.device), ""}});
        }
        sim.Add(together);
        MoveRest(sim);
      });
    }
    return attempts;
  }

  void MoveRest(Simulation& sim) {
    for (const auto& vmk : VmknicsOn(sim.state, vswitch(), false)) {
      sim.Add(Move(StepKind::MoveVmknic, vmk.device, NicPlace(sim.state, vmk.port_group, vmk.dvs),
                   {dvs.name, true, vmk_target.at(vmk.device), ""}));
    }
    for (const auto& nic : VmNicsOn(sim.state, vswitch(), false)) {
      sim.Add(MoveVmNic(sim.state, nic, {dvs.name, true, network_target.at(nic.network), ""}));
    }
    for (const auto& [pnic, uplink] : uplinks) {
      const NetworkPlace to{dvs.name, true, "", uplink};
      const NetworkPlace now = PnicPlace(sim.state, pnic);
      if (now != to) sim.Add(Move(StepKind::MovePnic, pnic, now, to));
    }
    for (const auto& group : std::vector(sim.state.port_groups)) {
      if (group.vswitch != vswitch()) continue;
      NetworkStep remove = Move(StepKind::DeletePortGroup, group.name, Standard(vswitch(), ""), {});
      remove.vlan = group.vlan;
      sim.Add(remove);
    }
    if (const StandardSwitch* found = FindStandardSwitch(sim.state, vswitch())) {
      NetworkStep remove = Move(StepKind::DeleteStandardSwitch, vswitch(), {}, {});
      remove.mtu = found->mtu;
      sim.Add(remove);
    }
  }
};

NetworkPlan Result(Simulation& sim) {
  if (!sim.Ok()) return {{}, std::move(sim.problems), {}};
  return {std::move(sim.steps), {}, std::move(sim.state)};
}

}  // namespace

NetworkPlan ToStandardSwitch(const HostNetwork& state, const ToStandardOptions& options) {
  StandardPrechecks prechecks{state, {}};
  std::map<std::string, std::string> taken;  // standard switch -> distributed switch
  for (const auto& proxy : state.proxy_switches) {
    const HostDvs* dvs = FindDvs(state, proxy.dvs);
    if (!dvs) {
      prechecks.Refuse("unknown-switch", "the host is on distributed switch " + proxy.dvs +
                                             ", which the inventory does not describe; rediscover it");
      continue;
    }
    const std::string vswitch = SwitchFor(state, *dvs, options);
    prechecks.Check(*dvs, vswitch);
    auto [it, fresh] = taken.emplace(vswitch, dvs->name);
    if (!fresh) {
      prechecks.Refuse("shared-standard-switch", "distributed switches " + it->second + " and " + dvs->name +
                                                     " would both move onto standard switch " + vswitch +
                                                     ", but their pNICs may reach different networks; name a "
                                                     "migration_standard_switch for each");
    }
  }
  if (!prechecks.problems.empty()) return {{}, prechecks.problems, {}};
  Simulation sim{state, {}, {}, {}};
  for (const auto& proxy : state.proxy_switches) {
    const HostDvs& dvs = *FindDvs(state, proxy.dvs);
    OffDvs{dvs, SwitchFor(sim.state, dvs, options), {}}.Run(sim);
    if (!sim.Ok()) break;
  }
  return Result(sim);
}

NetworkPlan ToDistributedSwitch(const HostNetwork& state, const std::string& dvs_name, const DvsMapping& mapping) {
  Simulation sim{state, {}, {}, {}};
  const HostDvs* dvs = FindDvs(state, dvs_name);
  if (!dvs) {
    sim.Refuse("unknown-switch", "distributed switch " + dvs_name + " is not among the switches the host can join");
    return Result(sim);
  }
  if (!FindStandardSwitch(state, mapping.standard_switch)) {
    if (FindProxy(state, dvs_name)) return {{}, {}, state};  // done: the standard switch is gone
    sim.Refuse("no-standard-switch", "the host has no standard switch " + mapping.standard_switch +
                                         " to move onto " + dvs_name + "; name the switch that holds its networking");
    return Result(sim);
  }
  OntoDvs onto{*dvs, mapping, {}, {}, {}};
  onto.Plan(state, sim);
  if (sim.Ok()) onto.Run(sim);
  return Result(sim);
}

std::vector<std::string> PnicsUnderNioc(const HostNetwork& state) {
  std::vector<std::string> out;
  for (const auto& proxy : state.proxy_switches) {
    const HostDvs* dvs = FindDvs(state, proxy.dvs);
    if (!dvs || !dvs->nioc) continue;
    for (const auto& entry : proxy.uplinks) out.push_back(entry.first);
  }
  return out;
}

std::optional<NetworkStep> TakeOutOfNioc(const HostNetwork& state, const std::vector<std::string>& pnics) {
  std::vector<std::string> listed = NiocOptOutPnics(state.nioc_pnic_opt_out);
  std::string value = state.nioc_pnic_opt_out;
  for (const auto& pnic : pnics) {
    if (std::find(listed.begin(), listed.end(), pnic) != listed.end()) continue;
    listed.push_back(pnic);
    value += (NiocOptOutPnics(value).empty() ? "" : ",") + pnic;
  }
  if (value == state.nioc_pnic_opt_out) return std::nullopt;
  NetworkStep step;
  step.kind = StepKind::TakeOutOfNioc;
  step.object = kNiocOption;
  step.value_from = state.nioc_pnic_opt_out;
  step.value_to = value;
  return step;
}

}  // namespace vcshift
