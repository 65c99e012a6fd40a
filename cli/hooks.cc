#include "cli/hooks.h"

#include <filesystem>

#include <spdlog/spdlog.h>

#include "cli/interrupt.h"

namespace vcshift::cli {

std::unique_ptr<HookRunner> MakeHookRunner(const DesiredState& desired, const std::string& desired_file,
                                           const std::string& state_dir, ActionRunner& vcenters) {
  const Connections& connections = desired.connections;
  HookContext context;
  context.source_url = connections.source.url;
  context.target_url = connections.target_is_source ? connections.source.url : connections.target.url;
  std::error_code ignored;
  context.directory = std::filesystem::absolute(std::filesystem::path(desired_file).parent_path(), ignored).string();
  context.state_dir = state_dir;
  context.stop = &StopRequest();
  context.log = [](const std::string& action_id, const std::string& line) { spdlog::info("{}: {}", action_id, line); };
  return std::make_unique<HookRunner>(vcenters, std::move(context));
}

std::set<std::string> HooksInFlight(Journal& journal, int64_t run) {
  std::set<std::string> ids;
  for (const auto& [id, state] : journal.LatestStates(run)) {
    if (id.starts_with("run_hook:") && (state == ActionState::Started || state == ActionState::Retrying)) ids.insert(id);
  }
  return ids;
}

}  // namespace vcshift::cli
