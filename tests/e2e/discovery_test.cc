// `vcshift inventory`, `export` and `plan` against the simulated vCenters: what discovery
// reads, that export then plan converges, and the errors a user meets.

#include <gtest/gtest.h>

#include "engine/inventory_json.h"
#include "tests/e2e/live_cli.h"

namespace vcshift::testing {
namespace {

class Discovery : public LiveCli {
 protected:
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

  const Inventory target = Discovered("target");
  EXPECT_TRUE(target.datacenters.empty() && target.hosts.empty()) << "the default target is empty";
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

}  // namespace
}  // namespace vcshift::testing
