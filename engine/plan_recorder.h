#pragma once
// What the planners share (planner.cc runs one per kind of object, in order): the
// desired state and the two inventories they read, the actions, errors and notes they
// record, and what one planner leaves for a later one: the hosts whose networking
// arrives on standard switches, and the target's switches as the plan leaves them.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/action.h"
#include "engine/desired_state.h"
#include "engine/diagnostic.h"
#include "engine/host_network.h"
#include "engine/inventory.h"
#include "engine/plan.h"
#include "engine/plan_index.h"

namespace vcshift::planning {

// A host whose networking arrives in the target on standard switches: from the source
// in this plan, or in an earlier run that stopped before it was on the target's switches.
struct Arrival {
  std::string object;   // its inventory path on the target
  std::string ready;    // the resource that says it is there
  HostNetwork network;  // as it arrives: off the source's switches
  std::map<std::string, std::string> carried;  // desired switch -> the standard switch holding its networking
  // Puts the host's pNICs back under network I/O control once they are on the target's
  // switches: the host left the source out of it, for a target switch that has it on.
  std::optional<NetworkStep> restore_nioc;
};

class PlanRecorder {
 public:
  // When the desired state says the target is the source, `source` and `target` are
  // the same inventory.
  PlanRecorder(const DesiredState& desired, const Inventory& source, const Inventory& target);

  const DesiredState& desired() const { return desired_; }
  const Inventory& source() const { return source_; }
  const Inventory& target() const { return target_; }
  bool same_vcenter() const { return same_vcenter_; }
  // Lookups by name in each, built once (plan_index.h).
  const DesiredIndex& desired_index() const { return desired_index_; }
  const InventoryIndex& source_index() const { return source_index_; }
  const InventoryIndex& target_index() const { return target_index_; }

  // A new action on `object`, its id "<kind>:<side>:<object>"; the caller fills in the
  // rest before the next Add (which may move it).
  Action& Add(ActionKind kind, Side side, const std::string& object);
  // An action made whole elsewhere (a host's network step).
  void Add(Action action);
  // The actions so far, in the order they were added (the plan's order among ready ones).
  std::vector<Action>& actions() { return actions_; }
  // The add_host actions so far that bring `host` into the target (one, unless the
  // desired state lists the host twice), in the order they were added; valid until the
  // next Add.
  std::vector<Action*> HostAdds(const std::string& host);
  // The hosts the remove_host actions so far release from the source, by name.
  std::set<std::string> LeavingHosts() const;

  // An error at `location` refuses the plan; a note is a warning shown with it.
  void Error(SourceLocation location, const std::string& message);
  void Note(SourceLocation location, const std::string& message);
  // State the plan leaves behind uncarried (plan_uncarried.h): shown with the plan,
  // changing nothing.
  void Warn(PlanWarning warning);

  // By host. A planner that leaves a host on standard switches records it here; the
  // steps onto the target's switches are planned once those switches are.
  std::map<std::string, Arrival>& arrivals() { return arrivals_; }
  // Whether `host` arrives with networking for desired switch `dvs` on a standard switch.
  bool Carries(const std::string& host, const std::string& dvs) const;

  // The desired switches of datacenter `dc` as they will be once the plan has run, in
  // the order they were planned.
  void AddPlannedSwitch(const std::string& dc, InventoryDvs dvs);
  const std::vector<InventoryDvs>& PlannedSwitches(const std::string& dc) const;
  const InventoryDvs* PlannedSwitch(const std::string& dc, const std::string& name) const;

  // The plan, its actions in order and the notes with it; or the errors alone.
  PlanResult Finish() &&;

 private:
  const DesiredState& desired_;
  const Inventory& source_;
  const Inventory& target_;
  const bool same_vcenter_;
  const DesiredIndex desired_index_;
  const InventoryIndex source_index_;
  const InventoryIndex target_index_;
  std::vector<Action> actions_;
  std::unordered_map<std::string, std::vector<size_t>> host_adds_;  // host -> positions in actions_
  Diagnostics errors_;
  Diagnostics notes_;
  std::vector<PlanWarning> warnings_;
  std::map<std::string, Arrival> arrivals_;
  std::map<std::string, std::vector<InventoryDvs>> planned_switches_;
};

}  // namespace vcshift::planning
