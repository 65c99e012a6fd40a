#pragma once
// What one operation works with: the session of the vCenter its action names (source or
// target), the action, how long a task may run, the ESXi logins for host operations, and
// the source's session.

#include <chrono>

#include "engine/action.h"
#include "engine/action_kinds.h"
#include "providers/vsphere/esxi_logins.h"
#include "providers/vsphere/session.h"

namespace vcshift::vsphere {

struct OpContext {
  Session& session;
  const Action& action;
  std::chrono::steady_clock::time_point deadline;  // for the tasks the operation awaits
  const EsxiLogins& esxi;
  // The source vCenter's, whichever side the action is on: check_host_login tells by it
  // whether the vCenter managing a host is the source or a third one.
  Session& source;

  // A param of the action (of its prior), "" when absent. The key must be one its kind
  // (its inverse kind) declares in engine/action_kinds.cc: an undeclared one throws
  // std::logic_error, which fails the operation's tests (and the action, as an internal
  // error, should one slip through).
  std::string Param(const std::string& key) const { return ParamOf(action, key); }
  std::string Prior(const std::string& key) const { return PriorOf(action, key); }
};

}  // namespace vcshift::vsphere
