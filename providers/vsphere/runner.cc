#include "providers/vsphere/runner.h"

#include <array>

#include <spdlog/spdlog.h>

#include "engine/action_kinds.h"
#include "providers/vsphere/ops/ops.h"

namespace vcshift::vsphere {
namespace {

using Operation = ActionResult (*)(const OpContext&);

// Hooks are processes, run by the engine's HookRunner in front of this runner
// (engine/hook_runner.h); one reaching a vCenter's runner was never routed there.
ActionResult NotAVCenterStep(const OpContext& op) {
  return {ActionResult::Status::Failed, "InternalError",
          op.action.id + " runs a command, not a vCenter call: no hook runner was given", {}, false};
}

struct KindOperation {
  ActionKind kind;
  Operation operation;
};

// One row per kind, in ActionKind's order: a kind without its operation does not compile.
constexpr std::array<KindOperation, kKindCount> kOperations = {{
    {ActionKind::CreateDatacenter, ops::CreateDatacenter},
    {ActionKind::DestroyDatacenter, ops::DestroyDatacenter},
    {ActionKind::CreateFolder, ops::CreateFolder},
    {ActionKind::DestroyFolder, ops::DestroyFolder},
    {ActionKind::CreateCluster, ops::CreateCluster},
    {ActionKind::DestroyCluster, ops::DestroyCluster},
    {ActionKind::ConfigureCluster, ops::ConfigureCluster},
    {ActionKind::ConfigureClusterRules, ops::ConfigureClusterRules},
    {ActionKind::EnterMaintenanceMode, ops::EnterMaintenanceMode},
    {ActionKind::ExitMaintenanceMode, ops::ExitMaintenanceMode},
    {ActionKind::DisconnectHost, ops::DisconnectHost},
    {ActionKind::ReconnectHost, ops::ReconnectHost},
    {ActionKind::RemoveHost, ops::RemoveHost},
    {ActionKind::AddHost, ops::AddHost},
    {ActionKind::MoveHost, ops::MoveHost},
    {ActionKind::CheckHostLogin, ops::CheckHostLogin},
    {ActionKind::CreateDvs, ops::CreateDvs},
    {ActionKind::DestroyDvs, ops::DestroyDvs},
    {ActionKind::ConfigureDvs, ops::ConfigureDvs},
    {ActionKind::UpgradeDvs, ops::UpgradeDvs},
    {ActionKind::CreateDvsPortGroup, ops::CreateDvsPortGroup},
    {ActionKind::DestroyDvsPortGroup, ops::DestroyDvsPortGroup},
    {ActionKind::ConfigureDvsPortGroup, ops::ConfigureDvsPortGroup},
    {ActionKind::JoinHostToDvs, ops::JoinHostToDvs},
    {ActionKind::RemoveHostFromDvs, ops::RemoveHostFromDvs},
    {ActionKind::HostNetworkStep, ops::HostNetworkStep},
    {ActionKind::MoveVmToFolder, ops::MoveVmToFolder},
    {ActionKind::RunHook, NotAVCenterStep},
    {ActionKind::UndoHook, NotAVCenterStep},
    {ActionKind::CreateResourcePool, ops::CreateResourcePool},
    {ActionKind::DestroyResourcePool, ops::DestroyResourcePool},
    {ActionKind::ConfigureResourcePool, ops::ConfigureResourcePool},
    {ActionKind::MoveVmToResourcePool, ops::MoveVmToResourcePool},
    {ActionKind::ConfigureVmOverrides, ops::ConfigureVmOverrides},
    {ActionKind::AddCustomField, ops::AddCustomField},
    {ActionKind::RemoveCustomField, ops::RemoveCustomField},
    {ActionKind::SetCustomValues, ops::SetCustomValues},
    {ActionKind::CreateTagCategory, ops::CreateTagCategory},
    {ActionKind::DeleteTagCategory, ops::DeleteTagCategory},
    {ActionKind::CreateTag, ops::CreateTag},
    {ActionKind::DeleteTag, ops::DeleteTag},
    {ActionKind::AttachTag, ops::AttachTag},
    {ActionKind::DetachTag, ops::DetachTag},
    {ActionKind::AddRole, ops::AddRole},
    {ActionKind::RemoveRole, ops::RemoveRole},
    {ActionKind::UpdateRole, ops::UpdateRole},
    {ActionKind::SetPermissions, ops::SetPermissions},
    {ActionKind::CreateVApp, ops::CreateVApp},
    {ActionKind::DestroyVApp, ops::DestroyVApp},
    {ActionKind::ConfigureVApp, ops::ConfigureVApp},
    {ActionKind::SetHostLicense, ops::SetHostLicense},
}};
static_assert(OneRowPerKind(kOperations), "one operation per ActionKind, in its order");

}  // namespace

VSphereRunner::VSphereRunner(Session& source, Session& target, EsxiSettings esxi, RunnerOptions options)
    : source_(source), target_(target), esxi_(std::move(esxi)), options_(options) {}

ActionResult VSphereRunner::Run(const Action& action) {
  const Operation operation = kOperations.at(IndexOf(action.kind)).operation;
  const OpContext context{action.side == Side::Source ? source_ : target_, action,
                          std::chrono::steady_clock::now() + options_.task_timeout, esxi_, source_};
  ActionResult result = operation(context);
  spdlog::debug("{}: {}{}", action.id,
                result.status == ActionResult::Status::Failed ? "failed: " + result.message
                : result.status == ActionResult::Status::AlreadyDone ? "already done"
                                                                       : "done",
                result.transient ? " (transient)" : "");
  return result;
}

}  // namespace vcshift::vsphere
