#pragma once
// Connecting to the vCenters a desired state or a command line names: passwords
// resolved from where the desired state says (never from the YAML itself), certificates
// checked as it says, one session per vCenter.

#include <atomic>
#include <memory>
#include <optional>

#include "engine/desired_state.h"
#include "engine/diagnostic.h"
#include "engine/live.h"
#include "providers/vsphere/options.h"

namespace vcshift::vsphere {

// Logs in to the source and target of `desired` (one session when the target is the
// source); nothing, with the reasons in `diagnostics`, when either cannot be reached.
// `parallel_calls`: how many calls may be made at once (apply's --parallelism); each
// session keeps up to that many keep-alive connections (at least the default), opened
// as they are needed, so that parallel actions never queue for a connection. `stop`:
// the process's stop request (ConnectOptions::stop), when it has one.
std::unique_ptr<LiveVCenters> Connect(const DesiredState& desired, Diagnostics& diagnostics, int parallel_calls = 0,
                                      const std::atomic<bool>* stop = nullptr);

// Logs in to one vCenter; its inventory is both sides.
std::unique_ptr<LiveVCenters> Connect(const ConnectOptions& options, Diagnostics& diagnostics);

// How to reach one endpoint of a desired state; nothing when its password cannot be
// resolved.
std::optional<ConnectOptions> OptionsFor(const VCenterEndpoint& endpoint, const std::string& file,
                                         Diagnostics& diagnostics);

}  // namespace vcshift::vsphere
