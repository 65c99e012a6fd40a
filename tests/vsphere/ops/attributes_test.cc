// Custom attributes: definitions and the values of a host, VM or cluster.

#include "providers/vsphere/custom_fields.h"
#include "tests/vsphere/ops/ops_fixture.h"

namespace vcshift::vsphere {
namespace {

class AttributesOpsTest : public OpsTest {
 protected:
  // The entity's values by attribute name, read as the operations read them.
  static std::map<std::string, std::string> ValuesOn(Side side, const MoRef& entity) {
    auto defs = CustomFieldDefs(SessionOf(side));
    auto values = CustomValuesOf(SessionOf(side), entity);
    EXPECT_TRUE(defs && values);
    std::map<std::string, std::string> named;
    if (defs && values) {
      for (const auto& [key, value] : *values) named[defs->at(key).name] = value;
    }
    return named;
  }
};

// A definition is added once (then AlreadyDone) and its inverse removes it; values are
// set, their previous ones captured for the inverse, which puts those back ("" clears).
TEST_F(AttributesOpsTest, DefinitionsAndValuesAndTheirInverses) {
  const Action add = Make(ActionKind::AddCustomField, Side::Source, "Owner-ops", {{"type", "host"}}, {{"type", "host"}});
  ASSERT_EQ(Outcome(Run(add)), "Done");
  EXPECT_EQ(Outcome(Run(add)), "AlreadyDone");
  const MoRef host = Find(Side::Source, "DC1/host/Cluster1/esx-02.sim.local");
  ASSERT_EQ(host.type, "HostSystem");
  const Action set = Make(ActionKind::SetCustomValues, Side::Source, "DC1/Cluster1/esx-02.sim.local",
                          {{"type", "host"}, {"value.Owner-ops", "team-a"}}, {{"type", "host"}, {"value.Owner-ops", ""}});
  const ActionResult done = Run(set);
  ASSERT_EQ(Outcome(done), "Done");
  EXPECT_EQ(done.captured.at("value.Owner-ops"), "");
  EXPECT_EQ(ValuesOn(Side::Source, host).at("Owner-ops"), "team-a");
  EXPECT_EQ(Outcome(Run(set)), "AlreadyDone");
  const Action back = InverseOf(set, done);
  EXPECT_EQ(Outcome(Run(back)), "Done");
  EXPECT_EQ(ValuesOn(Side::Source, host).count("Owner-ops"), 0u);
  EXPECT_EQ(Outcome(Run(InverseOf(add, {}))), "Done");
  EXPECT_EQ(Outcome(Run(InverseOf(add, {}))), "AlreadyDone");
}

TEST_F(AttributesOpsTest, AValueOfAnUndefinedAttributeOrOnAMissingObjectIsNotFound) {
  EXPECT_EQ(Run(Make(ActionKind::SetCustomValues, Side::Source, "DC1/vm-1", {{"type", "vm"}, {"value.Nowhere", "x"}})).fault,
            "NotFound");
  EXPECT_EQ(Run(Make(ActionKind::SetCustomValues, Side::Source, "DC1/vm-99", {{"type", "vm"}})).fault, "NotFound");
}

TEST_F(AttributesOpsTest, SetFieldFaultIsReported) {
  ASSERT_EQ(Outcome(Run(Make(ActionKind::AddCustomField, Side::Source, "Backup-ops", {{"type", "vm"}}))), "Done");
  Inject("source", R"({"method":"SetField","kind":"soap_fault","fault":"NoPermission","message":"denied"})");
  const ActionResult result =
      Run(Make(ActionKind::SetCustomValues, Side::Source, "DC1/vm-2", {{"type", "vm"}, {"value.Backup-ops", "daily"}}));
  EXPECT_EQ(result.fault, "NoPermission") << Outcome(result);
}

}  // namespace
}  // namespace vcshift::vsphere
