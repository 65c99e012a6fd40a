#include "cli/plan_command.h"

#include <unistd.h>

#include <iostream>
#include <memory>

#include "engine/inventory_json.h"
#include "engine/planner.h"
#include "engine/render_text.h"
#include "engine/validation.h"

namespace vcshift::cli {
namespace {

struct PlanOptions {
  std::string file;
  std::string source_inventory;
  std::string target_inventory;
  bool show_rollback = false;
  bool detailed_exitcode = false;
  bool no_color = false;
};

void Print(const Diagnostics& diagnostics) {
  for (const auto& d : diagnostics) std::cerr << Format(d) << "\n";
}

int Run(const PlanOptions& options) {
  LoadResult desired = LoadDesiredState(options.file);
  Print(desired.diagnostics);
  if (!desired.state) return 1;
  const bool same_vcenter = desired.state->connections.target_is_source;
  if (!same_vcenter && options.target_inventory.empty()) {
    std::cerr << "vcshift plan: the target is another vCenter; pass --target-inventory\n";
    return 1;
  }
  Diagnostics diagnostics;
  const auto source = LoadInventoryFile(options.source_inventory, diagnostics);
  const auto target = same_vcenter ? source : LoadInventoryFile(options.target_inventory, diagnostics);
  Print(diagnostics);
  if (!source || !target) return 1;

  const PlanResult result = MakePlan(*desired.state, *source, *target);
  Print(result.diagnostics);
  if (!result.plan) return 1;
  TextOptions text;
  text.color = !options.no_color && isatty(STDOUT_FILENO);
  text.show_rollback = options.show_rollback;
  std::cout << RenderText(*result.plan, text);
  if (!options.detailed_exitcode) return 0;
  return result.plan->Empty() ? 0 : 2;
}

}  // namespace

void AddPlanCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<PlanOptions>();
  CLI::App* command = app.add_subcommand(
      "plan",
      "Show what applying a desired state would change, from recorded inventories of the\n"
      "source and target vCenters (JSON, docs/inventory-format.md). Changes nothing.");
  command->add_option("-f,--file", options->file, "The desired-state YAML file")->required();
  command->add_option("--source-inventory", options->source_inventory, "Recorded inventory of the source vCenter")
      ->required();
  command->add_option("--target-inventory", options->target_inventory,
                      "Recorded inventory of the target vCenter (not needed when the target is the source)");
  command->add_flag("--show-rollback", options->show_rollback, "Also show how each action would be undone");
  command->add_flag("--detailed-exitcode", options->detailed_exitcode,
                    "Exit 0 when there is nothing to change, 2 when there is, 1 on error");
  command->add_flag("--no-color", options->no_color, "No colours, even on a terminal");
  command->callback([options, &exit_code] { exit_code = Run(*options); });
}

}  // namespace vcshift::cli
