#include "cli/journal_commands.h"

#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/print_diagnostics.h"
#include "cli/state_dir.h"
#include "engine/json_writer.h"
#include "engine/validation.h"
#include "providers/vsphere/connect.h"

namespace vcshift::cli {
namespace {

struct JournalOptions {
  std::string state_dir = kDefaultStateDir;
  std::string format = "text";
  int64_t run = 0;
  std::string file;    // force-unlock: the desired state naming the target
  std::string target;  // force-unlock: the target vCenter URL
};

std::string Outcome(const RunRecord& run) {
  if (!run.outcome.empty()) return run.outcome;
  return run.ended_at.empty() ? "running or interrupted" : "unknown";
}

void WriteRun(JsonWriter& json, const RunRecord& run) {
  json.BeginObject().Key("id").Int(run.id).Key("kind").String(run.kind).Key("target").String(run.target);
  json.Key("started_at").String(run.started_at).Key("ended_at").String(run.ended_at);
  json.Key("outcome").String(run.outcome).Key("undoes").Int(run.parent).EndObject();
}

int ListRuns(const JournalOptions& options) {
  const auto journal = OpenJournal(options.state_dir, false);
  if (!journal) return 1;
  const auto runs = journal->Runs();
  if (options.format == "json") {
    JsonWriter json;
    json.BeginArray();
    for (const auto& run : runs) WriteRun(json, run);
    std::cout << json.EndArray().str() << "\n";
    return 0;
  }
  if (runs.empty()) {
    std::cout << "No runs.\n";
    return 0;
  }
  std::cout << std::left << std::setw(5) << "RUN" << std::setw(10) << "KIND" << std::setw(26) << "STARTED"
            << std::setw(24) << "OUTCOME" << "TARGET\n";
  for (const auto& run : runs) {
    std::cout << std::setw(5) << run.id << std::setw(10) << run.kind << std::setw(26) << run.started_at
              << std::setw(24) << Outcome(run) << run.target;
    if (run.parent != 0) std::cout << " (undoes run " << run.parent << ")";
    std::cout << "\n";
  }
  return 0;
}

std::string CapturedText(const std::map<std::string, std::string>& captured) {
  std::ostringstream out;
  for (const auto& [key, value] : captured) out << (out.tellp() == 0 ? "" : ", ") << key << "=" << value;
  return out.str();
}

int ShowRun(const JournalOptions& options) {
  const auto journal = OpenJournal(options.state_dir, false);
  if (!journal) return 1;
  const auto run = journal->Run(options.run);
  if (!run) {
    std::cerr << JournalPath(options.state_dir) << ": error: no run " << options.run << " (vcshift runs lists them)\n";
    return 1;
  }
  const auto transitions = journal->Transitions(run->id);
  if (options.format == "json") {
    JsonWriter json;
    json.BeginObject().Key("run");
    WriteRun(json, *run);
    json.Key("transitions").BeginArray();
    for (const auto& t : transitions) {
      json.BeginObject().Key("action").String(t.action_id).Key("state").String(ActionStateName(t.state));
      json.Key("at").String(t.at).Key("error").String(t.error).Key("captured").BeginObject();
      for (const auto& [key, value] : t.captured) json.Key(key).String(value);
      json.EndObject().EndObject();
    }
    std::cout << json.EndArray().EndObject().str() << "\n";
    return 0;
  }
  std::cout << "Run " << run->id << ": " << run->kind << " on " << run->target << "\n";
  if (run->parent != 0) std::cout << "Undoes run " << run->parent << "\n";
  std::cout << "Started " << run->started_at << ", ended " << (run->ended_at.empty() ? "-" : run->ended_at)
            << ", outcome " << Outcome(*run) << "\n\n";
  for (const auto& t : transitions) {
    std::cout << t.at << "  " << std::left << std::setw(12) << ActionStateName(t.state) << t.action_id;
    if (!t.error.empty()) std::cout << ": " << t.error;
    if (!t.captured.empty()) std::cout << " [" << CapturedText(t.captured) << "]";
    std::cout << "\n";
  }
  return 0;
}

// The journal's lock on `target` (a URL).
void ClearJournalLock(Journal& journal, const std::string& target) {
  const auto holder = journal.Holder(target);
  if (!holder || !journal.ForceUnlock(target)) {
    std::cout << "No lock on " << target << ".\n";
    return;
  }
  std::cout << "Released the lock on " << target << " held by pid " << holder->pid << " on " << holder->host
            << " since " << holder->since << ".\n";
}

std::string TargetUrl(const DesiredState& desired) {
  return desired.connections.target_is_source ? desired.connections.source.url : desired.connections.target.url;
}

// The lock in the target vCenter itself: only with the desired state, which says how to
// log in. Clearing a live run's lock lets a second run change the vCenter beside it.
int ClearVCenterLock(const DesiredState& desired) {
  Diagnostics diagnostics;
  const auto live = vsphere::Connect(desired, diagnostics);
  std::optional<LockHolder> holder;
  if (live) holder = live->ForceUnlockTarget(diagnostics);
  PrintDiagnostics(diagnostics);
  if (HasErrors(diagnostics)) return 1;
  if (!holder) {
    std::cout << "No lock in the vCenter " << TargetUrl(desired) << ".\n";
    return 0;
  }
  std::cout << "Released the lock in the vCenter " << TargetUrl(desired) << " held by run " << holder->run << ", pid "
            << holder->pid << " on " << holder->host << " since " << holder->since << " (last refreshed "
            << holder->refreshed << ").\n";
  std::cerr << "vcshift: warning: if that run is still going, it and the next run may now change "
            << TargetUrl(desired) << " at the same time\n";
  return 0;
}

int ForceUnlock(const JournalOptions& options) {
  std::optional<DesiredState> desired;
  if (!options.file.empty()) {
    LoadResult loaded = LoadDesiredState(options.file);
    PrintDiagnostics(loaded.diagnostics);
    if (!loaded.state) return 1;
    desired = std::move(*loaded.state);
  }
  const std::string target = desired ? TargetUrl(*desired) : options.target;
  // With -f, a state directory that never had a journal holds no lock of its own; the
  // lock in the vCenter may still be another machine's.
  if (desired && !std::filesystem::exists(JournalPath(options.state_dir))) {
    std::cout << "No lock on " << target << ".\n";
  } else {
    const auto journal = OpenJournal(options.state_dir, false);
    if (!journal) return 1;
    ClearJournalLock(*journal, target);
  }
  return desired ? ClearVCenterLock(*desired) : 0;
}

}  // namespace

void AddJournalCommands(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<JournalOptions>();
  const auto formats = CLI::IsMember({"text", "json"});

  CLI::App* runs = app.add_subcommand("runs", "List the runs in the journal with their outcome.");
  AddStateDirOption(*runs, options->state_dir);
  runs->add_option("--format", options->format, "text or json")->check(formats)->capture_default_str();
  runs->callback([options, &exit_code] { exit_code = ListRuns(*options); });

  CLI::App* show = app.add_subcommand("show", "Print a run's journal: every action's transitions, errors and "
                                              "the values its inverse needs.");
  show->add_option("RUN", options->run, "The run's number (vcshift runs)")->required();
  AddStateDirOption(*show, options->state_dir);
  show->add_option("--format", options->format, "text or json")->check(formats)->capture_default_str();
  show->callback([options, &exit_code] { exit_code = ShowRun(*options); });

  CLI::App* unlock = app.add_subcommand(
      "force-unlock",
      "Clear the lock a dead vcshift process left on a target vCenter: the journal's, and with -f the one "
      "in the vCenter itself. Only when no apply is running.");
  auto* file = unlock->add_option("-f,--file", options->file, "Desired state whose target to unlock");
  auto* target = unlock->add_option("--target", options->target, "The target vCenter URL, as `vcshift runs` shows it");
  target->excludes(file);
  AddStateDirOption(*unlock, options->state_dir);
  unlock->callback([options, &exit_code, file, target] {
    if (file->count() + target->count() != 1) throw CLI::RequiredError("-f,--file or --target");
    exit_code = ForceUnlock(*options);
  });
}

}  // namespace vcshift::cli
