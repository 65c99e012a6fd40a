#pragma once
// EVC baselines: whether a host's CPU can run in a cluster's EVC mode.

#include <string>

namespace vcshift {

// True when a host whose newest supported baseline is `host_max_mode` can join a
// cluster in `mode`: same CPU vendor, and `mode` no newer than what the host supports.
bool EvcModeSupported(const std::string& mode, const std::string& host_max_mode);

}  // namespace vcshift
