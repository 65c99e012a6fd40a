#pragma once
// `vcshift plan`: what applying the desired state would change, for review.

#include <CLI/CLI.hpp>

namespace vcshift::cli {

void AddPlanCommand(CLI::App& app, int& exit_code);

// `vcshift graph`: the plan's dependency graph as DOT.
void AddGraphCommand(CLI::App& app, int& exit_code);

}  // namespace vcshift::cli
