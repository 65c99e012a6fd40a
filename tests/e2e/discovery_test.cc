// `vcshift inventory`, `export` and `plan` against the simulated vCenters: what discovery
// reads, that export then plan converges, and the errors a user meets.

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include <yaml-cpp/yaml.h>

#include "engine/inventory_json.h"
#include "tests/e2e/live_cli.h"
#include "tests/e2e/referee.h"

namespace vcshift::testing {
namespace {

// One request to a simulated vCenter's control endpoint (docs/testing.md); its answer.
std::string Control(const SimulatedVCenter& vc, const std::string& method, const std::string& path,
                    const std::string& body = "") {
  return RunCommand("curl -s -X " + method + (body.empty() ? "" : " --data '" + body + "'") + " " + vc.control + path)
      .out;
}

// `vcshift-sim snapshot` of one vCenter: the referee's reading.
Inventory Referee(const SimulatedVCenter& vc) {
  const CommandResult snapshot = RunCommand(Simulator::Binary() + " snapshot --url " + vc.url + " --user " + vc.user +
                                            " --password '" + vc.password + "' --insecure");
  EXPECT_EQ(snapshot.exit_code, 0) << snapshot.out;
  return RefereeInventory(snapshot.out);
}

// Every object of `discovered` against the referee's, one failure per object that differs,
// each showing both in the inventory JSON format; then the whole, field by field.
void ExpectSameObjects(Inventory discovered, const Inventory& referee) {
  auto compare = [](const auto& ours, const auto& theirs, const char* kind) {
    EXPECT_EQ(ours.size(), theirs.size()) << kind;
    for (size_t i = 0; i < std::min(ours.size(), theirs.size()); ++i) {
      EXPECT_EQ(ObjectJson(ours[i]), ObjectJson(theirs[i])) << kind << " " << i << " (vcshift, then the referee)";
    }
  };
  compare(discovered.datacenters, referee.datacenters, "datacenter");
  compare(discovered.clusters, referee.clusters, "cluster");
  compare(discovered.hosts, referee.hosts, "host");
  compare(discovered.vms, referee.vms, "VM");
  compare(discovered.switches, referee.switches, "distributed switch");
  const auto principals = [](const std::vector<InventoryPermission>& permissions) {
    std::string text;
    for (const auto& p : permissions) {
      text += p.principal + (p.group ? " group " : " user ") + p.role + (p.custom_role ? " custom" : "") +
              (p.propagate ? " propagating; " : "; ");
    }
    return text;
  };
  EXPECT_EQ(principals(discovered.root_permissions), principals(referee.root_permissions))
      << "the root folder's permissions (vcshift, then the referee)";
  discovered.vcenter = discovered.api_version = "";  // the referee does not say
  discovered.checked.clear();  // nor which state vcshift does not carry it read for
  discovered.tagging = {};     // nor tags here (recorded inventories hold them): e2e.recorded_tags and the census check them
  EXPECT_TRUE(discovered == referee) << "a field the comparison above does not show differs";
}

class Discovery : public LiveCli {
 protected:
  Discovery() = default;
  explicit Discovery(const std::string& world) : LiveCli(world) {}

  Inventory Discovered(const std::string& name) {
    const CommandResult result = Vcshift("inventory " + Address(name) + " --format json");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    Diagnostics diagnostics;
    auto inventory = InventoryFromJson(result.out, "inventory", diagnostics);
    EXPECT_TRUE(inventory) << result.out;
    return inventory.value_or(Inventory{});
  }
};

TEST_F(Discovery, ReadsTheDefaultWorldAsItIs) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const Inventory source = Discovered("source");
  EXPECT_EQ(source.vcenter, sim_.vcenter("source").url);
  EXPECT_EQ(source.api_version, "7.0.3.0");
  ASSERT_EQ(source.datacenters.size(), 1u);
  EXPECT_EQ(source.datacenters[0].name, "DC1");
  EXPECT_EQ(source.datacenters[0].vm_folders, std::vector<std::string>{"Web"});

