#pragma once
// The simulated vCenters for end-to-end tests: starts `vcshift-sim serve` with a fresh
// state directory, reads the one JSON line it prints once every vCenter answers, and
// stops it with SIGTERM when the test ends. Tests that need it begin with
// VCSHIFT_REQUIRE_SIMULATOR(sim): skipped, saying why, when vcshift-sim is not built.

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "tests/support/child_process.h"

namespace vcshift::testing {

struct SimulatedVCenter {
  std::string name;
  std::string url;  // https://127.0.0.1:PORT/sdk
  std::string user;
  std::string password;
  std::string thumbprint;  // SHA-256 of its self-signed certificate
  std::string control;     // http://127.0.0.1:PORT: fault injection and the call log
};

class Simulator {
 public:
  explicit Simulator(const std::string& world_file = "", std::chrono::seconds timeout = std::chrono::seconds(60));
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  static std::string Binary();  // the vcshift-sim CMake builds (VCSHIFT_SIM_BINARY)
  static bool Built();

  bool running() const { return error_.empty(); }
  const std::string& error() const { return error_; }  // why it is not running
  const SimulatedVCenter& vcenter(const std::string& name) const;

 private:
  std::filesystem::path state_dir_;
  std::unique_ptr<ChildProcess> process_;
  std::string error_;
  std::map<std::string, SimulatedVCenter> vcenters_;
};

}  // namespace vcshift::testing

#define VCSHIFT_REQUIRE_SIMULATOR(sim)                                                            \
  do {                                                                                            \
    if (!::vcshift::testing::Simulator::Built())                                                  \
      GTEST_SKIP() << "needs the simulated vCenters: " << ::vcshift::testing::Simulator::Binary() \
                   << " is not built (ninja -C build vcshift-sim)";                               \
    ASSERT_TRUE((sim).running()) << (sim).error();                                                \
  } while (false)
