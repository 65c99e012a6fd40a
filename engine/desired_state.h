#pragma once
// The desired state, format version 1: what the target vCenter must look like.
// Plain values; every object remembers where it was written so later stages (checks,
// prechecks, the planner) can point the user at the line. See docs/desired-state.md.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/cluster_settings.h"
#include "engine/diagnostic.h"
#include "engine/permissions.h"
#include "engine/resource_pools.h"
#include "engine/vapps.h"
#include "engine/tags.h"

namespace vcshift {

// A name as written in the file, with its place.
struct Located {
  std::string value;
  SourceLocation location;
};

// Tags on one object ("Category/Tag"), or `tags: inherit`: those of the source's object
// of that path.
struct ObjectTags {
  bool inherit = false;
  std::vector<Located> tags;
};

// Where a password comes from; the password itself never enters the model.
struct SecretRef {
  std::string env;   // an environment variable, or
  std::string file;  // a credentials file (YAML mapping of key to password) ...
  std::string key;   // ... and the key in it
  bool IsSet() const { return !env.empty() || !file.empty(); }
};

struct VCenterEndpoint {
  std::string url;
  std::string user;
  SecretRef password;  // default: VCSHIFT_SOURCE_PASSWORD / VCSHIFT_TARGET_PASSWORD
  std::string ca_file;
  std::string thumbprint;
  bool insecure = false;
  int timeout_seconds = 120;  // one call's reply, not a task's completion
  int max_reply_mb = 128;     // the largest reply accepted, in MiB
  SourceLocation location;
};

struct Connections {
  VCenterEndpoint source;
  VCenterEndpoint target;
  bool target_is_source = false;  // rebalancing inside one vCenter
};

struct EsxiHostSettings {
  std::string name;
  std::string user;  // empty: the default user
  SecretRef password;
  std::string thumbprint;  // empty: what the source vCenter has recorded for the host
  SourceLocation location;
};

struct EsxiSettings {
  std::string user = "root";
  SecretRef password;  // default: VCSHIFT_ESXI_PASSWORD
  bool trust_on_first_use = false;
  std::vector<EsxiHostSettings> hosts;
};

// A setting that is either left alone, copied from where the hosts come from, or set.
template <typename T>
struct Managed {
  enum class Mode { Unmanaged, Inherit, Set };
  Mode mode = Mode::Unmanaged;
  T value{};
};

struct ClusterGroup {
  std::string name;
  std::string type;  // "vm" or "host"
  std::vector<Located> members;
  SourceLocation location;
};

struct ClusterRule {
  std::string name;
  std::string type;  // vm_affinity, vm_anti_affinity, vm_host
  bool enabled = true;
  std::vector<Located> vms;
  Located vm_group;
  Located host_group;
  std::string policy = "should_run_on";
  SourceLocation location;
};

// A resource pool below a cluster's root pool, its children nested; the VMs it holds
// by name or glob (the first pool that matches a VM, parents before children, takes it).
struct PoolSpec {
  std::string name;
  PoolAllocation cpu;
  PoolAllocation memory;
  std::vector<Located> vms;
  std::vector<PoolSpec> children;
  SourceLocation location;
  Managed<std::vector<PermissionSpec>> permissions = {};  // inherit: the source cluster's pool's
  ObjectTags tags = {};
};

// Per-VM HA/DRS overrides for the VMs matching `vms` (names or globs; the first entry
// that matches a VM applies).
struct VmOverrideSpec {
  std::vector<Located> vms;
  VmOverride settings;
  SourceLocation location;
};

// A vApp below a cluster's root pool, or below the pool `pool` names ("Tier1"); its
// members, the VMs matching `vms` (names or globs), each with its start order entry: the
// first entry that matches a VM, in the first vApp that has one, takes it.
struct VAppMemberSpec {
  std::vector<Located> vms;
  VAppMember settings;
  SourceLocation location;
};

struct VAppSpec {
  std::string name;
  std::string pool;  // "" the root pool
  PoolAllocation cpu;
  PoolAllocation memory;
  std::vector<VAppMemberSpec> members;
  SourceLocation location;
  Managed<std::vector<PermissionSpec>> permissions = {};  // inherit: the source cluster's vApp's
  std::string Path() const { return pool.empty() ? name : pool + "/" + name; }
  ObjectTags tags = {};
  // Its product and property sections, exactly these; nullopt: left as they are.
  std::optional<std::vector<VAppProduct>> products = {};
  std::optional<std::vector<VAppProperty>> properties = {};
  std::vector<SourceLocation> product_locations = {}, property_locations = {};  // of each, for the checks
  // In a vApp (`pool` names one): its entry in that vApp's start order; nullopt: left.
  std::optional<VAppMember> start = {};
  SourceLocation start_location = {};
};

// A custom attribute's value on an object: `Owner: team-a`.
struct AttributeValue {
  Located name;
  std::string value;
};

// Custom attribute values on the hosts or VMs of a datacenter named (or matched by a glob).
struct AttributeAssignment {
  std::vector<Located> objects;  // host or VM names, or glob patterns
  std::vector<AttributeValue> values;
  SourceLocation location;
};

// A custom attribute definition (CustomFieldsManager): its name and the objects it
// applies to: host, vm, cluster, or global.
struct CustomAttributeSpec {
  std::string name;
  std::string type = "global";
  SourceLocation location;
};

struct ClusterSpec {
  std::string name;
  Located folder;  // a host folder of the datacenter; empty: the datacenter's host folder
  Managed<HaSettings> ha;
  std::vector<SourceLocation> failover_host_locations;  // of ha.value.admission_control.failover_hosts
  Managed<DrsSettings> drs;
  Managed<std::string> evc_mode;  // a baseline key, or "disabled"
  std::vector<ClusterGroup> groups;
  std::vector<ClusterRule> rules;
  std::vector<Located> hosts;
  SourceLocation location;
  // Unmanaged: left as they are; inherit: the source cluster's pools (each VM in the
  // pool it had there) and overrides.
  Managed<std::vector<PoolSpec>> resource_pools = {};
  Managed<std::vector<VmOverrideSpec>> vm_overrides = {};
  Managed<std::vector<AttributeValue>> attributes = {};  // inherit: the source cluster's
  Managed<std::vector<PermissionSpec>> permissions = {};  // inherit: the source cluster's
  // Tags on the cluster ("Category/Tag"); `tags: inherit`: the source cluster's.
  bool inherit_tags = false;
  std::vector<Located> tags = {};
  // Unmanaged: left as they are; inherit: the source cluster's vApps, each moving VM in
  // the vApp it was in there with its start order.
  Managed<std::vector<VAppSpec>> vapps = {};
};

// A host in no cluster: in the datacenter's host folder, or in `folder`. Its resource
// pools and vApps as a cluster's, below its own root pool (unmanaged: left as they are;
// inherit: the source host's, each of its VMs where it was), with the permissions and
// tags on them as a cluster's pools'.
struct StandaloneHostSpec {
  Located name;
  Located folder;  // a host folder of the datacenter; empty: the datacenter's host folder
  SourceLocation location;
  Managed<std::vector<PoolSpec>> resource_pools = {};
  Managed<std::vector<VAppSpec>> vapps = {};
};

struct VlanRange {
  int start = 0;
  int end = 0;
  SourceLocation location;
};

struct Teaming {
  std::string policy = "loadbalance_srcid";
  std::vector<Located> active_uplinks;
  std::vector<Located> standby_uplinks;
};

struct PortGroupSpec {
  std::string name;
  int vlan = 0;
  std::vector<VlanRange> vlan_trunk;  // when set, a trunk instead of `vlan`
  bool has_vlan = false;              // `vlan` was written (it conflicts with a trunk)
  int ports = 8;
  std::string port_binding = "static";
  Teaming teaming;
  SourceLocation location;
  Managed<std::vector<PermissionSpec>> permissions = {};  // inherit: the source switch's port group's
  ObjectTags tags = {};  // inherit: the port group of that name on the source switch it inherits (or of its name)
};

struct DvsHostMember {
  std::string name;
  std::vector<std::pair<Located, Located>> uplinks;   // pNIC -> uplink
  std::vector<std::pair<Located, Located>> vmkernel;  // VMkernel adapter -> port group
  SourceLocation location;
};

struct DistributedSwitchSpec {
  std::string name;
  Located inherit;                     // a source switch that fills in what is not set
  std::optional<std::string> version;  // unset: inherited, or the newest the target supports
  std::optional<int> mtu;              // unset: inherited, or 1500
  std::optional<std::vector<Located>> uplinks;  // unset: inherited, or Uplink 1..4
  std::optional<bool> nioc;                     // network I/O control; unset: inherited, or off
  std::string migration_standard_switch = "vSwitch-vcshift";
  std::vector<PortGroupSpec> port_groups;
  std::vector<DvsHostMember> hosts;
  SourceLocation location;
  // Permissions on the switch; inherit: the source switch's (the one `inherit` names, or
  // of this name).
  Managed<std::vector<PermissionSpec>> permissions = {};
  ObjectTags tags = {};  // inherit: the source switch `inherit` names, or the one of its name
};

struct VmPlacement {
  Located folder;  // "" for the datacenter's VM folder itself (its root)
  std::vector<Located> vms;  // names or glob patterns
  SourceLocation location;
};

struct NetworkMapping {
  std::string source;  // the source network's name
  Located switch_name;
  Located port_group;
  SourceLocation location;
};

// Tags for the hosts or VMs a list names (names or glob patterns): the ones listed
// ("Category/Tag"), or with `tags: inherit` those each has on the source.
struct TagRule {
  std::vector<Located> objects;
  bool inherit = false;
  std::vector<Located> tags;
  SourceLocation location;
};

// The licence for the hosts a list names (names or glob patterns; a later rule wins):
// `license:` the edition or the last five characters of a key the target holds, or
// `inherit` (the one each host has on the source).
struct LicenseRule {
  std::vector<Located> hosts;
  bool inherit = false;
  Located license;
  SourceLocation location;
};

// Tags on one of a datacenter's folders: `kind` host or vm, `folder` its path below the
// datacenter's folder of that kind ("" that folder itself).
struct FolderTagRule {
  std::string kind;
  std::string folder;
  ObjectTags tags;
  SourceLocation location;
};

struct DatacenterSpec {
  std::string name;
  std::vector<Located> host_folders;
  std::vector<Located> vm_folders;
  std::vector<ClusterSpec> clusters;
  std::vector<StandaloneHostSpec> standalone_hosts;
  std::vector<DistributedSwitchSpec> distributed_switches;
  std::vector<VmPlacement> vm_placement;
  std::vector<NetworkMapping> network_mapping;
  SourceLocation location;
  // Custom attribute values on its hosts and VMs; inherit: each moving one's own.
  Managed<std::vector<AttributeAssignment>> host_attributes = {};
  Managed<std::vector<AttributeAssignment>> vm_attributes = {};
  // Permissions on its hosts and VMs (inherit: each moving one's own) and on its host
  // and VM folders (inherit: the source datacenter's).
  Managed<std::vector<PermissionAssignment>> host_permissions = {};
  Managed<std::vector<PermissionAssignment>> vm_permissions = {};
  Managed<std::vector<FolderPermissionSpec>> folder_permissions = {};
  // Permissions on the datacenter itself; inherit: the source datacenter's.
  Managed<std::vector<PermissionSpec>> permissions = {};
  std::vector<TagRule> host_tags = {};
  std::vector<TagRule> vm_tags = {};
  std::vector<LicenseRule> host_licenses = {};
  // Tags on the datacenter itself ("Category/Tag"); `tags: inherit`: the source's of that name.
  bool inherit_tags = false;
  std::vector<Located> tags = {};
  std::vector<FolderTagRule> folder_tags = {};
};

struct CleanupPolicy {
  bool remove_empty_clusters = false;
  bool remove_empty_datacenters = false;
  bool remove_unused_distributed_switches = false;
  bool remove_empty_resource_pools = false;  // and vApps (engine/plan_cleanup_pools.h)
};

// A user's command run at a point of the move (docs/desired-state.md, "hooks"): a
// product step no generic tool knows, such as a storage provider unregistered from the
// source before the hosts leave. Planned as run_hook actions (engine/plan_hooks.h).
struct HookSpec {
  Located name;
  std::string phase;  // before_hosts_leave, after_hosts_arrive, after_cleanup
  Located scope_cluster;             // DC/Cluster: one action, for that cluster's hosts
  std::vector<Located> scope_hosts;  // one action per cluster of these hosts
  std::vector<std::string> run;      // argv, no shell
  std::vector<std::string> undo;     // argv; empty: none
  bool undo_none = false;            // `undo: none`, written on purpose
  int timeout_seconds = 600;
  std::vector<std::pair<std::string, SecretRef>> env;  // variable -> where its value comes from
  std::optional<bool> critical;  // unset: true before the hosts leave, false after
  bool idempotent = false;       // may run again when it was running as vcshift died
  SourceLocation location;
};

struct TagCategorySpec {
  TagCategory value;
  SourceLocation location;
};

struct TagSpec {
  TagDefinition value;
  SourceLocation location;
};

// The top level's `tag_categories:` and `tags:`: listed, or `inherit` (every one the
// source has).
struct DesiredTagging {
  bool inherit_categories = false;
  bool inherit_tags = false;
  std::vector<TagCategorySpec> categories;
  std::vector<TagSpec> tags;
};

struct DesiredState {
  std::string file;
  int version = 1;
  Connections connections;
  EsxiSettings esxi;
  std::vector<DatacenterSpec> datacenters;
  CleanupPolicy cleanup;
  std::vector<HookSpec> hooks;
  // Custom attribute definitions on the target; inherit: the source's.
  Managed<std::vector<CustomAttributeSpec>> custom_attributes = {};
  // Custom roles on the target; inherit: the source's.
  Managed<std::vector<RoleSpec>> roles = {};
  std::vector<PrincipalMapping> principal_mapping = {};
  DesiredTagging tagging = {};
  // Permissions on the target vCenter's root folder (`permissions:` at the top level);
  // inherit: the source's.
  Managed<std::vector<PermissionSpec>> root_permissions = {};
};

}  // namespace vcshift
