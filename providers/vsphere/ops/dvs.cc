// Distributed switches, their port groups and their member hosts. A switch is destroyed
// only when no host is a member; a port group by vCenter's own rule (not while in use).
// A switch's and a port group's settings change in place, each captured before.

#include <algorithm>
#include <sstream>

#include "engine/plan_changes.h"
#include "engine/version.h"
#include "providers/vsphere/dvs_config.h"
#include "providers/vsphere/ops/calls.h"
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

int IntOr(const std::string& text, int otherwise) {
  try {
    return text.empty() ? otherwise : std::stoi(text);
  } catch (const std::exception&) {
    return otherwise;
  }
}

std::string* NewText(struct soap* soap, const std::string& value) {
  auto* out = soap_new_std__string(soap);
  *out = value;
  return out;
}

Status AwaitStarted(const OpContext& op, const char* method, const std::function<int(Channel&, MoRef&)>& start) {
  auto outcome = RunTask(op.session, method, op.action.object, op.deadline, start);
  if (!outcome) return outcome.fault();
  return Done{};
}

Result<MoRef> SwitchOf(const OpContext& op, const std::string& path) {
  auto dvs = FindDvs(op.session, path);
  if (!dvs) return dvs.fault();
  if (dvs->empty()) return Fault{"NotFound", "distributed switch '" + path + "' does not exist", op.action.object, "", ""};
  return dvs;
}

// --- port groups -----------------------------------------------------------------

vim25__VmwareDistributedVirtualSwitchVlanSpec* VlanOf(struct soap* soap, const std::string& vlan_id,
                                                      const std::string& vlan_trunk) {
  const auto ranges = SplitList(vlan_trunk);
  if (ranges.empty()) {
    auto* vlan = soap_new_vim25__VmwareDistributedVirtualSwitchVlanIdSpec(soap);
    vlan->vlanId = IntOr(vlan_id, 0);
    return vlan;
  }
  auto* trunk = soap_new_vim25__VmwareDistributedVirtualSwitchTrunkVlanSpec(soap);
  for (const auto& range : ranges) {  // "100" or "100-199"
    auto* numeric = soap_new_vim25__NumericRange(soap);
    const size_t dash = range.find('-');
    numeric->start = IntOr(range.substr(0, dash), 0);
    numeric->end = dash == std::string::npos ? numeric->start : IntOr(range.substr(dash + 1), 0);
    trunk->vlanId.push_back(numeric);
  }
  return trunk;
}

// No uplinks listed: every uplink active, which a port group has by inheriting its
// switch's order. A new one is made without an order; a configured one is told to
// inherit again (InheritablePolicy.inherited).
vim25__VmwareUplinkPortTeamingPolicy* TeamingOf(struct soap* soap, const std::string& policy,
                                                const std::string& active_uplinks,
                                                const std::string& standby_uplinks, bool creating) {
  auto* teaming = soap_new_vim25__VmwareUplinkPortTeamingPolicy(soap);
  teaming->policy = soap_new_vim25__StringPolicy(soap);
  teaming->policy->value = NewText(soap, policy.empty() ? "loadbalance_srcid" : policy);
  const auto active = SplitList(active_uplinks), standby = SplitList(standby_uplinks);
  if (active.empty() && standby.empty() && creating) return teaming;
  teaming->uplinkPortOrder = soap_new_vim25__VMwareUplinkPortOrderPolicy(soap);
  teaming->uplinkPortOrder->activeUplinkPort = active;
  teaming->uplinkPortOrder->standbyUplinkPort = standby;
  if (active.empty() && standby.empty()) {
    teaming->uplinkPortOrder->inherited = true;
  }
  return teaming;
}

// vSphere's names for the two bindings vcshift offers.
std::string* BindingOf(struct soap* soap, const std::string& binding) {
  return NewText(soap, binding == "ephemeral" ? "ephemeral" : "earlyBinding");
}

