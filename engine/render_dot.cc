#include "engine/render_dot.h"

#include "engine/json_writer.h"
#include "engine/plan_view.h"

namespace vcshift {
namespace {

const char* Fill(Category category) {
  switch (category) {
    case Category::Create: return "#d4f4d4";
    case Category::Destroy: return "#f8d0d0";
    case Category::Move: return "#d0e8f8";
    default: return "#f8f0c8";
  }
}

}  // namespace

std::string RenderDot(const Plan& plan) {
  // DOT string literals escape like JSON's for what we put in them (quotes, backslashes).
  std::string out = "digraph plan {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n";
  for (size_t i = 0; i < plan.actions.size(); ++i) {
    const Action& action = plan.actions[i];
    out += "  a" + std::to_string(i) + " [label=" +
           JsonQuote(std::string(KindName(action.kind)) + " (" + SideName(action.side) + ")\n" + action.object +
                     (Detail(action).empty() ? "" : "\n" + Detail(action))) +
           ", fillcolor=\"" + Fill(CategoryOf(action.kind)) + "\"" +
           (action.criticality == Criticality::Critical ? "" : ", style=\"rounded,filled,dashed\"") + "];\n";
  }
  for (const auto& [before, after] : plan.edges) {
    out += "  a" + std::to_string(before) + " -> a" + std::to_string(after) + ";\n";
  }
  return out + "}\n";
}

}  // namespace vcshift
