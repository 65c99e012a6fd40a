#include "tests/support/simulator.h"

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <atomic>
#include <stdexcept>

namespace vcshift::testing {
namespace {

std::filesystem::path FreshStateDir() {
  static std::atomic<int> counter{0};
  auto dir = std::filesystem::temp_directory_path() /
             ("vcshift-sim-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

std::string Simulator::Binary() { return VCSHIFT_SIM_BINARY; }

bool Simulator::Built() { return access(Binary().c_str(), X_OK) == 0; }

Simulator::Simulator(const std::string& world_file, std::chrono::seconds timeout) {
  if (!Built()) {
    error_ = Binary() + " is not built";
    return;
  }
  state_dir_ = FreshStateDir();
  std::vector<std::string> argv = {Binary(), "serve", "--state-dir", state_dir_.string()};
  if (!world_file.empty()) argv.insert(argv.end(), {"--world", world_file});
  process_ = std::make_unique<ChildProcess>(argv);
  std::string why;
  const std::string line = process_->ReadLine(timeout, why);
  if (line.empty()) {
    error_ = "vcshift-sim serve: " + why;
    return;
  }
  try {
    for (const auto& node : YAML::Load(line)["vcenters"]) {
      SimulatedVCenter vc{node["name"].as<std::string>(),       node["url"].as<std::string>(),
                          node["user"].as<std::string>(),       node["password"].as<std::string>(),
                          node["thumbprint"].as<std::string>(), node["control"].as<std::string>()};
      vcenters_[vc.name] = vc;
    }
  } catch (const std::exception& e) {
    error_ = "unreadable ready line from vcshift-sim: " + line + " (" + e.what() + ")";
  }
}

Simulator::~Simulator() {
  process_.reset();  // SIGTERM; its vCenter processes end with it
  if (!state_dir_.empty()) std::filesystem::remove_all(state_dir_);
}

const SimulatedVCenter& Simulator::vcenter(const std::string& name) const {
  const auto found = vcenters_.find(name);
  if (found == vcenters_.end()) throw std::out_of_range("the simulator has no vCenter named " + name);
  return found->second;
}

}  // namespace vcshift::testing