vim25__DVPortgroupConfigSpec* PortGroupSpec(struct soap* soap, const OpContext& op) {
  auto* spec = soap_new_vim25__DVPortgroupConfigSpec(soap);
  spec->name = NewText(soap, NameOf(op.action.object));
  spec->numPorts = soap_new_int(soap);
  *spec->numPorts = IntOr(op.Param("ports"), 8);
  spec->type = BindingOf(soap, op.Param("port_binding"));
  auto* setting = soap_new_vim25__VMwareDVSPortSetting(soap);
  setting->vlan = VlanOf(soap, op.Param("vlan"), op.Param("vlan_trunk"));
  setting->uplinkTeamingPolicy = TeamingOf(soap, op.Param("teaming_policy"), op.Param("active_uplinks"),
                                           op.Param("standby_uplinks"), true);
  spec->defaultPortConfig = setting;
  return spec;
}

// A change's values: what `params` sets over `current`, and the current values of the
// keys that change (the inverse's params). Empty `before`: nothing changes.
struct Change {
  std::map<std::string, std::string> wanted;
  Captured before;
  bool Any(std::initializer_list<const char*> keys) const {
    for (const char* key : keys) {
      if (before.count(key)) return true;
    }
    return false;
  }
};

Change ChangeOf(std::map<std::string, std::string> current, const std::map<std::string, std::string>& params) {
  Change change;
  for (const auto& [key, value] : params) {
    if (current[key] == value) continue;
    change.before[key] = current[key];
    current[key] = value;
  }
  change.wanted = std::move(current);
  return change;
}

// Network I/O control on or off (not a task).
Status SetNioc(Session& session, const MoRef& dvs, bool enable, const std::string& object) {
  return session.Invoke("EnableNetworkResourceManagement", Effect::Changes, object, [&](Channel& channel) {
    _vim25__EnableNetworkResourceManagement request;
    request._USCOREthis = NewMor(channel.soap(), dvs);
    request.enable = enable;
    _vim25__EnableNetworkResourceManagementResponse response;
    return soap_call___vim25__EnableNetworkResourceManagement(channel.soap(), channel.endpoint(), channel.action(),
                                                              &request, response);
  });
}

// --- members ---------------------------------------------------------------------

// The host's uplink ports on the switch: uplink name -> port key. Empty when the switch
// does not name them (vcsim).
Result<std::map<std::string, std::string>> UplinkPorts(Session& session, const MoRef& dvs, const MoRef& host,
                                                       const std::string& object) {
  std::map<std::string, std::string> ports;
  auto status = session.Invoke("FetchDVPorts", Effect::ReadOnly, object, [&](Channel& channel) {
    _vim25__FetchDVPorts request;
    request._USCOREthis = NewMor(channel.soap(), dvs);
    request.criteria = soap_new_vim25__DistributedVirtualSwitchPortCriteria(channel.soap());
    request.criteria->uplinkPort = soap_new_bool(channel.soap());
    *request.criteria->uplinkPort = true;
    request.criteria->host = {NewMor(channel.soap(), host)};
    _vim25__FetchDVPortsResponse response;
    const int rc =
        soap_call___vim25__FetchDVPorts(channel.soap(), channel.endpoint(), channel.action(), &request, response);
    for (const auto* port : response.returnval) {
      if (port->config && port->config->name && ToMoRef(port->proxyHost) == host) ports[*port->config->name] = port->key;
    }
    return rc;
  });
  if (!status) return status.fault();
  return ports;
}

Result<std::string> PortgroupKey(Session& session, const std::string& portgroup) {
  std::string key;
  if (portgroup.empty()) return key;
  auto status = RetrieveProperties(session, {{"DistributedVirtualPortgroup", portgroup}}, "DistributedVirtualPortgroup",
                                   {"key"}, [&](const MoRef&, const std::string&, const xsd__anyType* value) {
                                     key = TextOf(value);
                                   });
  if (!status) return status.fault();
  return key;
}

// "vmnic0=Uplink 1,vmnic1=Uplink 2" as pairs, ordered as the switch orders its uplinks
// (a new member's pNICs take free uplink ports in that order).
std::vector<std::pair<std::string, std::string>> WantedUplinks(const std::string& text, const std::vector<std::string>& order) {
  std::vector<std::pair<std::string, std::string>> wanted;
  for (const auto& item : SplitList(text)) {
    const size_t eq = item.find('=');
    if (eq != std::string::npos) wanted.emplace_back(item.substr(0, eq), item.substr(eq + 1));
  }
  const auto rank = [&](const std::string& uplink) { return std::find(order.begin(), order.end(), uplink) - order.begin(); };
  std::stable_sort(wanted.begin(), wanted.end(), [&](const auto& a, const auto& b) { return rank(a.second) < rank(b.second); });
  return wanted;
}