  ASSERT_EQ(source.clusters.size(), 1u);
  const InventoryCluster& cluster = source.clusters[0];
  EXPECT_EQ(cluster.name, "Cluster1");
  EXPECT_TRUE(cluster.drs.enabled);
  EXPECT_EQ(cluster.drs.automation_level, "fullyAutomated");
  EXPECT_EQ(cluster.evc_mode, "disabled");
  EXPECT_EQ(cluster.groups, (std::vector<InventoryClusterGroup>{{"web", "vm", {"vm-1", "vm-2"}}}));
  ASSERT_EQ(cluster.rules.size(), 1u);
  EXPECT_EQ(cluster.rules[0].name, "web-apart");
  EXPECT_EQ(cluster.rules[0].type, "vm_anti_affinity");
  EXPECT_EQ(cluster.rules[0].vms, (std::vector<std::string>{"vm-1", "vm-2"}));

  ASSERT_EQ(source.hosts.size(), 2u);
  const InventoryHost& host = source.hosts[0];
  EXPECT_EQ(host.name, "esx-01.sim.local");
  EXPECT_EQ(host.cluster, "Cluster1");
  EXPECT_EQ(host.connection_state, "connected");
  EXPECT_EQ(host.version, "7.0.3");
  EXPECT_EQ(host.cpu_vendor, "intel");
  EXPECT_EQ(host.ssl_thumbprint.size(), 59u) << "SHA-1, as vCenter records it";
  EXPECT_EQ(host.pnics, (std::vector<PhysicalNic>{{"vmnic0", 10000}, {"vmnic1", 10000}}));
  EXPECT_EQ(host.vmkernel_nics, (std::vector<VmkernelNic>{{"vmk0", "pg-mgmt", "DSwitch1", "10.0.0.11", true}}));
  EXPECT_EQ(host.proxy_switches,
            (std::vector<ProxySwitch>{{"DSwitch1", {{"vmnic0", "uplink1"}, {"vmnic1", "uplink2"}}}}));

  ASSERT_EQ(source.vms.size(), 4u);
  EXPECT_EQ(source.vms[3].name, "vm-4");
  EXPECT_EQ(source.vms[3].host, "esx-02.sim.local");
  EXPECT_EQ(source.vms[3].power_state, "poweredOn");
  EXPECT_EQ(source.vms[3].nics, (std::vector<VmNic>{{"Network adapter 1", "pg-mgmt", "DSwitch1", true}}));

  ASSERT_EQ(source.switches.size(), 1u);
  const InventoryDvs& dvs = source.switches[0];
  EXPECT_EQ(dvs.name, "DSwitch1");
  EXPECT_EQ(dvs.version, "7.0.3");
  EXPECT_EQ(dvs.uplinks, (std::vector<std::string>{"uplink1", "uplink2"}));
  ASSERT_EQ(dvs.port_groups.size(), 2u) << "the uplink port group is the switch's own, not listed";
  EXPECT_EQ(dvs.port_groups[0].name, "pg-mgmt");
  EXPECT_EQ(dvs.port_groups[0].vlan, 10);
  EXPECT_EQ(dvs.port_groups[0].active_uplinks, std::vector<std::string>{"uplink1"});
  EXPECT_EQ(dvs.port_groups[1].vlan, 100);
  EXPECT_EQ(dvs.members.size(), 2u);

  // State vcshift does not carry: every kind discovery reads was read, and the default
  // world has none of it (the root folder's permissions and evaluation licences are
  // nothing a move leaves behind).
  EXPECT_EQ(source.checked, (std::vector<std::string>{"alarms", "host_profiles", "licenses", "standalone_vapp_sections",
                                                      "vm_orchestration"}));
  // Its pools, vApp and overrides (tests/sim/world.go, generatePools).
  ASSERT_EQ(cluster.pools.size(), 2u);
  EXPECT_EQ(cluster.pools[1].path, "Tier1/DB");
  EXPECT_EQ(cluster.vm_overrides.size(), 2u);
  ASSERT_EQ(cluster.vapps.size(), 1u);
  EXPECT_EQ(cluster.vapps[0].path, "Shop");
  EXPECT_EQ(cluster.vapps[0].members.size(), 2u);
  EXPECT_TRUE(cluster.vapps[0].products.empty() && cluster.vapps[0].properties.empty());
  EXPECT_TRUE(cluster.vapps[0].children.empty());
  EXPECT_EQ(source.vms[0].resource_pool, "Tier1");
  EXPECT_TRUE(cluster.permissions.empty() && host.pools.empty() && host.vapps.empty());
  EXPECT_TRUE(host.permissions.empty() && host.custom_attributes.empty() && host.license == LicenseRef{});
  // The world's keys, by edition, name and last five characters (never whole).
  EXPECT_EQ(source.license_keys,
            (std::vector<LicenseRef>{{"esx.enterprisePlus.cpuPackage", "vSphere 7 Enterprise Plus", "3E8P1"},
                                     {"esx.standard.cpuPackage", "vSphere 7 Standard", "1MVX2"}}));
  EXPECT_TRUE(host.alarms.empty() && host.host_profile.empty() && cluster.alarms.empty());
  EXPECT_TRUE(source.datacenters[0].permissions.empty());
  EXPECT_TRUE(source.vms[0].permissions.empty());

