#include "cli/state_dir.h"

#include <filesystem>
#include <iostream>

#include "cli/print_diagnostics.h"

namespace vcshift::cli {

void AddStateDirOption(CLI::App& command, std::string& state_dir) {
  command.add_option("--state-dir", state_dir, "Directory of the journal (state.db) and logs")->capture_default_str();
}

std::string JournalPath(const std::string& state_dir) { return (std::filesystem::path(state_dir) / "state.db").string(); }

std::unique_ptr<Journal> OpenJournal(const std::string& state_dir, bool create) {
  const std::string path = JournalPath(state_dir);
  std::error_code error;
  if (create) {
    std::filesystem::create_directories(state_dir, error);
  } else if (!std::filesystem::exists(path, error)) {
    std::cerr << path << ": error: no journal here: nothing has been applied with this state directory\n";
    return nullptr;
  }
  Diagnostics diagnostics;
  auto journal = Journal::Open(path, diagnostics);
  PrintDiagnostics(diagnostics);
  return journal;
}

}  // namespace vcshift::cli
