// `vcshift apply`, `rollback`, `runs` against the simulated vCenters: a change applied is
// planned as done, a rollback undoes it, and the journal says so.

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "tests/e2e/live_cli.h"

namespace vcshift::testing {
namespace {

class Apply : public LiveCli {
 protected:
  std::string State() const { return " --state-dir " + (dir_ / "state"); }
  // A desired state that only creates on the target: a datacenter and two folders.
  std::string TargetOnly() {
    return Desired("datacenters:\n  - name: DC9\n    host_folders: [Prod]\n    vm_folders: [Web]\n");
  }
};

TEST_F(Apply, ApplyThenPlanHasNoChangesThenRollbackUndoesIt) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired = TargetOnly();
  const CommandResult applied = Vcshift("apply -f " + desired + " --auto-approve" + State());
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_NE(applied.out.find("Plan: 3 to create, 0 to change, 0 to move, 0 to destroy.\n"), std::string::npos);
  EXPECT_NE(applied.out.find("] done       create_datacenter:target:DC9 ("), std::string::npos) << applied.out;
  EXPECT_NE(applied.out.find("Apply complete (run 1).\n"), std::string::npos) << applied.out;
  EXPECT_EQ(Vcshift("plan -f " + desired).out, "No changes.\n");

  const CommandResult again = Vcshift("apply -f " + desired + " --auto-approve" + State());
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.out, "No changes.\n");

  const CommandResult rolled = Vcshift("rollback --auto-approve" + State());
  ASSERT_EQ(rolled.exit_code, 0) << rolled.out << rolled.err;
  EXPECT_NE(rolled.out.find("done       undo:create_datacenter:target:DC9"), std::string::npos) << rolled.out;
  EXPECT_NE(rolled.out.find("Rolled back (run 2).\n"), std::string::npos) << rolled.out;
  EXPECT_NE(Vcshift("plan -f " + desired).out.find("Plan: 3 to create"), std::string::npos);

  const CommandResult runs = Vcshift("runs" + State());
  EXPECT_NE(runs.out.find(" applied "), std::string::npos) << runs.out;
  EXPECT_NE(runs.out.find(" rolled_back "), std::string::npos) << runs.out;
  EXPECT_NE(runs.out.find("(undoes run 1)"), std::string::npos) << runs.out;
}

TEST_F(Apply, WithoutATerminalItNeedsAutoApproveAndChangesNothing) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired = TargetOnly();
  const CommandResult refused = Vcshift("apply -f " + desired + State() + " < /dev/null");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("there is no terminal to ask for approval"), std::string::npos) << refused.err;
  EXPECT_NE(Vcshift("plan -f " + desired).out.find("Plan: 3 to create"), std::string::npos) << "nothing changed";
}

TEST_F(Apply, TheTargetIsLockedOnlyWhileARunLasts) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired = TargetOnly();
  ASSERT_EQ(Vcshift("runs" + State()).exit_code, 1) << "no journal yet";
  const CommandResult first = Vcshift("apply -f " + desired + " --auto-approve" + State());
  ASSERT_EQ(first.exit_code, 0);
  const std::string unlock = "force-unlock --target " + sim_.vcenter("target").url + State();
  EXPECT_EQ(Vcshift(unlock).out, "No lock on " + sim_.vcenter("target").url + ".\n") << "released after the run";
}

// Permission bits of `path`.
std::filesystem::perms Mode(const std::filesystem::path& path) {
  return std::filesystem::status(path).permissions() & std::filesystem::perms::all;
}

// Whether `text` names a session: "session[" followed by anything but the redaction.
bool NamesASession(const std::string& text) {
  for (size_t at = text.find("session["); at != std::string::npos; at = text.find("session[", at + 1)) {
    if (text.compare(at, 12, "session[...]") != 0) return true;
  }
  return false;
}

TEST_F(Apply, TheStateIsTheUsersAloneAndNoSessionKeyIsLogged) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string password = sim_.vcenter("source").password;
  // A umask that lets everyone read, as most accounts have: vcshift sets its own.
  const CommandResult applied = RunCommand("umask 022; VCSHIFT_LOG=debug VCSHIFT_SOURCE_PASSWORD='" + password +
                                               "' VCSHIFT_TARGET_PASSWORD='" + password + "' " + VCSHIFT_BINARY +
                                               " apply -f " + TargetOnly() + " --auto-approve" + State(),
                                           dir_ / "stderr");
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  using std::filesystem::perms;
  EXPECT_EQ(Mode(dir_ / "state"), perms::owner_all);
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "state")) {
    ++files;
    EXPECT_EQ(Mode(entry.path()), perms::owner_read | perms::owner_write) << entry.path();
  }
  EXPECT_GE(files, 2) << "the journal and the log";

  std::ifstream file(dir_ / "state/vcshift.log");
  const std::string log(std::istreambuf_iterator<char>(file), {});
  EXPECT_NE(log.find("DestroyView session[...]"), std::string::npos) << "views are logged without their session";
  for (const std::string* text : {&log, &applied.err}) {
    EXPECT_FALSE(NamesASession(*text)) << *text;
    EXPECT_EQ(text->find("vmware_soap_session"), std::string::npos) << *text;
  }
}

}  // namespace
}  // namespace vcshift::testing
