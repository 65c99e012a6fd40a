#include "engine/hook_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <optional>

namespace vcshift {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kPollSlice = std::chrono::milliseconds(100);
// After the child exits, how long output still held open by its own children is read.
constexpr auto kDrainAfterExit = std::chrono::seconds(1);
constexpr size_t kMaxLineBytes = 4096;
constexpr unsigned kCloseRangeCloexec = 1U << 2;  // CLOSE_RANGE_CLOEXEC, Linux 5.11

// argv[0] as execve takes it: a path as written (relative to the child's directory),
// or the first executable of that name on the child's PATH. Resolved before fork: the
// child of a threaded process may only make async-signal-safe calls.
std::optional<std::string> Program(const ProcessSpec& spec) {
  const std::string& name = spec.argv.front();
  if (name.find('/') != std::string::npos) return name;
  std::string path = "/usr/local/bin:/usr/bin:/bin";
  for (const auto& entry : spec.env) {
    if (entry.starts_with("PATH=")) path = entry.substr(5);
  }
  size_t start = 0;
  while (start <= path.size()) {
    const size_t colon = std::min(path.find(':', start), path.size());
    const std::string candidate = path.substr(start, colon - start) + "/" + name;
    if (colon > start && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = colon + 1;
  }
  return std::nullopt;
}

std::vector<char*> Pointers(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (const auto& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// Lines of output as they come: each handed on and the last few kept.
class Lines {
 public:
  explicit Lines(const ProcessSpec& spec) : spec_(spec) {}
  void Add(const char* data, size_t size) {
    for (size_t i = 0; i < size; ++i) {
      if (data[i] == '\n' || partial_.size() >= kMaxLineBytes) {
        Emit();
        if (data[i] == '\n') continue;
      }
      partial_ += data[i];
    }
  }
  std::vector<std::string> Finish() {
    if (!partial_.empty()) Emit();
    return {last_.begin(), last_.end()};
  }

 private:
  void Emit() {
    if (spec_.on_line) spec_.on_line(partial_);
    last_.push_back(std::move(partial_));
    if (last_.size() > kLastLines) last_.pop_front();
    partial_.clear();
  }
  const ProcessSpec& spec_;
  std::string partial_;
  std::deque<std::string> last_;
};

// Kills the whole group: the command and whatever it started.
void KillGroup(pid_t pid) {
  ::kill(-pid, SIGKILL);
}

}  // namespace

ProcessOutcome RunProcess(const ProcessSpec& spec) {
  ProcessOutcome outcome;
  if (spec.argv.empty()) {
    outcome.error = "no command";
    return outcome;
  }
  const auto program = Program(spec);
  if (!program) {
    outcome.error = "'" + spec.argv.front() + "' is not an executable on the hook's PATH";
    return outcome;
  }
  auto argv = Pointers(spec.argv);
  auto envp = Pointers(spec.env);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    outcome.error = std::string("pipe: ") + std::strerror(errno);
    return outcome;
  }
  // Why exec failed, written by the child through a close-on-exec pipe: nothing when it ran.
  int exec_fds[2];
  if (::pipe2(exec_fds, O_CLOEXEC) != 0) {
    outcome.error = std::string("pipe: ") + std::strerror(errno);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    return outcome;
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before the line above
    const int null = ::open("/dev/null", O_RDONLY);
    ::dup2(null, 0);
    ::dup2(pipe_fds[1], 1);
    ::dup2(pipe_fds[1], 2);
    // vcshift's own descriptors (the journal, vCenter connections) are not the hook's.
    ::syscall(SYS_close_range, 3U, ~0U, kCloseRangeCloexec);
    ::signal(SIGPIPE, SIG_DFL);
    ::signal(SIGXFSZ, SIG_DFL);
    int failure = 0;
    if (!spec.directory.empty() && ::chdir(spec.directory.c_str()) != 0) failure = errno;
    if (failure == 0) {
      ::execve(program->c_str(), argv.data(), envp.data());
      failure = errno;
    }
    (void)!::write(exec_fds[1], &failure, sizeof failure);
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  ::close(exec_fds[1]);
  if (pid < 0) {
    outcome.error = std::string("fork: ") + std::strerror(errno);
    ::close(pipe_fds[0]);
    ::close(exec_fds[0]);
    return outcome;
  }
  ::setpgid(pid, pid);  // as the child does: whichever runs first, the group exists before a kill
  int failure = 0;
  const bool exec_failed = ::read(exec_fds[0], &failure, sizeof failure) == sizeof failure;
  ::close(exec_fds[0]);

  Lines lines(spec);
  const auto deadline = Clock::now() + spec.timeout;
  std::optional<Clock::time_point> exited_at;
  bool open = true;  // the output pipe: a child's own children may hold it past its exit
  int status = 0;
  bool reaped = false;
  for (;;) {
    if (!reaped && ::waitpid(pid, &status, WNOHANG) == pid) {
      reaped = true;
      exited_at = Clock::now();
    }
    if (reaped && (!open || Clock::now() - *exited_at > kDrainAfterExit)) break;
    if (!reaped && Clock::now() >= deadline) {
      outcome.end = ProcessOutcome::End::TimedOut;
      break;
    }
    if (!reaped && spec.stop && spec.stop->load()) {
      outcome.end = ProcessOutcome::End::Stopped;
      break;
    }
    pollfd readable{pipe_fds[0], POLLIN, 0};
    if (!open) {
      ::poll(nullptr, 0, 20);
    } else if (::poll(&readable, 1, static_cast<int>(kPollSlice.count())) > 0) {
      char buffer[4096];
      const ssize_t got = ::read(pipe_fds[0], buffer, sizeof buffer);
      if (got > 0) lines.Add(buffer, static_cast<size_t>(got));
      if (got == 0) open = false;
    }
  }
  ::close(pipe_fds[0]);
  const bool ok = reaped && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!ok) KillGroup(pid);  // a failure leaves nothing of it running
  if (!reaped) ::waitpid(pid, &status, 0);
  outcome.last_lines = lines.Finish();
  if (exec_failed) {
    outcome.end = ProcessOutcome::End::NotStarted;
    outcome.error = "cannot run '" + spec.argv.front() + "': " + std::strerror(failure);
  } else if (reaped) {
    outcome.end = WIFEXITED(status) ? ProcessOutcome::End::Exited : ProcessOutcome::End::Signalled;
    outcome.code = WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status);
  }
  return outcome;
}

std::string Describe(const ProcessOutcome& outcome, std::chrono::seconds timeout) {
  switch (outcome.end) {
    case ProcessOutcome::End::Exited: return "exit status " + std::to_string(outcome.code);
    case ProcessOutcome::End::Signalled: return "killed by signal " + std::to_string(outcome.code);
    case ProcessOutcome::End::TimedOut:
      return "timed out after " + std::to_string(timeout.count()) + " s (process group killed)";
    case ProcessOutcome::End::Stopped: return "stopped on request (process group killed)";
    case ProcessOutcome::End::NotStarted: return outcome.error;
  }
  return outcome.error;
}

}  // namespace vcshift
