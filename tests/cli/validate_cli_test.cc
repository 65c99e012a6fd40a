// `vcshift validate` as a user runs it: the real binary, its output and exit status.

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <random>

#include <gtest/gtest.h>

#include "tests/support/command.h"
#include "tests/support/temp_dir.h"

namespace {

using vcshift::testing::CommandResult;

// `prefix`: a command that runs vcshift, such as `timeout 10 `.
CommandResult Vcshift(const std::string& arguments, const std::string& prefix = "") {
  return vcshift::testing::RunCommand(prefix + VCSHIFT_BINARY + " " + arguments);
}

class ValidateCli : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  vcshift::testing::TempDir dir_{"vcshift-cli"};
};

TEST_F(ValidateCli, EveryExampleIsValid) {
  size_t examples = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(VCSHIFT_SOURCE_DIR "/examples")) {
    if (entry.path().extension() != ".yaml" || entry.path().parent_path().filename() == "ci") continue;
    ++examples;
    const CommandResult run = Vcshift("validate -f " + entry.path().string());
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_NE(run.out.find(" is valid: "), std::string::npos) << run.out;
  }
  EXPECT_GE(examples, 3u);
}

TEST_F(ValidateCli, InvalidFileExitsOneWithLocatedMessages) {
  const std::string path = Write("bad.yaml",
                                 "version: 1\nconnections:\n  source: {url: https://a, user: u}\n"
                                 "  target: {same_as: source}\ndatacenters:\n  - name: DC1\n    clusterz: []\n"
                                 "  - name: DC1\n");
  const CommandResult run = Vcshift("validate -f " + path);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, path + ":7:5: error: datacenters[0].clusterz: unknown key 'clusterz'; did you mean 'clusters'?\n" +
                            path + ":8:5: error: datacenters[1].name: datacenter 'DC1' is declared twice (first at line 6)\n" +
                            path + ": 2 errors, 0 warnings\n");
}

// A FIFO as -f (issue 21): opening it for reading waited for a writer forever. `timeout`
// makes a regression a failure (exit 124) rather than a hung test.
TEST_F(ValidateCli, AFifoIsRefusedWithoutWaitingForAWriter) {
  const std::string fifo = dir_ / "desired.yaml";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const std::string refused = fifo + ": error: this is a FIFO (named pipe), not a regular file; name a desired-state "
                                     "YAML file\n";
  const CommandResult validate = Vcshift("validate -f " + fifo, "timeout 10 ");
  EXPECT_EQ(validate.exit_code, 1) << validate.out;
  EXPECT_EQ(validate.out, refused + fifo + ": 1 error, 0 warnings\n");
  const CommandResult plan = Vcshift("plan -f " + fifo + " --source-inventory " + fifo, "timeout 10 ");
  EXPECT_EQ(plan.exit_code, 1) << plan.out;
  EXPECT_EQ(plan.out, refused);
}

TEST_F(ValidateCli, JsonOutput) {
  const std::string path = Write("bad.yaml", "version: 1\nconnections: {source: {url: https://a, user: u}, target: {same_as: sorce}}\n");
  const CommandResult run = Vcshift("validate --json -f " + path);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "{\"file\":\"" + path + "\",\"valid\":false,\"diagnostics\":[{\"severity\":\"error\",\"file\":\"" +
                            path + "\",\"line\":2,\"column\":68,\"path\":\"connections.target.same_as\",\"message\":"
                            "\"'sorce' is not one of: source; did you mean 'source'?\"}],\"errors\":1,\"warnings\":0}\n");
  const CommandResult valid = Vcshift("validate --json -f " VCSHIFT_SOURCE_DIR "/examples/rebalance-clusters.yaml");
  EXPECT_EQ(valid.exit_code, 0);
  EXPECT_NE(valid.out.find("\"valid\":true,\"diagnostics\":[],\"errors\":0,\"warnings\":0}"), std::string::npos)
      << valid.out;
}

TEST_F(ValidateCli, HostileFilesGetAClearMessage) {
  std::mt19937 random(42);
  std::string binary(4096, '\0');
  for (auto& c : binary) c = static_cast<char>(random());
  const std::string huge = Write("huge.yaml", "version: 1\n");
  std::filesystem::resize_file(huge, 50 * 1024 * 1024);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {Write("empty.yaml", ""), "the file is empty"},
      {Write("prose.txt", "Dear team, please move the cluster.\n"), "a desired state is a YAML mapping"},
      {Write("broken.yaml", "version: 1\nconnections: {source: [\n"), "not valid YAML: "},
      {Write("binary.yaml", binary), "this is a binary file, not YAML"},
      {huge, "the file is 50.0 MiB; a desired-state YAML file is at most 16 MiB"},
      {dir_ / "missing.yaml", "cannot read the file: No such file or directory"},
  };
  for (const auto& [path, message] : cases) {
    const CommandResult run = Vcshift("validate -f " + path);
    EXPECT_EQ(run.exit_code, 1) << path << ": " << run.out;
    EXPECT_NE(run.out.find(message), std::string::npos) << path << ": " << run.out;
    EXPECT_EQ(run.out.rfind(path, 0), 0u) << "names the file first: " << run.out;
  }
}

TEST_F(ValidateCli, UsageErrorsExit64AndHelpReads) {
  EXPECT_EQ(Vcshift("").exit_code, 64);
  EXPECT_EQ(Vcshift("validate").exit_code, 64);
  EXPECT_EQ(Vcshift("validate -f x.yaml --frobnicate").exit_code, 64);
  EXPECT_EQ(Vcshift("plan --target-inventory t.json -f x.yaml").exit_code, 64);  // needs --source-inventory
  const CommandResult help = Vcshift("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("validate"), std::string::npos);
  const CommandResult validate_help = Vcshift("validate --help");
  EXPECT_EQ(validate_help.exit_code, 0);
  EXPECT_NE(validate_help.out.find("--json"), std::string::npos);
  EXPECT_NE(validate_help.out.find("Never contacts a vCenter"), std::string::npos);
  EXPECT_EQ(Vcshift("--version").out, "vcshift " VCSHIFT_VERSION "\n");
}

TEST_F(ValidateCli, NotSayingWhichVCenterIsAUsageErrorToo) {
  const std::string desired = Write("desired.yaml", "version: 1\nconnections:\n  source: {url: https://127.0.0.1:1/sdk, user: u}\n"
                                                    "  target: {same_as: source}\n");
  for (const std::string& command : {"inventory -f " + desired, "export -f " + desired}) {
    const CommandResult run = Vcshift(command);
    EXPECT_EQ(run.exit_code, 64) << command << ": " << run.out;
    EXPECT_NE(run.out.find("--source or --target"), std::string::npos) << command << ": " << run.out;
  }
  for (const std::string command : {"inventory", "export"}) {
    const CommandResult run = Vcshift(command + " --url https://127.0.0.1:1/sdk");
    EXPECT_EQ(run.exit_code, 64) << command << " --url without --user: " << run.out;
    EXPECT_NE(run.out.find("--user"), std::string::npos) << run.out;
  }
}

}  // namespace
