#include "cli/plan_command.h"

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/print_diagnostics.h"
#include "cli/signing_key.h"
#include "engine/inventory_json.h"
#include "engine/discovery_scope.h"
#include "engine/plan_file.h"
#include "engine/yaml_file.h"
#include "engine/planner.h"
#include "engine/render_dot.h"
#include "engine/render_json.h"
#include "engine/render_markdown.h"
#include "engine/render_text.h"
#include "engine/validation.h"
#include "providers/vsphere/connect.h"

namespace vcshift::cli {
namespace {

struct PlanOptions {
  std::string file;
  std::string source_inventory;
  std::string target_inventory;
  std::string format = "text";
  std::string output;
  std::string signing_key_file;
  bool show_rollback = false;
  bool detailed_exitcode = false;
  bool no_color = false;
  bool full_discovery = false;  // read the whole vCenters, not only what the plan relies on
};

// A plan with what it was made from.
struct Planned {
  Plan plan;
  Inventory source;
  Inventory target;
};

// The inventories to plan from: recorded ones when given, else read from the live vCenters.
bool ReadInventories(const PlanOptions& options, const DesiredState& desired, std::optional<Inventory>& source,
                     std::optional<Inventory>& target, std::unique_ptr<LiveVCenters>& live) {
  Diagnostics diagnostics;
  const bool same_vcenter = desired.connections.target_is_source;
  if (options.source_inventory.empty()) {
    live = vsphere::Connect(desired, diagnostics);
    const auto scope = [&](Side side) {
      return options.full_discovery ? DiscoveryScope{} : DiscoveryScopeOf(desired, side);
    };
    if (live) source = live->Discover(Side::Source, scope(Side::Source), diagnostics);
    if (live && source) target = same_vcenter ? source : live->Discover(Side::Target, scope(Side::Target), diagnostics);
  } else if (!same_vcenter && options.target_inventory.empty()) {
    // A usage error (exit 64), though only the desired state can tell.
    throw CLI::RequiredError("--target-inventory (the desired state's target is another vCenter)");
  } else {
    source = LoadInventoryFile(options.source_inventory, diagnostics);
    target = same_vcenter ? source : LoadInventoryFile(options.target_inventory, diagnostics);
  }
  PrintDiagnostics(diagnostics);
  return source && target;
}

// The plan for the options' inputs, or nothing after printing why.
std::optional<Planned> MakePlanFrom(const PlanOptions& options) {
  LoadResult desired = LoadDesiredState(options.file);
  PrintDiagnostics(desired.diagnostics);
  if (!desired.state) return std::nullopt;
  std::optional<Inventory> source, target;
  std::unique_ptr<LiveVCenters> live;
  if (!ReadInventories(options, *desired.state, source, target, live)) return std::nullopt;
  PlanResult result = MakePlan(*desired.state, *source, *target);
  PrintDiagnostics(result.diagnostics);
  if (!result.plan) return std::nullopt;
  if (live) {
    const Diagnostics refusals = live->Precheck(*result.plan);
    PrintDiagnostics(refusals);
    if (HasErrors(refusals)) return std::nullopt;
  }
  return Planned{std::move(*result.plan), *source, *target};
}

bool Save(const PlanOptions& options, const Planned& planned, const std::optional<std::string>& signing_key) {
  Diagnostics diagnostics;
  const auto desired_text = ReadTextFile(options.file, kMaxYamlFileBytes, "a desired-state YAML file", diagnostics);
  std::ofstream out(options.output, std::ios::binary | std::ios::trunc);
  if (!desired_text || !out) {
    PrintDiagnostics(diagnostics);
    if (!out) std::cerr << options.output << ": error: cannot write the plan file\n";
    return false;
  }
  PlanFile file = MakePlanFile(planned.plan, options.file, *desired_text, planned.source, planned.target);
  // Applying it re-reads the vCenters as this plan read them, so that fingerprints compare.
  if (options.source_inventory.empty() && !options.full_discovery) file.discovery = kScopedDiscovery;
  out << WritePlanFile(file, signing_key);
  return static_cast<bool>(out);
}

int RunPlan(const PlanOptions& options) {
  std::optional<std::string> signing_key;
  if (!options.output.empty() && !LoadSigningKey(options.signing_key_file, signing_key)) return 1;
  const std::optional<Planned> planned = MakePlanFrom(options);
  if (!planned) return 1;
  const Plan* plan = &planned->plan;
  if (options.format == "json") {
    std::cout << RenderJson(*plan);
  } else if (options.format == "markdown") {
    std::cout << RenderMarkdown(*plan);
  } else {
    TextOptions text;
    text.color = !options.no_color && isatty(STDOUT_FILENO);
    text.show_rollback = options.show_rollback;
    std::cout << RenderText(*plan, text);
  }
  if (!options.output.empty()) {
    if (!Save(options, *planned, signing_key)) return 1;
    if (options.format == "text") std::cout << "\nSaved the plan to " << options.output << ".\n";
  }
  if (!options.detailed_exitcode) return 0;
  return plan->Empty() ? 0 : 2;
}

void AddInputOptions(CLI::App* command, PlanOptions& options) {
  command->add_option("-f,--file", options.file, "The desired-state YAML file")->required();
  auto* source = command->add_option("--source-inventory", options.source_inventory,
                                     "Plan from this recorded inventory of the source vCenter instead of the live one");
  command->add_option("--target-inventory", options.target_inventory,
                      "Recorded inventory of the target vCenter (with --source-inventory, when the target is another)")
      ->needs(source);
  command->add_flag("--full-discovery", options.full_discovery,
                    "Read the whole source and target vCenters, not only what the desired state names and the plan "
                    "depends on");
}

}  // namespace

void AddPlanCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<PlanOptions>();
  CLI::App* command = app.add_subcommand(
      "plan",
      "Show what applying a desired state would change, from what the source and target\n"
      "vCenters hold now (or recorded inventories, docs/inventory-format.md). Changes nothing.");
  AddInputOptions(command, *options);
  command->add_option("--format", options->format, "text (default), json (docs/plan-format.md) or markdown")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  command->add_option("-o,--out", options->output,
                      "Also save the plan, with fingerprints of what it relies on and a digest, to this file");
  AddSigningKeyOption(*command, options->signing_key_file);
  command->add_flag("--show-rollback", options->show_rollback, "Also show how each action would be undone (text)");
  command->add_flag("--detailed-exitcode", options->detailed_exitcode,
                    "Exit 0 when there is nothing to change, 2 when there is, 1 on error");
  command->add_flag("--no-color", options->no_color, "No colours, even on a terminal");
  command->callback([options, &exit_code] { exit_code = RunPlan(*options); });
}

void AddGraphCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<PlanOptions>();
  CLI::App* command = app.add_subcommand(
      "graph", "Print the plan's dependency graph in Graphviz DOT (e.g. | dot -Tsvg > plan.svg).");
  AddInputOptions(command, *options);
  command->callback([options, &exit_code] {
    const std::optional<Planned> planned = MakePlanFrom(*options);
    if (planned) std::cout << RenderDot(planned->plan);
    exit_code = planned ? 0 : 1;
  });
}

}  // namespace vcshift::cli
