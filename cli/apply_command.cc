#include "cli/apply_command.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <mutex>

#include <spdlog/spdlog.h>

#include "cli/exit_codes.h"
#include "cli/hooks.h"
#include "cli/interrupt.h"
#include "cli/logging.h"
#include "cli/print_diagnostics.h"
#include "cli/signing_key.h"
#include "cli/state_dir.h"
#include "engine/executor.h"
#include "engine/plan_compare.h"
#include "engine/discovery_scope.h"
#include "engine/plan_file.h"
#include "engine/planner.h"
#include "engine/progress.h"
#include "engine/render_text.h"
#include "engine/validation.h"
#include "engine/yaml_file.h"
#include "providers/vsphere/connect.h"

namespace vcshift::cli {
namespace {

struct ApplyOptions {
  std::string file;       // -f: the desired state
  std::string plan_file;  // or a saved plan
  std::string signing_key_file;
  int64_t run = 0;        // resume, rollback: 0 = the latest that fits
  bool auto_approve = false;
  int parallelism = 10;
  bool json = false;
  std::string state_dir = kDefaultStateDir;
  bool full_discovery = false;  // apply -f: read the whole vCenters
};

// A desired state with the text it was read from, which the journal keeps.
struct Desired {
  std::string file;
  std::string text;
  DesiredState state;
};

std::optional<Desired> LoadDesired(const std::string& file, const std::string& text) {
  LoadResult loaded = LoadDesiredStateText(text, file);
  PrintDiagnostics(loaded.diagnostics);
  if (!loaded.state) return std::nullopt;
  return Desired{file, text, std::move(*loaded.state)};
}

std::optional<Desired> ReadDesired(const std::string& file) {
  Diagnostics diagnostics;
  const auto text = ReadTextFile(file, kMaxYamlFileBytes, "a desired-state YAML file", diagnostics);
  PrintDiagnostics(diagnostics);
  return text ? LoadDesired(file, *text) : std::nullopt;
}

// Asks on the terminal; with no terminal, only --auto-approve approves.
bool Approved(const ApplyOptions& options, const std::string& question) {
  if (options.auto_approve) return true;
  if (!isatty(STDIN_FILENO)) {
    std::cerr << "vcshift: error: there is no terminal to ask for approval; review the plan and pass "
                 "--auto-approve\n";
    return false;
  }
  std::cout << "\n" << question << "\n  Only 'yes' will be accepted: " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  if (answer == "yes") return true;
  std::cout << "Cancelled: nothing was changed.\n";
  return false;
}

// The journal's lock on the target. A lock left by a process of this machine that no
// longer runs (killed, crashed) is taken over: that run is resumable, not running.
bool TakeLock(Journal& journal, const std::string& target) {
  auto holder = journal.Lock(target);
  if (!holder) return true;
  if (holder->Gone()) {
    std::cerr << "vcshift: note: taking over the lock on " << target << " left by pid " << holder->pid
              << ", which is no longer running\n";
    journal.ForceUnlock(target);
    holder = journal.Lock(target);
    if (!holder) return true;
  }
  std::cerr << "vcshift: error: " << target << " is locked by another vcshift run: pid " << holder->pid << " on "
            << holder->host << " since " << holder->since
            << ". If that process is gone, vcshift force-unlock --target " << target << " clears it.\n";
  return false;
}

// Prints each executor event as a line, and on a terminal keeps a status line under them;
// logs the line as text (for the state directory's log file) too.
class Printer {
 public:
  Printer(const Plan& plan, bool json)
      : progress_(plan, json), log_(plan, false), live_(!json && isatty(STDOUT_FILENO)) {}
  void operator()(const ExecutorEvent& event) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (spdlog::should_log(spdlog::level::debug)) {
      std::string line = log_.Line(event, elapsed);
      line.pop_back();  // the newline
      spdlog::debug("{}", line);
    }
    std::cout << (live_ ? "\r\033[K" : "") << progress_.Line(event, elapsed);
    if (live_) std::cout << progress_.Status();
    std::cout << std::flush;
  }
  void End() {
    if (live_) std::cout << "\r\033[K" << std::flush;
  }

