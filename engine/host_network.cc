#include "engine/host_network.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <tuple>
#include <utility>

namespace vcshift {
namespace {

// A list already in order (after most steps, all of them) is left as it is.
template <typename T, typename Less = std::less<>>
void SortList(std::vector<T>& items, Less less = {}) {
  if (!std::is_sorted(items.begin(), items.end(), less)) std::sort(items.begin(), items.end(), less);
}

template <typename T, typename Key>
void SortBy(std::vector<T>& items, Key key) {
  SortList(items, [&](const T& a, const T& b) { return key(a) < key(b); });
}

void Sort(HostNetwork& state) {
  SortBy(state.pnics, [](const PhysicalNic& p) -> const std::string& { return p.device; });
  SortBy(state.standard_switches, [](const StandardSwitch& s) -> const std::string& { return s.name; });
  for (auto& vswitch : state.standard_switches) {
    SortList(vswitch.pnics);
    SortList(vswitch.active_pnics);
    SortList(vswitch.standby_pnics);
    SortList(vswitch.unused_pnics);
  }
  SortBy(state.port_groups, [](const StandardPortGroup& g) -> const std::string& { return g.name; });
  SortBy(state.vmkernel_nics, [](const VmkernelNic& v) -> const std::string& { return v.device; });
  SortBy(state.proxy_switches, [](const ProxySwitch& p) -> const std::string& { return p.dvs; });
  for (auto& proxy : state.proxy_switches) SortList(proxy.uplinks);
  SortBy(state.vm_nics, [](const HostVmNic& n) { return std::tie(n.vm, n.label); });
  SortBy(state.distributed_switches, [](const HostDvs& d) -> const std::string& { return d.name; });
}

template <typename T, typename Pred>
T* FindIf(std::vector<T>& items, Pred pred) {
  auto it = std::find_if(items.begin(), items.end(), pred);
  return it == items.end() ? nullptr : &*it;
}

template <typename T, typename Pred>
const T* FindIf(const std::vector<T>& items, Pred pred) {
  auto it = std::find_if(items.begin(), items.end(), pred);
  return it == items.end() ? nullptr : &*it;
}

template <typename T>
bool Contains(const std::vector<T>& items, const T& value) {
  return std::find(items.begin(), items.end(), value) != items.end();
}

template <typename T>
void Erase(std::vector<T>& items, const T& value) {
  items.erase(std::remove(items.begin(), items.end(), value), items.end());
}

template <typename T>
std::vector<const T*> Addresses(const std::vector<T>& items) {
  std::vector<const T*> out;
  for (const auto& item : items) out.push_back(&item);
  return out;
}

std::string NicText(const NetworkPlace& place) {
  return place.switch_name.empty() ? place.port_group : place.switch_name + "/" + place.port_group;
}

// --- the networks a NIC reaches ------------------------------------------------------

bool AnyConnected(const HostNetwork& state, const std::vector<std::string>& pnics) {
  return std::any_of(pnics.begin(), pnics.end(), [&](const std::string& pnic) { return HasLink(state, pnic); });
}

// Whether the network at `place` has a pNIC with link among its active uplinks, and
// among its active or standby ones.
struct Link {
  bool active = false;
  bool any = false;
};

Link LinkOf(const HostNetwork& state, const NetworkPlace& place) {
  Link out;
  if (!place.distributed) {
    if (const StandardSwitch* vswitch = FindStandardSwitch(state, place.switch_name)) {
      out.active = AnyConnected(state, vswitch->active_pnics);
      out.any = out.active || AnyConnected(state, vswitch->standby_pnics);
    }
    return out;
  }
  const ProxySwitch* proxy = FindProxy(state, place.switch_name);
  const HostDvs* dvs = FindDvs(state, place.switch_name);
  const DvsPortGroup* group = dvs ? FindDvsPortGroup(*dvs, place.port_group) : nullptr;
  if (!proxy || !group) return out;
  for (const auto& [pnic, uplink] : proxy->uplinks) {
    const bool standby = Contains(group->standby_uplinks, uplink);
    // A port group that names no active uplinks uses every uplink that is not standby.
    const bool active = group->active_uplinks.empty() ? !standby && Contains(dvs->uplinks, uplink)
                                                      : Contains(group->active_uplinks, uplink);
    if (!(active || standby) || !HasLink(state, pnic)) continue;
    out.active = out.active || active;
    out.any = true;
  }
  return out;
}

// The VLANs of the network at `place`, or nothing when the host has no such network.
std::optional<Vlans> NetworkVlans(const HostNetwork& state, const NetworkPlace& place) {
  if (!place.distributed) {
    const StandardPortGroup* group = FindStandardPortGroup(state, place.port_group);
    if (!group || group->vswitch != place.switch_name) return std::nullopt;
    return VlansOf(*group);
  }
  const HostDvs* dvs = FindDvs(state, place.switch_name);
  const DvsPortGroup* group = dvs ? FindDvsPortGroup(*dvs, place.port_group) : nullptr;
  if (!group || !FindProxy(state, place.switch_name)) return std::nullopt;
  return VlansOf(*group);
}

std::string VlanText(const std::optional<Vlans>& vlans) { return vlans ? VlanText(*vlans) : "no such network"; }

// --- applying steps ------------------------------------------------------------------

// Each returns why the step does not fit, or "" once it has changed `state`.
std::string CreateSwitch(HostNetwork& state, const NetworkStep& step) {
  if (FindStandardSwitch(state, step.object)) return "standard switch " + step.object + " already exists";
  state.standard_switches.push_back({step.object, step.mtu, {}, {}, {}});
  return "";
}

std::string DeleteSwitch(HostNetwork& state, const NetworkStep& step) {
  const StandardSwitch* vswitch = FindStandardSwitch(state, step.object);
  if (!vswitch) return "standard switch " + step.object + " does not exist";
  if (!vswitch->pnics.empty()) return "standard switch " + step.object + " still has physical NICs";
  if (FindIf(state.port_groups, [&](const StandardPortGroup& g) { return g.vswitch == step.object; })) {
    return "standard switch " + step.object + " still has port groups";
  }
  if (vswitch->mtu != step.mtu) {
    return "standard switch " + step.object + " has MTU " + std::to_string(vswitch->mtu) + ", not " +
           std::to_string(step.mtu);
  }
  Erase(state.standard_switches, *vswitch);
  return "";
}

bool InUse(const HostNetwork& state, const NetworkPlace& place) {
  const bool vmk = FindIf(state.vmkernel_nics, [&](const VmkernelNic& v) {
    return NicPlace(state, v.port_group, v.dvs) == place;
  });
  return vmk || FindIf(state.vm_nics, [&](const HostVmNic& n) { return NicPlace(state, n.network, n.dvs) == place; });
}

std::string CreatePortGroup(HostNetwork& state, const NetworkStep& step) {
  if (!FindStandardSwitch(state, step.to.switch_name)) return "standard switch " + step.to.switch_name + " does not exist";
  if (FindStandardPortGroup(state, step.object)) return "standard port group " + step.object + " already exists";
  state.port_groups.push_back({step.object, step.to.switch_name, step.vlan});
  return "";
}

std::string DeletePortGroup(HostNetwork& state, const NetworkStep& step) {
  const StandardPortGroup* group = FindStandardPortGroup(state, step.object);
  if (!group || group->vswitch != step.from.switch_name || group->vlan != step.vlan) {
    return "no port group " + step.object + " with VLAN " + std::to_string(step.vlan) + " on " + step.from.switch_name;
  }
  if (InUse(state, {step.from.switch_name, false, step.object, ""})) {
    return "port group " + step.object + " still has adapters on it";
  }
  Erase(state.port_groups, *group);
  return "";
}

std::string JoinDvs(HostNetwork& state, const NetworkStep& step) {
  if (!FindDvs(state, step.object)) return "distributed switch " + step.object + " is not known to this host's vCenter";
  if (FindProxy(state, step.object)) return "the host is already a member of " + step.object;
  state.proxy_switches.push_back({step.object, {}});
  return "";
}

std::string LeaveDvs(HostNetwork& state, const NetworkStep& step) {
  const ProxySwitch* proxy = FindProxy(state, step.object);
  if (!proxy) return "the host is not a member of " + step.object;
  if (!proxy->uplinks.empty()) return "physical NICs are still on " + step.object;
  const bool used = FindIf(state.vmkernel_nics, [&](const VmkernelNic& v) { return v.dvs == step.object; }) ||
                    FindIf(state.vm_nics, [&](const HostVmNic& n) { return n.dvs == step.object; });
  if (used) return "adapters are still on " + step.object;
  Erase(state.proxy_switches, *proxy);
  return "";
}

std::string MovePnic(HostNetwork& state, const std::string& device, const NetworkPlace& from, const NetworkPlace& to) {
  if (!FindIf(state.pnics, [&](const PhysicalNic& p) { return p.device == device; })) {
    return "the host has no physical NIC " + device;
  }
  const NetworkPlace now = PnicPlace(state, device);
  if (now != from) return device + " is on " + PnicText(now) + ", not " + PnicText(from);
  for (auto& proxy : state.proxy_switches) std::erase_if(proxy.uplinks, [&](const auto& p) { return p.first == device; });
  for (auto& vswitch : state.standard_switches) {
    for (auto* list : {&vswitch.pnics, &vswitch.active_pnics, &vswitch.standby_pnics, &vswitch.unused_pnics}) {
      Erase(*list, device);
    }
  }
  if (to.switch_name.empty()) return "";
  if (to.distributed) {
    auto* proxy = FindIf(state.proxy_switches, [&](const ProxySwitch& p) { return p.dvs == to.switch_name; });
    const HostDvs* dvs = FindDvs(state, to.switch_name);
    if (!proxy || !dvs) return "the host is not a member of " + to.switch_name;
    if (!Contains(dvs->uplinks, to.uplink)) return to.switch_name + " has no uplink " + to.uplink;
    if (FindIf(proxy->uplinks, [&](const auto& p) { return p.second == to.uplink; })) {
      return "uplink " + to.uplink + " of " + to.switch_name + " already holds a physical NIC";
    }
    proxy->uplinks.emplace_back(device, to.uplink);
    return "";
  }
  auto* vswitch = FindIf(state.standard_switches, [&](const StandardSwitch& s) { return s.name == to.switch_name; });
  if (!vswitch) return "standard switch " + to.switch_name + " does not exist";
  vswitch->pnics.push_back(device);
  if (to.uplink == "active") {
    vswitch->active_pnics.push_back(device);
  } else if (to.uplink == "standby") {
    vswitch->standby_pnics.push_back(device);
  } else if (to.uplink == "unused") {
    vswitch->unused_pnics.push_back(device);
  } else {
    return "'" + to.uplink + "' is not a teaming role (active, standby, unused)";
  }
  return "";
}

bool NetworkExists(const HostNetwork& state, const NetworkPlace& place) { return NetworkVlans(state, place).has_value(); }

std::string MoveVmknic(HostNetwork& state, const std::string& device, const NetworkPlace& from,
                       const NetworkPlace& to) {
  auto* vmk = FindIf(state.vmkernel_nics, [&](const VmkernelNic& v) { return v.device == device; });
  if (!vmk) return "the host has no VMkernel adapter " + device;
  const NetworkPlace now = NicPlace(state, vmk->port_group, vmk->dvs);
  if (now != from) return device + " is on " + NicText(now) + ", not " + NicText(from);
  if (!NetworkExists(state, to)) return "there is no network " + NicText(to) + " on the host";
  vmk->port_group = to.port_group;
  vmk->dvs = to.distributed ? to.switch_name : "";
  return "";
}

std::string MoveVmNic(HostNetwork& state, const NetworkStep& step) {
  auto* nic = FindIf(state.vm_nics, [&](const HostVmNic& n) { return n.vm == step.object && n.label == step.nic; });
  if (!nic) return "VM " + step.object + " on the host has no adapter '" + step.nic + "'";
  const NetworkPlace now = NicPlace(state, nic->network, nic->dvs);
  if (now != step.from) return step.object + " '" + step.nic + "' is on " + NicText(now) + ", not " + NicText(step.from);
  if (!NetworkExists(state, step.to)) return "there is no network " + NicText(step.to) + " on the host";
  nic->network = step.to.port_group;
  nic->dvs = step.to.distributed ? step.to.switch_name : "";
  return "";
}

std::string ApplyInPlace(HostNetwork& state, const NetworkStep& step) {
  switch (step.kind) {
    case StepKind::CreateStandardSwitch: return CreateSwitch(state, step);
    case StepKind::DeleteStandardSwitch: return DeleteSwitch(state, step);
    case StepKind::CreatePortGroup: return CreatePortGroup(state, step);
    case StepKind::DeletePortGroup: return DeletePortGroup(state, step);
    case StepKind::JoinDvs: return JoinDvs(state, step);
    case StepKind::LeaveDvs: return LeaveDvs(state, step);
    case StepKind::MovePnic: return MovePnic(state, step.object, step.from, step.to);
    case StepKind::MoveVmknic: return MoveVmknic(state, step.object, step.from, step.to);
    case StepKind::MoveVmNic: return MoveVmNic(state, step);
    case StepKind::MovePnicWithVmknics: {
      std::string error = MovePnic(state, step.object, step.from, step.to);
      for (const auto& move : step.vmknics) {
        if (error.empty()) error = MoveVmknic(state, move.device, move.from, move.to);
      }
      return error;
    }
    case StepKind::TakeOutOfNioc:
    case StepKind::RestoreNioc: {
      if (state.nioc_pnic_opt_out != step.value_from) {
        return std::string(kNiocOption) + " is '" + state.nioc_pnic_opt_out + "', not '" + step.value_from + "'";
      }
      state.nioc_pnic_opt_out = step.value_to;
      return "";
    }
  }
  return "unknown step";
}

// --- invariants ----------------------------------------------------------------------

// Everything but the NICs: what decides where a NIC is, its uplinks and VLANs, and
// where the pNICs are.
bool SameFabric(const HostNetwork& a, const HostNetwork& b) {
  return a.pnics == b.pnics && a.standard_switches == b.standard_switches && a.port_groups == b.port_groups &&
         a.proxy_switches == b.proxy_switches && a.distributed_switches == b.distributed_switches &&
         a.nioc_pnic_opt_out == b.nioc_pnic_opt_out;
}

struct InvariantCheck {
  const HostNetwork& before;
  const HostNetwork& after;
  // Only NICs moved: one that stayed where it was has the same network, uplinks and
  // VLANs as before, and no pNIC moved, so only the moved NICs can break an invariant
  // (most steps move one VM NIC; checking every NIC each time made a host's steps cost
  // the square of its NICs).
  bool only_nics_moved;
  std::vector<NetworkProblem> problems;

