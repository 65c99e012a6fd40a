#pragma once
// Waiting for a vCenter task: a property collector of its own watches the task's
// info.state, info.error and info.result, and WaitForUpdatesEx blocks on the server until
// one changes; no polling. A task that fails gives its LocalizedMethodFault as a Fault.

#include <chrono>
#include <functional>
#include <string>

#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class Channel;
class Session;

struct TaskOutcome {
  MoRef result;  // what the task made (AddHost_Task: the HostSystem), when it is an object
};

// Waits until `task` succeeds or fails, or until `deadline` (a Fault "Timeout" that says
// the task is still running: it is not cancelled). `call` and `object` name the operation
// that started the task, for its Fault.
Result<TaskOutcome> AwaitTask(Session& session, const MoRef& task, std::chrono::steady_clock::time_point deadline,
                              const std::string& call, const std::string& object);

// Starts a task and awaits it: `start` makes the one *_Task call (never re-sent on a
// connection failure) and stores the task it returns.
Result<TaskOutcome> RunTask(Session& session, const std::string& method, const std::string& object,
                            std::chrono::steady_clock::time_point deadline,
                            const std::function<int(Channel&, MoRef& task)>& start);

}  // namespace vcshift::vsphere
