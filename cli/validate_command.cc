#include "cli/validate_command.h"

#include <iostream>
#include <memory>

#include "engine/json_writer.h"
#include "engine/validation.h"

namespace vcshift::cli {
namespace {

struct ValidateOptions {
  std::string file;
  bool json = false;
};

std::string Plural(size_t count, const std::string& word, const std::string& plural_suffix = "s") {
  return std::to_string(count) + " " + word + (count == 1 ? "" : plural_suffix);
}

std::string Summary(const DesiredState& state) {
  size_t clusters = 0, hosts = 0, switches = 0;
  for (const auto& dc : state.datacenters) {
    clusters += dc.clusters.size();
    switches += dc.distributed_switches.size();
    for (const auto& cluster : dc.clusters) hosts += cluster.hosts.size();
    hosts += dc.standalone_hosts.size();
  }
  return Plural(state.datacenters.size(), "datacenter") + ", " + Plural(clusters, "cluster") + ", " +
         Plural(hosts, "host") + ", " + Plural(switches, "distributed switch", "es");
}

void PrintJson(const ValidateOptions& options, const LoadResult& result) {
  size_t errors = 0;
  JsonWriter json;
  json.BeginObject().Key("file").String(options.file).Key("valid").Bool(result.state.has_value());
  json.Key("diagnostics").BeginArray();
  for (const auto& d : result.diagnostics) {
    errors += d.severity == Severity::Error;
    json.BeginObject()
        .Key("severity").String(d.severity == Severity::Error ? "error" : "warning")
        .Key("file").String(d.file)
        .Key("line").Int(d.location.line)
        .Key("column").Int(d.location.column)
        .Key("path").String(d.path)
        .Key("message").String(d.message)
        .EndObject();
  }
  json.EndArray();
  json.Key("errors").Int(static_cast<long long>(errors));
  json.Key("warnings").Int(static_cast<long long>(result.diagnostics.size() - errors));
  json.EndObject();
  std::cout << json.str() << "\n";
}

void PrintText(const ValidateOptions& options, const LoadResult& result) {
  size_t errors = 0;
  for (const auto& d : result.diagnostics) {
    errors += d.severity == Severity::Error;
    std::cerr << Format(d) << "\n";
  }
  if (result.state) {
    std::cout << options.file << " is valid: " << Summary(*result.state) << ".\n";
  } else {
    std::cerr << options.file << ": " << Plural(errors, "error") << ", "
              << Plural(result.diagnostics.size() - errors, "warning") << "\n";
  }
}

}  // namespace

void AddValidateCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* command = app.add_subcommand(
      "validate",
      "Check a desired-state file: YAML syntax, the schema, and references between objects.\n"
      "Never contacts a vCenter. Exit 0 when valid, 1 when not.");
  command->add_option("-f,--file", options->file, "The desired-state YAML file")->required();
  command->add_flag("--json", options->json, "Print the diagnostics as JSON (for editors and CI)");
  command->callback([options, &exit_code] {
    const LoadResult result = LoadDesiredState(options->file);
    if (options->json) {
      PrintJson(*options, result);
    } else {
      PrintText(*options, result);
    }
    exit_code = result.state ? 0 : 1;
  });
}

}  // namespace vcshift::cli
