// Hosts: maintenance mode, connection, leaving and joining a vCenter, moving between
// clusters; with the faults vCenter answers and the logins and certificates AddHost needs.

#include "tests/vsphere/ops/ops_fixture.h"

namespace vcshift::vsphere {
namespace {

using Status = ActionResult::Status;

class HostOpsTest : public OpsTest {
 protected:
  static bool InMaintenance(Side side, const std::string& host_path) {
    bool in = false;
    Read(side, Find(side, host_path), "runtime.inMaintenanceMode", [&](const xsd__anyType* value) {
      auto* flag = dynamic_cast<const xsd__boolean*>(value);
      in = flag && flag->__item;
    });
    return in;
  }

  // A datacenter and an empty cluster on the target for hosts to arrive in.
  static void TargetCluster(const std::string& dc, const std::string& cluster) {
    ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateDatacenter, Side::Target, dc))), "Done");
    ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateCluster, Side::Target, dc + "/" + cluster,
                               {{"ha.enabled", "false"}, {"drs.enabled", "false"}, {"evc_mode", "disabled"}}))),
              "Done");
  }

  static Action AddHostAction(const std::string& host, const std::string& cluster, const std::string& thumbprint = "") {
    return Make(ActionKind::AddHost, Side::Target, host, {{"cluster", cluster}, {"thumbprint", thumbprint}});
  }

  static int Calls(const std::string& vcenter, const std::string& method) {
    const std::string log = Control(vcenter, "GET", "/calls?method=" + method);
    const size_t at = log.find("\"count\":");
    return at == std::string::npos ? -1 : std::stoi(log.substr(at + 8));
  }

  static std::vector<std::string> VmsOn(Side side, const std::string& host_path) {
    std::vector<MoRef> vms;
    Read(side, Find(side, host_path), "vm", [&](const xsd__anyType* value) {
      if (auto* array = dynamic_cast<const vim25__ArrayOfManagedObjectReference*>(value)) {
        for (const auto* ref : array->ManagedObjectReference) vms.push_back({ref->type, ref->__item});
      }
    });
    std::vector<std::string> names;
    if (vms.empty()) return names;
    auto status = RetrieveProperties(SessionOf(side), vms, "VirtualMachine", {"name"},
                                     [&](const MoRef&, const std::string&, const xsd__anyType* value) {
                                       if (auto* text = dynamic_cast<const xsd__string*>(value)) names.push_back(text->__item);
                                     });
    EXPECT_TRUE(status) << Describe(status.fault());
    std::sort(names.begin(), names.end());
    return names;
  }
};

TEST_F(HostOpsTest, MaintenanceModeEnteredOnceAndLeftByItsInverse) {
  const std::string host = "DC1/host/Cluster1/esx-02.sim.local";
  const Action enter = Make(ActionKind::EnterMaintenanceMode, Side::Source, "DC1/Cluster1/esx-02.sim.local");
  const ActionResult result = Run(enter);
  EXPECT_EQ(Outcome(result), "Done");
  EXPECT_TRUE(InMaintenance(Side::Source, host));
  EXPECT_EQ(Outcome(Run(enter)), "AlreadyDone");
  const Action exit = InverseOf(enter, result);
  EXPECT_EQ(Outcome(Run(exit)), "Done");
  EXPECT_FALSE(InMaintenance(Side::Source, host));
  EXPECT_EQ(Outcome(Run(exit)), "AlreadyDone");
}

TEST_F(HostOpsTest, AHostIsFoundWhereverItIs) {
  const ActionResult result = Run(Make(ActionKind::EnterMaintenanceMode, Side::Source, "DC1/Elsewhere/esx-02.sim.local"));
  EXPECT_EQ(Outcome(result), "Done") << "an earlier attempt may have moved it";
  EXPECT_EQ(Outcome(Run(Make(ActionKind::ExitMaintenanceMode, Side::Source, "DC1/Cluster1/esx-02.sim.local"))), "Done");
}

