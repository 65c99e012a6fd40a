#include "cli/vcenter_options.h"

#include "cli/print_diagnostics.h"
#include "engine/validation.h"
#include "providers/vsphere/connect.h"

namespace vcshift::cli {
namespace {

std::unique_ptr<LiveVCenters> ConnectToEndpoint(const VCenterEndpoint& endpoint, const std::string& file) {
  Diagnostics diagnostics;
  const auto connect = vsphere::OptionsFor(endpoint, file, diagnostics);
  auto live = connect ? vsphere::Connect(*connect, diagnostics) : nullptr;
  PrintDiagnostics(diagnostics);
  return live;
}

}  // namespace

void AddVCenterOptions(CLI::App& command, VCenterOptions& options) {
  auto* file = command.add_option("-f,--file", options.file, "A desired state: its --source or --target vCenter");
  auto* source = command.add_flag("--source", options.source, "The desired state's source vCenter");
  auto* target = command.add_flag("--target", options.target, "The desired state's target vCenter");
  auto* url = command.add_option("--url", options.url, "A vCenter's address, e.g. https://vc.example.com");
  auto* user = command.add_option("--user", options.user, "The user for --url (password: VCSHIFT_PASSWORD); export also writes it");
  auto* insecure = command.add_flag("--insecure", options.insecure, "Accept any certificate (labs only)");
  auto* thumbprint = command.add_option("--thumbprint", options.thumbprint, "Trust the certificate with this SHA-256 or SHA-1 thumbprint");
  auto* ca_file = command.add_option("--ca-file", options.ca_file, "Trust certificates signed by this PEM bundle");
  source->needs(file)->excludes(target);
  target->needs(file);
  url->excludes(file)->needs(user);
  insecure->needs(url)->excludes(thumbprint)->excludes(ca_file);
  thumbprint->needs(url)->excludes(ca_file);
  ca_file->needs(url);
}

bool NamesVCenter(const VCenterOptions& options) { return !options.url.empty() || !options.file.empty(); }

void RequireSide(const VCenterOptions& options) {
  if (!options.file.empty() && !options.source && !options.target) {
    throw CLI::RequiredError("--source or --target (which vCenter of " + options.file + ")");
  }
}

std::unique_ptr<LiveVCenters> ConnectTo(const VCenterOptions& options) {
  if (!options.url.empty()) {
    // As for a desired state's defaults, the password comes from the environment.
    VCenterEndpoint endpoint;
    endpoint.url = options.url;
    endpoint.user = options.user;
    endpoint.password.env = "VCSHIFT_PASSWORD";
    endpoint.ca_file = options.ca_file;
    endpoint.thumbprint = options.thumbprint;
    endpoint.insecure = options.insecure;
    return ConnectToEndpoint(endpoint, "");
  }
  LoadResult desired = LoadDesiredState(options.file);
  PrintDiagnostics(desired.diagnostics);
  if (!desired.state) return nullptr;
  const Connections& connections = desired.state->connections;
  const bool target = options.target && !connections.target_is_source;
  return ConnectToEndpoint(target ? connections.target : connections.source, desired.state->file);
}

}  // namespace vcshift::cli