  const Inventory target = Discovered("target");
  EXPECT_TRUE(target.datacenters.empty() && target.hosts.empty()) << "the default target is empty";
}

// A custom role and permissions made by pyVmomi (tests/e2e/retarget_permissions.py) on
// the cluster, a host, a VM, a VM folder, the distributed switch, a port group and the
// root folder: discovery reads the role with its privileges (the system ones left out)
// and each permission on its object.
TEST_F(Discovery, ReadsCustomRolesAndPermissions) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const SimulatedVCenter& vc = sim_.vcenter("source");
  const CommandResult made = RunCommand(std::string("VCSHIFT_SOURCE_PASSWORD='") + vc.password + "' " +
                                        VCSHIFT_PYTHON3 + " " + VCSHIFT_SOURCE_DIR +
                                        "/tests/e2e/retarget_permissions.py " + vc.url + " '" + vc.user + "'");
  ASSERT_EQ(made.exit_code, 0) << made.out << made.err;
  const Inventory source = Discovered("source");
  ASSERT_EQ(source.roles.size(), 1u) << "the system roles are not read as custom";
  EXPECT_EQ(source.roles[0].name, "AppOperator");
  for (const char* privilege : {"VirtualMachine.Interact.PowerOff", "VirtualMachine.Interact.PowerOn"}) {
    EXPECT_NE(std::find(source.roles[0].privileges.begin(), source.roles[0].privileges.end(), privilege),
              source.roles[0].privileges.end())
        << privilege;
  }
  EXPECT_EQ(source.clusters[0].permissions,
            (std::vector<InventoryPermission>{{"VSPHERE.LOCAL\\app-admins", true, "AppOperator", true, true}}));
  EXPECT_EQ(source.hosts[0].permissions,
            (std::vector<InventoryPermission>{{"VSPHERE.LOCAL\\ops", false, "ReadOnly", false, false}}));
  EXPECT_EQ(source.vms[0].permissions,
            (std::vector<InventoryPermission>{{"VSPHERE.LOCAL\\alice", false, "AppOperator", true, false}}));
  EXPECT_EQ(source.datacenters[0].folder_permissions,
            (std::vector<InventoryFolderPermissions>{
                {"vm", "Web", {{"VSPHERE.LOCAL\\web-team", true, "AppOperator", true, true}}}}));
  // On the distributed switch, its port group and the root folder too (issue 17).
  ASSERT_EQ(source.switches.size(), 1u);
  EXPECT_EQ(source.switches[0].permissions,
            (std::vector<InventoryPermission>{{"VSPHERE.LOCAL\\net-admins", true, "ReadOnly", false, true}}));
  EXPECT_EQ(source.switches[0].port_group_permissions,
            (std::vector<InventoryObjectPermissions>{
                {"pg-vm", {{"VSPHERE.LOCAL\\app-admins", true, "AppOperator", true, false}}}}));
  const InventoryPermission auditors{"VSPHERE.LOCAL\\auditors", true, "ReadOnly", false, false};
  EXPECT_NE(std::find(source.root_permissions.begin(), source.root_permissions.end(), auditors),
            source.root_permissions.end());
}