  void Add(const std::string& rule, const std::string& message) {
    problems.push_back({after.host, "", rule, message});
  }

  // What a NIC's networks give it before and after. Worked out once per pair of port
  // groups: a host's NICs share a few, and this runs for every step.
  struct Reach {
    bool active_uplink = false;
    bool uplink = false;
    std::optional<Vlans> vlans;
  };
  struct Passage {
    // The NIC's port group and switch before and after, as the states spell them.
    const std::string* old_port_group;
    const std::string* old_dvs;
    const std::string* new_port_group;
    const std::string* new_dvs;
    NetworkPlace was;
    NetworkPlace is;
    Reach old_reach;
    Reach new_reach;
  };
  std::vector<Passage> passages;

  static Reach ReachOf(const HostNetwork& state, const NetworkPlace& place) {
    const Link link = LinkOf(state, place);
    return {link.active, link.any, NetworkVlans(state, place)};
  }

  // Valid until the next call.
  const Passage& PassageOf(const std::string& old_port_group, const std::string& old_dvs,
                           const std::string& new_port_group, const std::string& new_dvs) {
    for (const auto& known : passages) {
      if (*known.old_port_group == old_port_group && *known.old_dvs == old_dvs &&
          *known.new_port_group == new_port_group && *known.new_dvs == new_dvs) {
        return known;
      }
    }
    NetworkPlace was = NicPlace(before, old_port_group, old_dvs);
    NetworkPlace is = NicPlace(after, new_port_group, new_dvs);
    Reach old_reach = ReachOf(before, was);
    Reach new_reach = ReachOf(after, is);
    passages.push_back({&old_port_group, &old_dvs, &new_port_group, &new_dvs, std::move(was), std::move(is),
                        std::move(old_reach), std::move(new_reach)});
    return passages.back();
  }

