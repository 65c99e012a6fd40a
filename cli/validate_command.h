#pragma once
// `vcshift validate -f FILE [--json]`: checks a desired state offline.

#include <CLI/CLI.hpp>

namespace vcshift::cli {

// Registers the command; when it runs it stores its exit status in `exit_code`.
void AddValidateCommand(CLI::App& app, int& exit_code);

}  // namespace vcshift::cli
