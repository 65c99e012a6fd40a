#pragma once
// Reading and repairing the journal: `vcshift runs`, `vcshift show RUN` and
// `vcshift force-unlock`.

#include <CLI/CLI.hpp>

namespace vcshift::cli {

void AddJournalCommands(CLI::App& app, int& exit_code);

}  // namespace vcshift::cli
