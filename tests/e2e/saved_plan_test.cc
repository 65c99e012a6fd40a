// A saved plan is applied only as vcshift plan wrote it (issue 21, deliverable 1): a
// value edited in the file is refused by its digest; an edit whose digest was made again
// is refused because the plan made now differs, naming the action; a signed plan is
// applied only with its key. Each refusal is exit 1 with both vCenters as they were (the
// simulator's snapshots) and no incident.

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

#include "engine/plan_file.h"
#include "tests/e2e/live_cli.h"

namespace vcshift::testing {
namespace {

class SavedPlan : public LiveCli {
 protected:
  ~SavedPlan() override { unsetenv("VCSHIFT_PLAN_SIGNING_KEY"); }

  std::string State() const { return " --state-dir " + (dir_ / "state"); }
  std::string Plan() const { return dir_ / "run.plan"; }

  // The default world's cluster on DSwitch1 (pg-mgmt VLAN 10, vm-4's NIC on it), moved.
  std::string Cluster() {
    return Desired(
        "datacenters:\n  - name: DC1\n    clusters:\n"
        "      - {name: Cluster1, ha: {enabled: true}, drs: inherit, hosts: [esx-01.sim.local, esx-02.sim.local]}\n"
        "    distributed_switches:\n"
        "      - name: DSwitch1\n        inherit: DSwitch1\n        hosts:\n"
        "          - {name: esx-01.sim.local, uplinks: {vmnic0: uplink1, vmnic1: uplink2}}\n"
        "          - {name: esx-02.sim.local, uplinks: {vmnic0: uplink1, vmnic1: uplink2}}\n");
  }

  std::string Read(const std::string& path) const {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // `text` with `from`, the first time it comes after `after`, made `to`.
  static std::string Edited(std::string text, const std::string& after, const std::string& from, const std::string& to) {
    const size_t start = text.find(after);
    const size_t at = start == std::string::npos ? start : text.find(from, start);
    EXPECT_NE(at, std::string::npos) << after << " ... " << from;
    return at == std::string::npos ? text : text.replace(at, from.size(), to);
  }

  // Runs `arguments` and expects exit 1, `message` on standard error, both vCenters as
  // they were and no incident.
  void ExpectRefusedUntouched(const std::string& arguments, const std::string& message) {
    const std::string source = Snapshot("source"), target = Snapshot("target");
    const CommandResult run = Vcshift(arguments + State());
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    EXPECT_NE(run.err.find(message), std::string::npos) << run.err;
    EXPECT_EQ(Snapshot("source"), source);
    EXPECT_EQ(Snapshot("target"), target);
    const CommandResult incidents = RunCommand("curl -sf " + sim_.vcenter("source").control + "/incidents");
    EXPECT_EQ(incidents.out.find("\"kind\""), std::string::npos) << incidents.out;
  }

  const std::string kPortGroup = "\"id\":\"create_dvs_port_group:target:DC1/DSwitch1/pg-mgmt\"";
  const std::string kCluster = "\"id\":\"create_cluster:target:DC1/Cluster1\"";
};

// The edits: pg-mgmt's VLAN 10 -> 999 (the simulator recorded
// vm_nic_vlan_changed vm-4 VLAN 10 -> 999), one digit of a VLAN, ha.enabled to false.
TEST_F(SavedPlan, AValueEditedInTheFileIsRefusedAndNothingChanges) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const CommandResult planned = Vcshift("plan -f " + Cluster() + " -o " + Plan());
  ASSERT_EQ(planned.exit_code, 0) << planned.out << planned.err;
  const std::string saved = Read(Plan());
  for (const auto& [after, from, to] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {kPortGroup, "\"vlan\":\"10\"", "\"vlan\":\"999\""},
           {kPortGroup, "\"vlan\":\"10\"", "\"vlan\":\"11\""},
           {kCluster, "\"ha.enabled\":\"true\"", "\"ha.enabled\":\"false\""}}) {
    SCOPED_TRACE(from + " -> " + to);
    std::ofstream(Plan()) << Edited(saved, after, from, to);
    ExpectRefusedUntouched("apply --auto-approve " + Plan(),
                           Plan() + ": error: the saved plan was changed after vcshift plan wrote it: its content no "
                                    "longer matches its digest; make a new plan");
  }
}

// SHA-256 needs no key: whoever edits the file can make its digest again. The plan made
// now from the desired state and the vCenters still says VLAN 10.
TEST_F(SavedPlan, AnEditWithItsDigestMadeAgainIsNotThePlanMadeNow) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  ASSERT_EQ(Vcshift("plan -f " + Cluster() + " -o " + Plan()).exit_code, 0);
  const std::string saved = Read(Plan());
  Diagnostics diagnostics;
  auto file = ReadPlanFile(saved, Plan(), diagnostics);
  ASSERT_TRUE(file);
  bool edited = false;
  for (auto& action : file->plan.actions) {
    if (action.id != "create_dvs_port_group:target:DC1/DSwitch1/pg-mgmt") continue;
    ASSERT_EQ(action.params.at("vlan"), "10");
    action.params["vlan"] = "999";
    edited = true;
  }
  ASSERT_TRUE(edited);
  std::ofstream(Plan()) << WritePlanFile(*file);
  ExpectRefusedUntouched("apply --auto-approve " + Plan(),
                         Plan() + ": error: the saved plan is not the plan the desired state and the vCenters give "
                                  "now: action create_dvs_port_group:target:DC1/DSwitch1/pg-mgmt: param vlan is '999' "
                                  "in the saved plan, '10' in a plan made now; make a new plan");
  // As saved, it is the plan made now: host network steps, precheck notes and all.
  std::ofstream(Plan()) << saved;
  const CommandResult applied = Vcshift("apply --auto-approve " + Plan() + State());
  EXPECT_EQ(applied.exit_code, 0) << applied.out << applied.err;
}

