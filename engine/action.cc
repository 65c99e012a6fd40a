#include "engine/action.h"

#include <stdexcept>
#include <utility>

namespace vcshift {
namespace {

struct KindInfo {
  ActionKind kind;
  const char* name;
  ActionKind inverse;
};

constexpr KindInfo kKinds[] = {
    {ActionKind::CreateDatacenter, "create_datacenter", ActionKind::DestroyDatacenter},
    {ActionKind::DestroyDatacenter, "destroy_datacenter", ActionKind::CreateDatacenter},
    {ActionKind::CreateFolder, "create_folder", ActionKind::DestroyFolder},
    {ActionKind::DestroyFolder, "destroy_folder", ActionKind::CreateFolder},
    {ActionKind::CreateCluster, "create_cluster", ActionKind::DestroyCluster},
    {ActionKind::DestroyCluster, "destroy_cluster", ActionKind::CreateCluster},
    {ActionKind::ConfigureCluster, "configure_cluster", ActionKind::ConfigureCluster},
    {ActionKind::ConfigureClusterRules, "configure_cluster_rules", ActionKind::ConfigureClusterRules},
    {ActionKind::EnterMaintenanceMode, "enter_maintenance_mode", ActionKind::ExitMaintenanceMode},
    {ActionKind::ExitMaintenanceMode, "exit_maintenance_mode", ActionKind::EnterMaintenanceMode},
    {ActionKind::DisconnectHost, "disconnect_host", ActionKind::ReconnectHost},
    {ActionKind::ReconnectHost, "reconnect_host", ActionKind::DisconnectHost},
    {ActionKind::RemoveHost, "remove_host", ActionKind::AddHost},
    {ActionKind::AddHost, "add_host", ActionKind::RemoveHost},
    {ActionKind::MoveHost, "move_host", ActionKind::MoveHost},
    {ActionKind::CreateDvs, "create_dvs", ActionKind::DestroyDvs},
    {ActionKind::DestroyDvs, "destroy_dvs", ActionKind::CreateDvs},
    {ActionKind::CreateDvsPortGroup, "create_dvs_port_group", ActionKind::DestroyDvsPortGroup},
    {ActionKind::DestroyDvsPortGroup, "destroy_dvs_port_group", ActionKind::CreateDvsPortGroup},
    {ActionKind::JoinHostToDvs, "join_host_to_dvs", ActionKind::RemoveHostFromDvs},
    {ActionKind::RemoveHostFromDvs, "remove_host_from_dvs", ActionKind::JoinHostToDvs},
    {ActionKind::HostNetworkStep, "host_network_step", ActionKind::HostNetworkStep},
    {ActionKind::MoveVmToFolder, "move_vm_to_folder", ActionKind::MoveVmToFolder},
};

const KindInfo& Info(ActionKind kind) {
  for (const auto& info : kKinds) {
    if (info.kind == kind) return info;
  }
  throw std::logic_error("unknown action kind");
}

}  // namespace

const char* KindName(ActionKind kind) { return Info(kind).name; }

const char* SideName(Side side) { return side == Side::Source ? "source" : "target"; }

const char* CriticalityName(Criticality criticality) {
  switch (criticality) {
    case Criticality::Critical: return "critical";
    case Criticality::Finishing: return "finishing";
    case Criticality::Cleanup: return "cleanup";
  }
  return "critical";
}

std::optional<ActionKind> KindFromName(const std::string& name) {
  for (const auto& info : kKinds) {
    if (name == info.name) return info.kind;
  }
  return std::nullopt;
}

std::optional<Side> SideFromName(const std::string& name) {
  for (const Side side : {Side::Source, Side::Target}) {
    if (name == SideName(side)) return side;
  }
  return std::nullopt;
}

std::optional<Criticality> CriticalityFromName(const std::string& name) {
  for (const Criticality c : {Criticality::Critical, Criticality::Finishing, Criticality::Cleanup}) {
    if (name == CriticalityName(c)) return c;
  }
  return std::nullopt;
}

Action Inverse(const Action& action) {
  // Every action carries what it sets and what was there before, so undoing one is the
  // paired kind with the two swapped. Ordering comes from the plan's reversed edges, not
  // from resources, so the inverse has none.
  Action inverse;
  inverse.id = "undo:" + action.id;
  inverse.kind = Info(action.kind).inverse;
  inverse.side = action.side;
  inverse.object = action.object;
  inverse.params = action.prior;
  inverse.prior = action.params;
  for (const auto& change : action.changes) inverse.changes.push_back({change.field, change.after, change.before});
  inverse.criticality = Criticality::Critical;
  inverse.expected_seconds = action.expected_seconds;
  return inverse;
}

}  // namespace vcshift
