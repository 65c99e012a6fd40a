#include "engine/plan_recorder.h"

#include <utility>

namespace vcshift::planning {

PlanRecorder::PlanRecorder(const DesiredState& desired, const Inventory& source, const Inventory& target)
    : desired_(desired),
      source_(source),
      target_(target),
      same_vcenter_(desired.connections.target_is_source),
      desired_index_(desired),
      source_index_(source),
      target_index_(target) {}

Action& PlanRecorder::Add(ActionKind kind, Side side, const std::string& object) {
  Action action;
  action.kind = kind;
  action.side = side;
  action.object = object;
  action.id = std::string(KindName(kind)) + ":" + SideName(side) + ":" + object;
  Add(std::move(action));
  return actions_.back();
}

void PlanRecorder::Add(Action action) {
  if (action.kind == ActionKind::AddHost && action.side == Side::Target) {
    host_adds_[action.object].push_back(actions_.size());
  }
  actions_.push_back(std::move(action));
}

std::vector<Action*> PlanRecorder::HostAdds(const std::string& host) {
  std::vector<Action*> out;
  const auto found = host_adds_.find(host);
  if (found == host_adds_.end()) return out;
  for (const size_t position : found->second) out.push_back(&actions_[position]);
  return out;
}

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

std::set<std::string> PlanRecorder::LeavingHosts() const {
  std::set<std::string> leaving;
  for (const auto& action : actions_) {
    if (action.kind == ActionKind::RemoveHost) leaving.insert(action.object.substr(action.object.rfind('/') + 1));
  }
  return leaving;
}

void PlanRecorder::Warn(PlanWarning warning) { warnings_.push_back(std::move(warning)); }

PlanResult PlanRecorder::Finish() && {
  if (HasErrors(errors_)) return {std::nullopt, std::move(errors_)};
  PlanResult result = OrderActions(std::move(actions_), std::move(notes_));
  if (result.plan) result.plan->warnings = std::move(warnings_);
  return result;
}

}  // namespace vcshift::planning
