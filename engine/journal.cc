#include "engine/journal.h"

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <chrono>
#include <ctime>
#include <exception>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

#include "engine/json_writer.h"

namespace vcshift {
namespace {

// A failed read or write of the journal, naming its file: the message reaches the user
// from wherever the journal was read (`show`, `resume`, `rollback`).
[[noreturn]] void ThrowFor(sqlite3* db, const std::string& message) {
  const char* file = sqlite3_db_filename(db, "main");
  throw JournalError((file && *file ? std::string(file) + ": " : "") + message);
}

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL DEFAULT '',
  plan_json TEXT NOT NULL,
  parent INTEGER NOT NULL DEFAULT 0,
  desired_file TEXT NOT NULL DEFAULT '',
  desired_text TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS transitions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  run INTEGER NOT NULL REFERENCES runs(id),
  action_id TEXT NOT NULL,
  state TEXT NOT NULL,
  at TEXT NOT NULL,
  error TEXT NOT NULL DEFAULT '',
  captured TEXT NOT NULL DEFAULT '{}');
CREATE INDEX IF NOT EXISTS transitions_by_run ON transitions(run, seq);
CREATE TABLE IF NOT EXISTS locks (
  target TEXT PRIMARY KEY,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  since TEXT NOT NULL);
)";

constexpr ActionState kStates[] = {ActionState::Planned,   ActionState::Started, ActionState::Retrying,
                                   ActionState::Succeeded, ActionState::Failed,  ActionState::RolledBack,
                                   ActionState::Skipped};

std::string Now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  char out[40];
  std::snprintf(out, sizeof out, "%s.%03lldZ", buffer, static_cast<long long>(millis));
  return out;
}

std::string HostName() {
  char name[256] = {};
  gethostname(name, sizeof name - 1);
  return name;
}

// A prepared statement that finalises itself; errors become exceptions, which Record and
// EndRun turn into values (the journal is what makes resuming possible, so failing to
// write it must stop the run) and the commands reading the journal report as damage.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) Fail();
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement& Bind(int index, const std::string& value) {
    sqlite3_bind_text(stmt_, index, value.c_str(), -1, SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Bind(int index, int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  bool Step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) Fail();
    return false;
  }
  std::string Text(int column) const {
    const auto* text = sqlite3_column_text(stmt_, column);
    return text ? reinterpret_cast<const char*>(text) : "";
  }
  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }

 private:
  [[noreturn]] void Fail() { ThrowFor(db_, sqlite3_errmsg(db_)); }

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

std::string CapturedJson(const std::map<std::string, std::string>& captured) {
  JsonWriter json;
  json.BeginObject();
  for (const auto& [key, value] : captured) json.Key(key).String(value);
  json.EndObject();
  return json.str();
}

std::map<std::string, std::string> CapturedFromJson(const std::string& text) {
  std::map<std::string, std::string> captured;
  const YAML::Node node = YAML::Load(text);
  for (const auto& entry : node) captured[entry.first.Scalar()] = entry.second.Scalar();
  return captured;
}

ActionState StateFromName(const std::string& name) {
  for (const ActionState state : kStates) {
    if (name == ActionStateName(state)) return state;
  }
  throw JournalError("unknown action state " + name);
}

RunRecord ReadRun(const Statement& row) {
  return {row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4),
          row.Text(5), row.Text(6), row.Int(7),  row.Text(8), row.Text(9)};
}

}  // namespace

bool LockHolder::Gone() const { return host == HostName() && kill(pid, 0) != 0 && errno == ESRCH; }

LockHolder ThisProcess(int64_t run) { return {static_cast<int>(getpid()), HostName(), Now(), run, ""}; }

std::string UtcNow() { return Now(); }

const char* ActionStateName(ActionState state) {
  switch (state) {
    case ActionState::Planned: return "planned";
    case ActionState::Started: return "started";
    case ActionState::Retrying: return "retrying";
    case ActionState::Succeeded: return "succeeded";
    case ActionState::Failed: return "failed";
    case ActionState::RolledBack: return "rolled_back";
    case ActionState::Skipped: return "skipped";
  }
  return "planned";
}

