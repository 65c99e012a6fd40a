// Clusters: created with their HA and DRS settings in one call (EVC is a second one),
// configured by sending only what differs, destroyed only when they hold no host.

#include "providers/vsphere/ops/calls.h"
#include "providers/vsphere/ops/cluster_settings.h"
#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/ops/ops.h"
#include "providers/vsphere/ops/outcome.h"
#include "providers/vsphere/ops/values.h"
#include "providers/vsphere/properties.h"
#include "providers/vsphere/task.h"
#include "providers/vsphere/task_call.h"

namespace vcshift::vsphere::ops {
namespace {

struct ClusterState {
  Settings settings;
  HostNames hosts;
};

Result<HostNames> NamesOf(Session& session, const std::vector<MoRef>& hosts) {
  HostNames names;
  if (hosts.empty()) return names;
  auto status = RetrieveProperties(session, hosts, "HostSystem", {"name"},
                                   [&](const MoRef& host, const std::string&, const xsd__anyType* value) {
                                     names.name_of[host.value] = TextOf(value);
                                     names.ref_of[TextOf(value)] = host;
                                   });
  if (!status) return status.fault();
  return names;
}

// Three small reads: the hosts, their names (HA's dedicated failover hosts are named),
// then the configuration, converted while its reply is alive.
Result<ClusterState> ReadCluster(Session& session, const MoRef& cluster) {
  auto hosts = ReadRefs(session, cluster, "host");
  if (!hosts) return hosts.fault();
  auto names = NamesOf(session, *hosts);
  if (!names) return names.fault();
  ClusterState state{{}, std::move(*names)};
  std::string evc;
  auto status = RetrieveProperties(session, {cluster}, cluster.type, {"summary", "configurationEx"},
                                   [&](const MoRef&, const std::string&, const xsd__anyType* value) {
                                     if (auto* summary = dynamic_cast<const vim25__ClusterComputeResourceSummary*>(value)) {
                                       evc = summary->currentEVCModeKey ? *summary->currentEVCModeKey : "";
                                     }
                                     if (auto* config = dynamic_cast<const vim25__ClusterConfigInfoEx*>(value)) {
                                       state.settings = SettingsOf(*config, state.hosts);
                                     }
                                   });
  if (!status) return status.fault();
  state.settings["evc_mode"] = evc.empty() ? "disabled" : evc;
  return state;
}

Result<MoRef> EvcManagerOf(Session& session, const MoRef& cluster, const std::string& object) {
  MoRef manager;
  auto status = session.Invoke("EvcManager", Effect::ReadOnly, object, [&](Channel& channel) {
    _vim25__EvcManager request;
    request._USCOREthis = NewMor(channel.soap(), cluster);
    _vim25__EvcManagerResponse response;
    const int rc =
        soap_call___vim25__EvcManager(channel.soap(), channel.endpoint(), channel.action(), &request, response);
    manager = ToMoRef(response.returnval);
    return rc;
  });
  if (!status) return status.fault();
  if (manager.empty()) return Fault{"NotSupported", "the cluster has no EVC manager", object, "EvcManager", ""};
  return manager;
}

// EVC is not part of the cluster's spec: ClusterEVCManager sets or clears the baseline.
Status SetEvc(const OpContext& op, const MoRef& cluster, const std::string& mode) {
  const std::string& object = op.action.object;
  auto manager = EvcManagerOf(op.session, cluster, object);
  if (!manager) return manager.fault();
  const bool disable = mode.empty() || mode == "disabled";
  auto outcome = RunTask(op.session, disable ? "DisableEvcMode_Task" : "ConfigureEvcMode_Task", object, op.deadline,
                         [&](Channel& channel, MoRef& task) {
                           if (disable) {
                             _vim25__DisableEvcMode_USCORETask request;
                             request._USCOREthis = NewMor(channel.soap(), *manager);
                             return StartTask(channel, soap_call___vim25__DisableEvcMode_USCORETask, request, task);
                           }
                           _vim25__ConfigureEvcMode_USCORETask request;
                           request._USCOREthis = NewMor(channel.soap(), *manager);
                           request.evcModeKey = mode;
                           return StartTask(channel, soap_call___vim25__ConfigureEvcMode_USCORETask, request, task);
                         });
  if (!outcome) return outcome.fault();
  return Done{};
}

bool EvcOff(const std::string& mode) { return mode.empty() || mode == "disabled"; }

bool SameEvc(const std::string& a, const std::string& b) { return EvcOff(a) ? EvcOff(b) : a == b; }

}  // namespace

ActionResult CreateCluster(const OpContext& op) {
  const std::string& path = op.action.object;
  const std::string evc = op.Param("evc_mode");
  auto existing = FindCluster(op.session, path);
  if (!existing) return Failed(existing.fault());
  if (!existing->empty()) {
    // Made by an earlier attempt that may have stopped before EVC was set.
    auto state = ReadCluster(op.session, *existing);
    if (!state) return Failed(state.fault());
    if (SameEvc(evc, state->settings["evc_mode"])) return AlreadyDone();
    auto status = SetEvc(op, *existing, evc);
    return status ? Succeeded() : Failed(status.fault());
  }
  auto folder = FindHostFolder(op.session, DatacenterOf(path), op.Param("folder"));
  if (!folder) return Failed(folder.fault());
  if (folder->empty()) {
    return Refused("NotFound", path, "host folder '" + op.Param("folder") + "' of datacenter '" + DatacenterOf(path) +
                                         "' does not exist");
  }
  MoRef made;
  auto status = op.session.Invoke("CreateClusterEx", Effect::Changes, path, [&](Channel& channel) {
    _vim25__CreateClusterEx request;
    request._USCOREthis = NewMor(channel.soap(), *folder);
    request.name = NameOf(path);
    request.spec = SpecOf(channel.soap(), op.action.params, true, true, {});
    _vim25__CreateClusterExResponse response;
    const int rc =
        soap_call___vim25__CreateClusterEx(channel.soap(), channel.endpoint(), channel.action(), &request, response);
    made = ToMoRef(response.returnval);
    return rc;
  });
  if (!status) return Failed(status.fault());
  if (EvcOff(evc)) return Succeeded();
  status = SetEvc(op, made, evc);
  if (status) return Succeeded();
  // A failed action has no inverse in the rollback, so it must leave nothing behind: the
  // empty cluster just made goes again. Should that fail too, its fault says what is left.
  Fault fault = status.fault();
  if (auto undone = Destroy(op.session, made, path, op.deadline); !undone) {
    fault.message += "; the cluster made before it is still there: " + Describe(undone.fault());
  }
  return Failed(fault);
}

ActionResult DestroyCluster(const OpContext& op) {
  const std::string& path = op.action.object;
  auto cluster = FindCluster(op.session, path);
  if (!cluster) return Failed(cluster.fault());
  if (cluster->empty()) return AlreadyDone();
  auto hosts = ReadRefs(op.session, *cluster, "host");
  if (!hosts) return Failed(hosts.fault());
  if (!hosts->empty()) return Refused("ResourceInUse", path, "cluster '" + path + "' still holds hosts");
  auto status = Destroy(op.session, *cluster, path, op.deadline);
  return status ? Succeeded() : Failed(status.fault());
}

ActionResult ConfigureCluster(const OpContext& op) {
  const std::string& path = op.action.object;
  auto cluster = FindCluster(op.session, path);
  if (!cluster) return Failed(cluster.fault());
  if (cluster->empty()) return Refused("NotFound", path, "cluster '" + path + "' does not exist");
  auto state = ReadCluster(op.session, *cluster);
  if (!state) return Failed(state.fault());
  Settings wanted = state->settings;
  Captured before;
  bool ha = false, drs = false, evc = false;
  for (const auto& [key, value] : op.action.params) {
    if (wanted[key] == value) continue;
    before[key] = wanted[key];
    wanted[key] = value;
    ha = ha || IsHaKey(key);
    drs = drs || IsDrsKey(key);
    evc = evc || key == "evc_mode";
  }
  if (before.empty()) return AlreadyDone();
  if (ha || drs) {
    auto status = ReconfigureCluster(op.session, *cluster, path, op.deadline,
                                     [&](struct soap* soap) { return SpecOf(soap, wanted, ha, drs, state->hosts); });
    if (!status) return Failed(status.fault());
  }
  if (evc) {
    if (auto status = SetEvc(op, *cluster, wanted["evc_mode"]); !status) return Failed(status.fault());
  }
  return Succeeded(before);
}

}  // namespace vcshift::vsphere::ops
