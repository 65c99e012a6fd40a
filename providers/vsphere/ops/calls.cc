#include "providers/vsphere/ops/calls.h"

#include "providers/vsphere/ops/values.h"
#include "providers/vsphere/properties.h"
#include "providers/vsphere/session.h"
#include "providers/vsphere/task.h"
#include "providers/vsphere/task_call.h"

namespace vcshift::vsphere {

Status Destroy(Session& session, const MoRef& entity, const std::string& object,
               std::chrono::steady_clock::time_point deadline) {
  auto outcome = RunTask(session, "Destroy_Task", object, deadline, [&](Channel& channel, MoRef& task) {
    _vim25__Destroy_USCORETask request;
    request._USCOREthis = NewMor(channel.soap(), entity);
    return StartTask(channel, soap_call___vim25__Destroy_USCORETask, request, task);
  });
  if (!outcome) return outcome.fault();
  return Done{};
}

Status Disconnect(Session& session, const MoRef& host, const std::string& object,
                  std::chrono::steady_clock::time_point deadline) {
  auto outcome = RunTask(session, "DisconnectHost_Task", object, deadline, [&](Channel& channel, MoRef& task) {
    _vim25__DisconnectHost_USCORETask request;
    request._USCOREthis = NewMor(channel.soap(), host);
    return StartTask(channel, soap_call___vim25__DisconnectHost_USCORETask, request, task);
  });
  if (!outcome) return outcome.fault();
  return Done{};
}

Status ReconfigureCluster(Session& session, const MoRef& cluster, const std::string& object,
                          std::chrono::steady_clock::time_point deadline,
                          const std::function<vim25__ClusterConfigSpecEx*(struct soap*)>& build) {
  auto outcome = RunTask(session, "ReconfigureComputeResource_Task", object, deadline, [&](Channel& channel, MoRef& task) {
    _vim25__ReconfigureComputeResource_USCORETask request;
    request._USCOREthis = NewMor(channel.soap(), cluster);
    request.spec = build(channel.soap());
    request.modify = true;
    return StartTask(channel, soap_call___vim25__ReconfigureComputeResource_USCORETask, request, task);
  });
  if (!outcome) return outcome.fault();
  return Done{};
}

Status MoveIntoFolder(Session& session, const MoRef& folder, const std::vector<MoRef>& entities,
                      const std::string& object, std::chrono::steady_clock::time_point deadline) {
  auto outcome = RunTask(session, "MoveIntoFolder_Task", object, deadline, [&](Channel& channel, MoRef& task) {
    _vim25__MoveIntoFolder_USCORETask request;
    request._USCOREthis = NewMor(channel.soap(), folder);
    for (const auto& entity : entities) request.list.push_back(NewMor(channel.soap(), entity));
    return StartTask(channel, soap_call___vim25__MoveIntoFolder_USCORETask, request, task);
  });
  if (!outcome) return outcome.fault();
  return Done{};
}

Result<MoRef> CreateFolderIn(Session& session, const MoRef& parent, const std::string& name,
                             const std::string& object) {
  MoRef made;
  auto status = session.Invoke("CreateFolder", Effect::Changes, object, [&](Channel& channel) {
    _vim25__CreateFolder request;
    request._USCOREthis = NewMor(channel.soap(), parent);
    request.name = name;
    _vim25__CreateFolderResponse response;
    const int rc =
        soap_call___vim25__CreateFolder(channel.soap(), channel.endpoint(), channel.action(), &request, response);
    made = ToMoRef(response.returnval);
    return rc;
  });
  if (!status) return status.fault();
  return made;
}

Result<std::vector<MoRef>> ReadRefs(Session& session, const MoRef& entity, const std::string& path) {
  std::vector<MoRef> refs;
  auto status = RetrieveProperties(session, {entity}, entity.type, {path},
                                   [&](const MoRef&, const std::string&, const xsd__anyType* value) { refs = RefsOf(value); });
  if (!status) return status.fault();
  return refs;
}

}  // namespace vcshift::vsphere
