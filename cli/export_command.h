#pragma once
// `vcshift export`: a desired state describing a vCenter as it is.

#include <CLI/CLI.hpp>

namespace vcshift::cli {

void AddExportCommand(CLI::App& app, int& exit_code);

}  // namespace vcshift::cli
