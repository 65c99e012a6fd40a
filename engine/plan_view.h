#pragma once
// How a plan is presented, shared by the renderers: what each action counts as, and
// actions grouped by the object they concern, in run order.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/action_kinds.h"
#include "engine/host_network.h"
#include "engine/plan.h"

namespace vcshift {

// The kind's category (action_kinds.h): a host's disconnect, removal and similar are
// steps of its move, shown with it and not counted on their own.
Category CategoryOf(ActionKind kind);
const char* Symbol(Category category);  // + ~ > -

struct ObjectGroup {
  std::string type;  // datacenter, folder, cluster, host, distributed switch, ...
  std::string name;  // its path; "(source)" appended for a source object other than a host
  const Action* lead = nullptr;  // the telling action: a create or move over its steps
  std::vector<const Action*> actions;

  Category category() const { return CategoryOf(lead->kind); }
  // "from -> to" for a move, else "".
  std::string Movement() const;
  // The fields a reviewer sees: a changed object's from each of its changes (a switch's
  // version upgrade and its settings), else the lead's.
  std::vector<std::pair<const Action*, const FieldChange*>> Changes() const;
};

// Groups in the order their first action runs; inside a group, actions in run order.
std::vector<ObjectGroup> GroupByObject(const Plan& plan);

// What an action does beyond its kind, for a person: a host's network step described
// ("move vmnic1 from DSwitch1 (uplink2) to vSwitch-vcshift (active)"), a VM's resource
// pool or overrides ("resource_pool (the root pool) -> Tier1"), else "".
std::string Detail(const Action& action);
std::string Detail(const std::optional<NetworkStep>& step);  // the action's StepOf

// Each of the group's actions' host-network step (StepOf), for a renderer that needs
// them twice: read once per group, one group at a time, into `steps`, whose storage the
// next group reuses (a host's steps take 20 KB; allocating that per host made the
// allocator's work grow faster than the plan).
void StepsOf(const ObjectGroup& group, std::vector<std::optional<NetworkStep>>& steps);

// Where a host's networks go, one line per path its VMkernel adapters and VM NICs take
// through a group's network steps (StepsOf): "DSwitch1/pg-vm -> vSwitch-vcshift/pg-vm
// (VLAN 100) -> DSwitch2/pg-vm". Empty for a group without network steps.
std::vector<std::string> NetworkPaths(const std::vector<std::optional<NetworkStep>>& steps);

// "Plan: 2 to create, 1 to change, 2 to move, 0 to destroy." or "No changes."
std::string Summary(const Plan& plan);

}  // namespace vcshift