 private:
  Progress progress_;
  Progress log_;
  const bool live_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// What the journal lacks when one of its writes failed, and what follows for the run.
void PrintJournalNote(const ExecutionReport& report, const std::string& run) {
  if (report.journal.ok()) return;
  if (report.journal.file_gone) {
    std::cout << "The journal no longer holds run " << run << ": ";
    std::cout << (report.outcome == RunOutcome::RollbackIncomplete
                      ? "vcshift cannot finish this rollback; undo the steps above by hand (the log file "
                        "vcshift.log in the state directory has every step of the run)\n"
                      : "vcshift can neither resume nor roll it back.\n");
    return;
  }
  std::cout << "The journal could not record all of this: it has every step that was started, but run " << run
            << " may show there as still running; do not resume it. vcshift rollback only checks and undoes, "
            << "and can be run once the journal can be written.\n";
}

// `undone`: for a rollback run, the apply it undoes (what `vcshift rollback` takes).
int Report(const ExecutionReport& report, const std::string& verb, int64_t undone = 0) {
  const std::string run = std::to_string(report.run);
  spdlog::debug("{} run {}: {}{}", verb, run, RunOutcomeName(report.outcome),
                report.failure.empty() ? "" : " (" + report.failure + ")");
  for (const auto& warning : report.warnings) std::cout << "Warning: " << warning << "\n";
  // A run whose journal failed is never a plain success: the journal lacks part of it.
  const bool journaled = report.journal.ok();
  int code = kExitError;
  switch (report.outcome) {
    case RunOutcome::Applied:
      std::cout << verb << " complete (run " << run << ").\n";
      code = journaled ? kExitOk : kExitAppliedWithWarnings;
      break;
    case RunOutcome::AppliedWithWarnings:
      std::cout << verb << " complete with warnings (run " << run << ").\n";
      code = kExitAppliedWithWarnings;
      break;
    case RunOutcome::RolledBack:
      if (!report.failure.empty()) std::cout << "Error: " << report.failure << "\n";
      std::cout << (verb == "Rollback" ? "Rolled back" : "Rolled back: everything this run changed is undone")
                << (journaled ? "" : ", from memory") << " (run " << run << ").\n";
      code = report.failure.empty() && journaled ? kExitOk : kExitRolledBack;
      break;
    case RunOutcome::RollbackIncomplete:
      std::cout << "Error: " << report.failure << "\nRollback incomplete. Still to undo:\n";
      for (const auto& id : report.left_to_undo) std::cout << "  " << id << "\n";
      std::cout << "Fix the cause above, then run: vcshift rollback " << (undone != 0 ? std::to_string(undone) : run)
                << " (or undo those steps by hand; vcshift show " << run << " has the details)\n";
      code = kExitRollbackIncomplete;
      break;
    case RunOutcome::Interrupted:
      std::cout << "Stopped. Continue with: vcshift resume " << run << "\n";
      code = kExitInterrupted;
      break;
  }
  PrintJournalNote(report, undone != 0 ? std::to_string(undone) : run);
  return code;
}

// The lock in the target vCenter itself, after the journal's: runs of other state
// directories and machines meet there. A holder of this machine that no longer runs is
// taken over, as the journal's lock is.
bool TakeVCenterLock(LiveVCenters& live, Journal& journal, const std::string& desired_file, const std::string& target) {
  Diagnostics diagnostics;
  const LockHolder me = ThisProcess(journal.NextRunId());
  auto holder = live.LockTarget(me, diagnostics);
  if (holder && holder->pid != 0 && holder->Gone()) {
    std::cerr << "vcshift: note: taking over the lock in " << target << " left by pid " << holder->pid
              << ", which is no longer running\n";
    live.ForceUnlockTarget(diagnostics);
    holder = live.LockTarget(me, diagnostics);
  }
  PrintDiagnostics(diagnostics);
  if (HasErrors(diagnostics)) return false;
  if (!holder) return true;
  std::cerr << "vcshift: error: " << target << " is locked by another vcshift run, in the vCenter itself (folder "
            << "vcshift-lock in its root folder): ";
  if (holder->pid == 0) {
    std::cerr << "a run that has not written its name (taking the lock, or failed while taking it)";
  } else {
    std::cerr << "run " << holder->run << ", pid " << holder->pid << " on " << holder->host << " since "
              << holder->since << ", last refreshed " << holder->refreshed;
  }
  std::cerr << ". If that run is gone, vcshift force-unlock -f " << desired_file << " clears it.\n";
  return false;
}

// What every run needs: the vCenters, the journal, the locks on the target.
struct Session {
  Desired desired;
  std::unique_ptr<LiveVCenters> live;
  std::unique_ptr<HookRunner> runner;  // hooks here, the rest to `live`'s
  std::unique_ptr<Journal> journal;
  std::string target;
  bool vcenter_locked = false;
  ~Session() {
    if (vcenter_locked) {
      Diagnostics diagnostics;
      live->UnlockTarget(diagnostics);
      PrintDiagnostics(diagnostics);
    }
    if (!journal) return;
    const JournalWrite unlocked = journal->Unlock(target);
    if (!unlocked.ok() && !unlocked.file_gone) {
      std::cerr << "vcshift: note: the lock on " << target << " stays in the journal, which cannot be written; "
                << "the next run takes it over, as this process will be gone\n";
    }
  }
};

std::unique_ptr<Session> Open(Desired desired, const ApplyOptions& options) {
  auto session = std::make_unique<Session>();
  session->target = desired.state.connections.target_is_source ? desired.state.connections.source.url
                                                                : desired.state.connections.target.url;
  session->desired = std::move(desired);
  LogToStateDir(options.state_dir);
  Diagnostics diagnostics;
  session->live = vsphere::Connect(session->desired.state, diagnostics, options.parallelism, &StopRequest());
  PrintDiagnostics(diagnostics);
  if (!session->live) return nullptr;
  session->runner =
      MakeHookRunner(session->desired.state, session->desired.file, options.state_dir, session->live->Runner());
  session->journal = OpenJournal(options.state_dir, true);
  if (!session->journal) return nullptr;
  if (!TakeLock(*session->journal, session->target)) {
    session->journal.reset();  // not ours to unlock
    return nullptr;
  }
  session->vcenter_locked =
      TakeVCenterLock(*session->live, *session->journal, session->desired.file, session->target);
  if (!session->vcenter_locked) return nullptr;
  return session;
}

ExecutorOptions ExecutionOptions(const Session& session, const ApplyOptions& options, Printer& printer) {
  ExecutorOptions execution;
  execution.parallelism = options.parallelism;
  execution.target = session.target;
  execution.desired_file = session.desired.file;
  execution.desired_text = session.desired.text;
  execution.on_event = [&printer](const ExecutorEvent& event) { printer(event); };
  execution.stop = &StopRequest();
  execution.on_run = [runner = session.runner.get()](int64_t run, const Plan& plan) { runner->BeginRun(run, plan); };
  return execution;
}

// A saved plan still valid: nothing it relies on changed, and it is the plan made now from
// the desired state and the vCenters (`now`), so what is applied is what was reviewed.
std::optional<Plan> StillValid(const PlanFile& saved, const std::string& desired_text, const Inventory& source,
                               const Inventory& target, const std::optional<Plan>& now) {
  const Diagnostics stale = CheckStaleness(saved, desired_text, source, target);
  PrintDiagnostics(stale);
  if (!stale.empty() || !now) return std::nullopt;
  if (const std::string difference = FirstDifference(saved.plan, *now); !difference.empty()) {
    PrintDiagnostics({{Severity::Error, saved.path, {}, "",
                       "the saved plan is not the plan the desired state and the vCenters give now: " + difference +
                           "; make a new plan"}});
    return std::nullopt;
  }
  return saved.plan;
}

// The plan to apply: made now from the live inventories, or a saved one still valid.
// A saved plan is checked against the vCenters read as it read them (its fingerprints
// cover what that read).
std::optional<Plan> PlanToApply(Session& session, const std::optional<PlanFile>& saved, bool full_discovery) {
  Diagnostics diagnostics;
  const bool whole = saved ? saved->discovery != kScopedDiscovery : full_discovery;
  const auto scope = [&](Side side) { return whole ? DiscoveryScope{} : DiscoveryScopeOf(session.desired.state, side); };
  const auto source = session.live->Discover(Side::Source, scope(Side::Source), diagnostics);
  const auto target = source ? session.live->Discover(Side::Target, scope(Side::Target), diagnostics) : std::nullopt;
  PrintDiagnostics(diagnostics);
  if (!source || !target) return std::nullopt;
  PlanResult result = MakePlan(session.desired.state, *source, *target);
  PrintDiagnostics(result.diagnostics);
  std::optional<Plan> plan =
      saved ? StillValid(*saved, session.desired.text, *source, *target, result.plan) : std::move(result.plan);
  if (!plan) return std::nullopt;
  const Diagnostics refusals = session.live->Precheck(*plan);
  PrintDiagnostics(refusals);
  if (HasErrors(refusals)) return std::nullopt;
  return plan;
}

int RunApply(const ApplyOptions& options) {
  std::optional<PlanFile> saved;
  std::string desired_file = options.file;
  if (!options.plan_file.empty()) {
    std::optional<std::string> signing_key;
    if (!LoadSigningKey(options.signing_key_file, signing_key)) return kExitError;
    Diagnostics diagnostics;
    const auto text = ReadTextFile(options.plan_file, kMaxYamlFileBytes, "a saved vcshift plan", diagnostics);
    if (text) saved = ReadPlanFile(*text, options.plan_file, diagnostics);
    if (saved) {
      const Diagnostics problems = VerifyPlanFile(*saved, signing_key);
      diagnostics.insert(diagnostics.end(), problems.begin(), problems.end());
    }
    PrintDiagnostics(diagnostics);
    if (!saved || HasErrors(diagnostics)) return kExitError;
    if (desired_file.empty()) desired_file = saved->desired_file;
  }
  auto desired = ReadDesired(desired_file);
  if (!desired) return kExitError;
  const auto session = Open(std::move(*desired), options);
  if (!session) return kExitError;
  const auto plan = PlanToApply(*session, saved, options.full_discovery);
  if (!plan) return kExitError;
  if (plan->Empty()) {
    std::cout << "No changes.\n";
    return kExitOk;
  }
  if (!options.json) std::cout << RenderText(*plan, {isatty(STDOUT_FILENO) != 0, false});
  if (!Approved(options, "Apply this plan?")) return kExitError;
  StopOnInterrupt();
  Printer printer(*plan, options.json);
  const ExecutionReport report =
      Execute(*plan, *session->runner, *session->journal, ExecutionOptions(*session, options, printer));
  printer.End();
  return Report(report, "Apply");
}

// The run `options.run`, or the latest one `fits`; prints why when there is none.
std::optional<RunRecord> FindRun(Journal& journal, const ApplyOptions& options, const std::string& what,
                                 const std::function<bool(const RunRecord&)>& fits) {
  const auto runs = journal.Runs();
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
    if (options.run != 0 && it->id != options.run) continue;
    if (fits(*it)) return *it;
    if (options.run != 0) break;
  }
  // `what` has its article ("an interrupted apply"), so the sentence without a run number
  // says which run is missing rather than "no an ...".
  std::cerr << "vcshift: error: " << (options.run != 0 ? "run " + std::to_string(options.run) : "no run") << " is "
            << (options.run != 0 ? "not " : "") << what << " (vcshift runs lists the runs)\n";
  return std::nullopt;
}

// Opens a session for a journaled run: its desired state, its plan.
std::unique_ptr<Session> Reopen(const RunRecord& run, const ApplyOptions& options, Plan& plan) {
  Diagnostics diagnostics;
  auto read = ReadPlanJson(run.plan_json, "the journal's run " + std::to_string(run.id), diagnostics);
  PrintDiagnostics(diagnostics);
  auto desired = LoadDesired(run.desired_file, run.desired_text);
  if (!read || !desired) return nullptr;
  plan = std::move(*read);
  return Open(std::move(*desired), options);
}

int RunResume(const ApplyOptions& options) {
  const auto journal = OpenJournal(options.state_dir, false);
  if (!journal) return kExitError;
  const auto run = FindRun(*journal, options, "an interrupted apply", [](const RunRecord& r) {
    return r.kind == "apply" && (r.outcome.empty() || r.outcome == RunOutcomeName(RunOutcome::Interrupted));
  });
  if (!run) return kExitError;
  Plan plan;
  const auto session = Reopen(*run, options, plan);
  if (!session) return kExitError;
  session->runner->SetInFlight(HooksInFlight(*session->journal, run->id));
  std::cout << "Resuming run " << run->id << ".\n";
  StopOnInterrupt();
  Printer printer(plan, options.json);
  const ExecutionReport report = Resume(plan, run->id, *session->runner, *session->journal,
                                        ExecutionOptions(*session, options, printer));
  printer.End();
  return Report(report, "Apply");
}

// Asks, then undoes `plan` (run `run`'s) through `reverse`, and reports.
int UndoRun(const RunRecord& run, const Plan& plan, Session& session, const ApplyOptions& options,
            const std::function<ExecutionReport(const ExecutorOptions&)>& reverse) {
  if (!Approved(options, "Undo what run " + std::to_string(run.id) + " changed?")) return kExitError;
  StopOnInterrupt();
  Printer printer(plan, options.json);
  const ExecutionReport report = reverse(ExecutionOptions(session, options, printer));
  printer.End();
  return Report(report, "Rollback", run.id);
}

// `vcshift rollback` when the journal's transitions cannot be read: says so, and undoes
// the run from the plan stored with it, every step counted as possibly done and checked
// against the live vCenters first, if the runs themselves can still be read.
int RollbackFromPlan(Journal& journal, const ApplyOptions& options, const std::string& sqlite_says) {
  const std::string damage = "journal damaged: " + sqlite_says;  // names the file
  std::cerr << "vcshift: error: " << damage << "\n";
  std::optional<RunRecord> run;
  try {
    const auto runs = journal.Runs();
    run = FindRun(journal, options, "an apply that was not rolled back", [&](const RunRecord& r) {
      const auto undone = [&](const RunRecord& later) {
        return later.parent == r.id && later.outcome == RunOutcomeName(RunOutcome::RolledBack);
      };
      return r.kind == "apply" && r.outcome != RunOutcomeName(RunOutcome::RolledBack) &&
             std::none_of(runs.begin(), runs.end(), undone);
    });
  } catch (const JournalError& e) {
    std::cerr << "vcshift: error: the runs cannot be read either (" << e.what()
              << "): nothing was undone. Restore it from a backup, or undo the last apply by hand.\n";
    return kExitError;
  }
  if (!run) return kExitError;
  Plan plan;
  const auto session = Reopen(*run, options, plan);
  if (!session) return kExitError;
  std::cout << "Rolling back run " << run->id << " (" << run->started_at << ") from its plan, as the journal "
            << "cannot say which steps ran: each step's inverse checks the live vCenters first.\n";
  return UndoRun(*run, plan, *session, options, [&](const ExecutorOptions& execution) {
    return ReverseFromPlan(plan, run->id, *session->runner, execution, damage);
  });
}

int RunRollback(const ApplyOptions& options) {
  const auto journal = OpenJournal(options.state_dir, false);
  if (!journal) return kExitError;
  std::optional<RunRecord> run;
  try {
    run = FindRun(*journal, options, "an apply with something to undo", [&](const RunRecord& r) {
      if (r.kind != "apply") return false;
      for (const auto& [id, state] : journal->LatestStates(r.id)) {
        const bool may_have_happened =
            state == ActionState::Succeeded || state == ActionState::Started || state == ActionState::Retrying;
        if (may_have_happened && id.rfind("undo:", 0) != 0) return true;
      }
      return false;
    });
  } catch (const JournalError& e) {
    return RollbackFromPlan(*journal, options, e.what());
  }
  if (!run) return kExitError;
  Plan plan;
  const auto session = Reopen(*run, options, plan);
  if (!session) return kExitError;
  std::cout << "Rolling back run " << run->id << " (" << run->started_at << ").\n";
  return UndoRun(*run, plan, *session, options, [&](const ExecutorOptions& execution) {
    return Reverse(plan, run->id, *session->runner, *session->journal, execution);
  });
}

void AddRunOptions(CLI::App& command, ApplyOptions& options) {
  command.add_option("--parallelism", options.parallelism, "How many actions may run at once")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  command.add_flag("--json", options.json, "Print one JSON event per line instead of text");
  AddStateDirOption(command, options.state_dir);
}

}  // namespace