TEST_F(Discovery, ListsExactlyWhatTheRefereeLists) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const Inventory referee = Referee(sim_.vcenter("source"));
  ASSERT_FALSE(referee.hosts.empty()) << "the referee read nothing";
  ExpectSameObjects(Discovered("source"), referee);
  ExpectSameObjects(Discovered("target"), Referee(sim_.vcenter("target")));
}

// Every call `vcshift inventory` makes, failing in turn with a SOAP fault: one clear
// error naming the call and the fault, exit 1. The calls are those a successful run
// made, as the simulator logged them, so a call discovery adds is covered too. Cleanup
// (DestroyView, Logout) failing changes nothing about what was read.
TEST_F(Discovery, AFaultAtEachDiscoveryCallIsOneClearError) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const SimulatedVCenter& vc = sim_.vcenter("source");
  Control(vc, "DELETE", "/calls");
  ASSERT_EQ(Vcshift("inventory " + Address("source") + " --format json").exit_code, 0);
  const YAML::Node log = YAML::Load(Control(vc, "GET", "/calls"));
  std::vector<std::pair<std::string, int>> calls;  // method, nth of that method
  std::map<std::string, int> seen;
  for (const auto& call : log["calls"]) {
    const std::string method = call["method"].as<std::string>();
    calls.emplace_back(method, ++seen[method]);
  }
  for (const char* method : {"RetrieveServiceContent", "Login", "CreateContainerView", "DestroyView", "Logout"}) {
    EXPECT_EQ(seen[method], 1) << method;
  }
  EXPECT_EQ(seen["RetrievePropertiesEx"], 7) << "the view, the VMs' devices, the custom attribute definitions, "
                                                 "then the role list, the licence keys, the licence assignment "
                                                 "manager and the host profiles (none, so no more)";
  EXPECT_EQ(seen["RetrieveAllPermissions"], 1);
  EXPECT_EQ(seen["QueryAssignedLicenses"], 1);
  EXPECT_EQ(seen["GetAlarm"], 1) << "every alarm at once (none, so no info read)";

  for (const auto& [method, nth] : calls) {
    SCOPED_TRACE(method + " #" + std::to_string(nth));
    Control(vc, "POST", "/faults",
            R"({"method":")" + method + R"(","nth":)" + std::to_string(nth) +
                R"(,"kind":"soap_fault","fault":"NoPermission","message":"Permission to perform this operation was denied."})");
    const CommandResult run = Vcshift("inventory " + Address("source") + " --format json");
    Control(vc, "DELETE", "/faults");
    if (method == "DestroyView" || method == "Logout") {
      EXPECT_EQ(run.exit_code, 0) << run.err;
      continue;
    }
    // Tags are another API (the simulator logs its REST calls as "REST <verb> <path>"):
    // the inventory stands, its tags unknown, and a warning says so (a failed logout,
    // DELETE of the session, changes nothing).
    if (method.starts_with("REST ")) {
      EXPECT_EQ(run.exit_code, 0) << run.err;
      if (!method.starts_with("REST DELETE ")) {
        EXPECT_NE(run.err.find("tags not read (vSphere Automation API)"), std::string::npos) << run.err;
      }
      continue;
    }
    // The reads of state vcshift does not carry: a vCenter that will not tell leaves
    // the kind unchecked, which the inventory records and a plan names. Roles and
    // permissions are carried: their reads fail discovery as every other read does.
    const bool licences =
        method == "QueryAssignedLicenses" || (method == "RetrievePropertiesEx" && (nth == 5 || nth == 6));
    const bool alarms = method == "GetAlarm";
    const bool profiles = method == "RetrievePropertiesEx" && nth == 7;
    if (licences || alarms || profiles) {
      ASSERT_EQ(run.exit_code, 0) << run.err;
      const auto checked = YAML::Load(run.out)["checked"].as<std::vector<std::string>>();
      const std::string kind = licences ? "licenses" : alarms ? "alarms" : "host_profiles";
      EXPECT_EQ(std::count(checked.begin(), checked.end(), kind), 0) << kind;
      EXPECT_EQ(std::count(checked.begin(), checked.end(), "vm_orchestration"), 1);
      EXPECT_NE(run.err.find("not checked: "), std::string::npos) << run.err;
      continue;
    }
    EXPECT_EQ(run.exit_code, 1) << run.err;
    EXPECT_TRUE(run.out.empty()) << "no inventory printed: " << run.out.substr(0, 200);
    EXPECT_NE(run.err.find("error: "), std::string::npos) << run.err;
    EXPECT_NE(run.err.find(method), std::string::npos) << "names the call: " << run.err;
    if (method == "RetrievePropertiesEx" && nth == 2) {
      EXPECT_NE(run.err.find("RetrievePropertiesEx on the devices of 4 VMs from vm-"), std::string::npos) << run.err;
    }
    EXPECT_NE(run.err.find("NoPermission"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("Permission to perform this operation was denied."), std::string::npos) << run.err;
    for (const char* raw : {"<?xml", "Envelope", "terminate called", "Segmentation"}) {
      EXPECT_EQ(run.err.find(raw), std::string::npos) << raw << " in: " << run.err;
    }
  }
}

