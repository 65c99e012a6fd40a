#include "engine/action_kinds.h"

#include <algorithm>
#include <stdexcept>

namespace vcshift {
namespace {

constexpr auto R = Need::Required;
constexpr auto O = Need::Optional;

// `first`, then `rest` with each key's need made `need`: one list of names serving two
// kinds that differ in what they must carry.
template <size_t N, size_t M>
constexpr std::array<ParamKey, N + M> Concat(const ParamKey* first, const ParamKey* rest, Need need) {
  std::array<ParamKey, N + M> out{};
  for (size_t i = 0; i < N; ++i) out[i] = first[i];
  for (size_t i = 0; i < M; ++i) out[N + i] = {rest[i].name, need, rest[i].meaning};
  return out;
}
template <size_t N, size_t M>
constexpr std::array<ParamKey, N + M> Joined(const ParamKey (&first)[N], const ParamKey (&rest)[M], Need need) {
  return Concat<N, M>(first, rest, need);
}
template <size_t N, size_t M>
constexpr std::array<ParamKey, N + M> Joined(const std::array<ParamKey, N>& first, const ParamKey (&rest)[M], Need need) {
  return Concat<N, M>(first.data(), rest, need);
}
// `keys`, each key's need made `need`.
template <size_t N>
constexpr std::array<ParamKey, N> Joined(const ParamKey (&keys)[N], Need need) {
  return Concat<0, N>(nullptr, keys, need);
}

// A cluster's settings, flattened as plan_changes.h does (engine/cluster_settings.h);
// ops/cluster_settings.cc translates them to vSphere's.
constexpr ParamKey kClusterSettings[] = {
    {"evc_mode", O, "EVC baseline key, or disabled"},
    {"ha.enabled", O, "true, false"},
    {"ha.host_monitoring", O, "true, false"},
    {"ha.isolation_response", O, "none, powerOff, shutdown"},
    {"ha.restart_priority", O, "disabled, lowest, low, medium, high, highest"},
    {"ha.admission_control.enabled", O, "true, false"},
    {"ha.admission_control.policy", O, "host_failures, percentage, dedicated_hosts"},
    {"ha.admission_control.host_failures_tolerated", O, "a count"},
    {"ha.admission_control.cpu_percent", O, "a percentage"},
    {"ha.admission_control.memory_percent", O, "a percentage"},
    {"ha.admission_control.failover_hosts", O, "host names, comma-separated"},
    {"drs.enabled", O, "true, false"},
    {"drs.automation_level", O, "manual, partiallyAutomated, fullyAutomated"},
    {"drs.migration_threshold", O, "1 (conservative) .. 5 (aggressive)"},
};
constexpr ParamKey kClusterFolder[] = {{"folder", R, "the host folder it goes in; \"\": the datacenter's"}};
// A new cluster is made with every setting; a configured one gets those that change.
constexpr auto kCreateCluster = Joined(kClusterFolder, kClusterSettings, R);

// DRS groups and rules in ops/rule_text.h's text; "" for one that is not there.
constexpr ParamKey kMemberships[] = {
    {"group.*", O, "a DRS group: \"<vm|host>: <members>\""},
    {"rule.*", O, "a DRS rule: \"<type>[ (disabled)]: <vms>\", or \"vm_host: <vm group> <policy> <host group>\""},
};

constexpr ParamKey kAddHostOwn[] = {
    {"cluster", R, "the cluster (DC/Cluster) or, standalone, the host folder (DC, DC/Folder) it joins"},
    {"thumbprint", R, "the SHA-1 certificate thumbprint to expect; \"\": trust on first use, when allowed"},
    // Undoing a removal, what the removal captured:
    {"vm:*", O, "vm:<VM>: the VM folder each of the host's VMs was in (ops/host_vms.h)"},
    {"pool:*", O, "pool:<VM>: the resource pool each of the host's VMs was in, below its cluster's root pool"},
    {"pooltree:*", O, "pooltree:<path>: each pool and vApp below a standalone host's root pool (ops/pool_tree.h)"},
    {"override:*", O, "override:<VM>: the cluster's HA/DRS overrides of each of the host's VMs (ops/host_vms.h)"},
    {"vapp:*", O, "vapp:<VM>: the start order entry of each of the host's VMs in a vApp (engine/vapps.h MemberText)"},
    {"discovered_folder", O, "present, absent: vCenter's \"Discovered virtual machine\" folder before"},
};
constexpr auto kAddHost = Joined(kAddHostOwn, kMemberships, O);  // and the VMs' groups and rules

// Undoing an add, what the add captured.
constexpr ParamKey kRemoveHost[] = {
    {"discovered_folder", O, "present, absent: the discovered folder before the add; absent: removed if empty"},
    {"trusted_thumbprint", O, "the thumbprint the add trusted on first use (a record; not read)"},
};

constexpr ParamKey kMoveHost[] = {{"cluster", R, "the cluster or host folder it moves into"}};

// What add_host will send, as it carries them (host_login_precheck.cc reads add_host's).
constexpr ParamKey kCheckHostLogin[] = {
    {"cluster", R, "the cluster (DC/Cluster) or host folder the host joins: the datacenter asked is its first part"},
    {"thumbprint", R, "the SHA-1 certificate thumbprint add_host will expect"},
};

constexpr ParamKey kCreateFolder[] = {
    // The object (DC/<type>/<path>) says both; the provider reads the object.
    {"type", R, "host, vm: which folder tree (shown; not read)"},
    {"path", R, "its path in that tree (shown; not read)"},
};

// A switch's settings that change in place (configure_dvs: those that change); a new
// switch is made with each, and with its version.
constexpr ParamKey kDvsSettings[] = {
    {"mtu", O, "maximum MTU"},
    {"uplinks", O, "uplink names, comma-separated"},
};
constexpr ParamKey kDvsNioc[] = {{"nioc", O, "true, false: network I/O control on; absent when creating: off"}};
constexpr auto kConfigureDvs = Joined(kDvsSettings, kDvsNioc, O);
constexpr ParamKey kDvsVersion[] = {
    {"version", R, "the switch version, e.g. 7.0.3; \"\": the newest the vCenter offers"},
};
constexpr auto kCreateDvsRequired = Joined(kDvsVersion, kDvsSettings, R);
// `nioc` stays optional there: a plan saved before it was a param makes the switch with it off.
constexpr auto kCreateDvs = Joined(kCreateDvsRequired, kDvsNioc, O);

// A port group as inventory_fields.h lists DvsPortGroup's fields, its name in the object;
// a new port group is made with each, a configured one gets those that change.
constexpr ParamKey kDvsPortGroupSettings[] = {
    {"vlan", O, "VLAN id, 0: none"},
    {"vlan_trunk", O, "VLAN ranges, \"1-4,7\"; set: a trunk instead of vlan"},
    {"ports", O, "number of ports"},
    {"port_binding", O, "static, ephemeral"},
    {"teaming_policy", O, "loadbalance_srcid and the other vSphere teaming policies"},
    {"active_uplinks", O, "uplink names, comma-separated; none: every uplink active"},
    {"standby_uplinks", O, "uplink names, comma-separated"},
};
constexpr auto kCreateDvsPortGroup = Joined(kDvsPortGroupSettings, R);

constexpr ParamKey kJoinHostToDvs[] = {
    {"uplinks", R, "pNIC=uplink pairs, comma-separated"},
};

// A host's network step as ToParams writes it and FromParams reads it back
// (engine/host_network.cc, the step's own exact reader).
constexpr ParamKey kHostNetworkStep[] = {
    {"step", R, "the step's kind, e.g. move_pnic"},
    {"object", R, "what it moves or makes: a pNIC, a VMkernel adapter, a VM, a switch, a port group"},
    {"nic", O, "a VM NIC's label"},
    {"from.*", O, "where it was: switch, type, port_group, uplink; value (NIOC)"},
    {"to.*", O, "where it goes, the same keys"},
    {"vlan", O, "a standard port group's VLAN"},
    {"mtu", O, "a standard switch's MTU"},
    {"vmknic.*", O, "vmknic.<i>.device, .from.*, .to.*: adapters moving with a pNIC"},
};

constexpr ParamKey kMoveVmToFolder[] = {{"folder", R, "the VM folder's path below the datacenter's; \"\": that folder"}};

// A hook's call (engine/hooks.h, HookCallOf); undo_hook carries the same keys, its
// `run` the hook's `undo:`. Env values are never params: only where each comes from.
constexpr ParamKey kHook[] = {
    {"name", R, "the hook's name in the desired state"},
    {"phase", R, "before_hosts_leave, after_hosts_arrive, after_cleanup"},
    {"run", R, "the command: a JSON array of arguments, the program first; no shell"},
    {"timeout_seconds", R, "after this the process group is killed and the hook failed"},
    {"idempotent", R, "true: run again by resume when it was running as vcshift died"},
    {"hosts", R, "the moving hosts it concerns, comma-separated"},
    {"cluster", O, "the cluster it runs for (target path); absent: every moving host"},
    {"env.*", O, "env.<VARIABLE>: {env: NAME} or {file: PATH, key: KEY}, where its value comes from"},
    // What the hook's last run captured, folded into its undo's params: a record, not read.
    {"exit_status", O, "the exit status of the run it undoes (a record; not read)"},
    {"output", O, "the last lines that run printed (a record; not read)"},
};
// A resource pool: its cluster and its path below the root pool; its allocations as
// AllocationParams writes them (engine/resource_pools.h).
constexpr ParamKey kPool[] = {
    {"cluster", R, "the cluster (DC/Cluster), or standalone host (DC/host), whose root pool it is below"},
    {"pool", R, "its path below the cluster's root pool (Tier1/DB); \"\": the root pool"},
};
constexpr ParamKey kPoolAllocations[] = {
    {"cpu.shares", O, "low, normal, high, or the custom number of shares"},
    {"cpu.reservation", O, "MHz"},
    {"cpu.limit", O, "MHz; -1: unlimited"},
    {"cpu.expandable_reservation", O, "true, false"},
    {"memory.shares", O, "low, normal, high, or the custom number of shares"},
    {"memory.reservation", O, "MB"},
    {"memory.limit", O, "MB; -1: unlimited"},
    {"memory.expandable_reservation", O, "true, false"},
};
constexpr auto kConfigureResourcePool = Joined(kPool, kPoolAllocations, O);
constexpr auto kCreateResourcePool = Joined(kPool, kPoolAllocations, R);
// One VM's overrides, those set (OverrideParams); none of a part: no entry for it.
constexpr ParamKey kVmOverrides[] = {
    {"cluster", R, "the VM's cluster (DC/Cluster)"},
    {"ha.restart_priority", O, "disabled, lowest, low, medium, high, highest, clusterRestartPriority"},
    {"ha.isolation_response", O, "none, powerOff, shutdown, clusterIsolationResponse"},
    {"ha.vm_monitoring", O, "vmMonitoringDisabled, vmMonitoringOnly, vmAndAppMonitoring"},
    {"drs.enabled", O, "true, false"},
    {"drs.automation_level", O, "manual, partiallyAutomated, fullyAutomated"},
};
// A vApp's allocations, its members' start order entries, its sections and its own entry
// in the vApp it is inside (configure_vapp): those that change; a member's "" is no entry
// (a VM leaving the vApp).
constexpr ParamKey kVAppMembers[] = {
    {"member.*", O, "member.<VM>: its start order entry (start_order=..;start_delay=..;..., engine/vapps.h)"},
};
// A vApp's sections and its entry in the vApp it is inside: set by configure_vapp, and by
// create_vapp when it undoes a destroy_vapp.
constexpr ParamKey kVAppConfig[] = {
    {"product.*", O, "product.<key>.<field>: a field of a product section; key \"\": no such section"},
    {"property.*", O, "property.<key>.<field>: a field of a property section; key \"\": no such section"},
    {"start", O, "its entry in the start order of the vApp it is inside (as member.*); \"\": none"},
};
constexpr auto kConfigureVApp = Joined(Joined(kConfigureResourcePool, kVAppMembers, O), kVAppConfig, O);
constexpr auto kCreateVApp = Joined(kCreateResourcePool, kVAppConfig, O);
constexpr ParamKey kCustomField[] = {{"type", R, "the objects it applies to: host, vm, cluster, global"}};

constexpr ParamKey kSetCustomValues[] = {
    {"type", R, "the object's type: host, vm, cluster"},
    {"value.*", O, "value.<attribute name>: its value; \"\": none"},
};
constexpr ParamKey kCreateTagCategory[] = {
    {"cardinality", R, "SINGLE or MULTIPLE: how many of its tags one object may carry"},
    {"associable_types", R, "the vSphere types its tags may be attached to, comma-separated; \"\": every type"},
    {"description", O, "its description"},
};
constexpr ParamKey kCreateTag[] = {{"description", O, "its description"}};
constexpr ParamKey kTagAttachment[] = {
    {"type", R, "the object's kind: cluster, host, vm, datacenter, folder, switch, port_group, resource_pool, vapp"},
    {"path", R, "the object's path: DC1/Cluster1, DC1/esx-01 (a host or VM by name in its datacenter), DC1/vm/Web (a "
                "folder), DC1/DSwitch1/pg-vm (a port group), DC1/Cluster1/Tier1 (a pool or vApp)"},
    {"tag", R, "Category/Tag"},
};
constexpr ParamKey kSetHostLicense[] = {
    {"edition", O, "the licence's edition; none: evaluation mode"},
    {"name", O, "the licence's name, as the LicenseManager gives it"},
    {"key_tail", O, "the last five characters of the key (never the whole key); none: evaluation mode"},
};

constexpr ParamKey kRole[] = {{"privileges", R, "its privilege ids, comma-separated, sorted"}};
constexpr ParamKey kSetPermissions[] = {
    {"type", R, "the object's type: cluster, host, vm, folder"},
    {"permission.*", O,
     "permission.<principal>: \"<user|group>:<propagate|here>:<role>\" (engine/permission_params.h); \"\": none"},
};

constexpr std::span<const ParamKey> kNone;

using K = ActionKind;
using C = Category;
using D = ReliesOn;

constexpr std::array<KindTraits, kKindCount> kKinds = {{
    {K::CreateDatacenter, "create_datacenter", K::DestroyDatacenter, "datacenter", C::Create, D::Datacenter, kNone},
    {K::DestroyDatacenter, "destroy_datacenter", K::CreateDatacenter, "datacenter", C::Destroy, D::Datacenter, kNone},
    {K::CreateFolder, "create_folder", K::DestroyFolder, "folder", C::Create, D::Datacenter, kCreateFolder},
    {K::DestroyFolder, "destroy_folder", K::CreateFolder, "folder", C::Destroy, D::Datacenter, kNone},
    {K::CreateCluster, "create_cluster", K::DestroyCluster, "cluster", C::Create, D::Cluster, kCreateCluster},
    {K::DestroyCluster, "destroy_cluster", K::CreateCluster, "cluster", C::Destroy, D::Cluster, kNone},
    {K::ConfigureCluster, "configure_cluster", K::ConfigureCluster, "cluster", C::Change, D::Cluster,
     kClusterSettings},
    {K::ConfigureClusterRules, "configure_cluster_rules", K::ConfigureClusterRules, "cluster", C::Change, D::Cluster,
     kMemberships},
    {K::EnterMaintenanceMode, "enter_maintenance_mode", K::ExitMaintenanceMode, "host", C::Step, D::Host, kNone},
    {K::ExitMaintenanceMode, "exit_maintenance_mode", K::EnterMaintenanceMode, "host", C::Step, D::Host, kNone},
    {K::DisconnectHost, "disconnect_host", K::ReconnectHost, "host", C::Step, D::Host, kNone},
    {K::ReconnectHost, "reconnect_host", K::DisconnectHost, "host", C::Step, D::Host, kNone},
    {K::RemoveHost, "remove_host", K::AddHost, "host", C::Step, D::Host, kRemoveHost},
    {K::AddHost, "add_host", K::RemoveHost, "host", C::Move, D::Host, kAddHost},
    {K::MoveHost, "move_host", K::MoveHost, "host", C::Move, D::Host, kMoveHost},
    // QueryConnectionInfo on the target: a read (changes_nothing), undone by nothing.
    {K::CheckHostLogin, "check_host_login", K::CheckHostLogin, "host", C::Step, D::Host, kCheckHostLogin, true},
    {K::CreateDvs, "create_dvs", K::DestroyDvs, "distributed switch", C::Create, D::Switch, kCreateDvs},
    {K::DestroyDvs, "destroy_dvs", K::CreateDvs, "distributed switch", C::Destroy, D::Switch, kNone},
    {K::ConfigureDvs, "configure_dvs", K::ConfigureDvs, "distributed switch", C::Change, D::Switch, kConfigureDvs},
    // Never undone (vSphere upgrades a switch, never downgrades it): its prior is shown only.
    {K::UpgradeDvs, "upgrade_dvs", K::UpgradeDvs, "distributed switch", C::Change, D::Switch, kDvsVersion},
    {K::CreateDvsPortGroup, "create_dvs_port_group", K::DestroyDvsPortGroup, "port group", C::Create, D::Switch,
     kCreateDvsPortGroup},
    {K::DestroyDvsPortGroup, "destroy_dvs_port_group", K::CreateDvsPortGroup, "port group", C::Destroy, D::Switch,
     kNone},
    {K::ConfigureDvsPortGroup, "configure_dvs_port_group", K::ConfigureDvsPortGroup, "port group", C::Change,
     D::Switch, kDvsPortGroupSettings},
    {K::JoinHostToDvs, "join_host_to_dvs", K::RemoveHostFromDvs, "switch member", C::Change, D::SwitchAndHost,
     kJoinHostToDvs},
    {K::RemoveHostFromDvs, "remove_host_from_dvs", K::JoinHostToDvs, "switch member", C::Change, D::SwitchAndHost,
     kNone},
    {K::HostNetworkStep, "host_network_step", K::HostNetworkStep, "host", C::Step, D::Host, kHostNetworkStep},
    {K::MoveVmToFolder, "move_vm_to_folder", K::MoveVmToFolder, "vm", C::Move, D::Vm, kMoveVmToFolder},
    {K::RunHook, "run_hook", K::UndoHook, "hook", C::Step, D::Nothing, kHook},
    {K::UndoHook, "undo_hook", K::RunHook, "hook", C::Step, D::Nothing, kHook},
    {K::CreateResourcePool, "create_resource_pool", K::DestroyResourcePool, "resource pool", C::Create, D::Datacenter,
     kCreateResourcePool},
    {K::DestroyResourcePool, "destroy_resource_pool", K::CreateResourcePool, "resource pool", C::Destroy,
     D::Datacenter, kPool},
    {K::ConfigureResourcePool, "configure_resource_pool", K::ConfigureResourcePool, "resource pool", C::Change,
     D::Datacenter, kConfigureResourcePool},
    {K::MoveVmToResourcePool, "move_vm_to_resource_pool", K::MoveVmToResourcePool, "vm", C::Move, D::Vm, kPool},
    {K::ConfigureVmOverrides, "configure_vm_overrides", K::ConfigureVmOverrides, "vm", C::Change, D::Vm,
     kVmOverrides},
    {K::AddCustomField, "add_custom_field", K::RemoveCustomField, "custom attribute", C::Create, D::Datacenter,
     kCustomField},
    {K::RemoveCustomField, "remove_custom_field", K::AddCustomField, "custom attribute", C::Destroy, D::Datacenter,
     kCustomField},
    {K::SetCustomValues, "set_custom_values", K::SetCustomValues, "attributes", C::Change, D::Datacenter,
     kSetCustomValues},
    // The datacenter a tag's object is in (a category's or tag's "datacenter" is none).
    {K::CreateTagCategory, "create_tag_category", K::DeleteTagCategory, "tag category", C::Create, D::Datacenter,
     kCreateTagCategory},
    {K::DeleteTagCategory, "delete_tag_category", K::CreateTagCategory, "tag category", C::Destroy, D::Datacenter,
     kNone},
    {K::CreateTag, "create_tag", K::DeleteTag, "tag", C::Create, D::Datacenter, kCreateTag},
    {K::DeleteTag, "delete_tag", K::CreateTag, "tag", C::Destroy, D::Datacenter, kNone},
    {K::AttachTag, "attach_tag", K::DetachTag, "tag attachment", C::Create, D::Datacenter, kTagAttachment},
    {K::DetachTag, "detach_tag", K::AttachTag, "tag attachment", C::Destroy, D::Datacenter, kTagAttachment},
    // A role is the vCenter's, in no datacenter; permissions are on an object of one.
    {K::AddRole, "add_role", K::RemoveRole, "role", C::Create, D::Nothing, kRole},
    {K::RemoveRole, "remove_role", K::AddRole, "role", C::Destroy, D::Nothing, kRole},
    {K::UpdateRole, "update_role", K::UpdateRole, "role", C::Change, D::Nothing, kRole},
    {K::SetPermissions, "set_permissions", K::SetPermissions, "permissions", C::Change, D::Datacenter,
     kSetPermissions},
    {K::CreateVApp, "create_vapp", K::DestroyVApp, "vApp", C::Create, D::Datacenter, kCreateVApp},
    {K::DestroyVApp, "destroy_vapp", K::CreateVApp, "vApp", C::Destroy, D::Datacenter, kPool},
    {K::ConfigureVApp, "configure_vapp", K::ConfigureVApp, "vApp", C::Change, D::Datacenter, kConfigureVApp},
    {K::SetHostLicense, "set_host_license", K::SetHostLicense, "host licence", C::Change, D::Datacenter,
     kSetHostLicense},
}};
static_assert(OneRowPerKind(kKinds), "one row per ActionKind, in its order");

bool Matches(const ParamKey& declared, const std::string& key) {
  if (declared.name.ends_with('*')) return key.starts_with(declared.name.substr(0, declared.name.size() - 1));
  return key == declared.name;
}

}  // namespace

const KindTraits& Traits(ActionKind kind) {
  if (IndexOf(kind) >= kKindCount) throw std::logic_error("unknown action kind");
  return kKinds[IndexOf(kind)];
}

std::span<const KindTraits> AllKinds() { return kKinds; }

bool Declares(ActionKind kind, const std::string& key) {
  const auto params = Traits(kind).params;
  return std::any_of(params.begin(), params.end(), [&](const ParamKey& declared) { return Matches(declared, key); });
}

std::vector<std::string> ParamProblems(const Action& action) {
  std::vector<std::string> problems;
  const KindTraits& traits = Traits(action.kind);
  const auto problem = [&](const std::string& text) { problems.push_back("action " + action.id + ": " + text); };
  for (const auto& [key, value] : action.params) {
    if (!Declares(action.kind, key)) problem("param '" + key + "' is not declared for " + traits.name);
  }
  for (const auto& declared : traits.params) {
    if (declared.need == Need::Required && !action.params.count(std::string(declared.name))) {
      problem("required param '" + std::string(declared.name) + "' is missing");
    }
  }
  for (const auto& [key, value] : action.prior) {
    if (!Declares(traits.inverse, key)) {
      problem("prior '" + key + "' is not declared for its inverse, " + Traits(traits.inverse).name);
    }
  }
  return problems;
}

std::string ParamOf(ActionKind kind, const std::map<std::string, std::string>& values, const std::string& key) {
  if (!Declares(kind, key)) {
    throw std::logic_error("'" + key + "' is not a param of " + Traits(kind).name +
                           " (engine/action_kinds.cc declares each kind's params)");
  }
  const auto it = values.find(key);
  return it == values.end() ? "" : it->second;
}

std::string ParamOf(const Action& action, const std::string& key) { return ParamOf(action.kind, action.params, key); }

std::string PriorOf(const Action& action, const std::string& key) {
  return ParamOf(Traits(action.kind).inverse, action.prior, key);
}

}  // namespace vcshift