std::unique_ptr<Journal> Journal::Open(const std::string& path, Diagnostics& diagnostics) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    diagnostics.push_back({Severity::Error, path, {}, "", std::string("cannot open the journal: ") + sqlite3_errmsg(db)});
    sqlite3_close(db);
    return nullptr;
  }
  std::unique_ptr<Journal> journal(new Journal(db, path));
  try {
    sqlite3_busy_timeout(db, 5000);
    journal->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
    journal->Exec(kSchema);
    if (!journal->HoldFile()) throw std::runtime_error(std::string("cannot open the journal: ") + std::strerror(errno));
  } catch (const std::exception& e) {
    const std::string reason = sqlite3_errcode(db) == SQLITE_BUSY ? "the journal is locked by another process"
                               : sqlite3_errcode(db) == SQLITE_NOTADB || sqlite3_errcode(db) == SQLITE_CORRUPT
                                   ? "the journal is damaged (not an SQLite database); move it aside to start afresh"
                                   : e.what();
    diagnostics.push_back({Severity::Error, path, {}, "", reason});
    return nullptr;
  }
  return journal;
}

Journal::~Journal() {
  sqlite3_close(db_);
  if (file_ >= 0) close(file_);
}

bool Journal::HoldFile() {
  file_ = open(path_.c_str(), O_PATH | O_CLOEXEC);
  struct stat held {};
  if (file_ < 0 || fstat(file_, &held) != 0) return false;
  device_ = held.st_dev;
  inode_ = held.st_ino;
  return true;
}

std::string Journal::FileChanged() const {
  struct stat now {};
  if (stat(path_.c_str(), &now) != 0) {
    return "the journal " + path_ + " was deleted while the run was writing it (" + std::strerror(errno) + ")";
  }
  if (now.st_dev != device_ || now.st_ino != inode_) {
    return "the journal " + path_ + " was replaced by another file while the run was writing it";
  }
  return "";
}

JournalWrite Journal::Commit(const std::function<void()>& write) {
  if (!file_gone_.empty()) return {file_gone_, true};
  try {
    Exec("BEGIN IMMEDIATE");
    write();
    Exec("COMMIT");
  } catch (const std::exception& e) {
    std::string reason = e.what();
    if (reason.starts_with(path_ + ": ")) reason.erase(0, path_.size() + 2);  // named once below
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return {"cannot write the journal " + path_ + ": " + reason, false};
  }
  // Committed into the file SQLite holds; a file deleted or replaced meanwhile keeps
  // none of it.
  file_gone_ = FileChanged();
  return {file_gone_, !file_gone_.empty()};
}

void Journal::Exec(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    ThrowFor(db_, message);
  }
}

std::optional<LockHolder> Journal::Lock(const std::string& target) {
  Statement insert(db_, "INSERT OR IGNORE INTO locks(target, pid, host, since) VALUES(?, ?, ?, ?)");
  insert.Bind(1, target).Bind(2, static_cast<int64_t>(getpid())).Bind(3, HostName()).Bind(4, Now()).Step();
  if (sqlite3_changes(db_) == 1) return std::nullopt;
  const auto holder = Holder(target);
  return holder ? holder : Lock(target);  // released meanwhile: try again
}

std::optional<LockHolder> Journal::Holder(const std::string& target) {
  Statement holder(db_, "SELECT pid, host, since FROM locks WHERE target = ?");
  holder.Bind(1, target);
  if (!holder.Step()) return std::nullopt;
  return LockHolder{static_cast<int>(holder.Int(0)), holder.Text(1), holder.Text(2), 0, ""};
}

int64_t Journal::NextRunId() {
  Statement next(db_, "SELECT COALESCE(MAX(id), 0) + 1 FROM runs");
  return next.Step() ? next.Int(0) : 0;
}

JournalWrite Journal::Unlock(const std::string& target) {
  return Commit([&] {
    Statement(db_, "DELETE FROM locks WHERE target = ? AND pid = ?").Bind(1, target).Bind(2, static_cast<int64_t>(getpid())).Step();
  });
}

bool Journal::ForceUnlock(const std::string& target) {
  Statement(db_, "DELETE FROM locks WHERE target = ?").Bind(1, target).Step();
  return sqlite3_changes(db_) == 1;
}