// The same for the calls of a scoped discovery (`plan` reads the source's outline, then
// the objects the desired state selects, by object): each failing is one clear error, or
// a kind left unchecked, never a plan from a partial read.
TEST_F(Discovery, AFaultAtEachScopedDiscoveryCallIsOneClearError) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const SimulatedVCenter& vc = sim_.vcenter("source");
  const std::string desired =
      Desired("datacenters:\n  - name: DC1\n    clusters:\n"
              "      - {name: Cluster1, ha: inherit, drs: inherit, hosts: [esx-01.sim.local]}\n");
  Control(vc, "DELETE", "/calls");
  ASSERT_EQ(Vcshift("plan -f " + desired).exit_code, 0);
  const YAML::Node log = YAML::Load(Control(vc, "GET", "/calls"));
  std::map<std::string, int> seen;
  int refused = 0;
  for (const auto& call : log["calls"]) {
    const std::string method = call["method"].as<std::string>();
    const int nth = ++seen[method];
    SCOPED_TRACE(method + " #" + std::to_string(nth));
    Control(vc, "POST", "/faults",
            R"({"method":")" + method + R"(","nth":)" + std::to_string(nth) +
                R"(,"kind":"soap_fault","fault":"NoPermission","message":"Permission to perform this operation was denied."})");
    const CommandResult run = Vcshift("plan -f " + desired);
    Control(vc, "DELETE", "/faults");
    for (const char* raw : {"<?xml", "Envelope", "terminate called", "Segmentation"}) {
      EXPECT_EQ(run.err.find(raw), std::string::npos) << raw << " in: " << run.err;
    }
    if (run.exit_code == 0) {
      // A REST call failing leaves the tags unread, with a warning (see the test above).
      const bool unchecked = run.err.find("not checked: ") != std::string::npos ||
                             (method.starts_with("REST ") && run.err.find("tags not read") != std::string::npos);
      const bool harmless = method == "DestroyView" || method == "Logout" || method.starts_with("REST DELETE ");
      EXPECT_TRUE(unchecked || harmless) << run.err;
      continue;
    }
    ++refused;
    EXPECT_EQ(run.exit_code, 1) << run.err;
    EXPECT_TRUE(run.out.empty()) << "no plan printed: " << run.out.substr(0, 200);
    EXPECT_NE(run.err.find(method), std::string::npos) << "names the call: " << run.err;
    EXPECT_NE(run.err.find("NoPermission"), std::string::npos) << run.err;
  }
  // The outline's view and read, clusters, hosts, switches, VMs, port groups, pools,
  // the VMs' devices, the custom attribute definitions: each one fails the plan.
  EXPECT_GE(seen["RetrievePropertiesEx"], 9);
  EXPECT_GE(refused, 11);
}

// A read whose connection keeps dropping is retried, then reported with the vCenter's URL.
TEST_F(Discovery, AConnectionThatKeepsDroppingIsOneClearError) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const SimulatedVCenter& vc = sim_.vcenter("source");
  Control(vc, "POST", "/faults", R"({"method":"RetrievePropertiesEx","kind":"drop","count":-1})");
  const CommandResult run = Vcshift("inventory " + Address("source") + " --format json");
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("RetrievePropertiesEx"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(vc.url), std::string::npos) << run.err;
}

