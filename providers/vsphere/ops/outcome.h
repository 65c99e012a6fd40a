#pragma once
// How an operation reports back to the executor: done, already done, or failed with the
// vim25 fault type. The message is Describe()'s line: the call, the object, what vCenter
// said; never a password (a Fault never holds one).

#include <map>
#include <string>

#include "engine/action_runner.h"
#include "providers/vsphere/fault.h"

namespace vcshift::vsphere {

using Captured = std::map<std::string, std::string>;

inline ActionResult Succeeded(Captured captured = {}) {
  return {ActionResult::Status::Done, "", "", std::move(captured), false};
}

inline ActionResult AlreadyDone(Captured captured = {}) {
  return {ActionResult::Status::AlreadyDone, "", "", std::move(captured), false};
}

// Transient faults (a dropped connection, a task still running at the deadline) are
// retried by the executor after the operation re-reads the live state.
inline ActionResult Failed(const Fault& fault) {
  return {ActionResult::Status::Failed, fault.type, Describe(fault), {}, fault.Transient()};
}

// A refusal decided here, before or instead of a call: never transient.
inline ActionResult Refused(const std::string& type, const std::string& object, const std::string& message) {
  return Failed(Fault{type, message, object, "", ""});
}

}  // namespace vcshift::vsphere