  // One VMkernel adapter or VM NIC, named `who()`.
  template <typename Who>
  void Nic(const Who& who, const Passage& passage, bool management, bool needs_uplink) {
    const NetworkPlace& was = passage.was;
    const NetworkPlace& is = passage.is;
    if (management && passage.old_reach.active_uplink && !passage.new_reach.active_uplink) {
      Add("management-uplink", "management adapter " + who() + " would have no connected active uplink on " +
                                   NicText(is) + "; keep a pNIC with link active for its port group");
    } else if (needs_uplink && passage.old_reach.uplink && !passage.new_reach.uplink) {
      Add("uplink", who() + " would have no connected uplink on " + NicText(is) + " (it had one on " + NicText(was) +
                        ")");
    }
    const std::optional<Vlans>& old_vlans = passage.old_reach.vlans;
    const std::optional<Vlans>& new_vlans = passage.new_reach.vlans;
    if (old_vlans && (!new_vlans || !SameVlans(*old_vlans, *new_vlans))) {
      Add("same-vlan", who() + " would move from " + NicText(was) + " (" + VlanText(old_vlans) + ") to " +
                           NicText(is) + " (" + VlanText(new_vlans) + ")");
    }
  }

  // The first item of `after` (sorted, as every state's lists are) that `same` as
  // before's item `i`: most steps move one NIC, so it is nearly always at `i`.
  template <typename T, typename Same>
  static const T* Counterpart(const std::vector<T>& after, size_t i, Same same) {
    if (i < after.size() && same(after[i]) && (i == 0 || !same(after[i - 1]))) return &after[i];
    return FindIf(after, same);
  }

