// `vcshift plan` from recorded inventories, as a user runs it.

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "engine/inventory_json.h"
#include "tests/support/command.h"
#include "tests/support/temp_dir.h"
#include "tests/engine/inventory_fixtures.h"

namespace vcshift::testing {
namespace {

// `prefix`: what runs vcshift, such as `timeout 10 ` or an environment variable.
CommandResult Vcshift(const std::string& arguments, const std::string& err_file, const std::string& prefix = "") {
  return RunCommand(prefix + VCSHIFT_BINARY + " " + arguments, err_file);
}

class PlanCli : public ::testing::Test {
 protected:
  void SetUp() override {
    Write("source.json", InventoryToJson(SampleSource()));
    Write("target.json", InventoryToJson(EmptyTarget()));
    Inventory converged = SampleSource();
    converged.vcenter = EmptyTarget().vcenter;
    Write("converged.json", InventoryToJson(converged));
    Write("desired.yaml",
          "version: 1\nconnections:\n  source: {url: https://127.0.0.1:8989/sdk, user: u}\n"
          "  target: {url: https://127.0.0.1:8990/sdk, user: u}\n"
          "datacenters:\n  - name: DC1\n    clusters:\n"
          "      - {name: Cluster1, ha: inherit, drs: inherit, hosts: [esx-01.sim.local, esx-02.sim.local]}\n");
  }
  std::string Write(const std::string& name, const std::string& content) {
    std::ofstream(Path(name)) << content;
    return Path(name);
  }
  std::string Path(const std::string& name) const { return dir_ / name; }
  CommandResult Plan(const std::string& target, const std::string& extra = "", const std::string& prefix = "") {
    return Vcshift("plan -f " + Path("desired.yaml") + " --source-inventory " + Path("source.json") +
                       " --target-inventory " + Path(target) + " " + extra,
                   Path("stderr"), prefix);
  }