std::string Mapping(const std::vector<std::pair<std::string, std::string>>& backing,
                    const std::map<std::string, std::string>& ports) {
  std::vector<std::string> items;
  for (const auto& [pnic, key] : backing) {
    std::string uplink = key;
    for (const auto& [name, port_key] : ports) {
      if (port_key == key) uplink = name;
    }
    items.push_back(pnic + "=" + uplink);
  }
  std::sort(items.begin(), items.end());
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

struct Member {
  MoRef dvs;
  MoRef host;
  SwitchState state;
};

Result<Member> ReadMember(const OpContext& op) {
  const std::string& object = op.action.object;
  auto dvs = SwitchOf(op, ParentPathOf(object));
  if (!dvs) return dvs.fault();
  auto host = FindHost(op.session, NameOf(object), {});
  if (!host) return host.fault();
  if (host->empty()) return Fault{"NotFound", "host '" + NameOf(object) + "' is not in this vCenter", object, "", ""};
  auto state = ReadSwitch(op.session, *dvs, *host);
  if (!state) return state.fault();
  return Member{*dvs, *host, *state};
}

}  // namespace

Result<std::map<std::string, PortGroupRef>> PortGroupsOf(Session& session, const MoRef& dvs) {
  // A port group destroyed between the two reads fails the second (ManagedObjectNotFound):
  // the list changed under us (port groups are destroyed in parallel), so read it again.
  for (int attempt = 1;; ++attempt) {
    auto groups = ReadRefs(session, dvs, "portgroup");
    if (!groups) return groups.fault();
    std::map<std::string, PortGroupRef> by_ref;  // moref value -> the port group
    if (groups->empty()) return by_ref;
    auto status = RetrieveProperties(session, *groups, "DistributedVirtualPortgroup", {"name", "key"},
                                     [&](const MoRef& group, const std::string& property, const xsd__anyType* value) {
                                       PortGroupRef& found = by_ref[group.value];
                                       found.ref = group;
                                       (property == "name" ? found.name : found.key) = TextOf(value);
                                     });
    if (!status && status.fault().type == "ManagedObjectNotFound" && attempt < 3) continue;
    if (!status) return status.fault();
    std::map<std::string, PortGroupRef> by_name;
    for (const auto& [value, group] : by_ref) by_name[group.name] = group;
    return by_name;
  }
}

Result<MoRef> PortGroupOf(Session& session, const MoRef& dvs, const std::string& name) {
  auto groups = PortGroupsOf(session, dvs);
  if (!groups) return groups.fault();
  const auto found = groups->find(name);
  return found == groups->end() ? MoRef{} : found->second.ref;
}

Result<SwitchState> ReadSwitch(Session& session, const MoRef& dvs, const MoRef& host) {
  SwitchState state;
  auto status = RetrieveProperties(session, {dvs}, dvs.type, {"config", "summary.hostMember"},
                                   [&](const MoRef&, const std::string& path, const xsd__anyType* value) {
    if (path == "summary.hostMember") {
      const auto members = RefsOf(value);
      state.member = state.member || std::find(members.begin(), members.end(), host) != members.end();
      return;
    }
    auto* config = dynamic_cast<const vim25__DVSConfigInfo*>(value);
    if (!config) return;
    state.uuid = config->uuid;
    state.config_version = config->configVersion;
    if (!config->uplinkPortgroup.empty()) state.uplink_portgroup = config->uplinkPortgroup.front()->__item;
    if (auto* names = dynamic_cast<const vim25__DVSNameArrayUplinkPortPolicy*>(config->uplinkPortPolicy)) {
      state.uplinks = names->uplinkPortName;
    }
    for (const auto* member : config->host) {
      if (!member->config || ToMoRef(member->config->host) != host) continue;
      state.member = true;
      auto* pnics = dynamic_cast<const vim25__DistributedVirtualSwitchHostMemberPnicBacking*>(member->config->backing);
      if (!pnics) continue;
      for (const auto* pnic : pnics->pnicSpec) {
        state.backing.emplace_back(pnic->pnicDevice, pnic->uplinkPortKey ? *pnic->uplinkPortKey : "");
      }
    }
  });
  if (!status) return status.fault();
  return state;
}

