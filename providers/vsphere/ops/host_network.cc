// A host's network steps (engine/host_network.h), each one vim25 change: standard
// switches and port groups through the host's HostNetworkSystem, membership of a
// distributed switch through ReconfigureDvs_Task, a VMkernel adapter through
// UpdateVirtualNic, a VM's NIC through ReconfigVM_Task, and a pNIC (with the VMkernel
// adapters that move with it) through one UpdateNetworkConfig, network I/O control's
// opt-out list through the host's OptionManager (UpdateOptions). Every step first reads
// where its object is now: already where the step leads is AlreadyDone, anywhere but
// where it starts is refused (InvalidState), so a step runs at most once and never on a
// host that changed under the plan. The action's prior is the inverse step, so nothing is
// captured.

#include <algorithm>
#include <functional>
#include <map>
#include <optional>

#include "engine/host_network_actions.h"
#include "providers/vsphere/host_network_info.h"
#include "providers/vsphere/host_options.h"
#include "providers/vsphere/ops/dvs_member.h"
#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/ops/ops.h"
#include "providers/vsphere/ops/outcome.h"
#include "providers/vsphere/ops/values.h"
#include "providers/vsphere/properties.h"
#include "providers/vsphere/session.h"
#include "providers/vsphere/task.h"
#include "providers/vsphere/task_call.h"

