#pragma once
// Driving the real `vcshift` binary against the simulated vCenters: the passwords go in
// through the environment, as a user's do, and every output is checked for them.

#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/support/command.h"
#include "tests/support/simulator.h"
#include "tests/support/temp_dir.h"

namespace vcshift::testing {

// The ESXi hosts' root password in the simulator's built-in worlds (docs/testing.md).
inline constexpr const char* kEsxiPassword = "esxi-root";

class LiveCli : public ::testing::Test {
 protected:
  // `world`: a world file, or "standard" for the built-in world on standard switches.
  explicit LiveCli(const std::string& world = "") : sim_(world) {}

  // `vcshift ARGUMENTS` with the simulator's passwords in the environment.
  CommandResult Vcshift(const std::string& arguments) {
    const std::string password = sim_.running() ? sim_.vcenter("source").password : "";
    const std::string env = "VCSHIFT_PASSWORD='" + password + "' VCSHIFT_SOURCE_PASSWORD='" + password +
                            "' VCSHIFT_TARGET_PASSWORD='" + password + "' VCSHIFT_ESXI_PASSWORD='" + kEsxiPassword + "' ";
    CommandResult result = RunCommand(env + VCSHIFT_BINARY + " " + arguments, dir_ / "stderr");
    if (!password.empty()) {
      EXPECT_EQ(result.out.find(password), std::string::npos) << "a password on standard output";
      EXPECT_EQ(result.err.find(password), std::string::npos) << "a password on standard error";
    }
    return result;
  }

  // `--url … --user … --thumbprint …` for one of the simulated vCenters.
  std::string Address(const std::string& name) const {
    const SimulatedVCenter& vc = sim_.vcenter(name);
    return "--url " + vc.url + " --user " + vc.user + " --thumbprint " + vc.thumbprint;
  }

  // A desired state whose connections reach the simulated vCenters (the target is the
  // source with `same_vcenter`), then `body`.
  std::string Desired(const std::string& body, bool same_vcenter = false, const std::string& name = "desired.yaml") {
    const SimulatedVCenter& source = sim_.vcenter("source");
    const SimulatedVCenter& target = sim_.vcenter("target");
    std::ofstream(dir_ / name) << "version: 1\nconnections:\n"
                               << "  source: {url: " << source.url << ", user: " << source.user << ", thumbprint: \""
                               << source.thumbprint << "\"}\n"
                               << (same_vcenter ? "  target: {same_as: source}\n"
                                                : "  target: {url: " + target.url + ", user: " + target.user +
                                                      ", thumbprint: \"" + target.thumbprint + "\"}\n")
                               << body;
    return dir_ / name;
  }

  // The referee's view of one simulated vCenter (`vcshift-sim snapshot`, through govmomi,
  // not vcshift), as canonical JSON.
  std::string Snapshot(const std::string& name) {
    const SimulatedVCenter& vc = sim_.vcenter(name);
    const CommandResult snap = RunCommand(Simulator::Binary() + " snapshot --insecure --url " + vc.url + " --user " +
                                              vc.user + " --password '" + vc.password + "'",
                                          dir_ / "snapshot.err");
    EXPECT_EQ(snap.exit_code, 0) << snap.err;
    return snap.out;
  }

  Simulator sim_;
  TempDir dir_{"vcshift-e2e"};
};

}  // namespace vcshift::testing
