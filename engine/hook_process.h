#pragma once
// Running one hook's command as a child process: argv without a shell, in a directory,
// with exactly the environment given; its own process group, killed whole on a timeout
// or a stop request; stdout and stderr merged, each line handed to a sink as it comes
// and the last few kept. The child gets SIGKILL should the thread that started it die
// (vcshift killed: the hook does not run on unseen; resume reports it).

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace vcshift {

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0]: a path (relative to `directory`), or a name looked up in PATH
  std::string directory;          // where it runs; "" : here
  std::vector<std::string> env;   // NAME=value, the whole environment
  std::chrono::seconds timeout{600};
  const std::atomic<bool>* stop = nullptr;  // set: the process group is killed
  std::function<void(const std::string& line)> on_line;  // each line of output
};

struct ProcessOutcome {
  enum class End { Exited, Signalled, TimedOut, Stopped, NotStarted };
  End end = End::NotStarted;
  int code = 0;        // Exited: the exit status; Signalled: the signal
  std::string error;   // NotStarted: why
  std::vector<std::string> last_lines;  // the last kLastLines lines of output
  bool ok() const { return end == End::Exited && code == 0; }
};

inline constexpr size_t kLastLines = 10;

ProcessOutcome RunProcess(const ProcessSpec& spec);

// How `outcome` ended, for a person: "exit status 3", "timed out after 5 s (process
// group killed)", ...
std::string Describe(const ProcessOutcome& outcome, std::chrono::seconds timeout);

}  // namespace vcshift