void AddApplyCommands(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ApplyOptions>();

  CLI::App* apply = app.add_subcommand(
      "apply", "Discover, plan, ask for approval, then apply: journaled, and rolled back if a critical step fails.");
  auto* file = apply->add_option("-f,--file", options->file, "The desired-state YAML file");
  apply->add_option("PLAN", options->plan_file, "A plan saved by vcshift plan -o (checked against the live state)")
      ->check(CLI::ExistingFile);
  apply->add_flag("--auto-approve", options->auto_approve, "Apply without asking (for automation)");
  apply->add_flag("--full-discovery", options->full_discovery,
                  "Read the whole source and target vCenters, not only what the desired state names and the plan "
                  "depends on (a saved plan is checked as it was made)");
  AddSigningKeyOption(*apply, options->signing_key_file);
  AddRunOptions(*apply, *options);
  apply->callback([options, &exit_code, file] {
    if (file->count() == 0 && options->plan_file.empty()) throw CLI::RequiredError("-f,--file or PLAN");
    exit_code = RunApply(*options);
  });

  CLI::App* resume = app.add_subcommand(
      "resume", "Continue an interrupted apply; steps that were in flight are checked against the live state first.");
  resume->add_option("RUN", options->run, "The run (default: the latest interrupted one)");
  AddRunOptions(*resume, *options);
  resume->callback([options, &exit_code] { exit_code = RunResume(*options); });

  CLI::App* rollback = app.add_subcommand(
      "rollback", "Undo what an apply changed (failed, interrupted or finished); run again to finish a partial one.");
  rollback->add_option("RUN", options->run, "The run (default: the latest apply with something to undo)");
  rollback->add_flag("--auto-approve", options->auto_approve, "Roll back without asking");
  AddRunOptions(*rollback, *options);
  rollback->callback([options, &exit_code] { exit_code = RunRollback(*options); });
}

}  // namespace vcshift::cli