TEST_F(HostOpsTest, AnUnknownHostIsNotFound) {
  const ActionResult result = Run(Make(ActionKind::EnterMaintenanceMode, Side::Source, "DC1/Cluster1/esx-99.sim.local"));
  EXPECT_EQ(result.fault, "NotFound") << Outcome(result);
  EXPECT_FALSE(result.transient);
}

TEST_F(HostOpsTest, MaintenanceModeRefusedByVCenter) {
  Inject("source", R"({"method":"EnterMaintenanceMode_Task","kind":"task_error","fault":"InvalidState","message":"The host has powered-on VMs that cannot be moved."})");
  const ActionResult result = Run(Make(ActionKind::EnterMaintenanceMode, Side::Source, "DC1/Cluster1/esx-01.sim.local"));
  EXPECT_EQ(result.fault, "InvalidState") << Outcome(result);
  EXPECT_NE(result.message.find("The host has powered-on VMs that cannot be moved."), std::string::npos) << result.message;
  EXPECT_FALSE(result.transient);
  EXPECT_FALSE(InMaintenance(Side::Source, "DC1/host/Cluster1/esx-01.sim.local"));
}

TEST_F(HostOpsTest, ATaskStillRunningAtTheDeadlineIsTransient) {
  Inject("source", R"({"method":"EnterMaintenanceMode_Task","kind":"task_error","fault":"InvalidState","seconds":5})");
  RunnerOptions options;
  options.task_timeout = std::chrono::seconds(1);
  VSphereRunner impatient(*source_, *target_, EsxiSettings{}, options);
  const ActionResult result = impatient.Run(Make(ActionKind::EnterMaintenanceMode, Side::Source, "DC1/Cluster1/esx-01.sim.local"));
  EXPECT_EQ(result.fault, "Timeout") << Outcome(result);
  EXPECT_TRUE(result.transient);
}

TEST_F(HostOpsTest, DisconnectAndReconnect) {
  const Action disconnect = Make(ActionKind::DisconnectHost, Side::Source, "DC1/Cluster1/esx-02.sim.local");
  const ActionResult result = Run(disconnect);
  if (result.fault == "MethodNotFound") GTEST_SKIP() << "the simulator has no DisconnectHost_Task: " << result.message;
  ASSERT_EQ(Outcome(result), "Done");
  EXPECT_EQ(Outcome(Run(disconnect)), "AlreadyDone");
  const Action reconnect = InverseOf(disconnect, result);
  EXPECT_EQ(Outcome(Run(reconnect)), "Done");
  EXPECT_EQ(Outcome(Run(reconnect)), "AlreadyDone");
}

TEST_F(HostOpsTest, DisconnectFaultIsReported) {
  Inject("source", R"({"method":"DisconnectHost_Task","kind":"task_error","fault":"HostCommunication","message":"Cannot contact the host"})");
  const ActionResult result = Run(Make(ActionKind::DisconnectHost, Side::Source, "DC1/Cluster1/esx-02.sim.local"));
  EXPECT_EQ(result.fault, "HostCommunication") << Outcome(result);
  EXPECT_NE(result.message.find("Cannot contact the host"), std::string::npos) << result.message;
}

TEST_F(HostOpsTest, ReconnectOfAConnectedHostIsAlreadyDone) {
  EXPECT_EQ(Outcome(Run(Make(ActionKind::ReconnectHost, Side::Source, "DC1/Cluster1/esx-01.sim.local"))), "AlreadyDone");
}

TEST_F(HostOpsTest, AddHostThenAlreadyDoneThenRemovedByItsInverse) {
  TargetCluster("DC-add", "Arrivals");
  const Action add = AddHostAction(Spare(1), "DC-add/Arrivals", SpareThumbprint(1));
  const ActionResult added = Run(add);
  ASSERT_EQ(Outcome(added), "Done");
  EXPECT_EQ(Find(Side::Target, "DC-add/host/Arrivals/" + Spare(1)).type, "HostSystem");
  EXPECT_EQ(Outcome(Run(add)), "AlreadyDone");

  const Action remove = InverseOf(add, added);
  const ActionResult removed = Run(remove);
  if (removed.fault == "MethodNotFound") GTEST_SKIP() << "the simulator has no DisconnectHost_Task: " << removed.message;
  ASSERT_EQ(Outcome(removed), "Done");
  EXPECT_EQ(removed.captured.at("cluster"), "DC-add/Arrivals");
  EXPECT_TRUE(Find(Side::Target, "DC-add/host/Arrivals/" + Spare(1)).empty());
  EXPECT_EQ(Outcome(Run(remove)), "AlreadyDone");
}

