#pragma once
// A vCenter's inventory as discovered: the objects vcshift reads and changes, as plain
// values. Objects are addressed by name within their datacenter (inventory paths);
// managed object ids stay inside the provider. Discovery fills it; the planner diffs it
// against the desired state; recorded inventories (JSON) make tests and benchmarks
// independent of a live vCenter.

#include <string>
#include <utility>
#include <vector>

#include "engine/cluster_settings.h"
#include "engine/licenses.h"
#include "engine/resource_pools.h"
#include "engine/vapps.h"
#include "engine/tags.h"

namespace vcshift {

// A permission vCenter holds on an object: a user or group in a role there.
struct InventoryPermission {
  std::string principal;  // DOMAIN\user, or a group's name
  bool group = false;
  std::string role;          // the role's name
  bool custom_role = false;  // a role made in this vCenter, not one every vCenter has
  bool propagate = true;     // applies to the objects below too
  bool operator==(const InventoryPermission&) const = default;
};

// A custom role (AuthorizationManager.roleList, neither `system` nor of a negative id:
// the roles every vCenter has are never read into an inventory nor changed): its name
// and privilege ids, sorted.
struct InventoryRole {
  std::string name;
  std::vector<std::string> privileges;
  bool operator==(const InventoryRole&) const = default;
};

// The permissions set on one folder of a datacenter: `kind` "host" or "vm", `folder`
// its path below that datacenter's root folder of the kind ("" the root itself).
struct InventoryFolderPermissions {
  std::string kind;
  std::string folder;
  std::vector<InventoryPermission> permissions;
  bool operator==(const InventoryFolderPermissions&) const = default;
};

// The permissions set on one object named within its parent: a distributed port group
// by name within its switch, a resource pool or vApp by its path below its cluster's
// root pool (those with none are left out).
struct InventoryObjectPermissions {
  std::string object;
  std::vector<InventoryPermission> permissions;
  bool operator==(const InventoryObjectPermissions&) const = default;
};

// Custom attribute values set on an object: attribute name -> value.
using CustomAttributes = std::vector<std::pair<std::string, std::string>>;

// A custom attribute's definition (CustomFieldsManager.field): its name and the objects
// it applies to: "host", "vm", "cluster", "global" (every type), or the vSphere type's
// own name for the others ("Datacenter", "Folder", ...). engine/custom_attributes.h.
struct CustomAttributeDef {
  std::string name;
  std::string type;
  bool operator==(const CustomAttributeDef&) const = default;
};

struct InventoryClusterGroup {
  std::string name;
  std::string type;  // "vm" or "host"
  std::vector<std::string> members;
  bool operator==(const InventoryClusterGroup&) const = default;
};

struct InventoryClusterRule {
  std::string name;
  std::string type;  // vm_affinity, vm_anti_affinity, vm_host
  bool enabled = true;
  std::vector<std::string> vms;
  std::string vm_group;
  std::string host_group;
  std::string policy;  // for vm_host
  bool operator==(const InventoryClusterRule&) const = default;
};

struct InventoryCluster {
  std::string datacenter;
  std::string folder;  // host folder path inside the datacenter; "" for the root
  std::string name;
  HaSettings ha;
  DrsSettings drs;
  std::string evc_mode;  // a baseline key, or "disabled"
  bool vsan = false;     // vSAN enabled: its hosts hold the cluster's storage
  std::vector<InventoryClusterGroup> groups;
  std::vector<InventoryClusterRule> rules;
  // Carried: the vApps below its root pool ("Pool/App"), their allocations and start
  // orders (engine/vapps.h), its permissions and custom attribute values. Not carried
  // yet: the alarms defined on it (names), the host profile attached to it (name; "" for
  // none).
  std::vector<InventoryVApp> vapps = {};
  std::vector<InventoryPermission> permissions = {};
  CustomAttributes custom_attributes = {};
  std::vector<std::string> alarms = {};
  std::string host_profile = {};
  // Carried: the pools below the root pool with their allocations, parents before
  // children; the per-VM HA/DRS overrides (dasVmConfig, drsVmConfig), by VM name.
  std::vector<InventoryPool> pools = {};
  std::vector<InventoryVmOverride> vm_overrides = {};
  // Not carried: the VMs (names) with a VM restart ready condition of their own
  // (vmOrchestration), which vCenter drops with the VM.
  std::vector<std::string> vm_orchestration = {};
  // Carried: the permissions on its pools and vApps, by path.
  std::vector<InventoryObjectPermissions> pool_permissions = {};
  bool operator==(const InventoryCluster&) const = default;
};

struct PhysicalNic {
  std::string device;  // vmnic0
  int speed_mb = 0;    // 0: link down
  bool operator==(const PhysicalNic&) const = default;
};

struct StandardPortGroup {
  std::string name;
  std::string vswitch;
  int vlan = 0;
  bool operator==(const StandardPortGroup&) const = default;
};

// The teaming order (vSphere's nicOrder) puts each of `pnics` in one of three lists:
// active, standby, or unused (on the switch, carrying nothing). All three empty means the
// switch gives no order, and the server's default, every pNIC active, applies: a server
// always gives one when read (HostNicOrderPolicy), a simulator or a hand-written
// inventory may not.
struct StandardSwitch {
  std::string name;
  int mtu = 1500;
  std::vector<std::string> pnics;
  std::vector<std::string> active_pnics;
  std::vector<std::string> standby_pnics;
  std::vector<std::string> unused_pnics = {};  // a default: {name, ..., standby} leaves it out
  bool operator==(const StandardSwitch&) const = default;
};

struct VmkernelNic {
  std::string device;      // vmk0
  std::string port_group;  // a standard or distributed port group
  std::string dvs;         // the distributed switch when on one, else ""
  std::string ip;
  bool management = false;
  bool operator==(const VmkernelNic&) const = default;
};

// A host's membership in a distributed switch: which pNIC backs which uplink.
struct ProxySwitch {
  std::string dvs;
  std::vector<std::pair<std::string, std::string>> uplinks;  // pNIC -> uplink name
  bool operator==(const ProxySwitch&) const = default;
};

// The ESXi advanced option listing, comma-separated, the pNICs outside network I/O
// control (NIOC v3, distributed switch 6.0 and later).
inline constexpr char kNiocOption[] = "Net.IOControlPnicOptOut";

struct InventoryHost {
  std::string datacenter;
  std::string cluster;  // "" for a standalone host
  std::string folder;   // host folder of a standalone host
  std::string name;
  std::string connection_state;  // connected, disconnected, notResponding
  bool maintenance_mode = false;
  std::string version;  // ESXi version, e.g. 7.0.3
  std::string build;
  std::string cpu_vendor;    // intel, amd
  std::string max_evc_mode;  // the newest EVC baseline the CPU supports
  std::string ssl_thumbprint;
  std::vector<PhysicalNic> pnics;
  std::vector<StandardSwitch> standard_switches;
  std::vector<StandardPortGroup> port_groups;
  std::vector<VmkernelNic> vmkernel_nics;
  std::vector<ProxySwitch> proxy_switches;
  // The host's advanced option Net.IOControlPnicOptOut, exactly as found: the pNICs
  // (comma-separated) that network I/O control leaves alone. Read only where NIOC
  // matters (docs/inventory-format.md); "" when unset or not read.
  std::string nioc_pnic_opt_out;
  // Carried: its permissions, custom attribute values and the licence assigned to it
  // (engine/licenses.h; empty in evaluation mode). Not carried yet: the alarms defined on
  // it (names), the host profile attached to it (name; "" for none).
  std::vector<InventoryPermission> permissions = {};
  CustomAttributes custom_attributes = {};
  LicenseRef license = {};
  std::vector<std::string> alarms = {};
  std::string host_profile = {};
  // Carried: a standalone host's resource pools and vApps below its root pool, as a
  // cluster's (by path, "Gold/Batch"; engine/resource_pools.h, vapps.h). vCenter destroys
  // them with the host's ComputeResource when the host leaves: the removal captures them
  // and the add that undoes it makes them again. Empty for a host in a cluster.
  std::vector<InventoryPool> pools = {};
  std::vector<InventoryVApp> vapps = {};
  // The permissions on them, by path: the removal captures them (engine/plan_permissions.cc)
  // and its undo sets them again once the tree is back. Empty for a host in a cluster.
  std::vector<InventoryObjectPermissions> pool_permissions = {};
  bool operator==(const InventoryHost&) const = default;
};

struct VmNic {
  std::string label;    // "Network adapter 1"
  std::string network;  // port group name
  std::string dvs;      // its distributed switch, or "" for a standard port group
  bool connected = true;
  bool operator==(const VmNic&) const = default;
};

struct InventoryVm {
  std::string datacenter;
  std::string folder;  // VM folder path inside the datacenter; "" for the root
  std::string name;
  std::string host;
  std::string power_state;  // poweredOn, poweredOff, suspended
  std::vector<VmNic> nics;
  // Carried: its permissions and custom attribute values. Not carried yet: the alarms
  // defined on it (names).
  std::vector<InventoryPermission> permissions = {};
  CustomAttributes custom_attributes = {};
  std::vector<std::string> alarms = {};
  // Its pool's or vApp's path below its cluster's (or standalone host's) root pool; "" the root.
  std::string resource_pool = {};
  bool operator==(const InventoryVm&) const = default;
};

struct DvsPortGroup {
  std::string name;
  int vlan = 0;
  std::vector<std::pair<int, int>> vlan_trunk;  // when not empty, a trunk instead of `vlan`
  int ports = 8;
  std::string port_binding = "static";
  std::string teaming_policy = "loadbalance_srcid";
  std::vector<std::string> active_uplinks;
  std::vector<std::string> standby_uplinks;
  bool operator==(const DvsPortGroup&) const = default;
};

struct DvsMember {
  std::string host;
  std::vector<std::pair<std::string, std::string>> uplinks;  // pNIC -> uplink name
  bool operator==(const DvsMember&) const = default;
};

struct InventoryDvs {
  std::string datacenter;
  std::string name;
  std::string version;
  int mtu = 1500;
  std::vector<std::string> uplinks;
  std::vector<std::string> lacp_groups;  // LACP link aggregation groups (LAGs), by name
  std::vector<DvsPortGroup> port_groups;
  std::vector<DvsMember> members;
  bool nioc = false;  // network I/O control on (config.networkResourceManagementEnabled)
  // Carried: its permissions and its port groups', by port group name.
  std::vector<InventoryPermission> permissions = {};
  std::vector<InventoryObjectPermissions> port_group_permissions = {};
  bool operator==(const InventoryDvs&) const = default;
};

struct InventoryDatacenter {
  std::string name;
  std::vector<std::string> host_folders;  // paths, parents before children
  std::vector<std::string> vm_folders;
  // Carried: its permissions (engine/plan_permissions.h). Not carried yet: the alarms
  // defined on it (names).
  std::vector<InventoryPermission> permissions = {};
  std::vector<std::string> alarms = {};
  // The permissions set on its folders (those with none are left out).
  std::vector<InventoryFolderPermissions> folder_permissions = {};
  bool operator==(const InventoryDatacenter&) const = default;
};

struct Inventory {
  std::string vcenter;      // the URL it was read from
  std::string api_version;  // e.g. 7.0.3.0
  std::vector<InventoryDatacenter> datacenters;
  std::vector<InventoryCluster> clusters;
  std::vector<InventoryHost> hosts;
  std::vector<InventoryVm> vms;
  std::vector<InventoryDvs> switches;
  // The kinds of state vcshift does not carry that this inventory was read for
  // (engine/uncarried.h names them): a plan says plainly which it could not check.
  std::vector<std::string> checked = {};
  // The custom attribute definitions (their values are on the objects).
  std::vector<CustomAttributeDef> custom_attribute_defs = {};
  // The custom roles (their permissions are on the objects).
  std::vector<InventoryRole> roles = {};
  InventoryTagging tagging = {};  // categories, tags, and the attachments of what was read
  // The keys its LicenseManager holds, evaluation mode left out (by edition and tail only).
  std::vector<LicenseRef> license_keys = {};
  // Carried: the permissions on the vCenter's root folder.
  std::vector<InventoryPermission> root_permissions = {};
  bool operator==(const Inventory&) const = default;
};

// Puts every list in a canonical order (by datacenter, then path and name), so two
// inventories of the same vCenter compare equal and serialise to the same bytes.
void Canonicalize(Inventory& inventory);

// A standalone host's compute resource as the owner of its pools and vApps: named after
// the host, in its folder, with its pools, vApps and their permissions (what planning and
// export treat as a cluster's).
InventoryCluster PoolOwnerOf(const InventoryHost& host);

}  // namespace vcshift
