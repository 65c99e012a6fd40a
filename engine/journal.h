#pragma once
// The journal: an embedded SQLite database (.vcshift/state.db) recording every run and
// every action's transitions, with times, errors and the values an inverse needs. Each
// record is committed before the call it announces and after the result it reports
// (WAL, synchronous=FULL), so a crash at any instant loses nothing. A lock row refuses a
// second concurrent apply against the same target, naming its holder. A write that fails
// (a full disk, the file deleted or replaced under the run) is returned as a value: the
// executor stops the run and rolls back from what it holds in memory.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/diagnostic.h"

struct sqlite3;

namespace vcshift {

// Retrying: a transient failure, the action runs again after a backoff.
enum class ActionState { Planned, Started, Retrying, Succeeded, Failed, RolledBack, Skipped };
const char* ActionStateName(ActionState state);

struct Transition {
  std::string action_id;
  ActionState state = ActionState::Planned;
  std::string at;  // UTC, ISO 8601
  std::string error;
  std::map<std::string, std::string> captured;  // prior values learnt while running
};

struct RunRecord {
  int64_t id = 0;
  std::string kind;  // apply, rollback
  std::string target;
  std::string started_at;
  std::string ended_at;
  std::string outcome;  // "" while running or interrupted
  std::string plan_json;
  int64_t parent = 0;  // the run a rollback undoes
  // The desired state the run was made from (it holds no secrets, only where they are):
  // how resume and rollback reconnect to the vCenters.
  std::string desired_file;
  std::string desired_text;
};

// Who holds a lock: the journal's row for a target, or the lock in the target vCenter
// itself (providers/vsphere/target_lock.h), which also names the run and when its holder
// last said it was alive.
struct LockHolder {
  int pid = 0;
  std::string host;
  std::string since;
  int64_t run = 0;         // the holder's run in its own journal; 0 when not known
  std::string refreshed;   // the vCenter lock: UTC, ISO 8601; "" for the journal's
  // A process of this machine that no longer runs (killed, crashed): its lock is stale.
  bool Gone() const;
};

// This process as a lock holder for `run`, since now.
LockHolder ThisProcess(int64_t run);
// The current UTC time, ISO 8601 with milliseconds: the journal's timestamps.
std::string UtcNow();

// What SQLite said when the journal could not be read or written (a full disk, a damaged
// page): the message, without the file's name, which the catcher knows.
class JournalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// How a journal write went: committed, or why not, naming the file. `file_gone`: the
// journal's path no longer names the file the run writes (deleted or replaced), so
// nothing of this run can be read back from it.
struct JournalWrite {
  std::string error;  // "" when committed
  bool file_gone = false;
  bool ok() const { return error.empty(); }
};

class Journal {
 public:
  // Opens or creates the journal at `path`; a corrupt or unreadable file is an error.
  static std::unique_ptr<Journal> Open(const std::string& path, Diagnostics& diagnostics);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Takes the lock for `target`; when another process holds it, says who.
  std::optional<LockHolder> Lock(const std::string& target);
  JournalWrite Unlock(const std::string& target);
  // Who holds the lock for `target`, if anyone.
  std::optional<LockHolder> Holder(const std::string& target);
  // The number the next run will get; with the lock held, no other run takes it.
  int64_t NextRunId();
  // Clears a lock left by a process that died (`vcshift force-unlock`).
  bool ForceUnlock(const std::string& target);

  int64_t BeginRun(const std::string& kind, const std::string& target, const std::string& plan_json,
                   int64_t parent = 0);
  // Commits one transition. Safe from several threads at once: what arrives while another
  // thread commits waits and goes in the next transaction, one disk sync for all of them
  // (group commit); each call returns once its own transition is committed. Each commit
  // also checks that the journal's path still names the file opened.
  JournalWrite Record(int64_t run, const Transition& transition);
  // Commits several transitions of a run in one transaction.
  JournalWrite Record(int64_t run, const std::vector<Transition>& transitions);
  void SetDesired(int64_t run, const std::string& file, const std::string& text);
  JournalWrite EndRun(int64_t run, const std::string& outcome);
  // Marks an interrupted run as running again (`vcshift resume`).
  void ReopenRun(int64_t run);

  std::vector<RunRecord> Runs();
  std::optional<RunRecord> Run(int64_t id);
  std::vector<Transition> Transitions(int64_t run);
  // The latest state of each action of a run.
  std::map<std::string, ActionState> LatestStates(int64_t run);

 private:
  Journal(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  void Exec(const std::string& sql);
  void Insert(int64_t run, const Transition& transition);
  // Holds the file open and notes its identity (see file_).
  bool HoldFile();
  // Runs `write` in a transaction, then checks the file: what Record and EndRun commit.
  JournalWrite Commit(const std::function<void()>& write);
  // "" while the journal's path names the file opened; else what became of it.
  std::string FileChanged() const;

  sqlite3* db_;
  const std::string path_;
  // The journal's file, held open so that its inode number cannot be given to a file
  // that replaces it; compared with what the path names at each commit. O_PATH: closing
  // an ordinary descriptor of a file drops every POSIX lock the process holds on it,
  // SQLite's included (another connection to the same file may be open); Linux's
  // filp_close skips that for an O_PATH descriptor, which fstat still reads.
  int file_ = -1;
  uint64_t device_ = 0, inode_ = 0;
  // Once the file is found deleted or replaced, nothing more is written through this
  // connection (its WAL could land in the file that took the path). Commits run one at a
  // time (Record's group commit; EndRun once no pass runs), so this needs no lock.
  std::string file_gone_;
  // Group commit of Record: the transitions waiting, how many were queued and committed
  // so far, whether a thread is committing.
  std::mutex group_mutex_;
  std::condition_variable group_committed_;
  std::vector<std::pair<int64_t, Transition>> queued_;
  uint64_t queued_count_ = 0;
  uint64_t committed_count_ = 0;
  bool committing_ = false;
  struct Failure {
    JournalWrite write;
    uint64_t after = 0, through = 0;  // the counts it concerns: (after, through]
  } group_failure_;
};

}  // namespace vcshift
