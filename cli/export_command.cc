#include "cli/export_command.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/print_diagnostics.h"
#include "engine/export.h"
#include "cli/vcenter_options.h"
#include "engine/inventory_json.h"

namespace vcshift::cli {
namespace {

struct ExportCommandOptions {
  std::string inventory;
  VCenterOptions vcenter;
  std::string output;
  ExportOptions export_options;
};

// The inventory to export: a recorded one, or the live vCenter's.
std::optional<Inventory> Read(const ExportCommandOptions& options) {
  Diagnostics diagnostics;
  std::optional<Inventory> inventory;
  if (!options.inventory.empty()) {
    inventory = LoadInventoryFile(options.inventory, diagnostics);
  } else if (const auto live = ConnectTo(options.vcenter)) {
    inventory = live->Discover(Side::Source, DiscoveryScope{}, diagnostics);
  }
  PrintDiagnostics(diagnostics);
  return inventory;
}

int Run(const ExportCommandOptions& options) {
  const auto inventory = Read(options);
  if (!inventory) return 1;
  const std::string& dc = options.export_options.datacenter;
  if (!dc.empty() && std::none_of(inventory->datacenters.begin(), inventory->datacenters.end(),
                                  [&](const InventoryDatacenter& d) { return d.name == dc; })) {
    const std::string& origin = options.inventory.empty() ? inventory->vcenter : options.inventory;
    std::cerr << origin << ": error: no datacenter '" << dc << "'\n";
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
      "Write a desired state that describes a vCenter as it is (or as a recorded inventory,\n"
      "docs/inventory-format.md, says): the starting point for managing it with vcshift.");
  auto* recorded = command->add_option("--inventory", options->inventory, "Recorded inventory of the vCenter");
  AddVCenterOptions(*command, options->vcenter);
  command->add_option("--datacenter", options->export_options.datacenter, "Only this datacenter");
  command->add_option("-o,--out", options->output, "Write to this file instead of standard output");
  command->callback([options, &exit_code, recorded] {
    if ((recorded->count() > 0) == NamesVCenter(options->vcenter)) {
      throw CLI::RequiredError("one of --inventory, -f with --source or --target, or --url");
    }
    RequireSide(options->vcenter);
    // --user both logs in (with --url) and is the user written into the connections.
    if (!options->vcenter.user.empty()) options->export_options.user = options->vcenter.user;
    // So that the exported file reaches the vCenter the way this command did.
    options->export_options.thumbprint = options->vcenter.thumbprint;
    options->export_options.ca_file = options->vcenter.ca_file;
    options->export_options.insecure = options->vcenter.insecure;
    exit_code = Run(*options);
  });
}

}  // namespace vcshift::cli
