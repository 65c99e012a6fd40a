#include "cli/logging.h"

#include <cstdlib>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace vcshift::cli {

void ConfigureLogging() {
  auto logger = spdlog::stderr_color_mt("vcshift");
  const char* level = std::getenv("VCSHIFT_LOG");
  logger->set_level(level ? spdlog::level::from_str(level) : spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

}  // namespace vcshift::cli