Status ReconfigureMember(const OpContext& op, const MoRef& dvs, const SwitchState& state, const MoRef& host,
                         const std::string& operation, const std::vector<PnicTo>& pnics,
                         const std::string& portgroup_key) {
  return AwaitStarted(op, "ReconfigureDvs_Task", [&](Channel& channel, MoRef& task) {
    struct soap* soap = channel.soap();
    auto* member = soap_new_vim25__DistributedVirtualSwitchHostMemberConfigSpec(soap);
    member->operation = operation;
    member->host = NewMor(soap, host);
    if (operation != "remove") {
      auto* backing = soap_new_vim25__DistributedVirtualSwitchHostMemberPnicBacking(soap);
      for (const auto& [pnic, port_key] : pnics) {
        auto* spec = soap_new_vim25__DistributedVirtualSwitchHostMemberPnicSpec(soap);
        spec->pnicDevice = pnic;
        if (!port_key.empty()) spec->uplinkPortKey = NewText(soap, port_key);
        if (!portgroup_key.empty()) spec->uplinkPortgroupKey = NewText(soap, portgroup_key);
        backing->pnicSpec.push_back(spec);
      }
      member->backing = backing;
    }
    _vim25__ReconfigureDvs_USCORETask request;
    request._USCOREthis = NewMor(soap, dvs);
    request.spec = soap_new_vim25__VMwareDVSConfigSpec(soap);
    request.spec->configVersion = NewText(soap, state.config_version);
    request.spec->host = {member};
    return StartTask(channel, soap_call___vim25__ReconfigureDvs_USCORETask, request, task);
  });
}

namespace {

struct SwitchRead {
  MoRef dvs;
  InventoryDvs settings;
  std::string config_version;
};

Result<SwitchRead> ReadSwitchSettings(const OpContext& op) {
  auto dvs = SwitchOf(op, op.action.object);
  if (!dvs) return dvs.fault();
  SwitchRead read{*dvs, {}, ""};
  std::string summary_version;
  auto status = RetrieveProperties(op.session, {*dvs}, dvs->type, {"config", "summary.productInfo"},
                                   [&](const MoRef&, const std::string&, const xsd__anyType* value) {
    if (const auto* product = dynamic_cast<const vim25__DistributedVirtualSwitchProductSpec*>(value)) {
      if (product->version) summary_version = *product->version;
    } else if (const auto* config = dynamic_cast<const vim25__DVSConfigInfo*>(value)) {
      read.config_version = config->configVersion;
      ReadSwitchConfig(*config, read.settings);
    }
  });
  if (!status) return status.fault();
  if (!summary_version.empty()) read.settings.version = summary_version;
  return read;
}

// Network I/O control is not part of a create spec: it is turned on after, and on a
// switch an earlier attempt made without it.
Result<bool> NiocTurnedOn(const OpContext& op) {
  if (op.Param("nioc") != "true") return false;
  auto read = ReadSwitchSettings(op);
  if (!read) return read.fault();
  if (read->settings.nioc) return false;
  auto status = SetNioc(op.session, read->dvs, true, op.action.object);
  if (!status) return status.fault();
  return true;
}

// A failure after the action's first change leaves it half done: reported as an outcome
// not known, so the executor re-reads and tries again, and when it gives up counts the
// action as possibly done, which a rollback undoes (the switch made is destroyed).
ActionResult HalfDone(const Fault& fault) {
  ActionResult failed = Failed(fault);
  failed.transient = true;
  return failed;
}

}  // namespace

