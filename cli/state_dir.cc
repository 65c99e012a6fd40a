#include "cli/state_dir.h"

#include <filesystem>
#include <iostream>

#include "cli/print_diagnostics.h"

namespace vcshift::cli {
namespace {

// vcshift's own files in a state directory: the journal with SQLite's companions, and
// the log files. Nothing else there is touched (the directory may be the user's).
bool OwnFile(const std::string& name) {
  return name.starts_with("state.db") || (name.starts_with("vcshift") && name.ends_with(".log"));
}

// An older vcshift created its files readable by everyone (0644); they hold the runs and
// their logs. New ones are created 0600 (main's umask).
void MakeOwnFilesPrivate(const std::string& state_dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(state_dir, error)) {
    if (!entry.is_regular_file(error) || !OwnFile(entry.path().filename().string())) continue;
    fs::permissions(entry.path(), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, error);
  }
}

}  // namespace

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
  MakeOwnFilesPrivate(state_dir);
  Diagnostics diagnostics;
  auto journal = Journal::Open(path, diagnostics);
  PrintDiagnostics(diagnostics);
  return journal;
}

}  // namespace vcshift::cli
