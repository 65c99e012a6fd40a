#pragma once
// `vcshift apply`, `vcshift resume` and `vcshift rollback`: change the live vCenters,
// journaled, with automatic rollback on a critical failure.

#include <CLI/CLI.hpp>

namespace vcshift::cli {

void AddApplyCommands(CLI::App& app, int& exit_code);

}  // namespace vcshift::cli
