#pragma once
// The options that name one vCenter on the command line: a side of a desired state
// (`-f desired.yaml --source|--target`) or an address (`--url URL --user USER` with
// `--insecure`, `--thumbprint T` or `--ca-file F`; the password from VCSHIFT_PASSWORD).

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "engine/live.h"

namespace vcshift::cli {

struct VCenterOptions {
  std::string file;
  bool source = false;
  bool target = false;
  std::string url;
  std::string user;
  bool insecure = false;
  std::string thumbprint;
  std::string ca_file;
};

void AddVCenterOptions(CLI::App& command, VCenterOptions& options);

// Whether the options name a vCenter at all (export also reads recorded inventories).
bool NamesVCenter(const VCenterOptions& options);

// The usage error CLI11 cannot see by itself, thrown as CLI::RequiredError (exit 64):
// -f without --source or --target. Called from the command's callback.
void RequireSide(const VCenterOptions& options);

// Logs in to the one vCenter the options name (its inventory is either side's); prints
// why not and returns nothing on failure. The options have passed RequireSide.
std::unique_ptr<LiveVCenters> ConnectTo(const VCenterOptions& options);

}  // namespace vcshift::cli
