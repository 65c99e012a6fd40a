#include "providers/vsphere/task.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

#include "providers/vsphere/properties.h"
#include "providers/vsphere/session.h"
#include "providers/vsphere/soap_faults.h"
#include "providers/vsphere/vim25_values.h"
#include "soapH.h"

namespace vcshift::vsphere {
namespace {

using Clock = std::chrono::steady_clock;

// The longest single WaitForUpdatesEx: well under the receive timeout (half of it, for a
// short one), so that vCenter's empty answer comes before the connection is given up.
int MaxWaitSeconds(const Session& session) {
  return static_cast<int>(std::clamp<long long>(session.timeouts().receive.count() / 2, 1, 30));
}

// The task as far as the updates have told.
struct TaskState {
  std::string state;  // queued, running, success, error
  std::optional<Fault> fault;
  MoRef result;
  std::string version;  // of the last update set, for the next wait
};

const std::vector<std::string> kTaskPaths = {"info.state", "info.error", "info.result"};

void Apply(const std::string& name, const xsd__anyType* value, const std::string& call, const std::string& object,
           TaskState& task) {
  if (name == "info.state") {
    if (auto* state = dynamic_cast<const vim25__TaskInfoState*>(value)) task.state = state->__item;
  } else if (name == "info.error") {
    if (auto* error = dynamic_cast<const vim25__LocalizedMethodFault*>(value)) task.fault = FaultOf(error, call, object);
  } else if (name == "info.result") {
    if (auto* mor = dynamic_cast<const vim25__ManagedObjectReference*>(value)) task.result = ToMoRef(mor);
  }
}

// The task read directly. An update set can be lost (a reply dropped after vCenter sent
// it; vcsim, unlike vCenter, does not send it again for the same version), so a wait that
// brings nothing is followed by a plain read.
Status ReadTask(Session& session, const MoRef& task, const std::string& call, const std::string& object,
                TaskState& state) {
  return RetrieveProperties(session, {task}, "Task", kTaskPaths,
                            [&](const MoRef&, const std::string& path, const xsd__anyType* value) {
                              Apply(path, value, call, object, state);
                            });
}

Result<MoRef> CreateCollector(Session& session) {
  MoRef collector;
  auto status = session.Invoke("CreatePropertyCollector", Effect::Changes, "", [&](Channel& channel) {
    _vim25__CreatePropertyCollector request;
    request._USCOREthis = NewMor(channel.soap(), session.content().property_collector);
    _vim25__CreatePropertyCollectorResponse response;
    const int rc = soap_call___vim25__CreatePropertyCollector(channel.soap(), channel.endpoint(), channel.action(),
                                                              &request, response);
    collector = ToMoRef(response.returnval);
    return rc;
  });
  if (!status) return status.fault();
  return collector;
}

Status WatchTask(Session& session, const MoRef& collector, const MoRef& task) {
  return session.Invoke("CreateFilter", Effect::Changes, task.value, [&](Channel& channel) {
    struct soap* soap = channel.soap();
    auto* property = soap_new_vim25__PropertySpec(soap);
    property->type = "Task";
    property->pathSet = kTaskPaths;
    auto* object = soap_new_vim25__ObjectSpec(soap);
    object->obj = NewMor(soap, task);
    _vim25__CreateFilter request;
    request._USCOREthis = NewMor(soap, collector);
    request.spec = soap_new_vim25__PropertyFilterSpec(soap);
    request.spec->propSet.push_back(property);
    request.spec->objectSet.push_back(object);
    request.partialUpdates = false;
    _vim25__CreateFilterResponse response;
    return soap_call___vim25__CreateFilter(soap, channel.endpoint(), channel.action(), &request, response);
  });
}

// One wait; `updated` says whether vCenter sent an update set before `seconds` passed.
Status WaitForUpdates(Session& session, const MoRef& collector, int seconds, const std::string& call,
                      const std::string& object, TaskState& task, bool& updated) {
  updated = false;
  return session.Invoke("WaitForUpdatesEx", Effect::ReadOnly, object, [&](Channel& channel) {
    struct soap* soap = channel.soap();
    _vim25__WaitForUpdatesEx request;
    request._USCOREthis = NewMor(soap, collector);
    request.version = soap_new_std__string(soap);
    *request.version = task.version;
    request.options = soap_new_vim25__WaitOptions(soap);
    request.options->maxWaitSeconds = soap_new_int(soap);
    *request.options->maxWaitSeconds = seconds;
    _vim25__WaitForUpdatesExResponse response;
    const int rc = soap_call___vim25__WaitForUpdatesEx(soap, channel.endpoint(), channel.action(), &request, response);
    if (rc != SOAP_OK || !response.returnval) return rc;  // no update set: the wait timed out
    updated = true;
    task.version = response.returnval->version;
    for (const auto* filter : response.returnval->filterSet) {
      for (const auto* update : filter->objectSet) {
        for (const auto* change : update->changeSet) Apply(change->name, change->val, call, object, task);
      }
    }
    return rc;
  });
}

void DestroyCollector(Session& session, const MoRef& collector) {
  auto status = session.Invoke("DestroyPropertyCollector", Effect::Changes, "", [&](Channel& channel) {
    _vim25__DestroyPropertyCollector request;
    request._USCOREthis = NewMor(channel.soap(), collector);
    _vim25__DestroyPropertyCollectorResponse response;
    return soap_call___vim25__DestroyPropertyCollector(channel.soap(), channel.endpoint(), channel.action(), &request,
                                                        response);
  });
  if (!status) spdlog::debug("DestroyPropertyCollector: {}", Describe(status.fault()));
}

// A fault met while following a task that was started: the change may have happened.
Fault Unknown(Fault fault) {
  fault.outcome_unknown = true;
  return fault;
}

Result<TaskOutcome> Follow(Session& session, const MoRef& collector, const MoRef& task, Clock::time_point deadline,
                           const std::string& call, const std::string& object) {
  if (auto status = WatchTask(session, collector, task); !status) return Unknown(status.fault());
  TaskState state;
  while (state.state != "success" && state.state != "error") {
    const auto left = deadline - Clock::now();
    if (left <= Clock::duration::zero()) {
      return Fault{"Timeout", "task " + task.value + " is still " + (state.state.empty() ? "queued" : state.state) +
                                  " at the deadline; it was not cancelled",
                   object, call, ""};
    }
    const int wait = static_cast<int>(std::min<long long>(std::chrono::ceil<std::chrono::seconds>(left).count(), MaxWaitSeconds(session)));
    bool updated = false;
    auto status = WaitForUpdates(session, collector, wait, call, object, state, updated);
    if (status && !updated) status = ReadTask(session, task, call, object, state);
    if (!status) return Unknown(status.fault());
  }
  if (state.state == "error") return state.fault.value_or(Fault{"SystemError", "the task failed", object, call, ""});
  return TaskOutcome{state.result};
}

}  // namespace

Result<TaskOutcome> AwaitTask(Session& session, const MoRef& task, Clock::time_point deadline, const std::string& call,
                              const std::string& object) {
  for (int attempt = 0;; ++attempt) {
    auto collector = CreateCollector(session);
    if (!collector) return Unknown(collector.fault());
    auto outcome = Follow(session, *collector, task, deadline, call, object);
    DestroyCollector(session, *collector);
    // A collector belongs to its session: after a re-login it is gone. Watch again once.
    if (outcome || outcome.fault().type != "ManagedObjectNotFound" || attempt > 0) return outcome;
  }
}

Result<TaskOutcome> RunTask(Session& session, const std::string& method, const std::string& object,
                            Clock::time_point deadline, const std::function<int(Channel&, MoRef& task)>& start) {
  MoRef task;
  auto started = session.Invoke(method, Effect::Changes, object, [&](Channel& channel) { return start(channel, task); });
  if (!started) return started.fault();
  return AwaitTask(session, task, deadline, method, object);
}

}  // namespace vcshift::vsphere
