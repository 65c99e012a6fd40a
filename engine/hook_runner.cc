#include "engine/hook_runner.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "engine/hook_process.h"
#include "engine/plan_changes.h"
#include "engine/render_json.h"
#include "engine/secrets.h"

namespace vcshift {
namespace {

// What a hook inherits of vcshift's environment: enough to find programs and speak the
// user's language, no more.
constexpr const char* kInherited[] = {"PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER", "LOGNAME"};

std::string Lines(const std::vector<std::string>& lines) { return planning::Join(lines, "\n"); }

}  // namespace

std::optional<std::vector<std::string>> HookEnvironment(const HookCall& call, const HookContext& context,
                                                        const std::string& action_id, int64_t run,
                                                        const std::string& plan_json, std::string& error) {
  std::vector<std::string> env;
  for (const char* name : kInherited) {
    if (const char* value = std::getenv(name)) env.push_back(std::string(name) + "=" + value);
  }
  const std::pair<const char*, std::string> own[] = {
      {"VCSHIFT_RUN_ID", std::to_string(run)},     {"VCSHIFT_ACTION_ID", action_id},
      {"VCSHIFT_HOOK", call.name},                 {"VCSHIFT_PHASE", call.phase},
      {"VCSHIFT_UNDO", call.undo ? "1" : "0"},     {"VCSHIFT_CLUSTER", call.cluster},
      {"VCSHIFT_HOSTS", planning::Join(call.hosts, ",")},    {"VCSHIFT_SOURCE_URL", context.source_url},
      {"VCSHIFT_TARGET_URL", context.target_url},  {"VCSHIFT_PLAN_JSON", plan_json},
  };
  for (const auto& [name, value] : own) env.push_back(std::string(name) + "=" + value);
  for (const auto& [name, ref] : call.env) {
    std::string missing;
    const auto value = ResolveSecret(ref, missing);
    if (!value) {
      error = "env " + name + ": " + missing;
      return std::nullopt;
    }
    env.push_back(name + "=" + *value);
  }
  return env;
}

HookRunner::HookRunner(ActionRunner& vcenters, HookContext context)
    : vcenters_(vcenters), context_(std::move(context)) {}

void HookRunner::BeginRun(int64_t run, const Plan& plan) {
  if (std::none_of(plan.actions.begin(), plan.actions.end(), [](const Action& a) { return IsHook(a); })) return;
  const auto directory = std::filesystem::path(context_.state_dir) / "hooks";
  const auto path = directory / ("run-" + std::to_string(run) + ".plan.json");
  std::error_code ignored;
  std::filesystem::create_directories(directory, ignored);
  std::ofstream(path, std::ios::trunc) << RenderJson(plan);
  std::lock_guard<std::mutex> lock(mutex_);
  run_ = run;
  plan_json_ = std::filesystem::absolute(path).string();
}

void HookRunner::SetInFlight(std::set<std::string> ids) {
  std::lock_guard<std::mutex> lock(mutex_);
  in_flight_ = std::move(ids);
}

ActionResult HookRunner::Run(const Action& action) {
  if (!IsHook(action)) return vcenters_.Run(action);
  std::string error;
  const auto call = HookCallOf(action, error);
  if (!call) return {ActionResult::Status::Failed, "InternalError", error, {}, false};
  bool was_running = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    was_running = in_flight_.erase(action.id) > 0;
  }
  if (was_running && !call->idempotent) {
    const std::string why = "it was running when vcshift stopped and is not run again (it may have done part of "
                            "its work; idempotent: true lets resume run it again)";
    if (context_.log) context_.log(action.id, why);
    ActionResult interrupted{ActionResult::Status::Failed, "HookInterrupted", why, {}, false};
    interrupted.outcome_unknown = true;
    return interrupted;
  }
  return RunHook(action, *call);
}

ActionResult HookRunner::RunHook(const Action& action, const HookCall& call) {
  int64_t run = 0;
  std::string plan_json;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    run = run_;
    plan_json = plan_json_;
  }
  std::string error;
  const auto env = HookEnvironment(call, context_, action.id, run, plan_json, error);
  if (!env) return {ActionResult::Status::Failed, "HookEnvironment", error, {}, false};
  const auto log = [&](const std::string& line) {
    if (context_.log) context_.log(action.id, line);
  };
  log("running " + ArgvParam(call.argv) + " in " + (context_.directory.empty() ? "." : context_.directory));
  ProcessSpec spec{call.argv, context_.directory, *env, std::chrono::seconds(call.timeout_seconds), context_.stop,
                   log};
  const ProcessOutcome outcome = RunProcess(spec);
  const std::string ended = Describe(outcome, spec.timeout);
  log(ended);
  if (outcome.ok()) {
    return {ActionResult::Status::Done, "", "", {{"exit_status", "0"}, {"output", Lines(outcome.last_lines)}}, false};
  }
  const std::string output = outcome.last_lines.empty() ? "" : "; last output:\n" + Lines(outcome.last_lines);
  ActionResult failed{ActionResult::Status::Failed, "HookFailed", ended + output, {}, false};
  // Stopped on request: in flight, for resume or rollback to settle, as a vCenter call
  // abandoned on a stop request is.
  failed.transient = outcome.end == ProcessOutcome::End::Stopped;
  return failed;
}

}  // namespace vcshift