TEST_F(HostOpsTest, RemoveHostInMaintenanceModeCapturesWhereItWas) {
  TargetCluster("DC-rm", "Leaving");
  ASSERT_EQ(Outcome(Run(AddHostAction(Spare(2), "DC-rm/Leaving", SpareThumbprint(2)))), "Done");
  ASSERT_EQ(Outcome(Run(Make(ActionKind::EnterMaintenanceMode, Side::Target, "DC-rm/Leaving/" + Spare(2)))), "Done");
  const Action remove = Make(ActionKind::RemoveHost, Side::Target, "DC-rm/Leaving/" + Spare(2));
  const ActionResult removed = Run(remove);
  ASSERT_EQ(Outcome(removed), "Done");
  EXPECT_EQ(removed.captured.at("cluster"), "DC-rm/Leaving");
  EXPECT_EQ(removed.captured.count("thumbprint"), 1u);
  EXPECT_TRUE(Find(Side::Target, "DC-rm/host/Leaving/" + Spare(2)).empty());
  EXPECT_EQ(Outcome(Run(remove)), "AlreadyDone");
  // The inverse adds it back where it was.
  EXPECT_EQ(Outcome(Run(InverseOf(remove, removed))), "Done");
  EXPECT_EQ(Find(Side::Target, "DC-rm/host/Leaving/" + Spare(2)).type, "HostSystem");
}

TEST_F(HostOpsTest, RemoveHostFaultIsReported) {
  TargetCluster("DC-rf", "C");
  ASSERT_EQ(Outcome(Run(AddHostAction(Spare(3), "DC-rf/C", SpareThumbprint(3)))), "Done");
  ASSERT_EQ(Outcome(Run(Make(ActionKind::EnterMaintenanceMode, Side::Target, "DC-rf/C/" + Spare(3)))), "Done");
  Inject("target", R"({"method":"Destroy_Task","kind":"task_error","fault":"NoPermission","message":"Permission to perform this operation was denied."})");
  const ActionResult result = Run(Make(ActionKind::RemoveHost, Side::Target, "DC-rf/C/" + Spare(3)));
  EXPECT_EQ(result.fault, "NoPermission") << Outcome(result);
  EXPECT_FALSE(Find(Side::Target, "DC-rf/host/C/" + Spare(3)).empty());
}

TEST_F(HostOpsTest, AddHostSendsTheExpectedThumbprintAndNeverOverridesIt) {
  TargetCluster("DC-pin", "C");
  const int before = Calls("target", "AddHost_Task");
  const ActionResult result = Run(AddHostAction(Spare(4), "DC-pin/C", "11:22:33:44:55:66:77:88:99:00:11:22:33:44:55:66:77:88:99:00"));
  EXPECT_EQ(result.fault, "SSLVerifyFault") << Outcome(result);
  EXPECT_NE(result.message.find(SpareThumbprint(4)), std::string::npos) << "the presented thumbprint, for a person to check: " << result.message;
  EXPECT_EQ(Calls("target", "AddHost_Task") - before, 1) << "a pinned thumbprint is not replaced by what the host shows";
  EXPECT_TRUE(Find(Side::Target, "DC-pin/host/C/" + Spare(4)).empty());
}

TEST_F(HostOpsTest, TrustOnFirstUseTakesThePresentedThumbprintOnce) {
  TargetCluster("DC-tofu", "C");
  const int before = Calls("target", "AddHost_Task");
  const ActionResult result = Run(AddHostAction(Spare(5), "DC-tofu/C"));
  ASSERT_EQ(Outcome(result), "Done");
  EXPECT_EQ(result.captured.at("trusted_thumbprint"), SpareThumbprint(5));
  EXPECT_EQ(Calls("target", "AddHost_Task") - before, 2);
  EXPECT_EQ(Find(Side::Target, "DC-tofu/host/C/" + Spare(5)).type, "HostSystem");
}

