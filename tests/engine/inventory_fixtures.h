#pragma once
// Inventories for tests, shaped like the simulator's default world: a source vCenter
// with DC1, Cluster1 (HA on, DRS fully automated), two hosts with two pNICs each on
// DSwitch1 (pg-mgmt VLAN 10, pg-vm VLAN 100), four VMs; and an empty target.

#include <string>

#include "engine/inventory.h"

namespace vcshift::testing {

inline InventoryHost SampleHost(const std::string& name, const std::string& ip) {
  InventoryHost host;
  host.datacenter = "DC1";
  host.cluster = "Cluster1";
  host.name = name;
  host.connection_state = "connected";
  host.version = "7.0.3";
  host.build = "19193900";
  host.cpu_vendor = "intel";
  host.max_evc_mode = "intel-cascadelake";
  host.ssl_thumbprint = "5E:9A:3C:11:8B:07:42:D0:6F:A1:22:3B:90:CC:4E:17:08:B5:6D:C1";
  host.pnics = {{"vmnic0", 10000}, {"vmnic1", 10000}};
  host.vmkernel_nics = {{"vmk0", "pg-mgmt", "DSwitch1", ip, true}};
  host.proxy_switches = {{"DSwitch1", {{"vmnic0", "uplink1"}, {"vmnic1", "uplink2"}}}};
  return host;
}

inline InventoryVm SampleVm(const std::string& name, const std::string& host, const std::string& network) {
  return {"DC1", "", name, host, "poweredOn", {{"Network adapter 1", network, "DSwitch1", true}}};
}

inline Inventory SampleSource() {
  Inventory inventory;
  inventory.vcenter = "https://127.0.0.1:8989/sdk";
  inventory.api_version = "7.0.3.0";
  inventory.datacenters = {{"DC1", {}, {"Web"}}};
  InventoryCluster cluster;
  cluster.datacenter = "DC1";
  cluster.name = "Cluster1";
  cluster.ha.isolation_response = "powerOff";
  cluster.drs.automation_level = "fullyAutomated";
  cluster.groups = {{"web", "vm", {"vm-1", "vm-2"}}};
  cluster.rules = {{"web-apart", "vm_anti_affinity", true, {"vm-1", "vm-2"}, "", "", ""}};
  inventory.clusters = {cluster};
  inventory.hosts = {SampleHost("esx-01.sim.local", "10.0.0.11"), SampleHost("esx-02.sim.local", "10.0.0.12")};
  inventory.vms = {SampleVm("vm-1", "esx-01.sim.local", "pg-vm"), SampleVm("vm-2", "esx-01.sim.local", "pg-vm"),
                   SampleVm("vm-3", "esx-02.sim.local", "pg-vm"), SampleVm("vm-4", "esx-02.sim.local", "pg-mgmt")};
  InventoryDvs dvs;
  dvs.datacenter = "DC1";
  dvs.name = "DSwitch1";
  dvs.version = "7.0.3";
  dvs.uplinks = {"uplink1", "uplink2"};
  dvs.port_groups = {{"pg-mgmt", 10, {}, 8, "static", "loadbalance_srcid", {"uplink1"}, {"uplink2"}},
                     {"pg-vm", 100, {}, 8, "static", "loadbalance_srcid", {}, {}}};
  dvs.members = {{"esx-01.sim.local", {{"vmnic0", "uplink1"}, {"vmnic1", "uplink2"}}},
                 {"esx-02.sim.local", {{"vmnic0", "uplink1"}, {"vmnic1", "uplink2"}}}};
  inventory.switches = {dvs};
  return inventory;
}

// The sample source holding state vcshift does not carry, of every kind discovery
// counts, read as discovery reads it (`checked`): a vApp in Cluster1 (carried now, and
// empty: no warning, no note), permissions (one
// in a custom role), custom attribute values (carried: engine/plan_attributes.h), a
// licence. esx-01 holds most of it; vm-3, on esx-02, has a permission.
inline Inventory WithUncarriedState(Inventory inventory) {
  inventory.checked = {"permissions", "roles", "licenses", "vm_orchestration", "standalone_vapp_sections"};
  InventoryCluster& cluster = inventory.clusters[0];
  cluster.vapps = {{"Shop", {}, {}, {}}};
  cluster.permissions = {{"VSPHERE.LOCAL\\ops", true, "ClusterAdmin", true, true}};
  inventory.datacenters[0].permissions = {{"VSPHERE.LOCAL\\audit", false, "ReadOnly", false, true}};
  InventoryHost& host = inventory.hosts[0];
  host.custom_attributes = {{"Owner", "team-a"}, {"Rack", "R12"}};
  host.license = {"esx.enterprisePlus.cpuPackage", "vSphere 7 Enterprise Plus", "3E8P1"};
  inventory.vms[1].custom_attributes = {{"Owner", "team-b"}};
  inventory.vms[2].permissions = {{"VSPHERE.LOCAL\\dev", false, "VirtualMachineUser", true, false}};
  return inventory;
}

inline Inventory EmptyTarget() {
  Inventory inventory;
  inventory.vcenter = "https://127.0.0.1:8990/sdk";
  inventory.api_version = "7.0.3.0";
  return inventory;
}

// Licences as discovery reads them: the vCenter holds an Enterprise Plus and a Standard
// key (by edition, name and last five characters), esx-01 is assigned the first.
inline Inventory WithLicences(Inventory inventory, bool assigned = true) {
  inventory.checked.push_back("licenses");
  inventory.license_keys = {{"esx.enterprisePlus.cpuPackage", "vSphere 7 Enterprise Plus", "3E8P1"},
                            {"esx.standard.cpuPackage", "vSphere 7 Standard", "1MVX2"}};
  if (assigned && !inventory.hosts.empty()) inventory.hosts[0].license = inventory.license_keys[0];
  return inventory;
}

// The inventory's tags as discovery reads them: category Owner, tags team-a on Cluster1
// and esx-01, team-b on vm-1 and vm-2 (the VMs of esx-01).
inline Inventory WithTags(Inventory inventory) {
  inventory.tagging.read = true;
  inventory.tagging.categories = {{"Owner", "", "SINGLE", {"ClusterComputeResource", "HostSystem", "VirtualMachine"}}};
  inventory.tagging.tags = {{"Owner", "team-a", ""}, {"Owner", "team-b", ""}};
  inventory.tagging.attachments = {{kTaggedCluster, "DC1/Cluster1", "Owner/team-a"},
                                   {kTaggedHost, "DC1/esx-01.sim.local", "Owner/team-a"},
                                   {kTaggedVm, "DC1/vm-1", "Owner/team-b"},
                                   {kTaggedVm, "DC1/vm-2", "Owner/team-b"}};
  return inventory;
}

}  // namespace vcshift::testing
