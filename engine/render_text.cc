#include "engine/render_text.h"

#include <map>

namespace vcshift {
namespace {

enum class Category { Create, Change, Move, Destroy, Step };

Category CategoryOf(ActionKind kind) {
  switch (kind) {
    case ActionKind::CreateDatacenter:
    case ActionKind::CreateFolder:
    case ActionKind::CreateCluster:
    case ActionKind::CreateDvs:
    case ActionKind::CreateDvsPortGroup: return Category::Create;
    case ActionKind::DestroyDatacenter:
    case ActionKind::DestroyFolder:
    case ActionKind::DestroyCluster:
    case ActionKind::DestroyDvs:
    case ActionKind::DestroyDvsPortGroup: return Category::Destroy;
    case ActionKind::AddHost:
    case ActionKind::MoveHost:
    case ActionKind::MoveVmToFolder: return Category::Move;
    case ActionKind::ConfigureCluster:
    case ActionKind::ConfigureClusterRules:
    case ActionKind::JoinHostToDvs:
    case ActionKind::RemoveHostFromDvs: return Category::Change;
    default: return Category::Step;  // a step of a host's move, counted with the move
  }
}

const char* Symbol(Category category) {
  switch (category) {
    case Category::Create: return "+";
    case Category::Destroy: return "-";
    case Category::Move: return ">";
    default: return "~";
  }
}

const char* Colour(Category category) {
  switch (category) {
    case Category::Create: return "\033[32m";
    case Category::Destroy: return "\033[31m";
    case Category::Move: return "\033[36m";
    default: return "\033[33m";
  }
}

// What a person calls the object an action is about, and its name. Host steps are
// grouped under the host they move.
std::pair<std::string, std::string> SubjectOnItsSide(const Action& action) {
  switch (action.kind) {
    case ActionKind::CreateDatacenter:
    case ActionKind::DestroyDatacenter: return {"datacenter", action.object};
    case ActionKind::CreateFolder:
    case ActionKind::DestroyFolder: return {"folder", action.object};
    case ActionKind::CreateCluster:
    case ActionKind::DestroyCluster:
    case ActionKind::ConfigureCluster:
    case ActionKind::ConfigureClusterRules: return {"cluster", action.object};
    case ActionKind::CreateDvs:
    case ActionKind::DestroyDvs: return {"distributed switch", action.object};
    case ActionKind::CreateDvsPortGroup:
    case ActionKind::DestroyDvsPortGroup: return {"port group", action.object};
    case ActionKind::JoinHostToDvs:
    case ActionKind::RemoveHostFromDvs: return {"switch member", action.object};
    case ActionKind::MoveVmToFolder: return {"vm", action.object};
    default: return {"host", action.object.substr(action.object.rfind('/') + 1)};
  }
}

std::pair<std::string, std::string> Subject(const Action& action) {
  auto [type, name] = SubjectOnItsSide(action);
  // The source and the target may both hold an object of that path (a cluster being
  // recreated on the target and removed from the source).
  if (type != "host" && action.side == Side::Source) name += " (source)";
  return {type, name};
}

void RenderField(std::string& out, const FieldChange& change, Category category) {
  if (category == Category::Create || change.before.empty()) {
    out += "      " + change.field + ": " + change.after + "\n";
  } else {
    out += "    ~ " + change.field + ": " + change.before + " -> " + change.after + "\n";
  }
}

}  // namespace

std::string Summary(const Plan& plan) {
  std::map<Category, int> counts;
  for (const auto& action : plan.actions) ++counts[CategoryOf(action.kind)];
  if (plan.actions.empty()) return "No changes.";
  return "Plan: " + std::to_string(counts[Category::Create]) + " to create, " +
         std::to_string(counts[Category::Change]) + " to change, " + std::to_string(counts[Category::Move]) +
         " to move, " + std::to_string(counts[Category::Destroy]) + " to destroy.";
}

std::string RenderText(const Plan& plan, const TextOptions& options) {
  // Groups in the order their first action runs; inside a group, actions in run order.
  std::vector<std::pair<std::string, std::string>> order;
  std::map<std::pair<std::string, std::string>, std::vector<const Action*>> groups;
  for (const auto& action : plan.actions) {
    const auto subject = Subject(action);
    if (!groups.count(subject)) order.push_back(subject);
    groups[subject].push_back(&action);
  }
  const std::string reset = options.color ? "\033[0m" : "";
  std::string out;
  for (const auto& subject : order) {
    const auto& actions = groups[subject];
    // The group's headline is its most telling action: a move or create over its steps.
    const Action* lead = actions.front();
    for (const Action* action : actions) {
      if (CategoryOf(action->kind) != Category::Step) {
        lead = action;
        break;
      }
    }
    const Category category = CategoryOf(lead->kind);
    out += (options.color ? Colour(category) : "") + std::string(Symbol(category)) + " " + subject.first + " " +
           subject.second + reset;
    if (category == Category::Move && !lead->changes.empty()) {
      out += ": " + lead->changes.front().before + " -> " + lead->changes.front().after;
    }
    out += "\n";
    if (category != Category::Move) {
      for (const auto& change : lead->changes) RenderField(out, change, category);
    }
    if (actions.size() > 1 || CategoryOf(lead->kind) == Category::Step) {
      for (const Action* action : actions) {
        out += "    " + std::string(KindName(action->kind)) + " (" + SideName(action->side) + ")" +
               (action->criticality == Criticality::Critical ? "" : std::string(", ") + CriticalityName(action->criticality)) +
               (action->reversible ? "" : ", cannot be undone") + "\n";
      }
    } else if (lead->criticality != Criticality::Critical || !lead->reversible) {
      out += "    (" + std::string(CriticalityName(lead->criticality)) + (lead->reversible ? "" : ", cannot be undone") + ")\n";
    }
    if (options.show_rollback) {
      for (const Action* action : actions) {
        out += action->reversible ? "    rollback: " + std::string(KindName(Inverse(*action).kind)) + " (" +
                                        SideName(action->side) + ")\n"
                                  : "    rollback: none\n";
      }
    }
  }
  for (const auto& note : plan.notes) out += "\nNote: " + note.message + "\n";
  out += (out.empty() ? "" : "\n") + Summary(plan) + "\n";
  return out;
}

}  // namespace vcshift
