#pragma once
// `vcshift inventory`: what discovery reads from a vCenter, as text, JSON or YAML.

#include <CLI/CLI.hpp>

namespace vcshift::cli {

void AddInventoryCommand(CLI::App& app, int& exit_code);

}  // namespace vcshift::cli
