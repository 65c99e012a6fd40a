#include "cli/inventory_command.h"

#include <iostream>
#include <memory>

#include <yaml-cpp/yaml.h>

#include "cli/print_diagnostics.h"
#include "cli/vcenter_options.h"
#include "engine/inventory_json.h"
#include "engine/inventory_text.h"

namespace vcshift::cli {
namespace {

struct InventoryOptions {
  VCenterOptions vcenter;
  std::string format = "text";
};

void BlockStyle(YAML::Node node) {
  node.SetStyle(YAML::EmitterStyle::Block);
  if (node.IsMap()) {
    for (auto entry : node) BlockStyle(entry.second);
  } else if (node.IsSequence()) {
    for (auto item : node) BlockStyle(item);
  }
}

// The JSON form in YAML's block style: JSON is YAML, so this is a re-emission.
std::string AsYaml(const std::string& json) {
  YAML::Node node = YAML::Load(json);
  BlockStyle(node);
  YAML::Emitter out;
  out << node;
  return std::string(out.c_str()) + "\n";
}

int Run(const InventoryOptions& options) {
  const auto live = ConnectTo(options.vcenter);
  if (!live) return 1;
  Diagnostics diagnostics;
  const auto inventory = live->Discover(Side::Source, DiscoveryScope{}, diagnostics);
  PrintDiagnostics(diagnostics);
  if (!inventory) return 1;
  if (options.format == "json") std::cout << InventoryToJson(*inventory);
  else if (options.format == "yaml") std::cout << AsYaml(InventoryToJson(*inventory));
  else std::cout << InventoryToText(*inventory);
  return 0;
}

}  // namespace

void AddInventoryCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<InventoryOptions>();
  CLI::App* command = app.add_subcommand(
      "inventory", "Show what vcshift discovers in a vCenter (docs/inventory-format.md). Changes nothing.");
  AddVCenterOptions(*command, options->vcenter);
  command->add_option("--format", options->format, "text (default), json or yaml")
      ->check(CLI::IsMember({"text", "json", "yaml"}));
  command->callback([options, &exit_code] {
    if (!NamesVCenter(options->vcenter)) throw CLI::RequiredError("-f,--file with --source or --target, or --url");
    RequireSide(options->vcenter);
    exit_code = Run(*options);
  });
}

}  // namespace vcshift::cli