TEST_F(HostOpsTest, WithoutTrustOnFirstUseAnUnknownCertificateIsRefused) {
  TargetCluster("DC-notofu", "C");
  EsxiSettings esxi;
  esxi.password.env = "VCSHIFT_TEST_ESXI_PASSWORD";
  VSphereRunner careful(*source_, *target_, esxi);
  const ActionResult result = careful.Run(AddHostAction(Spare(6), "DC-notofu/C"));
  EXPECT_EQ(result.fault, "SSLVerifyFault") << Outcome(result);
  EXPECT_FALSE(result.transient);
  EXPECT_TRUE(Find(Side::Target, "DC-notofu/host/C/" + Spare(6)).empty());
}

TEST_F(HostOpsTest, AWrongPasswordIsInvalidLoginAndNeverInTheMessage) {
  TargetCluster("DC-login", "C");
  setenv("VCSHIFT_TEST_WRONG_PASSWORD", "not-the-root-password", 1);
  EsxiSettings esxi;
  esxi.password.env = "VCSHIFT_TEST_WRONG_PASSWORD";
  VSphereRunner wrong(*source_, *target_, esxi);
  const ActionResult result = wrong.Run(AddHostAction(Spare(7), "DC-login/C", SpareThumbprint(7)));
  EXPECT_EQ(result.fault, "InvalidLogin") << Outcome(result);
  EXPECT_EQ(result.message.find("not-the-root-password"), std::string::npos) << result.message;
}

TEST_F(HostOpsTest, AddHostWithoutAPasswordSaysWhichIsMissingAndCallsNothing) {
  TargetCluster("DC-nopw", "C");
  EsxiSettings esxi;
  esxi.password.env = "VCSHIFT_TEST_UNSET_PASSWORD";
  unsetenv("VCSHIFT_TEST_UNSET_PASSWORD");
  VSphereRunner runner(*source_, *target_, esxi);
  const int before = Calls("target", "AddHost_Task");
  const ActionResult result = runner.Run(AddHostAction(Spare(8), "DC-nopw/C", SpareThumbprint(8)));
  EXPECT_EQ(result.fault, "MissingCredentials") << Outcome(result);
  EXPECT_NE(result.message.find("VCSHIFT_TEST_UNSET_PASSWORD"), std::string::npos) << result.message;
  EXPECT_EQ(Calls("target", "AddHost_Task"), before);
}

