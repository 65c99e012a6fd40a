#include "engine/plan_recorder.h"

#include <algorithm>
#include <utility>

namespace vcshift::planning {

PlanRecorder::PlanRecorder(const DesiredState& desired, const Inventory& source, const Inventory& target)
    : desired_(desired), source_(source), target_(target), same_vcenter_(desired.connections.target_is_source) {}

Action& PlanRecorder::Add(ActionKind kind, Side side, const std::string& object) {
  Action action;
  action.kind = kind;
  action.side = side;
  action.object = object;
  action.id = std::string(KindName(kind)) + ":" + SideName(side) + ":" + object;
  actions_.push_back(std::move(action));
  return actions_.back();
}

void PlanRecorder::Add(Action action) { actions_.push_back(std::move(action)); }

void PlanRecorder::Error(SourceLocation location, const std::string& message) {
  errors_.push_back({Severity::Error, desired_.file, location, "", message});
}

void PlanRecorder::Note(SourceLocation location, const std::string& message) {
  notes_.push_back({Severity::Warning, desired_.file, location, "", message});
}

bool PlanRecorder::Carries(const std::string& host, const std::string& dvs) const {
  const auto found = arrivals_.find(host);
  return found != arrivals_.end() && found->second.carried.count(dvs);
}

void PlanRecorder::AddPlannedSwitch(const std::string& dc, InventoryDvs dvs) {
  planned_switches_[dc].push_back(std::move(dvs));
}

const std::vector<InventoryDvs>& PlanRecorder::PlannedSwitches(const std::string& dc) const {
  static const std::vector<InventoryDvs> none;
  const auto found = planned_switches_.find(dc);
  return found == planned_switches_.end() ? none : found->second;
}

const InventoryDvs* PlanRecorder::PlannedSwitch(const std::string& dc, const std::string& name) const {
  for (const auto& dvs : PlannedSwitches(dc)) {
    if (dvs.name == name) return &dvs;
  }
  return nullptr;
}

PlanResult PlanRecorder::Finish() && {
  if (HasErrors(errors_)) return {std::nullopt, std::move(errors_)};
  return OrderActions(std::move(actions_), std::move(notes_));
}

const InventoryHost* FindHost(const Inventory& inventory, const std::string& name) {
  for (const auto& host : inventory.hosts) {
    if (host.name == name) return &host;
  }
  return nullptr;
}

const InventoryCluster* FindCluster(const Inventory& inventory, const std::string& dc, const std::string& name) {
  for (const auto& cluster : inventory.clusters) {
    if (cluster.datacenter == dc && cluster.name == name) return &cluster;
  }
  return nullptr;
}

const InventoryDvs* FindDvs(const Inventory& inventory, const std::string& dc, const std::string& name) {
  for (const auto& dvs : inventory.switches) {
    if ((dc.empty() || dvs.datacenter == dc) && dvs.name == name) return &dvs;
  }
  return nullptr;
}

bool HasDatacenter(const Inventory& inventory, const std::string& name) {
  return std::any_of(inventory.datacenters.begin(), inventory.datacenters.end(),
                     [&](const InventoryDatacenter& dc) { return dc.name == name; });
}

}  // namespace vcshift::planning