  void Nics() {
    for (size_t i = 0; i < before.vmkernel_nics.size(); ++i) {
      const VmkernelNic& vmk = before.vmkernel_nics[i];
      const auto* now = Counterpart(after.vmkernel_nics, i, [&](const VmkernelNic& v) { return v.device == vmk.device; });
      if (!now || (only_nics_moved && now->port_group == vmk.port_group && now->dvs == vmk.dvs)) continue;
      Nic([&] { return vmk.device; }, PassageOf(vmk.port_group, vmk.dvs, now->port_group, now->dvs), vmk.management,
          true);
    }
    for (size_t i = 0; i < before.vm_nics.size(); ++i) {
      const HostVmNic& nic = before.vm_nics[i];
      const auto* now = Counterpart(after.vm_nics, i, [&](const HostVmNic& n) {
        return n.vm == nic.vm && n.label == nic.label;
      });
      if (!now || (only_nics_moved && now->network == nic.network && now->dvs == nic.dvs)) continue;
      Nic([&] { return "VM " + nic.vm + " '" + nic.label + "'"; },
          PassageOf(nic.network, nic.dvs, now->network, now->dvs), false, nic.connected && nic.powered_on);
    }
  }

  static std::vector<std::string> Crowded(const HostNetwork& state) {
    std::vector<std::string> crowded;
    for (const auto& pnic : state.pnics) {
      int switches = 0;
      for (const auto& proxy : state.proxy_switches) {
        for (const auto& entry : proxy.uplinks) switches += entry.first == pnic.device;
      }
      for (const auto& vswitch : state.standard_switches) switches += Contains(vswitch.pnics, pnic.device);
      if (switches > 1) crowded.push_back(pnic.device + " is on " + std::to_string(switches) + " switches");
    }
    for (const auto& proxy : state.proxy_switches) {
      for (auto entry = proxy.uplinks.begin(); entry != proxy.uplinks.end(); ++entry) {
        const std::string& uplink = entry->second;
        const bool seen = std::any_of(proxy.uplinks.begin(), entry, [&](const auto& e) { return e.second == uplink; });
        if (seen) crowded.push_back("uplink " + uplink + " of " + proxy.dvs + " has two pNICs");
      }
    }
    return crowded;
  }