// check_host_login asks the target, in the datacenter of `cluster`, what AddHost would
// meet with the same login and thumbprint (trusted on first use as AddHost would), and
// adds nothing: a host no vCenter manages may come; a wrong thumbprint or password is the
// fault AddHost would raise, naming the host, never the password; a datacenter not there
// yet is NotFound.
TEST_F(HostOpsTest, CheckHostLoginAsksTheTargetWhatAddHostWouldMeet) {
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateDatacenter, Side::Target, "DC-check"))), "Done");
  const auto check = [](const std::string& thumbprint, const std::string& cluster = "DC-check/C") {
    return Make(ActionKind::CheckHostLogin, Side::Target, Spare(9), {{"cluster", cluster}, {"thumbprint", thumbprint}});
  };
  const int before = Calls("target", "QueryConnectionInfo");
  EXPECT_EQ(Outcome(Run(check(SpareThumbprint(9)))), "Done");
  EXPECT_EQ(Calls("target", "QueryConnectionInfo") - before, 1);
  EXPECT_TRUE(Find(Side::Target, "DC-check/host/" + Spare(9)).empty()) << "a check adds nothing";

  const ActionResult pinned = Run(check(SpareThumbprint(8)));
  EXPECT_EQ(pinned.fault, "SSLVerifyFault") << Outcome(pinned);
  EXPECT_EQ(pinned.message.find("host '" + Spare(9) + "' would not be added to the target: QueryConnectionInfo"), 0u)
      << pinned.message;
  // No thumbprint recorded: as AddHost, the presented one when trust on first use is allowed.
  EXPECT_EQ(Outcome(Run(check(""))), "Done");
  EsxiSettings careful;
  careful.password.env = "VCSHIFT_TEST_ESXI_PASSWORD";
  EXPECT_EQ(VSphereRunner(*source_, *target_, careful).Run(check("")).fault, "SSLVerifyFault");

  setenv("VCSHIFT_TEST_WRONG_PASSWORD", "not-the-root-password", 1);
  EsxiSettings esxi;
  esxi.password.env = "VCSHIFT_TEST_WRONG_PASSWORD";
  VSphereRunner wrong(*source_, *target_, esxi);
  const ActionResult refused = wrong.Run(check(SpareThumbprint(9)));
  EXPECT_EQ(refused.fault, "InvalidLogin") << Outcome(refused);
  EXPECT_FALSE(refused.transient);
  EXPECT_NE(refused.message.find(Spare(9)), std::string::npos) << refused.message;
  EXPECT_EQ(refused.message.find("not-the-root-password"), std::string::npos) << refused.message;

  EXPECT_EQ(Run(check(SpareThumbprint(9), "DC-nowhere/C")).fault, "NotFound");
}

TEST_F(HostOpsTest, AddHostToAMissingClusterIsRefused) {
  const ActionResult result = Run(AddHostAction(Spare(9), "DC1/NoSuchCluster", SpareThumbprint(9)));
  EXPECT_EQ(result.fault, "NotFound") << Outcome(result);
}

TEST_F(HostOpsTest, MoveHostBetweenClustersOfOneVCenter) {
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateCluster, Side::Source, "DC1/Cluster2",
                             {{"ha.enabled", "false"}, {"drs.enabled", "false"}, {"evc_mode", "disabled"}}))),
            "Done");
  ASSERT_EQ(Outcome(Run(Make(ActionKind::EnterMaintenanceMode, Side::Source, "DC1/Cluster1/esx-02.sim.local"))), "Done");
  const Action move = Make(ActionKind::MoveHost, Side::Source, "esx-02.sim.local", {{"cluster", "DC1/Cluster2"}},
                           {{"cluster", "DC1/Cluster1"}});
  const ActionResult moved = Run(move);
  if (moved.fault == "MethodNotFound") GTEST_SKIP() << "the simulator has no MoveInto_Task: " << moved.message;
  ASSERT_EQ(Outcome(moved), "Done");
  EXPECT_EQ(moved.captured.at("cluster"), "DC1/Cluster1");
  EXPECT_EQ(Find(Side::Source, "DC1/host/Cluster2/esx-02.sim.local").type, "HostSystem");
  EXPECT_EQ(Outcome(Run(move)), "AlreadyDone");
  EXPECT_EQ(Outcome(Run(InverseOf(move, moved))), "Done");
  EXPECT_EQ(Find(Side::Source, "DC1/host/Cluster1/esx-02.sim.local").type, "HostSystem");
}

TEST_F(HostOpsTest, MoveHostFaultIsReported) {
  ASSERT_EQ(Outcome(Run(Make(ActionKind::CreateCluster, Side::Source, "DC1/Cluster3",
                             {{"ha.enabled", "false"}, {"drs.enabled", "false"}, {"evc_mode", "disabled"}}))),
            "Done");
  Inject("source", R"({"method":"MoveInto_Task","kind":"task_error","fault":"InvalidState","message":"The host is not in maintenance mode."})");
  const ActionResult result = Run(Make(ActionKind::MoveHost, Side::Source, "esx-01.sim.local", {{"cluster", "DC1/Cluster3"}},
                                       {{"cluster", "DC1/Cluster1"}}));
  EXPECT_EQ(result.fault, "InvalidState") << Outcome(result);
  EXPECT_NE(result.message.find("The host is not in maintenance mode."), std::string::npos) << result.message;
}

