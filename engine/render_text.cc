#include "engine/render_text.h"

#include <optional>
#include <vector>

#include "engine/plan_view.h"

namespace vcshift {
namespace {

const char* Colour(Category category) {
  switch (category) {
    case Category::Create: return "\033[32m";
    case Category::Destroy: return "\033[31m";
    case Category::Move: return "\033[36m";
    default: return "\033[33m";
  }
}

// Appends each part: a plan's text is megabytes, written without temporaries.
template <typename... Parts>
void Append(std::string& out, const Parts&... parts) {
  (out.append(parts), ...);
}

// A field changed in place shows its old value ("" for none: the action's prior holds
// it); a new object's or member's, its value alone.
void RenderField(std::string& out, const Action& action, const FieldChange& change, Category category) {
  const auto shown = [](const std::string& value) { return value.empty() ? std::string("\"\"") : value; };
  if (category == Category::Create || (change.before.empty() && !action.prior.count(change.field))) {
    Append(out, "      ", change.field, ": ", change.after, "\n");
  } else {
    Append(out, "    ~ ", change.field, ": ", shown(change.before), " -> ", shown(change.after), "\n");
  }
}

std::string Headline(const Action& action) {
  return std::string(KindName(action.kind)) + " (" + SideName(action.side) + ")";
}

std::string WithDetail(const std::string& detail) { return detail.empty() ? "" : ": " + detail; }

}  // namespace

std::string RenderText(const Plan& plan, const TextOptions& options) {
  const std::string reset = options.color ? "\033[0m" : "";
  std::string out;
  std::vector<std::optional<NetworkStep>> steps;
  for (const auto& group : GroupByObject(plan)) {
    const Category category = group.category();
    const Action& lead = *group.lead;
    Append(out, options.color ? Colour(category) : "", Symbol(category), " ", group.type, " ", group.name, reset);
    if (const std::string movement = group.Movement(); !movement.empty()) Append(out, ": ", movement);
    out += "\n";
    if (category != Category::Move) {
      for (const auto& [action, change] : group.Changes()) RenderField(out, *action, *change, category);
    }
    StepsOf(group, steps);
    for (const auto& path : NetworkPaths(steps)) Append(out, "      network: ", path, "\n");
    if (group.actions.size() > 1 || category == Category::Step) {
      for (size_t i = 0; i < group.actions.size(); ++i) {
        const Action& action = *group.actions[i];
        Append(out, "    ", Headline(action));
        if (action.criticality != Criticality::Critical) Append(out, ", ", CriticalityName(action.criticality));
        Append(out, action.reversible ? "" : ", cannot be undone",
               WithDetail(steps[i] ? Detail(steps[i]) : Detail(action)), "\n");
      }
    } else if (lead.criticality != Criticality::Critical || !lead.reversible) {
      out += "    (" + std::string(CriticalityName(lead.criticality)) + (lead.reversible ? "" : ", cannot be undone") + ")\n";
    }
    if (options.show_rollback) {
      // In the order the rollback runs them: the last action's inverse first.
      for (auto it = group.actions.rbegin(); it != group.actions.rend(); ++it) {
        const Action& action = **it;
        if (Traits(action.kind).changes_nothing) {
          out += "    rollback: nothing to undo\n";
        } else {
          out += action.reversible ? "    rollback: " + Headline(Inverse(action)) + WithDetail(Detail(Inverse(action))) + "\n"
                                   : "    rollback: none\n";
        }
      }
    }
  }
  for (const auto& note : plan.notes) out += "\nNote: " + note.message + "\n";
  for (const auto& warning : plan.warnings) out += "\nWarning: " + warning.message + "\n";
  out += (out.empty() ? "" : "\n") + Summary(plan) + "\n";
  return out;
}

}  // namespace vcshift
