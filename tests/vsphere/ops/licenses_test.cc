// A host's licence (set_host_license): assigned by edition and last five characters,
// what it had captured the same way for the inverse, which puts it back; never the key.

#include "providers/vsphere/licenses.h"
#include "tests/support/captured_log.h"
#include "tests/vsphere/ops/ops_fixture.h"

namespace vcshift::vsphere {
namespace {

class LicensesOpsTest : public OpsTest {
 protected:
  static LicenseRef On(const MoRef& host) {
    auto licence = HostLicence(SessionOf(Side::Source), host);
    EXPECT_TRUE(licence);
    return licence ? *licence : LicenseRef{};
  }
};

constexpr char kHost[] = "DC1/Cluster1/esx-02.sim.local";

TEST_F(LicensesOpsTest, AssignedByEditionAndTailAndTheInversePutsBackWhatWasThere) {
  const MoRef host = Find(Side::Source, "DC1/host/Cluster1/esx-02.sim.local");
  ASSERT_EQ(host.type, "HostSystem");
  const std::map<std::string, std::string> standard = {
      {"edition", "esx.standard.cpuPackage"}, {"name", "vSphere 7 Standard"}, {"key_tail", "1MVX2"}};
  const Action assign = Make(ActionKind::SetHostLicense, Side::Source, kHost, standard, {});
  const ActionResult done = Run(assign);
  ASSERT_EQ(Outcome(done), "Done");
  EXPECT_EQ(done.captured.at("key_tail"), "") << "evaluation mode before";
  EXPECT_EQ(On(host), (LicenseRef{"esx.standard.cpuPackage", "vSphere 7 Standard", "1MVX2"}));
  EXPECT_EQ(Outcome(Run(assign)), "AlreadyDone");
  const Action other = Make(ActionKind::SetHostLicense, Side::Source, kHost,
                            {{"edition", "esx.enterprisePlus.cpuPackage"}, {"key_tail", "3E8P1"}}, {});
  const ActionResult changed = Run(other);
  ASSERT_EQ(Outcome(changed), "Done");
  EXPECT_EQ(changed.captured, standard) << "what it had, by edition and tail only";
  ASSERT_EQ(Outcome(Run(InverseOf(other, changed))), "Done");
  EXPECT_EQ(On(host).key_tail, "1MVX2");
  ASSERT_EQ(Outcome(Run(InverseOf(assign, done))), "Done");
  EXPECT_EQ(On(host), LicenseRef{}) << "back in evaluation mode";
}

TEST_F(LicensesOpsTest, AKeyThisVCenterDoesNotHoldIsNotFoundAndSaysHowToAddIt) {
  const ActionResult result = Run(Make(ActionKind::SetHostLicense, Side::Source, kHost,
                                       {{"edition", "esx.standard.cpuPackage"}, {"key_tail", "ZZZZZ"}}, {}));
  EXPECT_EQ(result.fault, "NotFound");
  EXPECT_NE(result.message.find("LicenseManager.AddLicense"), std::string::npos) << result.message;
}

TEST_F(LicensesOpsTest, AFaultOfTheAssignmentNeverHoldsTheKey) {
  Inject("source", R"({"method":"UpdateAssignedLicense","kind":"soap_fault","fault":"InvalidLicense",)"
                   R"("message":"key 5J02H-8T1DL-Q8E9C-0Y0R6-1MVX2 is not valid"})");
  const ActionResult result = Run(Make(ActionKind::SetHostLicense, Side::Source, kHost,
                                       {{"edition", "esx.standard.cpuPackage"}, {"key_tail", "1MVX2"}}, {}));
  EXPECT_EQ(result.fault, "InvalidLicense");
  EXPECT_EQ(result.message.find("5J02H-8T1DL"), std::string::npos) << result.message;
  EXPECT_NE(result.message.find("...1MVX2"), std::string::npos) << result.message;
}

// The session's debug line for the failed call, written before the operation sees the
// fault, has the key's last five characters too, never the key.
TEST_F(LicensesOpsTest, TheDebugLogOfAFailedAssignmentNeverHoldsTheKey) {
  Inject("source", R"({"method":"UpdateAssignedLicense","kind":"soap_fault","fault":"InvalidLicense",)"
                   R"("message":"key 5J02H-8T1DL-Q8E9C-0Y0R6-1MVX2 is not valid"})");
  const testing::CapturedLog log;
  const ActionResult result = Run(Make(ActionKind::SetHostLicense, Side::Source, kHost,
                                       {{"edition", "esx.standard.cpuPackage"}, {"key_tail", "1MVX2"}}, {}));
  EXPECT_EQ(result.fault, "InvalidLicense");
  const std::string logged = log.text();
  EXPECT_NE(logged.find("UpdateAssignedLicense"), std::string::npos) << logged;
  EXPECT_EQ(logged.find("5J02H-8T1DL"), std::string::npos) << logged;
  EXPECT_NE(logged.find("...1MVX2"), std::string::npos) << logged;
}

}  // namespace
}  // namespace vcshift::vsphere
