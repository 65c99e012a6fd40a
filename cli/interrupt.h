#pragma once
// Ctrl-C during a run: the first stops starting actions and lets those in flight finish,
// so the run ends resumable; the second exits at once (the journal already holds every
// step, so the run is still resumable).

#include <atomic>

namespace vcshift::cli {

// Installs the handler for SIGINT and SIGTERM; `stop` is set on the first signal.
void StopOnInterrupt(std::atomic<bool>& stop);

}  // namespace vcshift::cli
