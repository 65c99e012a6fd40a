#include "engine/plan_recorder.h"

#include <algorithm>
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

namespace {

std::string IdOf(ActionKind kind, Side side, const std::string& object) {
  return std::string(KindName(kind)) + ":" + SideName(side) + ":" + object;
}

size_t Hash(const std::string& id) { return std::hash<std::string>{}(id); }

}  // namespace

Action& PlanRecorder::Add(ActionKind kind, Side side, const std::string& object) {
  Action action;
  action.kind = kind;
  action.side = side;
  action.object = object;
  action.id = IdOf(kind, side, object);
  Add(std::move(action));
  return actions_.back();
}

void PlanRecorder::Add(Action action) {
  positions_.emplace(Hash(action.id), actions_.size());
  actions_.push_back(std::move(action));
}

std::vector<Action*> PlanRecorder::Find(ActionKind kind, Side side, const std::string& object) {
  std::vector<size_t> positions;
  const auto [first, last] = positions_.equal_range(Hash(IdOf(kind, side, object)));
  for (auto it = first; it != last; ++it) {
    const Action& action = actions_[it->second];
    if (action.kind == kind && action.side == side && action.object == object) positions.push_back(it->second);
  }
  std::sort(positions.begin(), positions.end());
  std::vector<Action*> out;
  for (const size_t position : positions) out.push_back(&actions_[position]);
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

PlanResult PlanRecorder::Finish() && {
  if (HasErrors(errors_)) return {std::nullopt, std::move(errors_)};
  return OrderActions(std::move(actions_), std::move(notes_));
}

}  // namespace vcshift::planning