int64_t Journal::BeginRun(const std::string& kind, const std::string& target, const std::string& plan_json,
                          int64_t parent) {
  Statement(db_, "INSERT INTO runs(kind, target, started_at, plan_json, parent) VALUES(?, ?, ?, ?, ?)")
      .Bind(1, kind).Bind(2, target).Bind(3, Now()).Bind(4, plan_json).Bind(5, parent).Step();
  return sqlite3_last_insert_rowid(db_);
}

void Journal::Insert(int64_t run, const Transition& transition) {
  Statement(db_, "INSERT INTO transitions(run, action_id, state, at, error, captured) VALUES(?, ?, ?, ?, ?, ?)")
      .Bind(1, run).Bind(2, transition.action_id).Bind(3, ActionStateName(transition.state))
      .Bind(4, transition.at).Bind(5, transition.error).Bind(6, CapturedJson(transition.captured)).Step();
}

JournalWrite Journal::Record(int64_t run, const Transition& transition) {
  return Record(run, std::vector<Transition>{transition});
}

JournalWrite Journal::Record(int64_t run, const std::vector<Transition>& transitions) {
  std::unique_lock lock(group_mutex_);
  for (const auto& transition : transitions) {
    queued_.emplace_back(run, transition);
    if (queued_.back().second.at.empty()) queued_.back().second.at = Now();
  }
  queued_count_ += transitions.size();
  const uint64_t mine = queued_count_;
  while (committed_count_ < mine) {
    if (committing_) {
      group_committed_.wait(lock);
      continue;
    }
    // This thread commits everything queued so far, its own transitions included.
    committing_ = true;
    const auto batch = std::move(queued_);
    queued_.clear();
    const uint64_t last = queued_count_;
    lock.unlock();
    const JournalWrite written = Commit([&] {
      for (const auto& [batch_run, transition] : batch) Insert(batch_run, transition);
    });
    lock.lock();
    if (!written.ok()) group_failure_ = {written, committed_count_, last};
    committed_count_ = last;
    committing_ = false;
    group_committed_.notify_all();
  }
  // A failed commit fails every Record whose transitions were in it.
  if (mine > group_failure_.after && mine <= group_failure_.through) return group_failure_.write;
  return {};
}

void Journal::SetDesired(int64_t run, const std::string& file, const std::string& text) {
  Statement(db_, "UPDATE runs SET desired_file = ?, desired_text = ? WHERE id = ?")
      .Bind(1, file).Bind(2, text).Bind(3, run).Step();
}

JournalWrite Journal::EndRun(int64_t run, const std::string& outcome) {
  return Commit([&] {
    Statement(db_, "UPDATE runs SET ended_at = ?, outcome = ? WHERE id = ?").Bind(1, Now()).Bind(2, outcome).Bind(3, run).Step();
  });
}

void Journal::ReopenRun(int64_t run) {
  Statement(db_, "UPDATE runs SET ended_at = '', outcome = '' WHERE id = ?").Bind(1, run).Step();
}

std::vector<RunRecord> Journal::Runs() {
  Statement rows(db_, "SELECT id, kind, target, started_at, ended_at, outcome, plan_json, parent, desired_file, desired_text FROM runs ORDER BY id");
  std::vector<RunRecord> runs;
  while (rows.Step()) runs.push_back(ReadRun(rows));
  return runs;
}

std::optional<RunRecord> Journal::Run(int64_t id) {
  Statement row(db_, "SELECT id, kind, target, started_at, ended_at, outcome, plan_json, parent, desired_file, desired_text FROM runs WHERE id = ?");
  row.Bind(1, id);
  if (!row.Step()) return std::nullopt;
  return ReadRun(row);
}

std::vector<Transition> Journal::Transitions(int64_t run) {
  Statement rows(db_, "SELECT action_id, state, at, error, captured FROM transitions WHERE run = ? ORDER BY seq");
  rows.Bind(1, run);
  std::vector<Transition> transitions;
  while (rows.Step()) {
    transitions.push_back({rows.Text(0), StateFromName(rows.Text(1)), rows.Text(2), rows.Text(3),
                           CapturedFromJson(rows.Text(4))});
  }
  return transitions;
}

std::map<std::string, ActionState> Journal::LatestStates(int64_t run) {
  std::map<std::string, ActionState> latest;
  for (const auto& transition : Transitions(run)) latest[transition.action_id] = transition.state;
  return latest;
}

}  // namespace vcshift