TEST_F(Discovery, TextAndYamlSayTheSame) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const CommandResult text = Vcshift("inventory " + Address("source"));
  EXPECT_NE(text.out.find("    host esx-01.sim.local (connected, ESXi 7.0.3, 2 pNICs)\n"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("1 datacenters, 1 clusters, 2 hosts, 4 VMs, 1 distributed switches\n"), std::string::npos);
  const CommandResult yaml = Vcshift("inventory " + Address("source") + " --format yaml");
  EXPECT_NE(yaml.out.find("\n  - datacenter: DC1\n    cluster: Cluster1\n"), std::string::npos) << yaml.out;
}

TEST_F(Discovery, ExportThenPlanHasNoChanges) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string exported = dir_ / "exported.yaml";
  ASSERT_EQ(Vcshift("export " + Address("source") + " -o " + exported).exit_code, 0);
  EXPECT_EQ(Vcshift("validate -f " + exported).exit_code, 0);
  const CommandResult plan = Vcshift("plan -f " + exported + " --detailed-exitcode");
  EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_EQ(plan.out, "No changes.\n");
}

TEST_F(Discovery, LivePlanMovesTheClusterToTheTarget) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const std::string desired =
      Desired("datacenters:\n  - name: DC1\n    clusters:\n"
              "      - {name: Cluster1, ha: inherit, drs: inherit, hosts: [esx-01.sim.local, esx-02.sim.local]}\n");
  const CommandResult plan = Vcshift("plan -f " + desired + " --detailed-exitcode");
  EXPECT_EQ(plan.exit_code, 2) << plan.err;
  EXPECT_EQ(plan.out.rfind("+ datacenter DC1\n+ cluster DC1/Cluster1\n", 0), 0u) << plan.out;
  EXPECT_NE(plan.out.find("Plan: 2 to create, 0 to change, 2 to move, 0 to destroy.\n"), std::string::npos);
}

TEST_F(Discovery, ANameTakenOnTheTargetIsRefused) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  // Cluster1 exists at the datacenter's root; the desired state wants it in folder Prod.
  const std::string desired = Desired(
      "datacenters:\n  - name: DC1\n    host_folders: [Prod]\n    clusters:\n"
      "      - {name: Cluster1, folder: Prod, hosts: [esx-01.sim.local]}\n",
      true);
  const CommandResult plan = Vcshift("plan -f " + desired);
  EXPECT_EQ(plan.exit_code, 1) << plan.out;
  EXPECT_NE(plan.err.find("error: cluster 'DC1/Cluster1' exists on the target in folder '', not 'Prod'"),
            std::string::npos)
      << plan.err;
}

TEST_F(Discovery, ErrorsSayWhatIsWrongAndHowToFixIt) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const SimulatedVCenter& vc = sim_.vcenter("source");
  const CommandResult untrusted = Vcshift("inventory --url " + vc.url + " --user " + vc.user);
  EXPECT_EQ(untrusted.exit_code, 1);
  EXPECT_NE(untrusted.err.find("CertificateUntrusted"), std::string::npos) << untrusted.err;
  EXPECT_NE(untrusted.err.find(vc.thumbprint), std::string::npos) << "shows the thumbprint to pin";

  std::string wrong_pin = vc.thumbprint;
  wrong_pin[0] = wrong_pin[0] == 'A' ? 'B' : 'A';
  const CommandResult pinned = Vcshift("inventory --url " + vc.url + " --user " + vc.user + " --thumbprint " + wrong_pin);
  EXPECT_EQ(pinned.exit_code, 1);
  EXPECT_NE(pinned.err.find(vc.thumbprint), std::string::npos) << pinned.err;

  const CommandResult login = RunCommand("VCSHIFT_PASSWORD=wrong " + std::string(VCSHIFT_BINARY) + " inventory " +
                                         Address("source"), dir_ / "stderr");
  EXPECT_EQ(login.exit_code, 1);
  EXPECT_NE(login.err.find("InvalidLogin"), std::string::npos) << login.err;

  const CommandResult refused = Vcshift("inventory --url https://127.0.0.1:1/sdk --user u --insecure");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("https://127.0.0.1:1/sdk"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("Connection refused"), std::string::npos) << refused.err;

  const CommandResult unset = RunCommand("env -u VCSHIFT_PASSWORD " + std::string(VCSHIFT_BINARY) + " inventory " +
                                         Address("source"), dir_ / "stderr");
  EXPECT_EQ(unset.exit_code, 1);
  EXPECT_NE(unset.err.find("VCSHIFT_PASSWORD"), std::string::npos) << unset.err;
}

