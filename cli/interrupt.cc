#include "cli/interrupt.h"

#include <csignal>
#include <unistd.h>

#include "cli/exit_codes.h"

namespace vcshift::cli {
namespace {

std::atomic<bool> stop_request{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

void OnSignal(int) {
  // Only async-signal-safe calls here: write(2), _exit(2) and a lock-free atomic.
  if (stop_request.exchange(true)) {
    constexpr char kNow[] = "\nvcshift: stopping now; the run can be resumed with vcshift resume\n";
    [[maybe_unused]] const auto written = write(STDERR_FILENO, kNow, sizeof kNow - 1);
    _exit(kExitKilled);
  }
  constexpr char kSoon[] =
      "\nvcshift: stopping: no new actions start, those in flight are abandoned (the journal keeps them for "
      "resume or rollback to check); Ctrl-C again to leave at once\n";
  [[maybe_unused]] const auto written = write(STDERR_FILENO, kSoon, sizeof kSoon - 1);
}

}  // namespace

std::atomic<bool>& StopRequest() { return stop_request; }

void StopOnInterrupt() {
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace vcshift::cli