  TempDir dir_{"vcshift-plan-cli"};
};

TEST_F(PlanCli, ShowsTheMigrationAndExitsTwoWithDetailedExitcode) {
  const CommandResult result = Plan("target.json", "--detailed-exitcode");
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(result.out.rfind("+ datacenter DC1\n+ cluster DC1/Cluster1\n", 0), 0u) << result.out;
  EXPECT_NE(result.out.find("> host esx-02.sim.local: "), std::string::npos);
  EXPECT_EQ(result.out.find("\033["), std::string::npos) << "no colour when not on a terminal";
  EXPECT_EQ(result.out.substr(result.out.rfind("\n\n") + 2),
            "Plan: 2 to create, 0 to change, 2 to move, 0 to destroy.\n");
  EXPECT_EQ(Plan("target.json").exit_code, 0);
}

TEST_F(PlanCli, ConvergedTargetHasNoChanges) {
  const CommandResult result = Plan("converged.json", "--detailed-exitcode");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "No changes.\n");
}

TEST_F(PlanCli, ShowRollback) {
  const CommandResult result = Plan("target.json", "--show-rollback");
  EXPECT_NE(result.out.find("    rollback: remove_host (target)\n"), std::string::npos) << result.out;
}

TEST_F(PlanCli, FormatsAndGraph) {
  const CommandResult json = Plan("target.json", "--format json");
  EXPECT_EQ(json.exit_code, 0);
  EXPECT_EQ(json.out.rfind("{\"format_version\":1,\"summary\":{\"create\":2,\"change\":0,\"move\":2,", 0), 0u)
      << json.out;
  const CommandResult markdown = Plan("target.json", "--format markdown");
  EXPECT_EQ(markdown.out.rfind("### vcshift plan\n\n**Plan: 2 to create, 0 to change, 2 to move, 0 to destroy.**\n", 0),
            0u)
      << markdown.out;
  EXPECT_EQ(Plan("target.json", "--format yaml").exit_code, 64);
  const CommandResult graph =
      Vcshift("graph -f " + Path("desired.yaml") + " --source-inventory " + Path("source.json") +
                  " --target-inventory " + Path("target.json"),
              Path("stderr"));
  EXPECT_EQ(graph.exit_code, 0);
  EXPECT_EQ(graph.out.rfind("digraph plan {\n", 0), 0u);
  EXPECT_NE(graph.out.find("a1 -> a14;"), std::string::npos) << graph.out;  // cluster before the first add_host
}

TEST_F(PlanCli, SavesThePlan) {
  const CommandResult result = Plan("target.json", "-o " + Path("run.plan"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const std::string closing = "\nSaved the plan to " + Path("run.plan") + ".\n";
  EXPECT_EQ(result.out.substr(result.out.size() - closing.size()), closing);
  std::ifstream in(Path("run.plan"));
  const std::string saved((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(saved.rfind("{\"format_version\":1,\"kind\":\"vcshift-plan\",\"desired\":{\"file\":", 0), 0u) << saved;
  EXPECT_NE(saved.find("\"source:host:esx-01.sim.local\":\""), std::string::npos);
  EXPECT_EQ(Plan("target.json", "-o " + Path("missing-dir/run.plan")).exit_code, 1);
}

// A signing key that is no secret is refused before planning, naming where it came from,
// never printing it; a FIFO as the key file is refused without waiting for a writer.
TEST_F(PlanCli, AnUnusableSigningKeyIsRefusedWithoutPrintingIt) {
  const std::string key = Write("key", "short\n");
  const CommandResult from_file = Plan("target.json", "-o " + Path("run.plan") + " --signing-key-file " + key);
  EXPECT_EQ(from_file.exit_code, 1);
  EXPECT_EQ(from_file.err, key + ": error: a signing key is at least 16 bytes; this one is 5 (make one with: openssl "
                                 "rand -hex 32)\n");
  const CommandResult empty_variable = Plan("target.json", "-o " + Path("run.plan"), "VCSHIFT_PLAN_SIGNING_KEY= ");
  EXPECT_EQ(empty_variable.exit_code, 1);
  EXPECT_EQ(empty_variable.err, "the environment variable VCSHIFT_PLAN_SIGNING_KEY: error: a signing key is at least "
                                "16 bytes; this one is 0 (make one with: openssl rand -hex 32)\n");
  EXPECT_FALSE(std::filesystem::exists(Path("run.plan")));
  ASSERT_EQ(mkfifo(Path("fifo").c_str(), 0600), 0);
  const CommandResult fifo =
      Plan("target.json", "-o " + Path("run.plan") + " --signing-key-file " + Path("fifo"), "timeout 10 ");
  EXPECT_EQ(fifo.exit_code, 1);
  EXPECT_EQ(fifo.err, Path("fifo") + ": error: this is a FIFO (named pipe), not a regular file; name a signing key "
                                     "file\n");
}

TEST_F(PlanCli, ASavedPlanIsReadableByItsOwnerOnly) {
  // A umask that lets everyone read, as most accounts have: vcshift sets its own.
  const CommandResult result = RunCommand("umask 022; " + std::string(VCSHIFT_BINARY) + " plan -f " +
                                              Path("desired.yaml") + " --source-inventory " + Path("source.json") +
                                              " --target-inventory " + Path("target.json") + " -o " + Path("run.plan"),
                                          Path("stderr"));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  using std::filesystem::perms;
  EXPECT_EQ(std::filesystem::status(Path("run.plan")).permissions() & perms::all, perms::owner_read | perms::owner_write);
}

TEST_F(PlanCli, RecordedInventoriesOfTwoVCentersNeedBothAsAUsageError) {
  const CommandResult result =
      Vcshift("plan -f " + Path("desired.yaml") + " --source-inventory " + Path("source.json"), Path("stderr"));
  EXPECT_EQ(result.exit_code, 64) << result.err;
  EXPECT_NE(result.err.find("--target-inventory"), std::string::npos) << result.err;
}

TEST_F(PlanCli, ExportThenPlanAgainstTheSameVCenterHasNoChanges) {
  const CommandResult exported =
      Vcshift("export --inventory " + Path("source.json") + " -o " + Path("exported.yaml"), Path("stderr"));
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(Vcshift("validate -f " + Path("exported.yaml"), Path("stderr")).exit_code, 0);
  const CommandResult plan = Vcshift("plan --detailed-exitcode -f " + Path("exported.yaml") + " --source-inventory " +
                                         Path("source.json"),
                                     Path("stderr"));
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_EQ(plan.out, "No changes.\n");
  const CommandResult unknown = Vcshift("export --datacenter DC9 --inventory " + Path("source.json"), Path("stderr"));
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(unknown.err, Path("source.json") + ": error: no datacenter 'DC9'\n");
}

TEST_F(PlanCli, BadInputIsAnErrorNamingTheFile) {
  Write("broken.json", "{\"format_version\": 1, \"hosts\": 3}");
  const CommandResult broken = Plan("broken.json", "--detailed-exitcode");
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_EQ(broken.err, Path("broken.json") + ":1:32: error: hosts: expected a list\n");
  EXPECT_EQ(broken.out, "");
  const CommandResult missing = Plan("nothing.json");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("cannot read the file"), std::string::npos);
  Write("desired.yaml", "version: 1\nconnections: {source: {url: https://a, user: u}, target: {same_as: source}}\n"
                        "datacenters: [{name: DC1, clusters: [{name: C, hosts: [esx-99]}]}]\n");
  const CommandResult unknown = Plan("target.json");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("host 'esx-99' is on neither the source"), std::string::npos) << unknown.err;
}

}  // namespace
}  // namespace vcshift::testing
