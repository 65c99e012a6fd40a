#include "engine/render_markdown.h"

#include "engine/plan_view.h"
#include "engine/render_text.h"

namespace vcshift {
namespace {

// Table cells must not break the table.
std::string Cell(std::string text) {
  std::string out;
  for (const char c : text) out += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
  return out;
}

std::string Closing(bool truncated) {
  return std::string(truncated ? "\n… (cut to fit a comment: run `vcshift plan` for the whole plan)\n" : "") +
         "```\n\n</details>\n";
}

// How many settings an object's changes touch, in words: "1 setting", "3 settings".
std::string Settings(size_t count) {
  if (count == 0) return "";
  return std::to_string(count) + (count == 1 ? " setting" : " settings");
}

}  // namespace

std::string RenderMarkdown(const Plan& plan, size_t max_bytes) {
  std::string out = "### vcshift plan\n\n**" + Summary(plan) + "**\n";
  if (plan.Empty()) return out;
  out += "\n| | Object | Change |\n|---|---|---|\n";
  std::string table;
  for (const auto& group : GroupByObject(plan)) {
    const std::string movement = group.Movement();
    table += "| " + std::string(Symbol(group.category())) + " | " + Cell(group.type + " " + group.name) + " | " +
             Cell(!movement.empty() ? movement : Settings(group.Changes().size())) +
             " |\n";
  }
  out += table;
  for (const auto& note : plan.notes) out += "\n> " + Cell(note.message) + "\n";
  for (const auto& warning : plan.warnings) out += "\n> **Warning:** " + Cell(warning.message) + "\n";
  out += "\n<details><summary>Full plan (" + std::to_string(plan.actions.size()) + " actions)</summary>\n\n```\n";

  const std::string details = RenderText(plan);
  const std::string closing = Closing(false);
  if (out.size() + details.size() + closing.size() <= max_bytes) return out + details + closing;
  // Cut at a line end so the reader never sees half a line.
  const std::string cut_closing = Closing(true);
  const size_t room = max_bytes > out.size() + cut_closing.size() ? max_bytes - out.size() - cut_closing.size() : 0;
  const size_t end = details.rfind('\n', room);
  return out + (end == std::string::npos ? "" : details.substr(0, end + 1)) + cut_closing;
}

}  // namespace vcshift