ActionResult CreateDvs(const OpContext& op) {
  const std::string& path = op.action.object;
  auto existing = FindDvs(op.session, path);
  if (!existing) return Failed(existing.fault());
  if (!existing->empty()) {
    auto nioc = NiocTurnedOn(op);
    if (!nioc) return HalfDone(nioc.fault());
    return *nioc ? Succeeded() : AlreadyDone();
  }
  auto folder = FindByPath(op.session, DatacenterOf(path) + "/network");
  if (!folder) return Failed(folder.fault());
  if (folder->empty()) return Refused("NotFound", path, "datacenter '" + DatacenterOf(path) + "' does not exist");
  auto status = AwaitStarted(op, "CreateDVS_Task", [&](Channel& channel, MoRef& task) {
    struct soap* soap = channel.soap();
    auto* config = soap_new_vim25__VMwareDVSConfigSpec(soap);
    config->name = NewText(soap, NameOf(path));
    auto* uplinks = soap_new_vim25__DVSNameArrayUplinkPortPolicy(soap);
    uplinks->uplinkPortName = SplitList(op.Param("uplinks"));
    config->uplinkPortPolicy = uplinks;
    config->maxMtu = soap_new_int(soap);
    *config->maxMtu = IntOr(op.Param("mtu"), 1500);
    _vim25__CreateDVS_USCORETask request;
    request._USCOREthis = NewMor(soap, *folder);
    request.spec = soap_new_vim25__DVSCreateSpec(soap);
    request.spec->configSpec = config;
    if (!op.Param("version").empty()) {
      request.spec->productInfo = soap_new_vim25__DistributedVirtualSwitchProductSpec(soap);
      request.spec->productInfo->version = NewText(soap, op.Param("version"));
    }
    return StartTask(channel, soap_call___vim25__CreateDVS_USCORETask, request, task);
  });
  if (!status) return Failed(status.fault());
  auto nioc = NiocTurnedOn(op);
  return nioc ? Succeeded() : HalfDone(nioc.fault());
}

ActionResult DestroyDvs(const OpContext& op) {
  const std::string& path = op.action.object;
  auto dvs = FindDvs(op.session, path);
  if (!dvs) return Failed(dvs.fault());
  if (dvs->empty()) return AlreadyDone();
  bool members = false;
  auto read = RetrieveProperties(op.session, {*dvs}, dvs->type, {"summary.hostMember"},
                                 [&](const MoRef&, const std::string&, const xsd__anyType* value) {
                                   members = !RefsOf(value).empty();
                                 });
  if (!read) return Failed(read.fault());
  if (members) return Refused("ResourceInUse", path, "distributed switch '" + path + "' still has member hosts");
  auto status = Destroy(op.session, *dvs, path, op.deadline);
  return status ? Succeeded() : Failed(status.fault());
}

ActionResult CreateDvsPortGroup(const OpContext& op) {
  auto dvs = SwitchOf(op, ParentPathOf(op.action.object));
  if (!dvs) return Failed(dvs.fault());
  auto existing = PortGroupOf(op.session, *dvs, NameOf(op.action.object));
  if (!existing) return Failed(existing.fault());
  if (!existing->empty()) return AlreadyDone();
  // AddDVPortgroup_Task rather than CreateDVPortgroup_Task: the same for one port group,
  // and the one vcsim implements.
  auto status = AwaitStarted(op, "AddDVPortgroup_Task", [&](Channel& channel, MoRef& task) {
    _vim25__AddDVPortgroup_USCORETask request;
    request._USCOREthis = NewMor(channel.soap(), *dvs);
    request.spec = {PortGroupSpec(channel.soap(), op)};
    return StartTask(channel, soap_call___vim25__AddDVPortgroup_USCORETask, request, task);
  });
  return status ? Succeeded() : Failed(status.fault());
}

ActionResult DestroyDvsPortGroup(const OpContext& op) {
  auto dvs = FindDvs(op.session, ParentPathOf(op.action.object));
  if (!dvs) return Failed(dvs.fault());
  if (dvs->empty()) return AlreadyDone();  // gone with its switch
  auto group = PortGroupOf(op.session, *dvs, NameOf(op.action.object));
  if (!group) return Failed(group.fault());
  if (group->empty()) return AlreadyDone();
  auto status = Destroy(op.session, *group, op.action.object, op.deadline);
  return status ? Succeeded() : Failed(status.fault());
}

