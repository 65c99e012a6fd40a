// A host leaving a vCenter (RemoveHost), arriving in one (AddHost, after CheckHostLogin
// asked whether it may) or changing cluster within one (MoveHost). A place is the
// planner's "DC1/Cluster1", or "DC1/Prod" (a host folder) for a standalone host.

#include <initializer_list>
#include <optional>
#include <shared_mutex>

#include "providers/vsphere/host_login.h"
#include "providers/vsphere/ops/calls.h"
#include "providers/vsphere/ops/host_state.h"
#include "providers/vsphere/ops/host_vms.h"
#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/ops/ops.h"
#include "providers/vsphere/ops/outcome.h"
#include "providers/vsphere/ops/pool_tree.h"
#include "providers/vsphere/ops/vm_pools.h"
#include "providers/vsphere/session.h"
#include "providers/vsphere/task.h"
#include "providers/vsphere/task_call.h"
#include "providers/vsphere/thumbprint.h"
#include "providers/vsphere/vim25_values.h"

namespace vcshift::vsphere::ops {
namespace {

// A place resolved: a cluster, or the host folder a standalone host goes into.
struct Place {
  MoRef cluster;
  MoRef folder;
  bool empty() const { return cluster.empty() && folder.empty(); }
};

Result<Place> ResolvePlace(Session& session, const std::string& place) {
  const std::string dc = DatacenterOf(place);
  const std::string rest = place.size() > dc.size() ? place.substr(dc.size() + 1) : "";
  auto folder = FindHostFolder(session, dc, rest);
  if (!folder) return folder.fault();
  if (!folder->empty()) return Place{{}, *folder};
  auto cluster = FindCluster(session, place);
  if (!cluster) return cluster.fault();
  return Place{*cluster, {}};
}

Status RunHostTask(const OpContext& op, const char* method, const std::function<int(Channel&, MoRef&)>& start) {
  auto outcome = RunTask(op.session, method, op.action.object, op.deadline, start);
  if (!outcome) return outcome.fault();
  return Done{};
}

// AddHost_Task into a cluster or AddStandaloneHost_Task into a folder, connected.
Status Add(const OpContext& op, const Place& place, const EsxiLogin& login, const std::string& thumbprint) {
  const std::string name = NameOf(op.action.object);
  const auto spec = [&](struct soap* soap) {
    auto* connect = soap_new_vim25__HostConnectSpec(soap);
    connect->hostName = soap_new_std__string(soap);
    *connect->hostName = name;
    connect->userName = soap_new_std__string(soap);
    *connect->userName = login.user;
    connect->password = soap_new_std__string(soap);
    *connect->password = login.password;
    if (!thumbprint.empty()) {
      connect->sslThumbprint = soap_new_std__string(soap);
      *connect->sslThumbprint = thumbprint;
    }
    // The host was removed from its old vCenter while disconnected, so it still names
    // that vCenter as its manager: without force the add fails with AlreadyBeingManaged.
    connect->force = true;
    return connect;
  };
  if (!place.cluster.empty()) {
    return RunHostTask(op, "AddHost_Task", [&](Channel& channel, MoRef& task) {
      _vim25__AddHost_USCORETask request;
      request._USCOREthis = NewMor(channel.soap(), place.cluster);
      request.spec = spec(channel.soap());
      request.asConnected = true;
      return StartTask(channel, soap_call___vim25__AddHost_USCORETask, request, task);
    });
  }
  return RunHostTask(op, "AddStandaloneHost_Task", [&](Channel& channel, MoRef& task) {
    _vim25__AddStandaloneHost_USCORETask request;
    request._USCOREthis = NewMor(channel.soap(), place.folder);
    request.spec = spec(channel.soap());
    request.addConnected = true;
    return StartTask(channel, soap_call___vim25__AddStandaloneHost_USCORETask, request, task);
  });
}

// The host, if this vCenter has it; a Fault only when it could not be asked.
Result<std::optional<LocatedHost>> HostIfAny(const OpContext& op, const std::string& name,
                                             const std::vector<std::string>& places) {
  auto host = LocateHost(op.session, name, places, op.action.object);
  if (host) return std::optional<LocatedHost>(*host);
  if (host.fault().type == "NotFound") return std::optional<LocatedHost>();
  return host.fault();
}

// The action's parameters whose keys start with one of `prefixes`: what a removal
// captured of the VMs' folders, groups and rules.
std::map<std::string, std::string> ParamsStarting(const Action& action, std::initializer_list<const char*> prefixes) {
  std::map<std::string, std::string> found;
  for (const auto& [key, value] : action.params) {
    for (const char* prefix : prefixes) {
      if (key.rfind(prefix, 0) == 0) found.emplace(key, value);
    }
  }
  return found;
}

// What the removal captures besides the host's place: its VMs' folders, and their DRS
// groups and rules when it is in a cluster; a standalone host's pool tree, which vCenter
// destroys with its compute resource, and its VMs' pools.
Result<Captured> VmsOf(const OpContext& op, const LocatedHost& host) {
  auto captured = VmFoldersOn(op.session, host.ref);
  if (!captured) return captured.fault();
  if (host.state.parent.type != "ClusterComputeResource") {
    auto tree = PoolTreeOf(op.session, host.state.parent);
    if (!tree) return tree.fault();
    captured->insert(tree->begin(), tree->end());
    if (tree->empty()) return captured;
    auto pools = PoolsAndOverridesOn(op.session, host.state.parent, host.ref);
    if (!pools) return pools.fault();
    captured->insert(pools->begin(), pools->end());
    return captured;
  }
  if (captured->empty()) return captured;
  auto memberships = MembershipsOf(op.session, host.state.parent, host.ref);
  if (!memberships) return memberships.fault();
  captured->insert(memberships->begin(), memberships->end());
  auto pools = PoolsAndOverridesOn(op.session, host.state.parent, host.ref);
  if (!pools) return pools.fault();
  captured->insert(pools->begin(), pools->end());
  return captured;
}

// What undoing a move between vCenters adds to the add or removal itself: the host's
// VMs back in the folders, groups and rules they had (an add undoing a removal), and no
// discovered folder the move made (either).
Status Settle(const OpContext& op, const std::string& datacenter) {
  const auto folders = ParamsStarting(op.action, {kVmFolderPrefix});
  if (!folders.empty()) {
    auto host = LocateHost(op.session, NameOf(op.action.object), {op.Param("cluster")}, op.action.object);
    if (!host) return host.fault();
    auto returned = ReturnVmsToFolders(op.session, host->ref, datacenter, folders, op.action.object, op.deadline);
    if (!returned) return returned;
  }
  const auto memberships = ParamsStarting(op.action, {"group.", "rule."});
  if (!memberships.empty()) {
    if (auto rejoined = Rejoin(op.session, op.Param("cluster"), memberships, op.deadline); !rejoined) return rejoined;
  }
  if (const auto pools = ParamsStarting(op.action, {kPoolTreePrefix, kVmPoolPrefix, kVmOverridePrefix, kVmVAppEntryPrefix});
      !pools.empty()) {
    auto host = LocateHost(op.session, NameOf(op.action.object), {op.Param("cluster")}, op.action.object);
    if (!host) return host.fault();
    if (host->state.parent.type != "ClusterComputeResource") {  // its new compute resource: the tree again
      auto folder = FindByPath(op.session, VmFolderPath(datacenter, ""));
      if (!folder) return folder.fault();
      auto made = RecreatePoolTree(op.session, host->state.parent, *folder, pools, op.action.object);
      if (!made) return made;
    }
    auto returned = ReturnVmsToPools(op.session, host->state.parent, host->ref, pools, op.action.object, op.deadline);
    if (!returned) return returned;
  }
  if (op.Param("discovered_folder") != "absent") return Done{};
  return RemoveDiscoveredFolderIfEmpty(op.session, datacenter, op.action.object, op.deadline);
}

}  // namespace

ActionResult RemoveHost(const OpContext& op) {
  const std::string name = NameOf(op.action.object);
  const std::string from = ParentPathOf(op.action.object);
  auto host = HostIfAny(op, name, {from});
  if (!host) return Failed(host.fault());
  if (!*host) {
    // A removal that undoes an add names the host alone; the add's cluster is its prior.
    auto settled = Settle(op, DatacenterOf(from.empty() ? op.Prior("cluster") : from));
    return settled ? AlreadyDone() : Failed(settled.fault());
  }
  auto place = PlaceOf(op.session, (*host)->state.parent);
  if (!place) return Failed(place.fault());
  // What adding the host back needs to put it where it was: its cluster, the certificate
  // to expect, its VMs' folders, groups and rules, and whether vCenter's discovered
  // folder was there.
  auto where = VmsOf(op, **host);
  if (!where) return Failed(where.fault());
  auto had_folder = HasDiscoveredFolder(op.session, DatacenterOf(*place));
  if (!had_folder) return Failed(had_folder.fault());
  (*where)["cluster"] = *place;
  (*where)["thumbprint"] = (*host)->state.thumbprint;
  (*where)["discovered_folder"] = *had_folder ? "present" : "absent";
  // vCenter removes a host that is disconnected or in maintenance mode. Disconnected,
  // its VMs keep running and leave the inventory with it (an AddHost brings them back).
  if ((*host)->state.connection == "connected" && !(*host)->state.maintenance) {
    if (auto status = Disconnect(op.session, (*host)->ref, op.action.object, op.deadline); !status) return Failed(status.fault());
  }
  // A standalone host is removed with its own compute resource.
  const MoRef& doomed = (*host)->state.parent.type == "ClusterComputeResource" ? (*host)->ref : (*host)->state.parent;
  auto status = Destroy(op.session, doomed, op.action.object, op.deadline);
  if (!status) return Failed(status.fault());
  auto settled = Settle(op, DatacenterOf(*place));
  return settled ? Succeeded(*where) : Failed(settled.fault());
}

ActionResult AddHost(const OpContext& op) {
  const std::string name = NameOf(op.action.object);
  const std::string to = op.Param("cluster");
  const std::string datacenter = DatacenterOf(to);
  // Its inverse removes the discovered folder again only if no add made it before.
  auto before = DiscoveredFolderBeforeAdds(op.session, datacenter);
  if (!before) return Failed(before.fault());
  Captured captured = {{"discovered_folder", *before ? "present" : "absent"}};
  auto host = HostIfAny(op, name, {to});
  if (!host) return Failed(host.fault());
  if (*host) {
    auto place = PlaceOf(op.session, (*host)->state.parent);
    if (!place) return Failed(place.fault());
    if (*place != to) {
      return Refused("AlreadyConnected", op.action.object, "host '" + name + "' is already in this vCenter, at " + *place);
    }
    auto settled = Settle(op, datacenter);
    return settled ? AlreadyDone(captured) : Failed(settled.fault());
  }
  auto place = ResolvePlace(op.session, to);
  if (!place) return Failed(place.fault());
  if (place->empty()) return Refused("NotFound", op.action.object, "no cluster or host folder '" + to + "'");
  auto login = op.esxi.For(name);
  if (!login) return Failed(login.fault());
  // vCenter compares thumbprints as it writes them: upper-case hex pairs with colons.
  const std::string expected = NormalizeThumbprint(op.Param("thumbprint")).value_or(op.Param("thumbprint"));
  Status added = Done{};
  {
    std::shared_lock<std::shared_mutex> adding(GateOf(op.session.url(), datacenter).adds);
    added = Add(op, *place, *login, expected);
    // Trust on first use: a host whose certificate nobody recorded is taken as it presents
    // itself, once.
    const auto presented = added ? std::nullopt : op.esxi.TrustedOnFirstUse(added.fault(), expected);
    if (presented) {
      added = Add(op, *place, *login, *presented);
      if (added) captured["trusted_thumbprint"] = *presented;
    }
  }
  if (!added) return Failed(added.fault());
  auto settled = Settle(op, datacenter);
  return settled ? Succeeded(captured) : Failed(settled.fault());
}

// Changes nothing: asking again after a transient failure, or on resume, is safe.
ActionResult CheckHostLogin(const OpContext& op) {
  const std::string& name = op.action.object;
  const std::string datacenter = DatacenterOf(op.Param("cluster"));
  auto found = FindByPath(op.session, datacenter);
  if (!found) return Failed(found.fault());
  if (found->empty()) return Refused("NotFound", name, "no datacenter '" + datacenter + "' to ask in");
  VCenterAddress source(op.source);
  const auto refusal = CheckArrival(op.session, *found, name, op.esxi, op.Param("thumbprint"), source);
  if (!refusal) return Succeeded();
  return {ActionResult::Status::Failed, refusal->fault.type, refusal->message, {}, refusal->fault.Transient()};
}

ActionResult MoveHost(const OpContext& op) {
  const std::string name = NameOf(op.action.object);
  const std::string to = op.Param("cluster");
  auto host = LocateHost(op.session, name, {to, op.Prior("cluster")}, op.action.object);
  if (!host) return Failed(host.fault());
  auto from = PlaceOf(op.session, host->state.parent);
  if (!from) return Failed(from.fault());
  if (*from == to) return AlreadyDone();
  auto place = ResolvePlace(op.session, to);
  if (!place) return Failed(place.fault());
  if (place->empty()) return Refused("NotFound", op.action.object, "no cluster or host folder '" + to + "'");
  Status moved = Done{};
  if (!place->cluster.empty()) {
    // MoveInto takes a clustered host (in maintenance mode) or a standalone one.
    moved = RunHostTask(op, "MoveInto_Task", [&](Channel& channel, MoRef& task) {
      _vim25__MoveInto_USCORETask request;
      request._USCOREthis = NewMor(channel.soap(), place->cluster);
      request.host = {NewMor(channel.soap(), host->ref)};
      return StartTask(channel, soap_call___vim25__MoveInto_USCORETask, request, task);
    });
  } else {
    moved = MoveIntoFolder(op.session, place->folder, {host->ref}, op.action.object, op.deadline);
  }
  return moved ? Succeeded({{"cluster", *from}}) : Failed(moved.fault());
}

}  // namespace vcshift::vsphere::ops
