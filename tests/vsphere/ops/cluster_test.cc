// Clusters: created with HA and DRS, configured, destroyed; DRS groups and rules.

#include "tests/vsphere/ops/ops_fixture.h"

namespace vcshift::vsphere {
namespace {

using Status = ActionResult::Status;

class ClusterOpsTest : public OpsTest {
 protected:
  static std::map<std::string, std::string> NewClusterParams() {
    return {{"ha.enabled", "true"},
            {"ha.host_monitoring", "true"},
            {"ha.isolation_response", "powerOff"},
            {"ha.restart_priority", "high"},
            {"ha.admission_control.enabled", "true"},
            {"ha.admission_control.policy", "percentage"},
            {"ha.admission_control.host_failures_tolerated", "1"},
            {"ha.admission_control.cpu_percent", "30"},
            {"ha.admission_control.memory_percent", "40"},
            {"ha.admission_control.failover_hosts", ""},
            {"drs.enabled", "true"},
            {"drs.automation_level", "partiallyAutomated"},
            {"drs.migration_threshold", "2"},
            {"evc_mode", "disabled"},
            {"folder", ""}};
  }

  // HA on, as the world file says of Cluster1: vcsim 0.24 keeps only what it sets itself.
  static bool SimulatorKeepsHaSettings() {
    bool enabled = false;
    Read(Side::Source, Find(Side::Source, "DC1/host/Cluster1"), "configurationEx", [&](const xsd__anyType* value) {
      auto* config = dynamic_cast<const vim25__ClusterConfigInfoEx*>(value);
      enabled = config && config->dasConfig && config->dasConfig->enabled && *config->dasConfig->enabled;
    });
    return enabled;
  }

  struct Groups {
    std::map<std::string, size_t> members;  // group -> number of members
    std::map<std::string, std::string> rules;  // rule -> its vim25 type
  };
  static Groups GroupsOf(const std::string& cluster) {
    Groups out;
    Read(Side::Source, Find(Side::Source, cluster), "configurationEx", [&](const xsd__anyType* value) {
      auto* config = dynamic_cast<const vim25__ClusterConfigInfoEx*>(value);
      if (!config) return;
      for (const auto* group : config->group) {
        if (auto* vms = dynamic_cast<const vim25__ClusterVmGroup*>(group)) out.members[group->name] = vms->vm.size();
        if (auto* hosts = dynamic_cast<const vim25__ClusterHostGroup*>(group)) out.members[group->name] = hosts->host.size();
      }
      for (const auto* rule : config->rule) {
        std::string type = "ClusterRuleInfo";
        if (dynamic_cast<const vim25__ClusterAntiAffinityRuleSpec*>(rule)) type = "anti";
        if (dynamic_cast<const vim25__ClusterAffinityRuleSpec*>(rule)) type = "affinity";
        if (dynamic_cast<const vim25__ClusterVmHostRuleInfo*>(rule)) type = "vm_host";
        out.rules[rule->name ? *rule->name : ""] = type;
      }
    });
    return out;
  }
};

TEST_F(ClusterOpsTest, CreateClusterThenAlreadyDone) {
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateDatacenter, Side::Target, "DC-c"))), "Done");
  const Action create = Make(ActionKind::CreateCluster, Side::Target, "DC-c/New", NewClusterParams());
  EXPECT_EQ(Outcome(Run(create)), "Done");
  EXPECT_EQ(Find(Side::Target, "DC-c/host/New").type, "ClusterComputeResource");
  EXPECT_EQ(Outcome(Run(create)), "AlreadyDone");
}

TEST_F(ClusterOpsTest, CreateClusterInAFolderIsFoundThere) {
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateDatacenter, Side::Target, "DC-cf"))), "Done");
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateFolder, Side::Target, "DC-cf/host/Prod", {{"type", "host"}, {"path", "Prod"}}))), "Done");
  auto params = NewClusterParams();
  params["folder"] = "Prod";
  const Action create = Make(ActionKind::CreateCluster, Side::Target, "DC-cf/InFolder", params);
  EXPECT_EQ(Outcome(Run(create)), "Done");
  EXPECT_EQ(Find(Side::Target, "DC-cf/host/Prod/InFolder").type, "ClusterComputeResource");
  EXPECT_EQ(Outcome(Run(create)), "AlreadyDone") << "found in its folder although the action's path does not name it";
}

TEST_F(ClusterOpsTest, CreateClusterInAMissingFolderIsRefused) {
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateDatacenter, Side::Target, "DC-cm"))), "Done");
  auto params = NewClusterParams();
  params["folder"] = "Nowhere";
  const ActionResult result = Run(Make(ActionKind::CreateCluster, Side::Target, "DC-cm/C", params));
  EXPECT_EQ(result.fault, "NotFound") << Outcome(result);
}

