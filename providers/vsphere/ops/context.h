#pragma once
// What one operation works with: the session of the vCenter its action names (source or
// target), the action, how long a task may run, and the ESXi logins for host operations.

#include <chrono>

#include "engine/action.h"
#include "providers/vsphere/esxi_logins.h"
#include "providers/vsphere/session.h"

namespace vcshift::vsphere {

struct OpContext {
  Session& session;
  const Action& action;
  std::chrono::steady_clock::time_point deadline;  // for the tasks the operation awaits
  const EsxiLogins& esxi;

  // A parameter of the action, "" when absent.
  std::string Param(const std::string& key) const {
    const auto it = action.params.find(key);
    return it == action.params.end() ? "" : it->second;
  }
  std::string Prior(const std::string& key) const {
    const auto it = action.prior.find(key);
    return it == action.prior.end() ? "" : it->second;
  }
};

}  // namespace vcshift::vsphere