  void Pnics() {
    const std::vector<std::string> old_crowded = Crowded(before);
    for (const auto& message : Crowded(after)) {
      if (!Contains(old_crowded, message)) Add("one-switch", message);
    }
  }

  static bool Controlled(const HostNetwork& state, const NetworkPlace& place) {
    const HostDvs* dvs = place.distributed ? FindDvs(state, place.switch_name) : nullptr;
    return dvs && dvs->nioc;
  }

  // Network I/O control must not see a pNIC it schedules come or go.
  void Nioc() {
    const std::vector<std::string> opted_out = NiocOptOutPnics(after.nioc_pnic_opt_out);
    for (const auto& pnic : after.pnics) {
      const NetworkPlace was = PnicPlace(before, pnic.device);
      const NetworkPlace is = PnicPlace(after, pnic.device);
      if (was.switch_name == is.switch_name && was.distributed == is.distributed) continue;
      const NetworkPlace& controlled = Controlled(before, was) ? was : is;
      if (!Controlled(before, was) && !Controlled(after, is)) continue;
      if (Contains(opted_out, pnic.device)) continue;
      Add("nioc", pnic.device + " would " + (&controlled == &was ? "leave " : "join ") + controlled.switch_name +
                      ", which has network I/O control on, while " + kNiocOption +
                      " does not list it; take it out of network I/O control first");
    }
  }
};

// --- params --------------------------------------------------------------------------

struct KindInfo {
  StepKind kind;
  const char* name;
  StepKind inverse;
};

constexpr KindInfo kKinds[] = {
    {StepKind::CreateStandardSwitch, "create_standard_switch", StepKind::DeleteStandardSwitch},
    {StepKind::DeleteStandardSwitch, "delete_standard_switch", StepKind::CreateStandardSwitch},
    {StepKind::CreatePortGroup, "create_port_group", StepKind::DeletePortGroup},
    {StepKind::DeletePortGroup, "delete_port_group", StepKind::CreatePortGroup},
    {StepKind::JoinDvs, "join_dvs", StepKind::LeaveDvs},
    {StepKind::LeaveDvs, "leave_dvs", StepKind::JoinDvs},
    {StepKind::MovePnic, "move_pnic", StepKind::MovePnic},
    {StepKind::MoveVmknic, "move_vmknic", StepKind::MoveVmknic},
    {StepKind::MoveVmNic, "move_vm_nic", StepKind::MoveVmNic},
    {StepKind::MovePnicWithVmknics, "move_pnic_with_vmknics", StepKind::MovePnicWithVmknics},
    {StepKind::TakeOutOfNioc, "take_out_of_nioc", StepKind::RestoreNioc},
    {StepKind::RestoreNioc, "restore_nioc", StepKind::TakeOutOfNioc},
};

const KindInfo& Info(StepKind kind) {
  for (const auto& info : kKinds) {
    if (info.kind == kind) return info;
  }
  return kKinds[0];  // unreachable: every kind is listed
}

bool UsesValues(StepKind kind) { return kind == StepKind::TakeOutOfNioc || kind == StepKind::RestoreNioc; }
bool UsesVlan(StepKind kind) { return kind == StepKind::CreatePortGroup || kind == StepKind::DeletePortGroup; }
bool UsesMtu(StepKind kind) {
  return kind == StepKind::CreateStandardSwitch || kind == StepKind::DeleteStandardSwitch;
}

// The keys of a place's fields under a prefix: "from.switch", "from.type", ...
struct PlaceKeys {
  explicit PlaceKeys(const std::string& prefix)
      : switch_name(prefix + "switch"), type(prefix + "type"), port_group(prefix + "port_group"),
        uplink(prefix + "uplink") {}
  std::string switch_name;
  std::string type;
  std::string port_group;
  std::string uplink;
};

// Every step has these two: made once, not for each of the plan's thousands of steps.
const PlaceKeys& FromKeys() {
  static const PlaceKeys keys("from.");
  return keys;
}
const PlaceKeys& ToKeys() {
  static const PlaceKeys keys("to.");
  return keys;
}

void PutPlace(std::map<std::string, std::string>& params, const PlaceKeys& keys, const NetworkPlace& place) {
  if (!place.switch_name.empty()) params[keys.switch_name] = place.switch_name;
  if (!place.switch_name.empty() || place.distributed) {
    params[keys.type] = place.distributed ? "distributed" : "standard";
  }
  if (!place.port_group.empty()) params[keys.port_group] = place.port_group;
  if (!place.uplink.empty()) params[keys.uplink] = place.uplink;
}

// Reads keys off a map, each once, remembering which it used so that unknown keys are
// errors.
struct ParamReader {
  const std::map<std::string, std::string>& params;
  std::string& error;
  std::vector<const std::string*> used;  // the keys in `params`