TEST_F(ClusterOpsTest, CreateClusterFaultIsReported) {
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateDatacenter, Side::Target, "DC-cx"))), "Done");
  Inject("target", R"({"method":"CreateClusterEx","kind":"soap_fault","fault":"DuplicateName","message":"The name Taken already exists."})");
  const ActionResult result = Run(Make(ActionKind::CreateCluster, Side::Target, "DC-cx/Taken", NewClusterParams()));
  EXPECT_EQ(result.fault, "DuplicateName") << Outcome(result);
  EXPECT_NE(result.message.find("The name Taken already exists."), std::string::npos) << result.message;
  EXPECT_FALSE(result.transient);
}

// The cluster is made, then its EVC mode refused: the failed action leaves no cluster, since
// a failed action's inverse never runs in a rollback.
TEST_F(ClusterOpsTest, ACreatedClusterWhoseEvcModeIsRefusedIsRemovedAgain) {
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateDatacenter, Side::Target, "DC-ce"))), "Done");
  Inject("target", R"({"method":"ConfigureEvcMode_Task","kind":"task_error","fault":"EVCConfigFault"})");
  auto params = NewClusterParams();
  params["evc_mode"] = "intel-broadwell";
  const ActionResult result = Run(Make(ActionKind::CreateCluster, Side::Target, "DC-ce/Evc", params));
  EXPECT_EQ(result.fault, "EVCConfigFault") << Outcome(result);
  EXPECT_TRUE(Find(Side::Target, "DC-ce/host/Evc").empty());
}

TEST_F(ClusterOpsTest, DestroyClusterUndoesCreateCluster) {
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateDatacenter, Side::Target, "DC-cd"))), "Done");
  const Action create = Make(ActionKind::CreateCluster, Side::Target, "DC-cd/Gone", NewClusterParams());
  ASSERT_EQ(Outcome(Run(create)), "Done");
  const ActionResult undone = Run(Inverse(create));
  if (undone.fault == "MethodNotFound") GTEST_SKIP() << "the simulator has no Destroy_Task on clusters: " << undone.message;
  EXPECT_EQ(Outcome(undone), "Done");
  EXPECT_TRUE(Find(Side::Target, "DC-cd/host/Gone").empty());
  EXPECT_EQ(Outcome(Run(Inverse(create))), "AlreadyDone");
}

TEST_F(ClusterOpsTest, AClusterWithHostsIsNotDestroyed) {
  const ActionResult result = Run(Make(ActionKind::DestroyCluster, Side::Source, "DC1/Cluster1"));
  EXPECT_EQ(result.fault, "ResourceInUse") << Outcome(result);
  EXPECT_FALSE(Find(Side::Source, "DC1/host/Cluster1").empty());
}

TEST_F(ClusterOpsTest, ConfigureClusterCapturesWhatWasThereAndItsInverseRestoresIt) {
  if (!SimulatorKeepsHaSettings()) {
    GTEST_SKIP() << "the simulator does not keep clusters' HA and DRS settings (vcsim 0.24 ignores dasConfig and "
                    "drsConfig in CreateClusterEx and ReconfigureComputeResource_Task)";
  }
  const Action configure = Make(ActionKind::ConfigureCluster, Side::Source, "DC1/Cluster1",
                                {{"ha.enabled", "false"}, {"drs.migration_threshold", "5"}, {"drs.automation_level", "manual"}});
  const ActionResult result = Run(configure);
  ASSERT_EQ(Outcome(result), "Done");
  EXPECT_EQ(result.captured.at("ha.enabled"), "true");
  EXPECT_EQ(result.captured.at("drs.automation_level"), "fullyAutomated");
  int rate = 0;
  Read(Side::Source, Find(Side::Source, "DC1/host/Cluster1"), "configurationEx", [&](const xsd__anyType* value) {
    auto* config = dynamic_cast<const vim25__ClusterConfigInfoEx*>(value);
    rate = config && config->drsConfig->vmotionRate ? *config->drsConfig->vmotionRate : 0;
  });
  EXPECT_EQ(rate, 1) << "threshold 5 (aggressive) is vmotionRate 1";
  EXPECT_EQ(Outcome(Run(configure)), "AlreadyDone");
  EXPECT_EQ(Outcome(Run(InverseOf(configure, result))), "Done");
  EXPECT_TRUE(SimulatorKeepsHaSettings()) << "HA is on again";
}

TEST_F(ClusterOpsTest, ConfigureClusterTaskErrorIsReported) {
  Inject("source", R"({"method":"ReconfigureComputeResource_Task","kind":"task_error","fault":"InvalidState","message":"HA is being configured."})");
  const ActionResult result = Run(Make(ActionKind::ConfigureCluster, Side::Source, "DC1/Cluster1", {{"drs.automation_level", "manual"}}));
  EXPECT_EQ(result.fault, "InvalidState") << Outcome(result);
  EXPECT_NE(result.message.find("HA is being configured."), std::string::npos) << result.message;
  EXPECT_FALSE(result.transient);
}