// The host joins with its pNICs on the uplinks the action names. VMkernel adapters
// (`vmkernel`) move in the host-network steps, not here.
ActionResult JoinHostToDvs(const OpContext& op) {
  auto member = ReadMember(op);
  if (!member) return Failed(member.fault());
  const auto wanted = WantedUplinks(op.Param("uplinks"), member->state.uplinks);
  auto portgroup_key = PortgroupKey(op.session, member->state.uplink_portgroup);
  if (!portgroup_key) return Failed(portgroup_key.fault());
  bool changed = false;
  if (!member->state.member) {
    std::vector<PnicTo> pnics;
    for (const auto& [pnic, uplink] : wanted) pnics.push_back({pnic, ""});
    auto status = ReconfigureMember(op, member->dvs, member->state, member->host, "add", pnics, *portgroup_key);
    if (!status) return Failed(status.fault());
    auto state = ReadSwitch(op.session, member->dvs, member->host);
    if (!state) return Failed(state.fault());
    member->state = *state;
    changed = true;
  }
  // vCenter gave the new member's pNICs free uplink ports; the names may differ.
  auto ports = UplinkPorts(op.session, member->dvs, member->host, op.action.object);
  if (!ports) return Failed(ports.fault());
  if (ports->empty()) return changed ? Succeeded() : AlreadyDone();  // uplink ports without names: nothing to match
  std::vector<PnicTo> pinned;
  std::vector<std::pair<std::string, std::string>> wanted_keys;
  for (const auto& [pnic, uplink] : wanted) {
    const auto port = ports->find(uplink);
    if (port == ports->end()) return Refused("NotFound", op.action.object, "the switch has no uplink '" + uplink + "'");
    pinned.push_back({pnic, port->second});
    wanted_keys.emplace_back(pnic, port->second);
  }
  if (Mapping(member->state.backing, *ports) == Mapping(wanted_keys, *ports)) return changed ? Succeeded() : AlreadyDone();
  auto status = ReconfigureMember(op, member->dvs, member->state, member->host, "edit", pinned, *portgroup_key);
  return status ? Succeeded() : Failed(status.fault());
}

ActionResult RemoveHostFromDvs(const OpContext& op) {
  auto member = ReadMember(op);
  if (!member) return Failed(member.fault());
  if (!member->state.member) return AlreadyDone();
  auto ports = UplinkPorts(op.session, member->dvs, member->host, op.action.object);
  if (!ports) return Failed(ports.fault());
  const Captured before = {{"uplinks", Mapping(member->state.backing, *ports)}};
  auto status = ReconfigureMember(op, member->dvs, member->state, member->host, "remove", {}, "");
  return status ? Succeeded(before) : Failed(status.fault());
}

ActionResult ConfigureDvs(const OpContext& op) {
  auto read = ReadSwitchSettings(op);
  if (!read) return Failed(read.fault());
  std::map<std::string, std::string> params;
  for (const char* key : {"mtu", "uplinks", "nioc"}) {
    if (op.action.params.count(key)) params[key] = op.Param(key);
  }
  const Change change = ChangeOf(planning::SwitchSettings(read->settings), params);
  if (change.before.empty()) return AlreadyDone();
  if (change.Any({"mtu", "uplinks"})) {
    auto status = AwaitStarted(op, "ReconfigureDvs_Task", [&](Channel& channel, MoRef& task) {
      struct soap* soap = channel.soap();
      _vim25__ReconfigureDvs_USCORETask request;
      request._USCOREthis = NewMor(soap, read->dvs);
      auto* spec = soap_new_vim25__VMwareDVSConfigSpec(soap);
      spec->configVersion = NewText(soap, read->config_version);
      if (change.Any({"mtu"})) {
        spec->maxMtu = soap_new_int(soap);
        *spec->maxMtu = IntOr(change.wanted.at("mtu"), 1500);
      }
      if (change.Any({"uplinks"})) {
        auto* uplinks = soap_new_vim25__DVSNameArrayUplinkPortPolicy(soap);
        uplinks->uplinkPortName = SplitList(change.wanted.at("uplinks"));
        spec->uplinkPortPolicy = uplinks;
      }
      request.spec = spec;
      _vim25__ReconfigureDvs_USCORETaskResponse response;
      const int rc =
          soap_call___vim25__ReconfigureDvs_USCORETask(soap, channel.endpoint(), channel.action(), &request, response);
      task = ToMoRef(response.returnval);
      return rc;
    });
    if (!status) return Failed(status.fault());
  }
  if (change.Any({"nioc"})) {
    auto status = SetNioc(op.session, read->dvs, change.wanted.at("nioc") == "true", op.action.object);
    if (!status) return change.Any({"mtu", "uplinks"}) ? HalfDone(status.fault()) : Failed(status.fault());
  }
  return Succeeded(change.before);
}

