#include "engine/plan_hooks.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "engine/action_kinds.h"
#include "engine/hooks.h"
#include "engine/plan_changes.h"

namespace vcshift::planning {
namespace {

constexpr const char* kPhases[] = {kBeforeHostsLeave, kAfterHostsArrive, kAfterCleanup};

std::string LastSegment(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The host an action is a step of, "" for none: the host's own steps and its switch
// memberships name it last in their object.
std::string HostOf(const Action& action) {
  const std::string subject = Traits(action.kind).subject;
  return subject == "host" || subject == "switch member" ? LastSegment(action.object) : "";
}

// A step of the host leaving its place: on the source, or within one vCenter its
// maintenance mode and its move.
bool Leaving(const Action& action) {
  return action.side == Side::Source || action.kind == ActionKind::EnterMaintenanceMode ||
         action.kind == ActionKind::MoveHost;
}

// The moving hosts (an add_host or a move_host brings them), each with where it goes.
std::map<std::string, std::string> MovingHosts(const std::vector<Action>& actions) {
  std::map<std::string, std::string> to;
  for (const auto& action : actions) {
    if (action.kind == ActionKind::AddHost || action.kind == ActionKind::MoveHost) {
      to[action.object] = ParamOf(action, "cluster");
    }
  }
  return to;
}

// One action of a hook: the hosts it concerns, by cluster ("" when unscoped).
std::map<std::string, std::vector<std::string>> Groups(const HookSpec& hook,
                                                       const std::map<std::string, std::string>& moving) {
  std::map<std::string, std::vector<std::string>> groups;
  std::set<std::string> listed;
  for (const auto& host : hook.scope_hosts) listed.insert(host.value);
  for (const auto& [host, cluster] : moving) {
    if (!hook.scope_cluster.value.empty()) {
      if (cluster == hook.scope_cluster.value) groups[cluster].push_back(host);
    } else if (!listed.empty()) {
      if (listed.count(host)) groups[cluster].push_back(host);
    } else {
      groups[""].push_back(host);
    }
  }
  return groups;
}

std::map<std::string, std::string> CallParams(const HookSpec& hook, const std::string& cluster,
                                              const std::vector<std::string>& hosts,
                                              const std::vector<std::string>& argv) {
  std::map<std::string, std::string> params = {
      {"name", hook.name.value},          {"phase", hook.phase},
      {"run", ArgvParam(argv)},           {"timeout_seconds", std::to_string(hook.timeout_seconds)},
      {"idempotent", hook.idempotent ? "true" : "false"}, {"hosts", Join(hosts, ",")},
  };
  if (!cluster.empty()) params["cluster"] = cluster;
  for (const auto& [name, ref] : hook.env) params["env." + name] = SecretParam(ref);
  return params;
}

// Makes `action`'s completion a resource, for a hook to wait for.
const std::vector<std::string>& Outputs(Action& action) {
  if (action.outputs.empty()) action.outputs.push_back("done:" + action.id);
  return action.outputs;
}

class HookPlanner {
 public:
  explicit HookPlanner(PlanRecorder& plan) : plan_(plan), moving_(MovingHosts(plan.actions())) {}

  void Run() {
    if (moving_.empty()) return;
    for (const char* phase : kPhases) {
      for (const auto& hook : plan_.desired().hooks) {
        if (hook.phase != phase) continue;
        for (const auto& [cluster, hosts] : Groups(hook, moving_)) Add(hook, cluster, hosts);
      }
    }
  }

 private:
  void Add(const HookSpec& hook, const std::string& cluster, const std::vector<std::string>& hosts) {
    const std::set<std::string> concerned(hosts.begin(), hosts.end());
    // Indices, not references: Add below may move the actions.
    std::vector<size_t> leaving;
    std::vector<std::string> inputs;
    auto& actions = plan_.actions();
    for (size_t i = 0; i < actions.size(); ++i) {
      Action& action = actions[i];
      if (IsHook(action)) continue;
      const bool of_host = concerned.count(HostOf(action)) > 0;
      if (hook.phase == kBeforeHostsLeave) {
        if (of_host && Leaving(action)) leaving.push_back(i);
        continue;
      }
      const bool waited_for = of_host ? action.criticality == Criticality::Critical
                                      : hook.phase == kAfterCleanup && action.criticality == Criticality::Cleanup;
      if (waited_for) {
        const auto& outputs = Outputs(action);
        inputs.insert(inputs.end(), outputs.begin(), outputs.end());
      }
    }
    const std::string object = cluster.empty() ? hook.name.value : hook.name.value + "@" + cluster;
    const std::string done = std::string("hook@") + hook.phase + ":" + object;
    if (const auto previous = last_.find(cluster); previous != last_.end()) inputs.push_back(previous->second);
    last_[cluster] = done;

    Action& run = plan_.Add(ActionKind::RunHook, hook.phase == kBeforeHostsLeave ? Side::Source : Side::Target,
                            object);
    run.params = CallParams(hook, cluster, hosts, hook.run);
    if (!hook.undo.empty()) run.prior = CallParams(hook, cluster, hosts, hook.undo);
    // Shown for review: the command as it will run, where each env value comes from.
    run.changes = {{"command", "", ArgvParam(hook.run)}};
    for (const auto& [name, ref] : hook.env) run.changes.push_back({"env " + name, "", SecretParam(ref)});
    run.reversible = !hook.undo.empty();
    run.criticality = IsCritical(hook) ? Criticality::Critical : Criticality::Finishing;
    run.inputs = std::move(inputs);
    run.outputs = {done};
    run.expected_seconds = std::min(hook.timeout_seconds, 30);
    for (const size_t i : leaving) actions[i].inputs.push_back(done);
  }

  PlanRecorder& plan_;
  const std::map<std::string, std::string> moving_;
  std::map<std::string, std::string> last_;  // by cluster ("": unscoped): the latest hook's resource
};

}  // namespace

void PlanHooks(PlanRecorder& plan) { HookPlanner(plan).Run(); }

}  // namespace vcshift::planning