TEST_F(ClusterOpsTest, ConfigureClusterOnAnUnreachableVCenterIsTransient) {
  Inject("source", R"({"method":"ReconfigureComputeResource_Task","kind":"drop"})");
  const ActionResult result = Run(Make(ActionKind::ConfigureCluster, Side::Source, "DC1/Cluster1", {{"drs.automation_level", "manual"}}));
  EXPECT_EQ(result.status, Status::Failed);
  EXPECT_TRUE(result.transient) << Outcome(result);
}

TEST_F(ClusterOpsTest, EvcModeIsSetThroughTheEvcManager) {
  const ActionResult result = Run(Make(ActionKind::ConfigureCluster, Side::Source, "DC1/Cluster1", {{"evc_mode", "intel-broadwell"}}));
  if (result.fault == "MethodNotFound" || result.fault == "NotSupported") {
    GTEST_SKIP() << "the simulator has no ClusterEVCManager: " << result.message;
  }
  ASSERT_EQ(Outcome(result), "Done");
  EXPECT_EQ(result.captured.at("evc_mode"), "disabled");
}

TEST_F(ClusterOpsTest, RulesAndGroupsAreSetRecognisedAndRestored) {
  const Action rules = Make(ActionKind::ConfigureClusterRules, Side::Source, "DC1/Cluster1",
                            {{"group.web", "vm: vm-1,vm-2,vm-3"},
                             {"group.rack-a", "host: esx-01.sim.local"},
                             {"rule.web-on-a", "vm_host: web should_run_on rack-a"},
                             {"rule.db-together", "vm_affinity (disabled): vm-3,vm-4"},
                             {"rule.web-apart", ""}});
  const ActionResult result = Run(rules);
  ASSERT_EQ(Outcome(result), "Done");
  EXPECT_EQ(result.captured.at("group.web"), "vm: vm-1,vm-2");
  EXPECT_EQ(result.captured.at("group.rack-a"), "");
  EXPECT_EQ(result.captured.at("rule.web-apart"), "vm_anti_affinity: vm-1,vm-2");
  Groups after = GroupsOf("DC1/host/Cluster1");
  EXPECT_EQ(after.members["web"], 3u);
  EXPECT_EQ(after.members["rack-a"], 1u);
  EXPECT_EQ(after.rules.count("web-apart"), 0u);
  EXPECT_EQ(after.rules["web-on-a"], "vm_host");
  EXPECT_EQ(after.rules["db-together"], "affinity");
  EXPECT_EQ(Outcome(Run(rules)), "AlreadyDone");

  const Action undo = InverseOf(rules, result);
  EXPECT_EQ(Outcome(Run(undo)), "Done");
  Groups restored = GroupsOf("DC1/host/Cluster1");
  EXPECT_EQ(restored.members["web"], 2u);
  EXPECT_EQ(restored.members.count("rack-a"), 0u);
  EXPECT_EQ(restored.rules["web-apart"], "anti");
  EXPECT_EQ(restored.rules.count("web-on-a"), 0u);
  EXPECT_EQ(restored.rules.count("db-together"), 0u);
  EXPECT_EQ(Outcome(Run(undo)), "AlreadyDone");
}

TEST_F(ClusterOpsTest, ARuleNamingAVmOutsideTheClusterIsRefusedBeforeAnyCall) {
  const ActionResult result = Run(Make(ActionKind::ConfigureClusterRules, Side::Source, "DC1/Cluster1",
                                       {{"rule.ghost", "vm_anti_affinity: vm-1,vm-99"}}));
  EXPECT_EQ(result.fault, "NotFound") << Outcome(result);
  EXPECT_NE(result.message.find("vm-99"), std::string::npos) << result.message;
  EXPECT_EQ(GroupsOf("DC1/host/Cluster1").rules.count("ghost"), 0u);
}

TEST_F(ClusterOpsTest, RulesTaskErrorIsReported) {
  Inject("source", R"({"method":"ReconfigureComputeResource_Task","kind":"task_error","fault":"InvalidArgument","message":"A specified parameter was not correct: rule"})");
  const ActionResult result = Run(Make(ActionKind::ConfigureClusterRules, Side::Source, "DC1/Cluster1",
                                       {{"rule.pair", "vm_affinity: vm-1,vm-2"}}));
  EXPECT_EQ(result.fault, "InvalidArgument") << Outcome(result);
  EXPECT_NE(result.message.find("A specified parameter was not correct: rule"), std::string::npos) << result.message;
}

}  // namespace
}  // namespace vcshift::vsphere
