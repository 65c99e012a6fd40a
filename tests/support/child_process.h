#pragma once
// A helper program a test starts and talks to through its stdout: started with fork and
// execv (no shell), its first line read with a timeout, stopped with SIGTERM (then
// SIGKILL) when the test is done.

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace vcshift::testing {

class ChildProcess {
 public:
  explicit ChildProcess(std::vector<std::string> argv);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // The first line the child prints, without its newline; "" with `error` set when it
  // printed none in time or ended first.
  std::string ReadLine(std::chrono::milliseconds timeout, std::string& error);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int out_ = -1;  // kept open so that a late write never meets a closed pipe
};

}  // namespace vcshift::testing