  std::string Take(const std::string& key) {
    auto it = params.find(key);
    if (it == params.end()) return "";
    used.push_back(&it->first);
    return it->second;
  }

  bool Used(const std::string& key) const {
    return used.size() == params.size() || std::find(used.begin(), used.end(), &key) != used.end();
  }

  int TakeInt(const std::string& key) {
    const std::string text = Take(key);
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) Fail(key, "'" + text + "' is not a number");
    return value;
  }

  NetworkPlace TakePlace(const PlaceKeys& keys) {
    NetworkPlace place;
    place.switch_name = Take(keys.switch_name);
    const std::string type = Take(keys.type);
    if (type != "" && type != "distributed" && type != "standard") {
      Fail(keys.type, "'" + type + "' is neither distributed nor standard");
    }
    place.distributed = type == "distributed";
    place.port_group = Take(keys.port_group);
    place.uplink = Take(keys.uplink);
    return place;
  }

  void Fail(const std::string& key, const std::string& message) {
    if (error.empty()) error = key + ": " + message;
  }
};

}  // namespace

const HostDvs* FindDvs(const HostNetwork& state, const std::string& name) {
  return FindIf(state.distributed_switches, [&](const HostDvs& d) { return d.name == name; });
}

const ProxySwitch* FindProxy(const HostNetwork& state, const std::string& dvs) {
  return FindIf(state.proxy_switches, [&](const ProxySwitch& p) { return p.dvs == dvs; });
}

const StandardSwitch* FindStandardSwitch(const HostNetwork& state, const std::string& name) {
  return FindIf(state.standard_switches, [&](const StandardSwitch& s) { return s.name == name; });
}

const StandardPortGroup* FindStandardPortGroup(const HostNetwork& state, const std::string& name) {
  return FindIf(state.port_groups, [&](const StandardPortGroup& g) { return g.name == name; });
}

const DvsPortGroup* FindDvsPortGroup(const HostDvs& dvs, const std::string& name) {
  return FindIf(dvs.port_groups, [&](const DvsPortGroup& g) { return g.name == name; });
}

bool HasLink(const HostNetwork& state, const std::string& pnic) {
  const PhysicalNic* found = FindIf(state.pnics, [&](const PhysicalNic& p) { return p.device == pnic; });
  return found && found->speed_mb > 0;
}

std::string PnicText(const NetworkPlace& place) {
  if (place.switch_name.empty()) return "no switch";
  return place.switch_name + " (" + place.uplink + ")";
}

NetworkPlace NicPlace(const HostNetwork& state, const std::string& port_group, const std::string& dvs) {
  if (!dvs.empty()) return {dvs, true, port_group, ""};
  const StandardPortGroup* group = FindStandardPortGroup(state, port_group);
  return {group ? group->vswitch : "", false, port_group, ""};
}

NetworkPlace PnicPlace(const HostNetwork& state, const std::string& pnic) {
  for (const auto& proxy : state.proxy_switches) {
    for (const auto& [device, uplink] : proxy.uplinks) {
      if (device == pnic) return {proxy.dvs, true, "", uplink};
    }
  }
  for (const auto& vswitch : state.standard_switches) {
    if (!Contains(vswitch.pnics, pnic)) continue;
    const char* role = Contains(vswitch.active_pnics, pnic)    ? "active"
                       : Contains(vswitch.standby_pnics, pnic) ? "standby"
                                                               : "unused";
    return {vswitch.name, false, "", role};
  }
  return {};
}

bool HasActiveUplink(const HostNetwork& state, const NetworkPlace& place) { return LinkOf(state, place).active; }

Vlans VlansOf(const StandardPortGroup& group) {
  if (group.vlan == kAllVlans) return {0, {{0, 4094}}};
  return {group.vlan, {}};
}

Vlans VlansOf(const DvsPortGroup& group) { return {group.vlan_trunk.empty() ? group.vlan : 0, group.vlan_trunk}; }

bool SameVlans(const Vlans& a, const Vlans& b) {
  auto all = [](const Vlans& v) {
    return std::any_of(v.trunk.begin(), v.trunk.end(),
                       [](const std::pair<int, int>& r) { return r.first <= 0 && r.second >= 4094; });
  };
  return a == b || (!a.trunk.empty() && !b.trunk.empty() && (all(a) || all(b)));
}

std::string VlanText(const Vlans& vlans) {
  if (vlans.trunk.empty()) return "VLAN " + std::to_string(vlans.vlan);
  if (vlans.trunk == std::vector<std::pair<int, int>>{{0, 4094}}) return "VLAN 4095: all VLANs";
  std::string text = "trunk";
  for (const auto& [first, last] : vlans.trunk) text += " " + std::to_string(first) + "-" + std::to_string(last);
  return text;
}

