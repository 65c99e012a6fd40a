#pragma once
// What the engine knows of each action kind, one row per kind (action_kinds.cc): its
// name, its inverse, how a plan shows it, what a saved plan fingerprints for it, and the
// params its actions carry. Adding a kind is its enumerator, its row and its code; the
// rows are indexed by kind, so a kind without a row does not compile.
//
// The params declared here are the contract between the planners, which write them,
// and a provider's operations, which read them: MakePlan refuses a plan whose actions
// carry a key their kind does not declare or lack a required one, and a provider reads
// keys through ParamOf/PriorOf, which refuse a key the kind does not declare.

#include <array>
#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/action.h"

namespace vcshift {

inline constexpr size_t kKindCount = static_cast<size_t>(ActionKind::Count);

constexpr size_t IndexOf(ActionKind kind) { return static_cast<size_t>(kind); }

// What an action counts as in a plan's summary. A host's disconnect, removal and
// similar are steps of its move, shown with it and not counted on their own.
enum class Category { Create, Change, Move, Destroy, Step };

// The inventory objects a saved plan fingerprints for an action (plan_file.cc): when one
// changed between plan and apply, the plan is stale.
enum class ReliesOn {
  Datacenter,     // the datacenter its object is in
  Cluster,        // the cluster its object is
  Switch,         // the distributed switch its object is or is in
  SwitchAndHost,  // that switch, and the target's host that joins or leaves it
  Vm,             // the VM, on both sides
  Host,           // the host, the VMs on it, the distributed switches its network step names
  Nothing,        // no inventory object: a hook (its command is in the plan itself)
};

enum class Need {
  Required,  // every action of the kind carries it, its inverses' included
  Optional,
};

struct ParamKey {
  std::string_view name;  // "cluster"; "group.*" stands for every key starting "group."
  Need need;
  std::string_view meaning;
};

struct KindTraits {
  ActionKind kind;
  const char* name;  // as plans and journals spell it: "create_cluster"
  ActionKind inverse;
  // What a person calls the object, the group a plan shows the action under. "host"
  // groups a host's steps under the host's name, whatever path the step names.
  const char* subject;
  Category category;
  ReliesOn relies_on;
  // The keys of `params`. The keys of `prior` are the inverse kind's params: an inverse
  // is the paired kind with params and prior swapped (and what the action captured).
  std::span<const ParamKey> params;
  // A check: it reads and changes nothing, so undoing it is nothing. A rollback leaves it
  // out (running it again could only fail as it did), without a warning; its `inverse`
  // is itself and never runs.
  bool changes_nothing = false;
};

// Whether `rows` holds one row per kind, in ActionKind's order: a table indexed by kind
// (this one, a provider's operations) asserts it at compile time.
template <typename Row>
constexpr bool OneRowPerKind(const std::array<Row, kKindCount>& rows) {
  for (size_t i = 0; i < rows.size(); ++i) {
    if (IndexOf(rows[i].kind) != i) return false;
  }
  return true;
}

const KindTraits& Traits(ActionKind kind);
// Every kind's row, in ActionKind's order.
std::span<const KindTraits> AllKinds();

// Whether `kind` declares `key` among its params.
bool Declares(ActionKind kind, const std::string& key);

// What is wrong with an action's params against its kind's declaration: a key the kind
// does not declare, a required key missing, a key of `prior` the inverse kind does not
// declare; one line each, naming the action and the key. Empty when nothing is.
std::vector<std::string> ParamProblems(const Action& action);

// A declared key's value, "" when absent: in `values`, params of `kind`; in the action's
// params; in its prior (declared by the inverse kind). An undeclared key is a bug in the
// reader: std::logic_error naming the kind and the key, so a provider's tests catch it.
std::string ParamOf(ActionKind kind, const std::map<std::string, std::string>& values, const std::string& key);
std::string ParamOf(const Action& action, const std::string& key);
std::string PriorOf(const Action& action, const std::string& key);

}  // namespace vcshift
