#include "cli/logging.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace vcshift::cli {
namespace {

constexpr size_t kLogFileBytes = 5 * 1024 * 1024;
constexpr size_t kLogFilesKept = 3;

}  // namespace

void ConfigureLogging() {
  auto logger = spdlog::stderr_color_mt("vcshift");
  const char* level = std::getenv("VCSHIFT_LOG");
  logger->set_level(level ? spdlog::level::from_str(level) : spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

void LogToStateDir(const std::string& state_dir) {
  const auto logger = spdlog::default_logger();
  const std::string path = (std::filesystem::path(state_dir) / kLogFileName).string();
  std::shared_ptr<spdlog::sinks::rotating_file_sink_mt> file;
  try {
    std::filesystem::create_directories(state_dir);
    file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(path, kLogFileBytes, kLogFilesKept);
  } catch (const std::exception& error) {
    spdlog::warn("no log file {}: {}", path, error.what());
    return;
  }
  // The logger lets through what either sink wants; each sink keeps its own level.
  const spdlog::level::level_enum stderr_level = logger->level();
  for (auto& sink : logger->sinks()) sink->set_level(stderr_level);
  file->set_level(spdlog::level::debug);
  file->set_formatter(std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%eZ %l [%P:%t] %v",
                                                                   spdlog::pattern_time_type::utc));
  logger->sinks().push_back(file);
  logger->set_level(std::min(stderr_level, spdlog::level::debug));
  // Every line reaches the file at once, so a killed run leaves its last lines behind.
  logger->flush_on(spdlog::level::debug);
  spdlog::debug("vcshift {} (pid {}): logging to {}", VCSHIFT_VERSION, ::getpid(), path);
}

}  // namespace vcshift::cli
