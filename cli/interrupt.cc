#include "cli/interrupt.h"

#include <csignal>
#include <unistd.h>

#include "cli/exit_codes.h"

namespace vcshift::cli {
namespace {

std::atomic<bool>* stop_flag = nullptr;

void OnSignal(int) {
  // Only async-signal-safe calls here: write(2) and _exit(2).
  if (stop_flag->exchange(true)) {
    constexpr char kNow[] = "\nvcshift: stopping now; the run can be resumed with vcshift resume\n";
    [[maybe_unused]] const auto written = write(STDERR_FILENO, kNow, sizeof kNow - 1);
    _exit(kExitKilled);
  }
  constexpr char kSoon[] =
      "\nvcshift: stopping: no new actions start, those running finish (Ctrl-C again to leave at once)\n";
  [[maybe_unused]] const auto written = write(STDERR_FILENO, kSoon, sizeof kSoon - 1);
}

}  // namespace

void StopOnInterrupt(std::atomic<bool>& stop) {
  stop_flag = &stop;
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace vcshift::cli