HostDvs HostDvsOf(const InventoryDvs& dvs) {
  return {dvs.name, dvs.mtu, dvs.uplinks, dvs.lacp_groups, dvs.port_groups, dvs.nioc};
}

std::vector<std::string> NiocOptOutPnics(const std::string& value) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(',', start);
    if (end == std::string::npos) end = value.size();
    std::string name = value.substr(start, end - start);
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    if (!name.empty()) out.push_back(name);
    start = end + 1;
  }
  return out;
}

HostNetwork HostNetworkOf(const InventoryHost& host, const std::vector<InventoryVm>& vms,
                          const std::vector<InventoryDvs>& switches) {
  return HostNetworkFrom(host, Addresses(vms), Addresses(switches));
}

HostNetwork HostNetworkFrom(const InventoryHost& host, const std::vector<const InventoryVm*>& vms,
                            const std::vector<const InventoryDvs*>& switches) {
  HostNetwork state;
  state.host = host.name;
  state.pnics = host.pnics;
  state.standard_switches = host.standard_switches;
  // A switch that gives no teaming order has every pNIC active (the server's default); one
  // that gives an order is taken as it is, even with no pNIC active (HostNicOrderPolicy:
  // "an empty activeNic array means there are no active Ethernet adapters in the team").
  for (auto& vswitch : state.standard_switches) {
    if (vswitch.active_pnics.empty() && vswitch.standby_pnics.empty() && vswitch.unused_pnics.empty()) {
      vswitch.active_pnics = vswitch.pnics;
    }
  }
  state.port_groups = host.port_groups;
  state.vmkernel_nics = host.vmkernel_nics;
  state.proxy_switches = host.proxy_switches;
  state.nioc_pnic_opt_out = host.nioc_pnic_opt_out;
  for (const InventoryVm* vm : vms) {
    if (vm->host != host.name) continue;
    for (const auto& nic : vm->nics) {
      state.vm_nics.push_back({vm->name, nic.label, nic.network, nic.dvs, nic.connected, vm->power_state == "poweredOn"});
    }
  }
  for (const InventoryDvs* dvs : switches) state.distributed_switches.push_back(HostDvsOf(*dvs));
  Sort(state);
  return state;
}

HostNetwork ArrivedAt(HostNetwork state, const std::vector<InventoryDvs>& switches) {
  return ArrivedAt(std::move(state), Addresses(switches));
}

HostNetwork ArrivedAt(HostNetwork state, const std::vector<const InventoryDvs*>& switches) {
  state.distributed_switches.clear();
  for (const InventoryDvs* dvs : switches) state.distributed_switches.push_back(HostDvsOf(*dvs));
  Sort(state);
  return state;
}

const char* StepKindName(StepKind kind) { return Info(kind).name; }

std::optional<StepKind> StepKindFromName(const std::string& name) {
  for (const auto& info : kKinds) {
    if (name == info.name) return info.kind;
  }
  return std::nullopt;
}

std::string Describe(const NetworkStep& step) {
  switch (step.kind) {
    case StepKind::CreateStandardSwitch:
      return "create standard switch " + step.object + " (MTU " + std::to_string(step.mtu) + ")";
    case StepKind::DeleteStandardSwitch: return "delete standard switch " + step.object;
    case StepKind::CreatePortGroup:
      return "create port group " + step.object + " (" + VlanText(VlansOf(StandardPortGroup{"", "", step.vlan})) +
             ") on " + step.to.switch_name;
    case StepKind::DeletePortGroup:
      return "delete port group " + step.object + " (" + VlanText(VlansOf(StandardPortGroup{"", "", step.vlan})) +
             ") from " + step.from.switch_name;
    case StepKind::JoinDvs: return "join distributed switch " + step.object;
    case StepKind::LeaveDvs: return "leave distributed switch " + step.object;
    case StepKind::MovePnic: return "move " + step.object + " from " + PnicText(step.from) + " to " + PnicText(step.to);
    case StepKind::MoveVmknic:
      return "move " + step.object + " from " + NicText(step.from) + " to " + NicText(step.to);
    case StepKind::MoveVmNic:
      return "move VM " + step.object + " '" + step.nic + "' from " + NicText(step.from) + " to " + NicText(step.to);
    case StepKind::MovePnicWithVmknics: {
      std::string text = "move " + step.object + " from " + PnicText(step.from) + " to " + PnicText(step.to);
      for (const auto& move : step.vmknics) text += ", " + move.device + " to " + NicText(move.to);
      return text + ", in one host update";
    }
    case StepKind::TakeOutOfNioc:
    case StepKind::RestoreNioc: {
      const bool out = step.kind == StepKind::TakeOutOfNioc;
      const std::vector<std::string> fewer = NiocOptOutPnics(out ? step.value_from : step.value_to);
      std::string pnics;
      for (const auto& pnic : NiocOptOutPnics(out ? step.value_to : step.value_from)) {
        if (!Contains(fewer, pnic)) pnics += (pnics.empty() ? "" : ", ") + pnic;
      }
      return (out ? "take " + pnics + " out of network I/O control" : "restore network I/O control of " + pnics) +
             " (" + step.object + " '" + step.value_from + "' -> '" + step.value_to + "')";
    }
  }
  return StepKindName(step.kind);
}