namespace vcshift::vsphere::ops {
namespace {

// --- the host's networking as it is -----------------------------------------------

// The host as a step finds it. Its networking is read as discovery reads it, into the
// engine's model, so that the engine's rules say where each NIC is: the same rules the
// plan was made by.
struct LiveHost {
  MoRef host;
  MoRef network_system;
  MoRef option_manager;  // configManager.advancedOption
  // As read, in vSphere's order, which an edit of a standard switch keeps. A VMkernel
  // adapter on a distributed port group names it by switch uuid and port group key.
  InventoryHost read;
  HostNetworkKeys keys;
  HostNetwork network;  // `read` in the engine's model
  std::vector<MoRef> vms;
  std::vector<MoRef> networks;
};

template <typename T, typename Pred>
const T* FindIf(const std::vector<T>& items, Pred pred) {
  auto it = std::find_if(items.begin(), items.end(), pred);
  return it == items.end() ? nullptr : &*it;
}

std::string TextOr(const std::string* text) { return text ? *text : ""; }

// The distributed switches the host is a member of, as far as its own steps need them:
// the uplinks it has on each, which a pNIC can be put on.
std::vector<InventoryDvs> MemberSwitches(const HostNetworkKeys& keys) {
  std::vector<InventoryDvs> out;
  for (const auto& [name, proxy] : keys.proxies) {
    InventoryDvs dvs;
    dvs.name = name;
    for (const auto& [uplink, port] : proxy.port_of_uplink) dvs.uplinks.push_back(uplink);
    out.push_back(std::move(dvs));
  }
  return out;
}

Result<LiveHost> ReadHost(const OpContext& op) {
  const std::string& object = op.action.object;
  auto host = FindHost(op.session, NameOf(object), {ParentPathOf(object)});
  if (!host) return host.fault();
  if (host->empty()) return Fault{"NotFound", "host '" + NameOf(object) + "' is not in this vCenter", object, "", ""};
  LiveHost live;
  live.host = *host;
  live.read.name = NameOf(object);
  auto status = RetrieveProperties(op.session, {*host}, "HostSystem",
                                   {"config.network", "configManager.networkSystem",
                                    "configManager.advancedOption", "vm", "network"},
                                   [&](const MoRef&, const std::string& path, const xsd__anyType* value) {
                                     if (path == "configManager.networkSystem") live.network_system = RefOf(value);
                                     if (path == "configManager.advancedOption") live.option_manager = RefOf(value);
                                     if (path == "vm") live.vms = RefsOf(value);
                                     if (path == "network") live.networks = RefsOf(value);
                                     if (auto* info = dynamic_cast<const vim25__HostNetworkInfo*>(value)) {
                                       live.keys = ReadHostNetwork(*info, live.read);
                                     }
                                   });
  if (!status) return status.fault();
  if (live.network_system.empty()) {
    return Fault{"NotFound", "host '" + NameOf(object) + "' has no network system", object, "", ""};
  }
  live.network = HostNetworkOf(live.read, {}, MemberSwitches(live.keys));
  return live;
}

// A distributed switch a step names, by name in the host's datacenter: its uuid, its port
// groups' keys, and what it says about the host.
struct LiveDvs {
  std::string name;
  MoRef ref;
  SwitchState state;
  std::map<std::string, std::string> port_group_keys;  // name -> key
};

Result<LiveDvs> ReadDvs(const OpContext& op, const MoRef& host, const std::string& name) {
  const std::string path = DatacenterOf(op.action.object) + "/" + name;
  auto dvs = FindDvs(op.session, path);
  if (!dvs) return dvs.fault();
  if (dvs->empty()) return Fault{"NotFound", "distributed switch '" + path + "' does not exist", op.action.object, "", ""};
  auto state = ReadSwitch(op.session, *dvs, host);
  if (!state) return state.fault();
  auto groups = PortGroupsOf(op.session, *dvs);
  if (!groups) return groups.fault();
  LiveDvs out{name, *dvs, *state, {}};
  for (const auto& [group, found] : *groups) out.port_group_keys[group] = found.key;
  return out;
}

// Every distributed switch the step's places name.
Result<std::map<std::string, LiveDvs>> ReadSwitches(const OpContext& op, const LiveHost& live, const NetworkStep& step) {
  std::vector<NetworkPlace> places = {step.from, step.to};
  for (const auto& move : step.vmknics) places.insert(places.end(), {move.from, move.to});
  std::map<std::string, LiveDvs> out;
  for (const auto& place : places) {
    if (!place.distributed || out.count(place.switch_name)) continue;
    auto dvs = ReadDvs(op, live.host, place.switch_name);
    if (!dvs) return dvs.fault();
    out.emplace(place.switch_name, std::move(*dvs));
  }
  return out;
}

// --- where things are, by the engine's rules --------------------------------------

// Where a VMkernel adapter or VM NIC is: on a standard port group, or on a distributed
// switch named by uuid and a port group named by key, whose names come from the switches
// read for the step, else from the host's membership.
NetworkPlace AdapterPlace(const LiveHost& live, const std::map<std::string, LiveDvs>& switches,
                          const std::string& dvs_uuid, const std::string& port_group) {
  if (dvs_uuid.empty()) return NicPlace(live.network, port_group, "");
  for (const auto& [name, dvs] : switches) {
    if (dvs.state.uuid != dvs_uuid) continue;
    for (const auto& [group, key] : dvs.port_group_keys) {
      if (key == port_group) return NicPlace(live.network, group, name);
    }
    return NicPlace(live.network, port_group, name);
  }
  for (const auto& [name, proxy] : live.keys.proxies) {
    if (proxy.uuid == dvs_uuid) return NicPlace(live.network, port_group, name);
  }
  return NicPlace(live.network, port_group, dvs_uuid);
}

std::string NicText(const NetworkPlace& place) {
  return place.switch_name.empty() ? place.port_group + " (not on this host)" : place.switch_name + "/" + place.port_group;
}

ActionResult Moved(const OpContext& op, const std::string& what, const std::string& now, const std::string& from) {
  return Refused("InvalidState", op.action.object,
                 what + " is on " + now + ", not on " + from + " where the step starts; plan again");
}

// The DVS port group connection of a place on a distributed switch, or a refusal.
Result<std::pair<std::string, std::string>> DvsPort(const OpContext& op, const std::map<std::string, LiveDvs>& switches,
                                                    const NetworkPlace& place) {
  const LiveDvs& dvs = switches.at(place.switch_name);
  const auto key = dvs.port_group_keys.find(place.port_group);
  if (key == dvs.port_group_keys.end()) {
    return Fault{"NotFound", "distributed switch '" + place.switch_name + "' has no port group '" + place.port_group + "'",
                 op.action.object, "", ""};
  }
  if (!dvs.state.member) {
    return Fault{"InvalidState", "the host is not a member of distributed switch '" + place.switch_name + "'",
                 op.action.object, "", ""};
  }
  return std::make_pair(dvs.state.uuid, key->second);
}

std::string* NewText(struct soap* soap, const std::string& value) {
  auto* out = soap_new_std__string(soap);
  *out = value;
  return out;
}

// One call on the host's HostNetworkSystem, which changes something and returns no task.
Status NetworkCall(const OpContext& op, const char* method, const std::function<int(Channel&)>& call) {
  return op.session.Invoke(method, Effect::Changes, op.action.object, call);
}

// --- standard switches and port groups ----------------------------------------------

ActionResult CreateStandardSwitch(const OpContext& op, const LiveHost& live, const NetworkStep& step) {
  if (FindStandardSwitch(live.network, step.object)) return AlreadyDone();
  auto status = NetworkCall(op, "AddVirtualSwitch", [&](Channel& channel) {
    _vim25__AddVirtualSwitch request;
    request._USCOREthis = NewMor(channel.soap(), live.network_system);
    request.vswitchName = step.object;
    request.spec = soap_new_vim25__HostVirtualSwitchSpec(channel.soap());
    // ESXi's default; its switches grow their ports as needed (5.5 and later).
    request.spec->numPorts = 128;
    request.spec->mtu = soap_new_int(channel.soap());
    *request.spec->mtu = step.mtu;
    _vim25__AddVirtualSwitchResponse response;
    return soap_call___vim25__AddVirtualSwitch(channel.soap(), channel.endpoint(), channel.action(), &request, response);
  });
  return status ? Succeeded() : Failed(status.fault());
}

// The standard switch has a pNIC or a port group: RemoveVirtualSwitch would take the port
// groups, and cut off what is on them, with it.
bool HoldsAnything(const HostNetwork& network, const StandardSwitch& vswitch) {
  return !vswitch.pnics.empty() ||
         FindIf(network.port_groups, [&](const StandardPortGroup& g) { return g.vswitch == vswitch.name; });
}

ActionResult DeleteStandardSwitch(const OpContext& op, const LiveHost& live, const NetworkStep& step) {
  const StandardSwitch* vswitch = FindStandardSwitch(live.network, step.object);
  if (!vswitch) return AlreadyDone();
  if (HoldsAnything(live.network, *vswitch)) {
    return Refused("ResourceInUse", op.action.object,
                   "standard switch '" + step.object + "' still has physical NICs or port groups");
  }
  auto status = NetworkCall(op, "RemoveVirtualSwitch", [&](Channel& channel) {
    _vim25__RemoveVirtualSwitch request;
    request._USCOREthis = NewMor(channel.soap(), live.network_system);
    request.vswitchName = step.object;
    _vim25__RemoveVirtualSwitchResponse response;
    return soap_call___vim25__RemoveVirtualSwitch(channel.soap(), channel.endpoint(), channel.action(), &request,
                                                  response);
  });
  return status ? Succeeded() : Failed(status.fault());
}

ActionResult CreatePortGroup(const OpContext& op, const LiveHost& live, const NetworkStep& step) {
  if (const StandardPortGroup* group = FindStandardPortGroup(live.network, step.object)) {
    if (group->vswitch == step.to.switch_name && group->vlan == step.vlan) return AlreadyDone();
    return Refused("AlreadyExists", op.action.object,
                   "port group '" + step.object + "' already exists on " + group->vswitch + " with VLAN " +
                       std::to_string(group->vlan));
  }
  auto status = NetworkCall(op, "AddPortGroup", [&](Channel& channel) {
    _vim25__AddPortGroup request;
    request._USCOREthis = NewMor(channel.soap(), live.network_system);
    request.portgrp = soap_new_vim25__HostPortGroupSpec(channel.soap());
    request.portgrp->name = step.object;
    request.portgrp->vlanId = step.vlan;
    request.portgrp->vswitchName = step.to.switch_name;
    // An empty policy: the port group follows its switch's teaming.
    request.portgrp->policy = soap_new_vim25__HostNetworkPolicy(channel.soap());
    _vim25__AddPortGroupResponse response;
    return soap_call___vim25__AddPortGroup(channel.soap(), channel.endpoint(), channel.action(), &request, response);
  });
  return status ? Succeeded() : Failed(status.fault());
}

ActionResult DeletePortGroup(const OpContext& op, const LiveHost& live, const NetworkStep& step) {
  const StandardPortGroup* group = FindStandardPortGroup(live.network, step.object);
  if (!group) return AlreadyDone();
  if (group->vswitch != step.from.switch_name || group->vlan != step.vlan) {
    return Refused("InvalidState", op.action.object,
                   "port group '" + step.object + "' is on " + group->vswitch + " with VLAN " +
                       std::to_string(group->vlan) + ", not the one the step deletes (" + step.from.switch_name +
                       ", VLAN " + std::to_string(step.vlan) + ")");
  }
  auto status = NetworkCall(op, "RemovePortGroup", [&](Channel& channel) {
    _vim25__RemovePortGroup request;
    request._USCOREthis = NewMor(channel.soap(), live.network_system);
    request.pgName = step.object;
    _vim25__RemovePortGroupResponse response;
    return soap_call___vim25__RemovePortGroup(channel.soap(), channel.endpoint(), channel.action(), &request, response);
  });
  return status ? Succeeded() : Failed(status.fault());
}

// --- distributed switch membership ------------------------------------------------

ActionResult JoinDvs(const OpContext& op, const LiveHost& live, const NetworkStep& step) {
  auto dvs = ReadDvs(op, live.host, step.object);
  if (!dvs) return Failed(dvs.fault());
  if (dvs->state.member) return AlreadyDone();
  // No pNIC yet: they follow one step at a time, so that traffic always has an uplink.
  auto status = ReconfigureMember(op, dvs->ref, dvs->state, live.host, "add", {}, "");
  return status ? Succeeded() : Failed(status.fault());
}

ActionResult LeaveDvs(const OpContext& op, const LiveHost& live, const NetworkStep& step) {
  const std::string path = DatacenterOf(op.action.object) + "/" + step.object;
  auto found = FindDvs(op.session, path);
  if (!found) return Failed(found.fault());
  if (found->empty()) return AlreadyDone();  // no switch, no member
  auto dvs = ReadDvs(op, live.host, step.object);
  if (!dvs) return Failed(dvs.fault());
  if (!dvs->state.member) return AlreadyDone();
  auto status = ReconfigureMember(op, dvs->ref, dvs->state, live.host, "remove", {}, "");
  return status ? Succeeded() : Failed(status.fault());
}

// --- VMkernel adapters ------------------------------------------------------------

const VmkernelNic* FindVnic(const LiveHost& live, const std::string& device) {
  return FindIf(live.network.vmkernel_nics, [&](const VmkernelNic& v) { return v.device == device; });
}

NetworkPlace VnicPlace(const LiveHost& live, const std::map<std::string, LiveDvs>& switches, const VmkernelNic& vnic) {
  return AdapterPlace(live, switches, vnic.dvs, vnic.port_group);
}

// The spec that puts a VMkernel adapter on `to`: a standard port group by name (the
// adapter leaves any distributed port), or a distributed port group by switch uuid and
// key. Nothing else is set, so its address and MTU stay as they are.
Result<vim25__HostVirtualNicSpec*> VnicSpec(const OpContext& op, struct soap* soap,
                                            const std::map<std::string, LiveDvs>& switches, const NetworkPlace& to) {
  auto* spec = soap_new_vim25__HostVirtualNicSpec(soap);
  if (!to.distributed) {
    spec->portgroup = NewText(soap, to.port_group);
    return spec;
  }
  auto port = DvsPort(op, switches, to);
  if (!port) return port.fault();
  spec->distributedVirtualPort = soap_new_vim25__DistributedVirtualSwitchPortConnection(soap);
  spec->distributedVirtualPort->switchUuid = port->first;
  spec->distributedVirtualPort->portgroupKey = NewText(soap, port->second);
  return spec;
}

// What must hold for a VMkernel adapter or VM NIC to be put on `to`: a standard port
// group on the switch the step names, or a distributed one (checked by DvsPort).
std::optional<ActionResult> MissingNetwork(const OpContext& op, const LiveHost& live,
                                           const std::map<std::string, LiveDvs>& switches, const NetworkPlace& to) {
  if (to.distributed) {
    auto port = DvsPort(op, switches, to);
    if (!port) return Failed(port.fault());
    return std::nullopt;
  }
  const StandardPortGroup* group = FindStandardPortGroup(live.network, to.port_group);
  if (!group || group->vswitch != to.switch_name) {
    return Refused("NotFound", op.action.object,
                   "standard switch '" + to.switch_name + "' of the host has no port group '" + to.port_group + "'");
  }
  return std::nullopt;
}

ActionResult MoveVmknic(const OpContext& op, const LiveHost& live, const NetworkStep& step) {
  const VmkernelNic* vnic = FindVnic(live, step.object);
  if (!vnic) return Refused("NotFound", op.action.object, "the host has no VMkernel adapter " + step.object);
  auto switches = ReadSwitches(op, live, step);
  if (!switches) return Failed(switches.fault());
  const NetworkPlace now = VnicPlace(live, *switches, *vnic);
  if (now == step.to) return AlreadyDone();
  if (now != step.from) return Moved(op, step.object, NicText(now), NicText(step.from));
  if (auto missing = MissingNetwork(op, live, *switches, step.to)) return *missing;
  auto status = NetworkCall(op, "UpdateVirtualNic", [&](Channel& channel) {
    auto spec = VnicSpec(op, channel.soap(), *switches, step.to);
    if (!spec) return channel.Reject(spec.fault());
    _vim25__UpdateVirtualNic request;
    request._USCOREthis = NewMor(channel.soap(), live.network_system);
    request.device = step.object;
    request.nic = *spec;
    _vim25__UpdateVirtualNicResponse response;
    return soap_call___vim25__UpdateVirtualNic(channel.soap(), channel.endpoint(), channel.action(), &request, response);
  });
  return status ? Succeeded() : Failed(status.fault());
}

// --- pNICs, alone or with VMkernel adapters -----------------------------------------

// `names` in the order `as_read` lists them, any other last (a pNIC that arrives), so
// that an edit keeps the order vSphere had.
std::vector<std::string> InReadOrder(std::vector<std::string> names, const std::vector<std::string>& as_read) {
  auto rank = [&](const std::string& name) { return std::find(as_read.begin(), as_read.end(), name) - as_read.begin(); };
  std::stable_sort(names.begin(), names.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
  return names;
}

// The edit that makes a standard switch `next`, its lists in the order the switch had:
// an explicit failover order stays as the user set it.
vim25__HostVirtualSwitchConfig* SwitchEdit(struct soap* soap, const LiveHost& live, const StandardSwitch& next) {
  const StandardSwitch& read =
      *FindIf(live.read.standard_switches, [&](const StandardSwitch& s) { return s.name == next.name; });
  const HostNetworkKeys::Switch& keys = live.keys.switches.at(next.name);
  auto* edit = soap_new_vim25__HostVirtualSwitchConfig(soap);
  edit->changeOperation = NewText(soap, "edit");
  edit->name = next.name;
  edit->spec = soap_new_vim25__HostVirtualSwitchSpec(soap);
  edit->spec->numPorts = keys.num_ports;
  edit->spec->mtu = soap_new_int(soap);
  *edit->spec->mtu = next.mtu;
  if (!next.pnics.empty()) {
    auto* bond = soap_new_vim25__HostVirtualSwitchBondBridge(soap);
    bond->nicDevice = InReadOrder(next.pnics, read.pnics);
    edit->spec->bridge = bond;
  }
  // Only the teaming order is sent: the rest of the switch's policy stays as it is. A
  // pNIC it lists neither active nor standby is unused.
  auto* teaming = soap_new_vim25__HostNicTeamingPolicy(soap);
  if (!keys.teaming_policy.empty()) teaming->policy = NewText(soap, keys.teaming_policy);
  teaming->nicOrder = soap_new_vim25__HostNicOrderPolicy(soap);
  teaming->nicOrder->activeNic = InReadOrder(next.active_pnics, read.active_pnics);
  teaming->nicOrder->standbyNic = InReadOrder(next.standby_pnics, read.standby_pnics);
  edit->spec->policy = soap_new_vim25__HostNetworkPolicy(soap);
  edit->spec->policy->nicTeaming = teaming;
  return edit;
}

// The edit that makes the host's membership of a distributed switch `next`: each pNIC on
// the port key of its uplink.
vim25__HostProxySwitchConfig* ProxyEdit(struct soap* soap, const HostNetworkKeys::Proxy& keys, const ProxySwitch& next) {
  auto* edit = soap_new_vim25__HostProxySwitchConfig(soap);
  edit->changeOperation = NewText(soap, "edit");
  edit->uuid = keys.uuid;
  edit->spec = soap_new_vim25__HostProxySwitchSpec(soap);
  auto* backing = soap_new_vim25__DistributedVirtualSwitchHostMemberPnicBacking(soap);
  for (const auto& [pnic, uplink] : next.uplinks) {
    auto* spec = soap_new_vim25__DistributedVirtualSwitchHostMemberPnicSpec(soap);
    spec->pnicDevice = pnic;
    const auto port = keys.port_of_uplink.find(uplink);
    spec->uplinkPortKey = NewText(soap, port != keys.port_of_uplink.end() ? port->second : uplink);
    backing->pnicSpec.push_back(spec);
  }
  edit->spec->backing = backing;
  return edit;
}

// The host's switches once `step`'s pNIC has moved, by the engine's own step; a reason
// when its place `to` cannot take it.
AppliedStep PnicMoved(const LiveHost& live, const NetworkStep& step) {
  NetworkStep pnic_only = step;
  pnic_only.kind = StepKind::MovePnic;
  pnic_only.vmknics.clear();
  return Apply(live.network, pnic_only);
}

// A pNIC moves in one UpdateNetworkConfig: the switch it leaves and the one it joins are
// edited together, so it is never on no switch (two calls could leave it there, where a
// re-run would not find it at either end); VMkernel adapters that move with it are edited
// in the same update, which is what keeps a one-pNIC host's management network up.
ActionResult MovePnic(const OpContext& op, const LiveHost& live, const NetworkStep& step) {
  if (!FindIf(live.network.pnics, [&](const PhysicalNic& p) { return p.device == step.object; })) {
    return Refused("NotFound", op.action.object, "the host has no physical NIC " + step.object);
  }
  auto switches = ReadSwitches(op, live, step);
  if (!switches) return Failed(switches.fault());
  const NetworkPlace now = PnicPlace(live.network, step.object);
  bool adapters_at_to = true;
  for (const auto& move : step.vmknics) {
    const VmkernelNic* vnic = FindVnic(live, move.device);
    if (!vnic) return Refused("NotFound", op.action.object, "the host has no VMkernel adapter " + move.device);
    const NetworkPlace at = VnicPlace(live, *switches, *vnic);
    adapters_at_to = adapters_at_to && at == move.to;
    if (at != move.from && at != move.to) return Moved(op, move.device, NicText(at), NicText(move.from));
    if (now == step.from && at != move.from) return Moved(op, move.device, NicText(at), NicText(move.from));
  }
  if (now == step.to && adapters_at_to) return AlreadyDone();
  if (now != step.from) return Moved(op, step.object, PnicText(now), PnicText(step.from));

  const AppliedStep moved = PnicMoved(live, step);
  if (!moved.state) {
    return Refused("NotFound", op.action.object, "cannot move " + step.object + ": " + moved.problems.front().message);
  }
  const HostNetwork& next = *moved.state;
  // The adapters' port groups: a standard one must be on the switch the step names.
  for (const auto& move : step.vmknics) {
    if (auto missing = MissingNetwork(op, live, *switches, move.to)) return *missing;
  }
  auto status = NetworkCall(op, "UpdateNetworkConfig", [&](Channel& channel) {
    struct soap* soap = channel.soap();
    auto* config = soap_new_vim25__HostNetworkConfig(soap);
    for (const auto& vswitch : next.standard_switches) {
      if (*FindStandardSwitch(live.network, vswitch.name) != vswitch) {
        config->vswitch.push_back(SwitchEdit(soap, live, vswitch));
      }
    }
    for (const auto& proxy : next.proxy_switches) {
      if (*FindProxy(live.network, proxy.dvs) != proxy) {
        config->proxySwitch.push_back(ProxyEdit(soap, live.keys.proxies.at(proxy.dvs), proxy));
      }
    }
    for (const auto& move : step.vmknics) {
      auto spec = VnicSpec(op, soap, *switches, move.to);
      if (!spec) return channel.Reject(spec.fault());
      auto* edit = soap_new_vim25__HostVirtualNicConfig(soap);
      edit->changeOperation = NewText(soap, "edit");
      edit->device = NewText(soap, move.device);
      edit->portgroup = move.to.distributed ? "" : move.to.port_group;
      edit->spec = *spec;
      config->vnic.push_back(edit);
    }
    _vim25__UpdateNetworkConfig request;
    request._USCOREthis = NewMor(soap, live.network_system);
    request.config = config;
    request.changeMode = "modify";
    _vim25__UpdateNetworkConfigResponse response;
    return soap_call___vim25__UpdateNetworkConfig(soap, channel.endpoint(), channel.action(), &request, response);
  });
  return status ? Succeeded() : Failed(status.fault());
}

// --- VM NICs ----------------------------------------------------------------------

// A VM's network adapter as read, with what an edit of it must repeat.
struct LiveCard {
  int soap_type = 0;  // its gSOAP type: VirtualVmxnet3, VirtualE1000e, ...
  int key = 0;
  std::optional<int> controller_key;
  std::optional<int> unit_number;
  std::string address_type;
  std::string mac_address;
  bool connectable = false;
  bool start_connected = false;
  bool allow_guest_control = false;
  bool connected = false;
  std::string network;   // a standard port group's name, or a distributed one's key
  std::string dvs_uuid;  // its distributed switch, or "" for a standard port group
};

Result<MoRef> VmOnHost(const OpContext& op, const LiveHost& live, const std::string& name) {
  MoRef found;
  if (live.vms.empty()) return found;
  auto status = RetrieveProperties(op.session, live.vms, "VirtualMachine", {"name"},
                                   [&](const MoRef& vm, const std::string&, const xsd__anyType* value) {
                                     if (TextOf(value) == name) found = vm;
                                   });
  if (!status) return status.fault();
  return found;
}

Result<std::optional<LiveCard>> ReadCard(const OpContext& op, const MoRef& vm, const std::string& label) {
  std::optional<LiveCard> found;
  auto status = RetrieveProperties(op.session, {vm}, "VirtualMachine", {"config.hardware.device"},
                                   [&](const MoRef&, const std::string&, const xsd__anyType* value) {
    auto* devices = dynamic_cast<const vim25__ArrayOfVirtualDevice*>(value);
    if (!devices) return;
    for (const auto* device : devices->VirtualDevice) {
      auto* card = dynamic_cast<const vim25__VirtualEthernetCard*>(device);
      if (!card || !card->deviceInfo || card->deviceInfo->label != label) continue;
      LiveCard out;
      out.soap_type = card->soap_type();
      out.key = card->key;
      if (card->controllerKey) out.controller_key = *card->controllerKey;
      if (card->unitNumber) out.unit_number = *card->unitNumber;
      out.address_type = TextOr(card->addressType);
      out.mac_address = TextOr(card->macAddress);
      if (card->connectable) {
        out.connectable = true;
        out.start_connected = card->connectable->startConnected;
        out.allow_guest_control = card->connectable->allowGuestControl;
        out.connected = card->connectable->connected;
      }
      if (auto* network = dynamic_cast<const vim25__VirtualEthernetCardNetworkBackingInfo*>(card->backing)) {
        out.network = network->deviceName;
      } else if (auto* port = dynamic_cast<const vim25__VirtualEthernetCardDistributedVirtualPortBackingInfo*>(
                     card->backing);
                 port && port->port) {
        out.dvs_uuid = port->port->switchUuid;
        out.network = TextOr(port->port->portgroupKey);
      }
      found = out;
    }
  });
  if (!status) return status.fault();
  return found;
}

// The host's standard network (a Network object) of that name, which a NIC's backing
// names along with the port group.
Result<MoRef> NetworkNamed(const OpContext& op, const LiveHost& live, const std::string& name) {
  std::vector<MoRef> networks;
  for (const auto& network : live.networks) {
    if (network.type == "Network") networks.push_back(network);
  }
  MoRef found;
  if (networks.empty()) return found;
  auto status = RetrieveProperties(op.session, networks, "Network", {"name"},
                                   [&](const MoRef& network, const std::string&, const xsd__anyType* value) {
                                     if (TextOf(value) == name) found = network;
                                   });
  if (!status) return status.fault();
  return found;
}

// The card as an edit repeats it (same type, key, slot, address and connection), on the
// new backing.
vim25__VirtualEthernetCard* EditedCard(struct soap* soap, const LiveCard& card, vim25__VirtualDeviceBackingInfo* backing) {
  auto* out = static_cast<vim25__VirtualEthernetCard*>(soap_instantiate(soap, card.soap_type, "", "", nullptr));
  out->key = card.key;
  if (card.controller_key) {
    out->controllerKey = soap_new_int(soap);
    *out->controllerKey = *card.controller_key;
  }
  if (card.unit_number) {
    out->unitNumber = soap_new_int(soap);
    *out->unitNumber = *card.unit_number;
  }
  if (!card.address_type.empty()) out->addressType = NewText(soap, card.address_type);
  if (!card.mac_address.empty()) out->macAddress = NewText(soap, card.mac_address);
  if (card.connectable) {
    out->connectable = soap_new_vim25__VirtualDeviceConnectInfo(soap);
    out->connectable->startConnected = card.start_connected;
    out->connectable->allowGuestControl = card.allow_guest_control;
    out->connectable->connected = card.connected;
  }
  out->backing = backing;
  return out;
}

ActionResult MoveVmNic(const OpContext& op, const LiveHost& live, const NetworkStep& step) {
  auto vm = VmOnHost(op, live, step.object);
  if (!vm) return Failed(vm.fault());
  if (vm->empty()) return Refused("NotFound", op.action.object, "VM '" + step.object + "' is not on the host");
  auto card = ReadCard(op, *vm, step.nic);
  if (!card) return Failed(card.fault());
  if (!*card) return Refused("NotFound", op.action.object, "VM '" + step.object + "' has no adapter '" + step.nic + "'");
  auto switches = ReadSwitches(op, live, step);
  if (!switches) return Failed(switches.fault());
  const LiveCard& nic = **card;
  const NetworkPlace now = AdapterPlace(live, *switches, nic.dvs_uuid, nic.network);
  const std::string who = "VM " + step.object + " '" + step.nic + "'";
  if (now == step.to) return AlreadyDone();
  if (now != step.from) return Moved(op, who, NicText(now), NicText(step.from));
  if (auto missing = MissingNetwork(op, live, *switches, step.to)) return *missing;
  MoRef network;
  std::pair<std::string, std::string> port;
  if (step.to.distributed) {
    auto found = DvsPort(op, *switches, step.to);
    if (!found) return Failed(found.fault());
    port = *found;
  } else {
    auto found = NetworkNamed(op, live, step.to.port_group);
    if (!found) return Failed(found.fault());
    if (found->empty()) return Refused("NotFound", op.action.object, "the host has no network '" + step.to.port_group + "'");
    network = *found;
  }
  auto status = RunTask(op.session, "ReconfigVM_Task", op.action.object, op.deadline, [&](Channel& channel, MoRef& task) {
    struct soap* soap = channel.soap();
    vim25__VirtualDeviceBackingInfo* backing = nullptr;
    if (step.to.distributed) {
      auto* dvport = soap_new_vim25__VirtualEthernetCardDistributedVirtualPortBackingInfo(soap);
      dvport->port = soap_new_vim25__DistributedVirtualSwitchPortConnection(soap);
      dvport->port->switchUuid = port.first;
      dvport->port->portgroupKey = NewText(soap, port.second);
      backing = dvport;
    } else {
      auto* standard = soap_new_vim25__VirtualEthernetCardNetworkBackingInfo(soap);
      standard->deviceName = step.to.port_group;
      standard->network = NewMor(soap, network);
      backing = standard;
    }
    auto* change = soap_new_vim25__VirtualDeviceConfigSpec(soap);
    change->operation = NewText(soap, "edit");
    change->device = EditedCard(soap, nic, backing);
    _vim25__ReconfigVM_USCORETask request;
    request._USCOREthis = NewMor(soap, *vm);
    request.spec = soap_new_vim25__VirtualMachineConfigSpec(soap);
    request.spec->deviceChange = {change};
    return StartTask(channel, soap_call___vim25__ReconfigVM_USCORETask, request, task);
  });
  return status ? Succeeded() : Failed(status.fault());
}

// --- network I/O control --------------------------------------------------------------

ActionResult SetNiocOptOut(const OpContext& op, const LiveHost& live, const NetworkStep& step) {
  if (live.option_manager.empty()) {
    return Refused("NotFound", op.action.object, "host '" + NameOf(op.action.object) + "' has no advanced options");
  }
  auto now = QueryHostOption(op.session, live.option_manager, kNiocOption, op.action.object);
  if (!now) return Failed(now.fault());
  if (*now == step.value_to) return AlreadyDone();
  if (*now != step.value_from) {
    return Refused("InvalidState", op.action.object,
                   std::string(kNiocOption) + " is '" + *now + "', not '" + step.value_from +
                       "' where the step starts; plan again");
  }
  auto status = UpdateHostOption(op.session, live.option_manager, kNiocOption, step.value_to, op.action.object);
  return status ? Succeeded() : Failed(status.fault());
}

}  // namespace

ActionResult HostNetworkStep(const OpContext& op) {
  std::string error;
  const auto step = FromParams(op.action.params, error);
  if (!step) return Refused("InvalidArgument", op.action.object, "not a host-network step: " + error);
  auto live = ReadHost(op);
  if (!live) return Failed(live.fault());
  switch (step->kind) {
    case StepKind::CreateStandardSwitch: return CreateStandardSwitch(op, *live, *step);
    case StepKind::DeleteStandardSwitch: return DeleteStandardSwitch(op, *live, *step);
    case StepKind::CreatePortGroup: return CreatePortGroup(op, *live, *step);
    case StepKind::DeletePortGroup: return DeletePortGroup(op, *live, *step);
    case StepKind::JoinDvs: return JoinDvs(op, *live, *step);
    case StepKind::LeaveDvs: return LeaveDvs(op, *live, *step);
    case StepKind::MovePnic:
    case StepKind::MovePnicWithVmknics: return MovePnic(op, *live, *step);
    case StepKind::MoveVmknic: return MoveVmknic(op, *live, *step);
    case StepKind::MoveVmNic: return MoveVmNic(op, *live, *step);
    case StepKind::TakeOutOfNioc:
    case StepKind::RestoreNioc: return SetNiocOptOut(op, *live, *step);
  }
  return Refused("InvalidArgument", op.action.object, "unknown host-network step");
}

}  // namespace vcshift::vsphere::ops