// The PR job signs with the key from the environment; the apply job checks it with the
// key in a file. The key is never printed.
TEST_F(SavedPlan, ASignedPlanIsAppliedWithItsKeyAndRefusedWithAnother) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string key = "c1a9e7d5b3f10e2d4c6b8a9f7e5d3c1b";
  const std::string desired = Desired("datacenters:\n  - name: DC9\n    vm_folders: [Web]\n");
  std::ofstream(dir_ / "key") << key << "\n";
  std::ofstream(dir_ / "other-key") << "0000000000000000" << key << "\n";

  const CommandResult unsigned_plan = Vcshift("plan -f " + desired + " -o " + Plan());
  ASSERT_EQ(unsigned_plan.exit_code, 0) << unsigned_plan.err;
  ExpectRefusedUntouched("apply --auto-approve --signing-key-file " + (dir_ / "key") + " " + Plan(),
                         Plan() + ": error: the saved plan is not signed, and a signing key was given: only a plan "
                                  "signed with it is applied");

  setenv("VCSHIFT_PLAN_SIGNING_KEY", key.c_str(), 1);
  const CommandResult signed_plan = Vcshift("plan -f " + desired + " -o " + Plan());
  unsetenv("VCSHIFT_PLAN_SIGNING_KEY");
  ASSERT_EQ(signed_plan.exit_code, 0) << signed_plan.err;
  EXPECT_NE(Read(Plan()).find("\"signature\":{\"algorithm\":\"hmac-sha256\""), std::string::npos);
  EXPECT_EQ(Read(Plan()).find(key), std::string::npos);

  ExpectRefusedUntouched("apply --auto-approve --signing-key-file " + (dir_ / "other-key") + " " + Plan(),
                         Plan() + ": error: the saved plan's signature is not one made with the signing key given");
  const CommandResult applied =
      Vcshift("apply --auto-approve --signing-key-file " + (dir_ / "key") + " " + Plan() + State());
  EXPECT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_EQ(applied.out.find(key), std::string::npos) << "the key is never printed";
  EXPECT_EQ(applied.err.find(key), std::string::npos) << "the key is never printed";
  EXPECT_EQ(Vcshift("plan -f " + desired).out, "No changes.\n");
}

}  // namespace
}  // namespace vcshift::testing
