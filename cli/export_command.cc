#include "cli/export_command.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>

#include "engine/export.h"
#include "engine/inventory_json.h"

namespace vcshift::cli {
namespace {

struct ExportCommandOptions {
  std::string inventory;
  std::string output;
  ExportOptions export_options;
};

int Run(const ExportCommandOptions& options) {
  Diagnostics diagnostics;
  const auto inventory = LoadInventoryFile(options.inventory, diagnostics);
  for (const auto& d : diagnostics) std::cerr << Format(d) << "\n";
  if (!inventory) return 1;
  const std::string& dc = options.export_options.datacenter;
  if (!dc.empty() && std::none_of(inventory->datacenters.begin(), inventory->datacenters.end(),
                                  [&](const InventoryDatacenter& d) { return d.name == dc; })) {
    std::cerr << options.inventory << ": error: no datacenter '" << dc << "'\n";
    return 1;
  }
  const std::string yaml = ExportDesiredState(*inventory, options.export_options);
  if (options.output.empty()) {
    std::cout << yaml;
    return 0;
  }
  std::ofstream out(options.output, std::ios::binary | std::ios::trunc);
  out << yaml;
  if (!out) {
    std::cerr << options.output << ": error: cannot write the file\n";
    return 1;
  }
  return 0;
}

}  // namespace

void AddExportCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ExportCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "export",
      "Write a desired state that describes a vCenter as it is, from its recorded inventory\n"
      "(docs/inventory-format.md): the starting point for managing it with vcshift.");
  command->add_option("--inventory", options->inventory, "Recorded inventory of the vCenter")->required();
  command->add_option("--datacenter", options->export_options.datacenter, "Only this datacenter");
  command->add_option("--user", options->export_options.user, "The vCenter user to write into the connections")
      ->capture_default_str();
  command->add_option("-o,--out", options->output, "Write to this file instead of standard output");
  command->callback([options, &exit_code] { exit_code = Run(*options); });
}

}  // namespace vcshift::cli
