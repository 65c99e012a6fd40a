#pragma once
// Where vcshift keeps its journal and logs: `.vcshift/` in the working directory unless
// --state-dir says otherwise, like Terraform's `.terraform/`. Created 0700, its files
// 0600 (they hold every run and call); an older vcshift's files there are made 0600 when
// the journal is opened.

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "engine/journal.h"

namespace vcshift::cli {

inline constexpr const char* kDefaultStateDir = ".vcshift";

void AddStateDirOption(CLI::App& command, std::string& state_dir);

std::string JournalPath(const std::string& state_dir);

// The journal in `state_dir`, created with the directory when `create`; otherwise an
// existing one only. Prints why when there is none.
std::unique_ptr<Journal> OpenJournal(const std::string& state_dir, bool create);

}  // namespace vcshift::cli
