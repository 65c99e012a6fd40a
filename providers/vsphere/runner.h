#pragma once
// The engine's ActionRunner over live vCenters: each action is carried out on the
// session of its side (source or target; one session for both when the target is the
// source) by the operation for its kind (ops/ops.h).
//
// Thread-safe: the executor calls Run from several threads at once. The runner holds no
// state between calls; sessions run calls in parallel on their pools of connections.

#include <chrono>

#include "engine/action_runner.h"
#include "engine/desired_state.h"
#include "providers/vsphere/esxi_logins.h"

namespace vcshift::vsphere {

class Session;

struct RunnerOptions {
  // How long one task (entering maintenance mode, adding a host) may run before the
  // action fails as a transient Timeout; the task itself is not cancelled.
  std::chrono::seconds task_timeout{30 * 60};
};

class VSphereRunner : public ActionRunner {
 public:
  // Both sessions must outlive the runner; `esxi` gives the logins AddHost and
  // ReconnectHost send (passwords resolved when needed, never logged).
  VSphereRunner(Session& source, Session& target, EsxiSettings esxi, RunnerOptions options = {});

  ActionResult Run(const Action& action) override;

 private:
  Session& source_;
  Session& target_;
  EsxiLogins esxi_;
  RunnerOptions options_;
};

}  // namespace vcshift::vsphere