// RemoveHost on the source and AddHost on the target: the host arrives with its VMs (in
// vCenter's "Discovered virtual machine" folder), and the inverses bring it back with
// them, each VM in the folder it had and no discovered folder left on either side.
TEST_F(HostOpsTest, AHostMovesBetweenVCentersWithItsVms) {
  TargetCluster("DC-move", "Landing");
  const std::vector<std::string> vms = VmsOn(Side::Source, "DC1/host/Cluster1/esx-01.sim.local");
  ASSERT_FALSE(vms.empty());
  ASSERT_EQ(Outcome(Run(Make(ActionKind::MoveVmToFolder, Side::Source, "DC1/" + vms[0], {{"folder", "Web"}}))), "Done");
  const Action disconnect = Make(ActionKind::DisconnectHost, Side::Source, "DC1/Cluster1/esx-01.sim.local");
  const ActionResult disconnected = Run(disconnect);
  if (disconnected.fault == "MethodNotFound") {
    GTEST_SKIP() << "the simulator has no DisconnectHost_Task, nor hosts shared between its vCenters: "
                 << disconnected.message;
  }
  ASSERT_EQ(Outcome(disconnected), "Done");
  const Action remove = Make(ActionKind::RemoveHost, Side::Source, "DC1/Cluster1/esx-01.sim.local", {},
                             {{"cluster", "DC1/Cluster1"}, {"thumbprint", ""}});
  const ActionResult removed = Run(remove);
  ASSERT_EQ(Outcome(removed), "Done");
  EXPECT_EQ(removed.captured.at("cluster"), "DC1/Cluster1");
  const Action add = AddHostAction("esx-01.sim.local", "DC-move/Landing", removed.captured.at("thumbprint"));
  const ActionResult added = Run(add);
  ASSERT_EQ(Outcome(added), "Done");
  EXPECT_EQ(VmsOn(Side::Target, "DC-move/host/Landing/esx-01.sim.local"), vms);
  EXPECT_EQ(Find(Side::Target, "DC-move/vm/Discovered virtual machine/" + vms[0]).type, "VirtualMachine");
  EXPECT_EQ(removed.captured.at("vm:" + vms[0]), "Web");
  EXPECT_EQ(removed.captured.at("discovered_folder"), "absent");
  EXPECT_EQ(removed.captured.at("group.web"), "vm: vm-1,vm-2");
  EXPECT_EQ(removed.captured.at("rule.web-apart"), "vm_anti_affinity: vm-1,vm-2");
  EXPECT_EQ(added.captured.at("discovered_folder"), "absent");

  const Action undo_add = InverseOf(add, added);
  ASSERT_EQ(Outcome(Run(undo_add)), "Done");
  EXPECT_TRUE(Find(Side::Target, "DC-move/vm/Discovered virtual machine").empty()) << "the add made it";
  ASSERT_EQ(Outcome(Run(InverseOf(remove, removed))), "Done");
  EXPECT_EQ(Outcome(Run(InverseOf(disconnect, disconnected))), "AlreadyDone") << "added back connected";
  EXPECT_EQ(VmsOn(Side::Source, "DC1/host/Cluster1/esx-01.sim.local"), vms);
  EXPECT_EQ(Find(Side::Source, "DC1/vm/Web/" + vms[0]).type, "VirtualMachine");
  for (size_t i = 1; i < vms.size(); ++i) EXPECT_EQ(Find(Side::Source, "DC1/vm/" + vms[i]).type, "VirtualMachine");
  EXPECT_TRUE(Find(Side::Source, "DC1/vm/Discovered virtual machine").empty());
  // Back in their DRS group and rule: asking for them as they were changes nothing.
  const Action as_before = Make(ActionKind::ConfigureClusterRules, Side::Source, "DC1/Cluster1",
                                {{"group.web", "vm: vm-1,vm-2"}, {"rule.web-apart", "vm_anti_affinity: vm-1,vm-2"}});
  EXPECT_EQ(Outcome(Run(as_before)), "AlreadyDone");
}

}  // namespace
}  // namespace vcshift::vsphere
