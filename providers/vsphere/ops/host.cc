// A host's state in its vCenter: maintenance mode and the connection. The host is
// looked for where the action's path says, then anywhere in the vCenter (an earlier
// attempt may have moved it).

#include <algorithm>

#include "providers/vsphere/ops/calls.h"
#include "providers/vsphere/ops/host_state.h"
#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/ops/ops.h"
#include "providers/vsphere/ops/outcome.h"
#include "providers/vsphere/session.h"
#include "providers/vsphere/task.h"
#include "providers/vsphere/task_call.h"
#include "providers/vsphere/vim25_values.h"

namespace vcshift::vsphere::ops {
namespace {

// The host the action names, read; a Fault "NotFound" when the vCenter has none.
Result<LocatedHost> LocateHost(const OpContext& op) {
  const std::string place = ParentPathOf(op.action.object);
  return vsphere::LocateHost(op.session, NameOf(op.action.object),
                    place.empty() ? std::vector<std::string>{} : std::vector<std::string>{place}, op.action.object);
}

// Seconds left before the operation's deadline: vCenter's own timeout for maintenance
// mode, so it gives up evacuating when we stop waiting.
int SecondsLeft(const OpContext& op) {
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(op.deadline - std::chrono::steady_clock::now());
  return std::max<int>(1, static_cast<int>(left.count()));
}

template <typename Request, typename Response>
ActionResult HostTask(const OpContext& op, const MoRef& host, const char* method,
                      int (*call)(struct soap*, const char*, const char*, Request*, Response&),
                      const std::function<void(Request&)>& fill = {}) {
  auto outcome = RunTask(op.session, method, op.action.object, op.deadline, [&](Channel& channel, MoRef& task) {
    Request request;
    request._USCOREthis = NewMor(channel.soap(), host);
    if (fill) fill(request);
    return StartTask(channel, call, request, task);
  });
  return outcome ? Succeeded() : Failed(outcome.fault());
}

}  // namespace

ActionResult EnterMaintenanceMode(const OpContext& op) {
  auto host = LocateHost(op);
  if (!host) return Failed(host.fault());
  if (host->state.maintenance) return AlreadyDone();
  // Powered-off VMs stay registered on the host: they travel with it.
  return HostTask<_vim25__EnterMaintenanceMode_USCORETask>(
      op, host->ref, "EnterMaintenanceMode_Task", soap_call___vim25__EnterMaintenanceMode_USCORETask,
      [&](auto& request) { request.timeout = SecondsLeft(op); });
}

ActionResult ExitMaintenanceMode(const OpContext& op) {
  auto host = LocateHost(op);
  if (!host) return Failed(host.fault());
  if (!host->state.maintenance) return AlreadyDone();
  return HostTask<_vim25__ExitMaintenanceMode_USCORETask>(
      op, host->ref, "ExitMaintenanceMode_Task", soap_call___vim25__ExitMaintenanceMode_USCORETask,
      [&](auto& request) { request.timeout = SecondsLeft(op); });
}

ActionResult DisconnectHost(const OpContext& op) {
  auto host = LocateHost(op);
  if (!host) return Failed(host.fault());
  if (host->state.connection == "disconnected") return AlreadyDone();
  auto status = Disconnect(op.session, host->ref, op.action.object, op.deadline);
  return status ? Succeeded() : Failed(status.fault());
}

ActionResult ReconnectHost(const OpContext& op) {
  auto host = LocateHost(op);
  if (!host) return Failed(host.fault());
  if (host->state.connection == "connected") return AlreadyDone();
  // No connect spec: vCenter uses the login and certificate it already holds.
  return HostTask<_vim25__ReconnectHost_USCORETask>(
      op, host->ref, "ReconnectHost_Task", soap_call___vim25__ReconnectHost_USCORETask);
}

}  // namespace vcshift::vsphere::ops