// A vCenter that accepts connections and never answers (a network partition: the
// simulator holds every request of its offline window): vcshift gives up after the
// connection's timeout_seconds, each read tried three times, and says which URL and why.
TEST_F(Discovery, AVCenterThatNeverAnswersIsGivenUpWithinTheTimeout) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const SimulatedVCenter& vc = sim_.vcenter("source");
  const std::string desired = dir_ / "silent.yaml";
  std::ofstream(desired) << "version: 1\nconnections:\n  source: {url: " << vc.url << ", user: " << vc.user
                         << ", thumbprint: \"" << vc.thumbprint << "\", timeout_seconds: 5}\n"
                         << "  target: {same_as: source}\n";
  Control(vc, "POST", "/offline", R"({"seconds":120,"mode":"blackhole"})");
  const auto start = std::chrono::steady_clock::now();
  const CommandResult silent = Vcshift("inventory -f " + desired + " --source");
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start).count();
  Control(vc, "DELETE", "/offline");
  EXPECT_EQ(silent.exit_code, 1) << silent.err;
  EXPECT_NE(silent.err.find(vc.url), std::string::npos) << silent.err;
  EXPECT_NE(silent.err.find("Timeout"), std::string::npos) << silent.err;
  EXPECT_LT(seconds, 40) << "three attempts of 5 s and their backoff";
}

// `vcshift-sim generate` with these counts into a file of this test process; "" (and the
// default world, which VCSHIFT_REQUIRE_SIMULATOR then skips) when there is no simulator.
std::string GeneratedWorld(const std::string& counts) {
  if (!Simulator::Built()) return "";
  const std::string file =
      (std::filesystem::temp_directory_path() / ("vcshift-e2e-world-" + std::to_string(getpid()) + ".json")).string();
  const CommandResult generated = RunCommand(Simulator::Binary() + " generate " + counts + " > " + file);
  return generated.exit_code == 0 ? file : "";
}

// A moderately large generated world: 2 datacenters x (2 clusters x 13 hosts + 1
// standalone host in folder Standalone) x 40 VMs, 54 hosts and 2,160 VMs, so the VMs'
// devices take three reads in parallel. The 1,000-host
// world is bench/discovery_bench.sh's, which exports and validates it as well.
class GeneratedDiscovery : public Discovery {
 protected:
  GeneratedDiscovery() : Discovery(GeneratedWorld("--datacenters 2 --clusters 2 --hosts 13 --standalone 1 --vms 40")) {}
  ~GeneratedDiscovery() override {
    std::filesystem::remove(std::filesystem::temp_directory_path() /
                            ("vcshift-e2e-world-" + std::to_string(getpid()) + ".json"));
  }
};

TEST_F(GeneratedDiscovery, EveryObjectIsTheRefereesAndTheExportValidatesAndConverges) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const Inventory discovered = Discovered("source");
  EXPECT_EQ(discovered.hosts.size(), 54u);
  EXPECT_EQ(discovered.vms.size(), 2160u);
  ExpectSameObjects(discovered, Referee(sim_.vcenter("source")));

  const std::string exported = dir_ / "exported.yaml";
  const CommandResult written = Vcshift("export " + Address("source") + " -o " + exported);
  ASSERT_EQ(written.exit_code, 0) << written.err;
  const CommandResult valid = Vcshift("validate -f " + exported);
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;
  EXPECT_NE(valid.out.find("is valid: 2 datacenters, 4 clusters, 54 hosts, 2 distributed switches."), std::string::npos)
      << valid.out;
  const CommandResult plan = Vcshift("plan -f " + exported + " --detailed-exitcode");
  EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_EQ(plan.out, "No changes.\n");
}

}  // namespace
}  // namespace vcshift::testing