// Upward only, as vSphere allows: its rollback, were one tried, is refused here.
ActionResult UpgradeDvs(const OpContext& op) {
  auto read = ReadSwitchSettings(op);
  if (!read) return Failed(read.fault());
  const std::string wanted = op.Param("version");
  const std::string& current = read->settings.version;
  if (current == wanted) return AlreadyDone();
  if (CompareVersions(wanted, current) < 0) {
    return Refused("InvalidArgument", op.action.object, "distributed switch '" + op.action.object + "' is version " +
                                                            current + "; vSphere does not downgrade it to " + wanted);
  }
  auto status = AwaitStarted(op, "PerformDvsProductSpecOperation_Task", [&](Channel& channel, MoRef& task) {
    struct soap* soap = channel.soap();
    _vim25__PerformDvsProductSpecOperation_USCORETask request;
    request._USCOREthis = NewMor(soap, read->dvs);
    request.operation = "upgrade";  // the one operation a VMware switch takes
    request.productSpec = soap_new_vim25__DistributedVirtualSwitchProductSpec(soap);
    request.productSpec->version = NewText(soap, wanted);
    _vim25__PerformDvsProductSpecOperation_USCORETaskResponse response;
    const int rc = soap_call___vim25__PerformDvsProductSpecOperation_USCORETask(soap, channel.endpoint(),
                                                                                channel.action(), &request, response);
    task = ToMoRef(response.returnval);
    return rc;
  });
  return status ? Succeeded({{"version", current}}) : Failed(status.fault());
}

ActionResult ConfigureDvsPortGroup(const OpContext& op) {
  auto dvs = SwitchOf(op, ParentPathOf(op.action.object));
  if (!dvs) return Failed(dvs.fault());
  auto group = PortGroupOf(op.session, *dvs, NameOf(op.action.object));
  if (!group) return Failed(group.fault());
  if (group->empty()) return Refused("NotFound", op.action.object, "port group '" + op.action.object + "' does not exist");
  DvsPortGroup current;
  std::string config_version;
  auto read = RetrieveProperties(op.session, {*group}, "DistributedVirtualPortgroup", {"config"},
                                 [&](const MoRef&, const std::string&, const xsd__anyType* value) {
                                   if (const auto* config = dynamic_cast<const vim25__DVPortgroupConfigInfo*>(value)) {
                                     config_version = config->configVersion ? *config->configVersion : "";
                                     ReadPortGroupConfig(*config, current);
                                   }
                                 });
  if (!read) return Failed(read.fault());
  const Change change = ChangeOf(planning::PortGroupSettings(current), op.action.params);
  if (change.before.empty()) return AlreadyDone();
  const auto& wanted = change.wanted;
  auto status = AwaitStarted(op, "ReconfigureDVPortgroup_Task", [&](Channel& channel, MoRef& task) {
    struct soap* soap = channel.soap();
    auto* spec = soap_new_vim25__DVPortgroupConfigSpec(soap);
    spec->configVersion = NewText(soap, config_version);
    if (change.Any({"ports"})) {
      spec->numPorts = soap_new_int(soap);
      *spec->numPorts = IntOr(wanted.at("ports"), 8);
    }
    if (change.Any({"port_binding"})) spec->type = BindingOf(soap, wanted.at("port_binding"));
    if (change.Any({"vlan", "vlan_trunk", "teaming_policy", "active_uplinks", "standby_uplinks"})) {
      auto* setting = soap_new_vim25__VMwareDVSPortSetting(soap);
      if (change.Any({"vlan", "vlan_trunk"})) setting->vlan = VlanOf(soap, wanted.at("vlan"), wanted.at("vlan_trunk"));
      if (change.Any({"teaming_policy", "active_uplinks", "standby_uplinks"})) {
        setting->uplinkTeamingPolicy = TeamingOf(soap, wanted.at("teaming_policy"), wanted.at("active_uplinks"),
                                                 wanted.at("standby_uplinks"), false);
      }
      spec->defaultPortConfig = setting;
    }
    _vim25__ReconfigureDVPortgroup_USCORETask request;
    request._USCOREthis = NewMor(soap, *group);
    request.spec = spec;
    _vim25__ReconfigureDVPortgroup_USCORETaskResponse response;
    const int rc = soap_call___vim25__ReconfigureDVPortgroup_USCORETask(soap, channel.endpoint(), channel.action(),
                                                                        &request, response);
    task = ToMoRef(response.returnval);
    return rc;
  });
  return status ? Succeeded(change.before) : Failed(status.fault());
}

}  // namespace vcshift::vsphere::ops