NetworkStep Inverse(const NetworkStep& step) {
  NetworkStep inverse = step;
  inverse.kind = Info(step.kind).inverse;
  std::swap(inverse.from, inverse.to);
  std::swap(inverse.value_from, inverse.value_to);
  for (auto& move : inverse.vmknics) std::swap(move.from, move.to);
  return inverse;
}

std::string Format(const NetworkProblem& problem) {
  return "host " + problem.host + ": " + (problem.step.empty() ? "" : problem.step + ": ") + problem.rule + ": " +
         problem.message;
}

AppliedStep Apply(const HostNetwork& state, const NetworkStep& step) {
  HostNetwork next = state;
  const std::string error = ApplyInPlace(next, step);
  if (!error.empty()) return {std::nullopt, {{state.host, Describe(step), "fit", error}}};
  Sort(next);
  return {std::move(next), {}};
}

std::vector<NetworkProblem> CheckInvariants(const HostNetwork& before, const HostNetwork& after) {
  InvariantCheck check{before, after, SameFabric(before, after), {}, {}};
  check.Nics();
  if (!check.only_nics_moved) {
    check.Pnics();
    check.Nioc();
  }
  return check.problems;
}

AppliedStep ApplyChecked(const HostNetwork& state, const NetworkStep& step) {
  HostNetwork next;
  std::vector<NetworkProblem> problems = ApplyChecked(state, step, next);
  if (!problems.empty()) return {std::nullopt, std::move(problems)};
  return {std::move(next), {}};
}

std::vector<NetworkProblem> ApplyChecked(const HostNetwork& state, const NetworkStep& step, HostNetwork& next) {
  next = state;  // copy-assigned: the strings and lists of `next` keep their storage
  const std::string error = ApplyInPlace(next, step);
  if (!error.empty()) return {{state.host, Describe(step), "fit", error}};
  Sort(next);
  std::vector<NetworkProblem> problems = CheckInvariants(state, next);
  for (auto& problem : problems) problem.step = Describe(step);
  return problems;
}

std::map<std::string, std::string> ToParams(const NetworkStep& step) {
  std::map<std::string, std::string> params{{"step", StepKindName(step.kind)}, {"object", step.object}};
  if (!step.nic.empty()) params["nic"] = step.nic;
  PutPlace(params, FromKeys(), step.from);
  PutPlace(params, ToKeys(), step.to);
  if (UsesVlan(step.kind)) params["vlan"] = std::to_string(step.vlan);
  if (UsesMtu(step.kind)) params["mtu"] = std::to_string(step.mtu);
  if (UsesValues(step.kind)) {
    params["from.value"] = step.value_from;
    params["to.value"] = step.value_to;
  }
  for (size_t i = 0; i < step.vmknics.size(); ++i) {
    const std::string prefix = "vmknic." + std::to_string(i) + ".";
    params[prefix + "device"] = step.vmknics[i].device;
    PutPlace(params, PlaceKeys(prefix + "from."), step.vmknics[i].from);
    PutPlace(params, PlaceKeys(prefix + "to."), step.vmknics[i].to);
  }
  return params;
}

std::optional<NetworkStep> FromParams(const std::map<std::string, std::string>& params, std::string& error) {
  ParamReader reader{params, error, {}};
  NetworkStep step;
  const std::string kind = reader.Take("step");
  if (auto parsed = StepKindFromName(kind)) {
    step.kind = *parsed;
  } else {
    reader.Fail("step", "'" + kind + "' is not a host-network step");
  }
  step.object = reader.Take("object");
  if (step.object.empty()) reader.Fail("object", "missing");
  step.nic = reader.Take("nic");
  step.from = reader.TakePlace(FromKeys());
  step.to = reader.TakePlace(ToKeys());
  if (UsesVlan(step.kind)) step.vlan = reader.TakeInt("vlan");
  if (UsesMtu(step.kind)) step.mtu = reader.TakeInt("mtu");
  if (UsesValues(step.kind)) {
    step.value_from = reader.Take("from.value");
    step.value_to = reader.Take("to.value");
  }
  for (size_t i = 0; params.count("vmknic." + std::to_string(i) + ".device"); ++i) {
    const std::string prefix = "vmknic." + std::to_string(i) + ".";
    VmknicMove move;
    move.device = reader.Take(prefix + "device");
    move.from = reader.TakePlace(PlaceKeys(prefix + "from."));
    move.to = reader.TakePlace(PlaceKeys(prefix + "to."));
    step.vmknics.push_back(std::move(move));
  }
  for (const auto& entry : params) {
    if (!reader.Used(entry.first)) reader.Fail(entry.first, "not a key of a " + kind + " step");
  }
  if (!error.empty()) return std::nullopt;
  return step;
}

}  // namespace vcshift
