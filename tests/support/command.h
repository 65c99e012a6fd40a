#pragma once
// Runs a command line as a user would and collects what it printed.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

namespace vcshift::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;  // empty when stderr was merged into `out`
};

// `command` through the shell. With `err_file`, stderr goes there and into `err`;
// without, it is merged into `out` as a terminal shows it.
inline CommandResult RunCommand(const std::string& command, const std::string& err_file = "") {
  CommandResult result;
  FILE* pipe = popen((command + (err_file.empty() ? " 2>&1" : " 2>" + err_file)).c_str(), "r");
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (!err_file.empty()) {
    std::ifstream in(err_file);
    result.err.assign(std::istreambuf_iterator<char>(in), {});
  }
  return result;
}

}  // namespace vcshift::testing
