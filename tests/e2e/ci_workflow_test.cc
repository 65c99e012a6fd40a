// examples/ci/vcshift-plan.yml, the pull-request workflow: its own Validate and Plan steps,
// read from the file and run by bash as the CI runner would, against the simulated
// vCenters. What they leave (plan.md, the step output) is what the Comment step posts.

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "tests/e2e/live_cli.h"

namespace vcshift::testing {
namespace {

class CiWorkflow : public LiveCli {
 protected:
  // The `run:` script of the step called `name`.
  static std::string Step(const std::string& name) {
    const YAML::Node workflow = YAML::LoadFile(VCSHIFT_SOURCE_DIR "/examples/ci/vcshift-plan.yml");
    for (const auto& step : workflow["jobs"]["plan"]["steps"]) {
      if (step["name"] && step["name"].as<std::string>() == name) return step["run"].as<std::string>();
    }
    ADD_FAILURE() << "no step " << name;
    return "false";
  }

  // Runs a step's script in the checkout (dir_), with vcshift on PATH and the passwords
  // in the environment, as the workflow's `env:` gives them.
  CommandResult RunStep(const std::string& name, const std::string& desired) {
    std::ofstream(dir_ / "step.sh") << Step(name);
    const std::string password = sim_.vcenter("source").password;
    const std::string bin = std::filesystem::path(VCSHIFT_BINARY).parent_path().string();
    return RunCommand("cd " + dir_.path().string() + " && PATH=" + bin + ":$PATH DESIRED=" + desired +
                          " GITHUB_OUTPUT=" + (dir_ / "github_output") + " VCSHIFT_SOURCE_PASSWORD='" + password +
                          "' VCSHIFT_TARGET_PASSWORD='" + password + "' VCSHIFT_ESXI_PASSWORD=" + kEsxiPassword +
                          " bash -e step.sh",
                      dir_ / "step.err");
  }

  std::string Read(const std::string& name) {
    std::ifstream in(dir_ / name);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
};

TEST_F(CiWorkflow, ValidateThenPlanLeaveTheMarkdownCommentAndSayThatThereAreChanges) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired =
      Desired("datacenters:\n  - name: DC1\n    clusters:\n"
              "      - {name: Cluster1, ha: inherit, drs: inherit, hosts: [esx-01.sim.local, esx-02.sim.local]}\n");
  const CommandResult validated = RunStep("Validate", desired);
  ASSERT_EQ(validated.exit_code, 0) << validated.out << validated.err;
  const CommandResult planned = RunStep("Plan", desired);
  ASSERT_EQ(planned.exit_code, 0) << planned.out << planned.err;
  EXPECT_EQ(Read("github_output"), "exitcode=2\n");
  const std::string comment = Read("plan.md");
  EXPECT_NE(comment.find("to create"), std::string::npos) << comment;
  EXPECT_NE(comment.find("esx-01.sim.local"), std::string::npos) << comment;
  EXPECT_EQ(comment.find(sim_.vcenter("source").password), std::string::npos);
}

TEST_F(CiWorkflow, ARefusedPlanBecomesACommentSayingWhyAndTheJobFails) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired =
      Desired("datacenters:\n  - name: DC1\n    clusters:\n      - {name: Cluster1, hosts: [esx-99.sim.local]}\n");
  const CommandResult planned = RunStep("Plan", desired);
  ASSERT_EQ(planned.exit_code, 0) << "the step itself succeeds, so that the comment is posted";
  EXPECT_EQ(Read("github_output"), "exitcode=1\n");
  const std::string comment = Read("plan.md");
  EXPECT_NE(comment.find("**The plan was refused:**"), std::string::npos) << comment;
  EXPECT_NE(comment.find("esx-99.sim.local"), std::string::npos) << comment;
}

}  // namespace
}  // namespace vcshift::testing
