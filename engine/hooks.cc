#include "engine/hooks.h"

#include <map>
#include <regex>
#include <set>

#include <yaml-cpp/yaml.h>

#include "engine/action_kinds.h"
#include "engine/json_writer.h"

namespace vcshift {
namespace {

constexpr const char* kEnvPrefix = "env.";

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    const size_t comma = text.find(',', start);
    const size_t end = comma == std::string::npos ? text.size() : comma;
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Diagnostic Error(const DesiredState& state, SourceLocation location, std::string path, std::string message) {
  return {Severity::Error, state.file, location, std::move(path), std::move(message)};
}

}  // namespace

bool IsCritical(const HookSpec& hook) { return hook.critical.value_or(hook.phase == kBeforeHostsLeave); }

std::string ArgvParam(const std::vector<std::string>& argv) {
  JsonWriter json;
  json.BeginArray();
  for (const auto& arg : argv) json.String(arg);
  json.EndArray();
  return std::move(json).str();
}

std::optional<std::vector<std::string>> ArgvFromParam(const std::string& text) {
  try {
    const YAML::Node node = YAML::Load(text);  // JSON is YAML's flow style
    if (!node.IsSequence() || node.size() == 0) return std::nullopt;
    std::vector<std::string> argv;
    for (const auto& item : node) {
      if (!item.IsScalar()) return std::nullopt;
      argv.push_back(item.Scalar());
    }
    return argv;
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
}

std::string SecretParam(const SecretRef& ref) {
  if (!ref.env.empty()) return "{env: " + ref.env + "}";
  return "{file: " + ref.file + ", key: " + ref.key + "}";
}

std::optional<SecretRef> SecretFromParam(const std::string& text) {
  static const std::regex env(R"(\{env: ([A-Za-z_][A-Za-z0-9_]*)\})");
  static const std::regex file(R"(\{file: (.+), key: ([^,]+)\})");
  std::smatch match;
  if (std::regex_match(text, match, env)) return SecretRef{match[1], "", ""};
  if (std::regex_match(text, match, file)) return SecretRef{"", match[1], match[2]};
  return std::nullopt;
}

bool IsHook(const Action& action) { return action.kind == ActionKind::RunHook || action.kind == ActionKind::UndoHook; }

std::optional<HookCall> HookCallOf(const Action& action, std::string& error) {
  if (!IsHook(action)) {
    error = action.id + " does not run a hook";
    return std::nullopt;
  }
  HookCall call;
  call.undo = action.kind == ActionKind::UndoHook;
  call.name = ParamOf(action, "name");
  call.phase = ParamOf(action, "phase");
  call.cluster = ParamOf(action, "cluster");
  call.hosts = Split(ParamOf(action, "hosts"));
  call.idempotent = ParamOf(action, "idempotent") == "true";
  const auto argv = ArgvFromParam(ParamOf(action, "run"));
  if (!argv) {
    error = action.id + ": param 'run' is not a JSON array of arguments";
    return std::nullopt;
  }
  call.argv = *argv;
  try {
    call.timeout_seconds = std::stoi(ParamOf(action, "timeout_seconds"));
  } catch (const std::exception&) {
    error = action.id + ": param 'timeout_seconds' is not a number";
    return std::nullopt;
  }
  for (const auto& [key, value] : action.params) {
    if (!key.starts_with(kEnvPrefix)) continue;
    const auto ref = SecretFromParam(value);
    if (!ref) {
      error = action.id + ": param '" + key + "' names no environment variable or file";
      return std::nullopt;
    }
    call.env.emplace_back(key.substr(std::string(kEnvPrefix).size()), *ref);
  }
  return call;
}

void CheckHooks(const DesiredState& state, Diagnostics& out) {
  std::set<std::string> clusters;
  std::set<std::string> hosts;
  for (const auto& dc : state.datacenters) {
    for (const auto& cluster : dc.clusters) {
      clusters.insert(dc.name + "/" + cluster.name);
      for (const auto& host : cluster.hosts) hosts.insert(host.value);
    }
    for (const auto& host : dc.standalone_hosts) hosts.insert(host.name.value);
  }
  std::map<std::string, int> first_line;
  for (size_t i = 0; i < state.hooks.size(); ++i) {
    const HookSpec& hook = state.hooks[i];
    const std::string path = "hooks[" + std::to_string(i) + "]";
    if (const auto [it, inserted] = first_line.emplace(hook.name.value, hook.location.line); !inserted) {
      out.push_back(Error(state, hook.name.location, path + ".name",
                          "hook '" + hook.name.value + "' is named twice (first at line " +
                              std::to_string(it->second) + ")"));
    }
    if (!hook.scope_cluster.value.empty() && !clusters.count(hook.scope_cluster.value)) {
      out.push_back(Error(state, hook.scope_cluster.location, path + ".scope.cluster",
                          "hook '" + hook.name.value + "' is scoped to cluster '" + hook.scope_cluster.value +
                              "', which no datacenter of this file lists (write it DC/Cluster)"));
    }
    for (const auto& host : hook.scope_hosts) {
      if (!hosts.count(host.value)) {
        out.push_back(Error(state, host.location, path + ".scope.hosts",
                            "hook '" + hook.name.value + "' is scoped to host '" + host.value +
                                "', which no cluster or standalone_hosts of this file lists"));
      }
    }
    static const std::regex variable("[A-Za-z_][A-Za-z0-9_]*");
    for (const auto& [name, ref] : hook.env) {
      if (!std::regex_match(name, variable)) {
        out.push_back(Error(state, hook.location, path + ".env." + name,
                            "an environment variable name is letters, digits and _"));
      }
    }
    if (IsCritical(hook) && hook.undo.empty() && !hook.undo_none) {
      out.push_back(Error(state, hook.location, path + ".undo",
                          "critical hook '" + hook.name.value + "' has no undo: a failure rolls the run back, "
                          "and a rollback must undo it too; write undo: [...], or undo: none if nothing undoes it"));
    }
  }
}

}  // namespace vcshift
