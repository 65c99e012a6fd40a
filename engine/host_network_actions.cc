#include "engine/host_network_actions.h"

namespace vcshift {
namespace {

// What the step changes, to tell a host's steps apart: "move_vm_nic:vm-1:Network adapter 1".
std::string StepName(const NetworkStep& step) {
  return std::string(StepKindName(step.kind)) + ":" + step.object + (step.nic.empty() ? "" : ":" + step.nic);
}

// Rough durations for the progress estimate: a pNIC or adapter move waits for vCenter's
// network rollback check; a VM NIC is one reconfigure.
int ExpectedSeconds(StepKind kind) {
  switch (kind) {
    case StepKind::JoinDvs:
    case StepKind::LeaveDvs: return 15;
    case StepKind::MovePnic:
    case StepKind::MoveVmknic:
    case StepKind::MovePnicWithVmknics: return 10;
    case StepKind::MoveVmNic: return 3;
    default: return 2;
  }
}

bool IsCleanup(StepKind kind) { return kind == StepKind::DeletePortGroup || kind == StepKind::DeleteStandardSwitch; }

}  // namespace

Action StepAction(const NetworkStep& step, Side side, const std::string& object) {
  Action action;
  action.kind = ActionKind::HostNetworkStep;
  action.side = side;
  action.object = object;
  action.id = std::string(KindName(action.kind)) + ":" + SideName(side) + ":" + object + ":" + StepName(step);
  action.params = ToParams(step);
  action.prior = ToParams(Inverse(step));
  action.criticality = IsCleanup(step.kind) ? Criticality::Cleanup : Criticality::Critical;
  action.expected_seconds = ExpectedSeconds(step.kind);
  return action;
}

std::optional<NetworkStep> StepOf(const Action& action) {
  if (action.kind != ActionKind::HostNetworkStep) return std::nullopt;
  std::string error;
  return FromParams(action.params, error);
}

}  // namespace vcshift
