#pragma once
// Ctrl-C or SIGTERM during a run: the first stops it within seconds, wherever it is (no
// new action starts; calls in flight, retries and task waits are abandoned; a rollback
// stops too), and the run ends resumable; the second exits at once (the journal already
// holds every step, so the run is still resumable). A supervisor's SIGTERM is honoured
// long before its SIGKILL.

#include <atomic>

namespace vcshift::cli {

// The process's stop request: set by the first SIGINT or SIGTERM once StopOnInterrupt
// has run. Lives as long as the process, so the signal handler and the vCenter sessions
// may hold on to it.
std::atomic<bool>& StopRequest();

// Installs the handler for SIGINT and SIGTERM.
void StopOnInterrupt();

}  // namespace vcshift::cli
