#include "engine/desired_state_loader.h"

#include <cctype>

#include "engine/inventory_fields.h"
#include "engine/yaml_file.h"

namespace vcshift {
namespace {

// The value under `key`, or a null node. (yaml-cpp answers a missing key with an
// "invalid" node whose type queries throw; a null node is safe to ask anything.)
YAML::Node Child(const YAML::Node& parent, const char* key) {
  if (!parent.IsDefined() || !parent.IsMap()) return YAML::Node();
  const YAML::Node child = parent[key];
  return child.IsDefined() ? child : YAML::Node();
}

// The entries of a list, or none when the node is not a list.
std::vector<YAML::Node> Items(const YAML::Node& parent, const char* key) {
  const YAML::Node list = Child(parent, key);
  std::vector<YAML::Node> items;
  if (list.IsSequence()) {
    for (const auto& item : list) items.push_back(item);
  }
  return items;
}

std::string Text(const YAML::Node& parent, const char* key, std::string fallback = "") {
  const YAML::Node node = Child(parent, key);
  return node.IsScalar() ? node.Scalar() : fallback;
}

Located LocatedText(const YAML::Node& parent, const char* key) {
  const YAML::Node node = Child(parent, key);
  return node.IsScalar() ? Located{node.Scalar(), LocationOf(node)} : Located{};
}

template <typename T>
T Value(const YAML::Node& parent, const char* key, T fallback) {
  const YAML::Node node = Child(parent, key);
  if (!node.IsScalar()) return fallback;
  try {
    return node.as<T>();
  } catch (const YAML::Exception&) {
    return fallback;  // reported by the schema validator
  }
}

std::vector<Located> LocatedList(const YAML::Node& parent, const char* key) {
  std::vector<Located> out;
  for (const auto& item : Items(parent, key)) {
    if (item.IsScalar()) out.push_back({item.Scalar(), LocationOf(item)});
  }
  return out;
}

std::vector<std::pair<Located, Located>> LocatedPairs(const YAML::Node& parent, const char* key) {
  std::vector<std::pair<Located, Located>> out;
  const YAML::Node map = Child(parent, key);
  if (!map.IsMap()) return out;
  for (const auto& entry : map) {
    if (entry.first.IsScalar() && entry.second.IsScalar()) {
      out.push_back({{entry.first.Scalar(), LocationOf(entry.first)},
                     {entry.second.Scalar(), LocationOf(entry.second)}});
    }
  }
  return out;
}

SecretRef ReadSecret(const YAML::Node& node) {
  return {Text(node, "env"), Text(node, "file"), Text(node, "key")};
}

VCenterEndpoint ReadEndpoint(const YAML::Node& node) {
  VCenterEndpoint endpoint;
  endpoint.url = Text(node, "url");
  endpoint.user = Text(node, "user");
  endpoint.password = ReadSecret(Child(node, "password"));
  endpoint.ca_file = Text(node, "ca_file");
  endpoint.thumbprint = Text(node, "thumbprint");
  endpoint.insecure = Value(node, "insecure", false);
  endpoint.timeout_seconds = Value(node, "timeout_seconds", 120);
  endpoint.max_reply_mb = Value(node, "max_reply_mb", 128);
  endpoint.location = LocationOf(node);
  return endpoint;
}

Connections ReadConnections(const YAML::Node& node) {
  Connections connections;
  connections.source = ReadEndpoint(Child(node, "source"));
  if (!connections.source.password.IsSet()) connections.source.password.env = "VCSHIFT_SOURCE_PASSWORD";
  const YAML::Node target = Child(node, "target");
  if (Text(target, "same_as") == "source") {
    connections.target = connections.source;
    connections.target_is_source = true;
  } else {
    connections.target = ReadEndpoint(target);
    if (!connections.target.password.IsSet()) connections.target.password.env = "VCSHIFT_TARGET_PASSWORD";
  }
  return connections;
}

EsxiSettings ReadEsxi(const YAML::Node& node) {
  EsxiSettings esxi;
  esxi.user = Text(node, "user", esxi.user);
  esxi.password = ReadSecret(Child(node, "password"));
  if (!esxi.password.IsSet()) esxi.password.env = "VCSHIFT_ESXI_PASSWORD";
  esxi.trust_on_first_use = Value(node, "trust_on_first_use", false);
  const YAML::Node hosts = Child(node, "hosts");
  if (hosts.IsMap()) {
    for (const auto& entry : hosts) {
      if (!entry.first.IsScalar()) continue;
      esxi.hosts.push_back({entry.first.Scalar(), Text(entry.second, "user"),
                            ReadSecret(Child(entry.second, "password")), Text(entry.second, "thumbprint"),
                            LocationOf(entry.first)});
    }
  }
  return esxi;
}

// `key: inherit`, `key: {...}` read by `read`, or absent.
template <typename T, typename Reader>
Managed<T> ReadManaged(const YAML::Node& parent, const char* key, Reader read) {
  Managed<T> managed;
  const YAML::Node node = Child(parent, key);
  if (node.IsScalar() && node.Scalar() == "inherit") {
    managed.mode = Managed<T>::Mode::Inherit;
  } else if (node.IsDefined() && !node.IsNull()) {
    managed.mode = Managed<T>::Mode::Set;
    managed.value = read(node);
  }
  return managed;
}

HaSettings ReadHa(const YAML::Node& node) {
  HaSettings ha;
  ha.enabled = Value(node, "enabled", ha.enabled);
  ha.host_monitoring = Value(node, "host_monitoring", ha.host_monitoring);
  ha.isolation_response = Text(node, "isolation_response", ha.isolation_response);
  ha.restart_priority = Text(node, "restart_priority", ha.restart_priority);
  const YAML::Node admission = Child(node, "admission_control");
  AdmissionControl& ac = ha.admission_control;
  ac.enabled = Value(admission, "enabled", ac.enabled);
  ac.policy = Text(admission, "policy", ac.policy);
  ac.host_failures_tolerated = Value(admission, "host_failures_tolerated", ac.host_failures_tolerated);
  ac.cpu_percent = Value(admission, "cpu_percent", ac.cpu_percent);
  ac.memory_percent = Value(admission, "memory_percent", ac.memory_percent);
  for (const auto& host : LocatedList(admission, "failover_hosts")) ac.failover_hosts.push_back(host.value);
  return ha;
}

DrsSettings ReadDrs(const YAML::Node& node) {
  DrsSettings drs;
  drs.enabled = Value(node, "enabled", drs.enabled);
  drs.automation_level = Text(node, "automation_level", drs.automation_level);
  drs.migration_threshold = Value(node, "migration_threshold", drs.migration_threshold);
  return drs;
}

// `shares: low | normal | high | <number>` (a number: custom shares).
PoolAllocation ReadAllocation(const YAML::Node& node) {
  PoolAllocation allocation;
  const std::string shares = Text(node, "shares", allocation.shares);
  if (!shares.empty() && std::isdigit(static_cast<unsigned char>(shares[0]))) {
    allocation.shares = "custom";
    allocation.custom_shares = Value(node, "shares", 0);
  } else {
    allocation.shares = shares;
  }
  allocation.reservation = Value(node, "reservation", allocation.reservation);
  allocation.limit = Value(node, "limit", allocation.limit);
  allocation.expandable = Value(node, "expandable_reservation", allocation.expandable);
  return allocation;
}

std::vector<PermissionSpec> ReadPermissions(const YAML::Node& node);  // below: pools take permissions too
// An object's `tags:`, a list or `inherit`.
ObjectTags ReadObjectTags(const YAML::Node& node) { return {Text(node, "tags") == "inherit", LocatedList(node, "tags")}; }

std::vector<PoolSpec> ReadPools(const YAML::Node& node) {
  std::vector<PoolSpec> pools;
  if (!node.IsSequence()) return pools;
  for (const auto& item : node) {
    PoolSpec pool;
    pool.name = Text(item, "name");
    pool.cpu = ReadAllocation(Child(item, "cpu"));
    pool.memory = ReadAllocation(Child(item, "memory"));
    pool.vms = LocatedList(item, "vms");
    pool.children = ReadPools(Child(item, "resource_pools"));
    pool.location = LocationOf(item);
    pool.permissions = ReadManaged<std::vector<PermissionSpec>>(item, "permissions", ReadPermissions);
    pool.tags = ReadObjectTags(item);
    pools.push_back(std::move(pool));
  }
  return pools;
}

std::vector<VmOverrideSpec> ReadOverrides(const YAML::Node& node) {
  std::vector<VmOverrideSpec> overrides;
  if (!node.IsSequence()) return overrides;
  for (const auto& item : node) {
    VmOverrideSpec spec;
    spec.vms = LocatedList(item, "vms");
    const YAML::Node ha = Child(item, "ha");
    spec.settings.restart_priority = Text(ha, "restart_priority");
    spec.settings.isolation_response = Text(ha, "isolation_response");
    spec.settings.vm_monitoring = Text(ha, "vm_monitoring");
    const YAML::Node drs = Child(item, "drs");
    if (Child(drs, "enabled").IsScalar()) spec.settings.drs_enabled = Value(drs, "enabled", true);
    spec.settings.drs_automation_level = Text(drs, "automation_level");
    spec.location = LocationOf(item);
    overrides.push_back(std::move(spec));
  }
  return overrides;
}

// Sets each field inventory_fields.h lists of a value from the mapping's key of that
// name, when there (a mistyped one is the schema validator's to report).
class FieldsReader {
 public:
  explicit FieldsReader(const YAML::Node& node) : node_(node) {}
  template <typename T>
  void operator()(const char* key, T& value) {
    value = Value(node_, key, value);
  }

 private:
  const YAML::Node& node_;
};

template <typename T>
T ReadFields(const YAML::Node& node) {
  T value;
  FieldsReader reader(node);
  if constexpr (std::is_same_v<T, VAppMember>) {
    fields::DescribeEntry(reader, value);
  } else {
    fields::Describe(reader, value);
  }
  return value;
}

// A vApp's `products:` or `properties:`, when written.
template <typename Section>
void ReadSections(const YAML::Node& vapp, const char* key, std::optional<std::vector<Section>>& sections,
                  std::vector<SourceLocation>& locations) {
  if (!Child(vapp, key).IsSequence()) return;
  sections.emplace();
  for (const auto& item : Items(vapp, key)) {
    sections->push_back(ReadFields<Section>(item));
    locations.push_back(LocationOf(item));
  }
}

std::vector<VAppSpec> ReadVApps(const YAML::Node& node) {
  std::vector<VAppSpec> vapps;
  if (!node.IsSequence()) return vapps;
  for (const auto& item : node) {
    VAppSpec vapp;
    vapp.name = Text(item, "name");
    vapp.pool = Text(item, "resource_pool");
    vapp.cpu = ReadAllocation(Child(item, "cpu"));
    vapp.memory = ReadAllocation(Child(item, "memory"));
    for (const auto& entry : Items(item, "members")) {
      VAppMemberSpec member;
      member.vms = LocatedList(entry, "vms");
      member.settings = ReadFields<VAppMember>(entry);
      member.location = LocationOf(entry);
      vapp.members.push_back(std::move(member));
    }
    vapp.location = LocationOf(item);
    vapp.permissions = ReadManaged<std::vector<PermissionSpec>>(item, "permissions", ReadPermissions);
    vapp.tags = ReadObjectTags(item);
    ReadSections(item, "products", vapp.products, vapp.product_locations);
    ReadSections(item, "properties", vapp.properties, vapp.property_locations);
    if (const YAML::Node start = Child(item, "start"); start.IsMap()) {
      vapp.start = ReadFields<VAppMember>(start);
      vapp.start_location = LocationOf(start);
    }
    vapps.push_back(std::move(vapp));
  }
  return vapps;
}

// `{Owner: team-a, Rack: R12}`.
std::vector<AttributeValue> ReadAttributeValues(const YAML::Node& node) {
  std::vector<AttributeValue> values;
  if (!node.IsMap()) return values;
  for (const auto& entry : node) {
    if (!entry.first.IsScalar() || !entry.second.IsScalar()) continue;
    values.push_back({{entry.first.Scalar(), LocationOf(entry.first)}, entry.second.Scalar()});
  }
  return values;
}

// `- {hosts: [esx-*], attributes: {Owner: team-a}}` (`vms:` for VMs).
std::vector<AttributeAssignment> ReadAssignments(const YAML::Node& node, const char* objects) {
  std::vector<AttributeAssignment> assignments;
  if (!node.IsSequence()) return assignments;
  for (const auto& item : node) {
    assignments.push_back(
        {LocatedList(item, objects), ReadAttributeValues(Child(item, "attributes")), LocationOf(item)});
  }
  return assignments;
}

std::vector<CustomAttributeSpec> ReadCustomAttributes(const YAML::Node& node) {
  std::vector<CustomAttributeSpec> specs;
  if (!node.IsSequence()) return specs;
  for (const auto& item : node) specs.push_back({Text(item, "name"), Text(item, "type", "global"), LocationOf(item)});
  return specs;
}

// `- {principal: 'VSPHERE.LOCAL\ops', group: true, role: Operator, propagate: true}`.
std::vector<PermissionSpec> ReadPermissions(const YAML::Node& node) {
  std::vector<PermissionSpec> permissions;
  if (!node.IsSequence()) return permissions;
  for (const auto& item : node) {
    permissions.push_back({Text(item, "principal"), Value(item, "group", false), Text(item, "role"),
                           Value(item, "propagate", true), LocationOf(item)});
  }
  return permissions;
}

// `- {hosts: [esx-*], permissions: [...]}` (`vms:` for VMs).
std::vector<PermissionAssignment> ReadPermissionAssignments(const YAML::Node& node, const char* objects) {
  std::vector<PermissionAssignment> assignments;
  if (!node.IsSequence()) return assignments;
  for (const auto& item : node) {
    std::vector<std::string> names;
    for (const auto& name : LocatedList(item, objects)) names.push_back(name.value);
    assignments.push_back({names, ReadPermissions(Child(item, "permissions")), LocationOf(item)});
  }
  return assignments;
}

std::vector<FolderPermissionSpec> ReadFolderPermissions(const YAML::Node& node) {
  std::vector<FolderPermissionSpec> folders;
  if (!node.IsSequence()) return folders;
  for (const auto& item : node) {
    folders.push_back(
        {Text(item, "kind"), Text(item, "folder"), ReadPermissions(Child(item, "permissions")), LocationOf(item)});
  }
  return folders;
}

std::vector<RoleSpec> ReadRoles(const YAML::Node& node) {
  std::vector<RoleSpec> roles;
  if (!node.IsSequence()) return roles;
  for (const auto& item : node) {
    RoleSpec role{Text(item, "name"), {}, LocationOf(item)};
    for (const auto& privilege : LocatedList(item, "privileges")) role.privileges.push_back(privilege.value);
    roles.push_back(std::move(role));
  }
  return roles;
}

ClusterSpec ReadCluster(const YAML::Node& node) {
  ClusterSpec cluster;
  cluster.name = Text(node, "name");
  cluster.folder = LocatedText(node, "folder");
  cluster.ha = ReadManaged<HaSettings>(node, "ha", ReadHa);
  for (const auto& host : LocatedList(Child(Child(node, "ha"), "admission_control"), "failover_hosts")) {
    cluster.failover_host_locations.push_back(host.location);
  }
  cluster.drs = ReadManaged<DrsSettings>(node, "drs", ReadDrs);
  if (const std::string evc = Text(node, "evc_mode"); !evc.empty()) {
    cluster.evc_mode.mode = evc == "inherit" ? Managed<std::string>::Mode::Inherit : Managed<std::string>::Mode::Set;
    cluster.evc_mode.value = evc;
  }
  for (const auto& group : Items(node, "groups")) {
    cluster.groups.push_back(
        {Text(group, "name"), Text(group, "type"), LocatedList(group, "members"), LocationOf(group)});
  }
  for (const auto& item : Items(node, "rules")) {
    ClusterRule rule;
    rule.name = Text(item, "name");
    rule.type = Text(item, "type");
    rule.enabled = Value(item, "enabled", rule.enabled);
    rule.vms = LocatedList(item, "vms");
    rule.vm_group = LocatedText(item, "vm_group");
    rule.host_group = LocatedText(item, "host_group");
    rule.policy = Text(item, "policy", rule.policy);
    rule.location = LocationOf(item);
    cluster.rules.push_back(std::move(rule));
  }
  cluster.hosts = LocatedList(node, "hosts");
  cluster.location = LocationOf(node);
  cluster.resource_pools = ReadManaged<std::vector<PoolSpec>>(node, "resource_pools", ReadPools);
  cluster.vm_overrides = ReadManaged<std::vector<VmOverrideSpec>>(node, "vm_overrides", ReadOverrides);
  cluster.attributes = ReadManaged<std::vector<AttributeValue>>(node, "attributes", ReadAttributeValues);
  cluster.permissions = ReadManaged<std::vector<PermissionSpec>>(node, "permissions", ReadPermissions);
  cluster.inherit_tags = Text(node, "tags") == "inherit";
  cluster.tags = LocatedList(node, "tags");
  cluster.vapps = ReadManaged<std::vector<VAppSpec>>(node, "vapps", ReadVApps);
  return cluster;
}

PortGroupSpec ReadPortGroup(const YAML::Node& node) {
  PortGroupSpec pg;
  pg.name = Text(node, "name");
  pg.has_vlan = !Child(node, "vlan").IsNull();
  pg.vlan = Value(node, "vlan", pg.vlan);
  for (const auto& range : Items(node, "vlan_trunk")) {
    pg.vlan_trunk.push_back({Value(range, "start", 0), Value(range, "end", 0), LocationOf(range)});
  }
  pg.ports = Value(node, "ports", pg.ports);
  pg.port_binding = Text(node, "port_binding", pg.port_binding);
  const YAML::Node teaming = Child(node, "teaming");
  pg.teaming.policy = Text(teaming, "policy", pg.teaming.policy);
  pg.teaming.active_uplinks = LocatedList(teaming, "active_uplinks");
  pg.teaming.standby_uplinks = LocatedList(teaming, "standby_uplinks");
  pg.location = LocationOf(node);
  pg.permissions = ReadManaged<std::vector<PermissionSpec>>(node, "permissions", ReadPermissions);
  pg.tags = ReadObjectTags(node);
  return pg;
}

DistributedSwitchSpec ReadSwitch(const YAML::Node& node) {
  DistributedSwitchSpec dvs;
  dvs.name = Text(node, "name");
  dvs.inherit = LocatedText(node, "inherit");
  if (Child(node, "version").IsScalar()) dvs.version = Text(node, "version");
  if (Child(node, "mtu").IsScalar()) dvs.mtu = Value(node, "mtu", 1500);
  if (Child(node, "uplinks").IsSequence()) dvs.uplinks = LocatedList(node, "uplinks");
  if (Child(node, "nioc").IsScalar()) dvs.nioc = Value(node, "nioc", false);
  dvs.migration_standard_switch = Text(node, "migration_standard_switch", dvs.migration_standard_switch);
  for (const auto& pg : Items(node, "port_groups")) dvs.port_groups.push_back(ReadPortGroup(pg));
  for (const auto& host : Items(node, "hosts")) {
    dvs.hosts.push_back({Text(host, "name"), LocatedPairs(host, "uplinks"), LocatedPairs(host, "vmkernel"),
                         LocationOf(host)});
  }
  dvs.location = LocationOf(node);
  dvs.permissions = ReadManaged<std::vector<PermissionSpec>>(node, "permissions", ReadPermissions);
  dvs.tags = ReadObjectTags(node);
  return dvs;
}

// host_tags / vm_tags: [{hosts|vms: [...], tags: [...] or inherit}]
std::vector<TagRule> ReadTagRules(const YAML::Node& node, const char* key, const char* objects) {
  std::vector<TagRule> rules;
  for (const auto& item : Items(node, key)) {
    rules.push_back({LocatedList(item, objects), Text(item, "tags") == "inherit", LocatedList(item, "tags"),
                     LocationOf(item)});
  }
  return rules;
}

// host_licenses: [{hosts: [...], license: <edition or last five> or inherit}]
std::vector<LicenseRule> ReadLicenseRules(const YAML::Node& node) {
  std::vector<LicenseRule> rules;
  for (const auto& item : Items(node, "host_licenses")) {
    const Located license = LocatedText(item, "license");
    rules.push_back({LocatedList(item, "hosts"), license.value == "inherit", license, LocationOf(item)});
  }
  return rules;
}

DatacenterSpec ReadDatacenter(const YAML::Node& node) {
  DatacenterSpec dc;
  dc.name = Text(node, "name");
  dc.host_folders = LocatedList(node, "host_folders");
  dc.vm_folders = LocatedList(node, "vm_folders");
  for (const auto& cluster : Items(node, "clusters")) dc.clusters.push_back(ReadCluster(cluster));
  for (const auto& host : Items(node, "standalone_hosts")) {
    dc.standalone_hosts.push_back({LocatedText(host, "name"), LocatedText(host, "folder"), LocationOf(host),
                                   ReadManaged<std::vector<PoolSpec>>(host, "resource_pools", ReadPools),
                                   ReadManaged<std::vector<VAppSpec>>(host, "vapps", ReadVApps)});
  }
  for (const auto& dvs : Items(node, "distributed_switches")) dc.distributed_switches.push_back(ReadSwitch(dvs));
  for (const auto& placement : Items(node, "vm_placement")) {
    dc.vm_placement.push_back({LocatedText(placement, "folder"), LocatedList(placement, "vms"), LocationOf(placement)});
  }
  for (const auto& mapping : Items(node, "network_mapping")) {
    dc.network_mapping.push_back({Text(mapping, "source"), LocatedText(mapping, "switch"),
                                  LocatedText(mapping, "port_group"), LocationOf(mapping)});
  }
  dc.location = LocationOf(node);
  dc.host_attributes = ReadManaged<std::vector<AttributeAssignment>>(
      node, "host_attributes", [](const YAML::Node& list) { return ReadAssignments(list, "hosts"); });
  dc.vm_attributes = ReadManaged<std::vector<AttributeAssignment>>(
      node, "vm_attributes", [](const YAML::Node& list) { return ReadAssignments(list, "vms"); });
  dc.host_permissions = ReadManaged<std::vector<PermissionAssignment>>(
      node, "host_permissions", [](const YAML::Node& list) { return ReadPermissionAssignments(list, "hosts"); });
  dc.vm_permissions = ReadManaged<std::vector<PermissionAssignment>>(
      node, "vm_permissions", [](const YAML::Node& list) { return ReadPermissionAssignments(list, "vms"); });
  dc.folder_permissions =
      ReadManaged<std::vector<FolderPermissionSpec>>(node, "folder_permissions", ReadFolderPermissions);
  dc.permissions = ReadManaged<std::vector<PermissionSpec>>(node, "permissions", ReadPermissions);
  dc.host_tags = ReadTagRules(node, "host_tags", "hosts");
  dc.vm_tags = ReadTagRules(node, "vm_tags", "vms");
  dc.host_licenses = ReadLicenseRules(node);
  dc.inherit_tags = Text(node, "tags") == "inherit";
  dc.tags = LocatedList(node, "tags");
  for (const auto& item : Items(node, "folder_tags")) {
    dc.folder_tags.push_back({Text(item, "kind"), Text(item, "folder"), ReadObjectTags(item), LocationOf(item)});
  }
  return dc;
}

std::vector<std::string> Strings(const YAML::Node& parent, const char* key) {
  std::vector<std::string> out;
  for (const auto& item : LocatedList(parent, key)) out.push_back(item.value);
  return out;
}

HookSpec ReadHook(const YAML::Node& node) {
  HookSpec hook;
  hook.name = LocatedText(node, "name");
  hook.phase = Text(node, "phase");
  const YAML::Node scope = Child(node, "scope");
  hook.scope_cluster = LocatedText(scope, "cluster");
  hook.scope_hosts = LocatedList(scope, "hosts");
  hook.run = Strings(node, "run");
  hook.undo = Strings(node, "undo");
  hook.undo_none = Text(node, "undo") == "none";
  hook.timeout_seconds = Value(node, "timeout_seconds", 600);
  const YAML::Node env = Child(node, "env");
  if (env.IsMap()) {
    for (const auto& entry : env) {
      if (entry.first.IsScalar()) hook.env.emplace_back(entry.first.Scalar(), ReadSecret(entry.second));
    }
  }
  if (Child(node, "critical").IsScalar()) hook.critical = Value(node, "critical", true);
  hook.idempotent = Value(node, "idempotent", false);
  hook.location = LocationOf(node);
  return hook;
}

DesiredTagging ReadTagging(const YAML::Node& document) {
  DesiredTagging tagging;
  tagging.inherit_categories = Text(document, "tag_categories") == "inherit";
  for (const auto& item : Items(document, "tag_categories")) {
    TagCategory category{Text(item, "name"), Text(item, "description"), Text(item, "cardinality", "multiple"), {}};
    for (auto& c : category.cardinality) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const auto& type : LocatedList(item, "associable_types")) category.associable_types.push_back(type.value);
    tagging.categories.push_back({std::move(category), LocationOf(item)});
  }
  tagging.inherit_tags = Text(document, "tags") == "inherit";
  for (const auto& item : Items(document, "tags")) {
    tagging.tags.push_back(
        {{Text(item, "category"), Text(item, "name"), Text(item, "description")}, LocationOf(item)});
  }
  return tagging;
}

}  // namespace

DesiredState BuildDesiredState(const YAML::Node& document, const std::string& file) {
  DesiredState state;
  state.file = file;
  state.version = Value(document, "version", 1);
  state.connections = ReadConnections(Child(document, "connections"));
  state.esxi = ReadEsxi(Child(document, "esxi"));
  for (const auto& dc : Items(document, "datacenters")) state.datacenters.push_back(ReadDatacenter(dc));
  const YAML::Node cleanup = Child(document, "cleanup");
  state.cleanup.remove_empty_clusters = Value(cleanup, "remove_empty_clusters", false);
  state.cleanup.remove_empty_datacenters = Value(cleanup, "remove_empty_datacenters", false);
  state.cleanup.remove_unused_distributed_switches = Value(cleanup, "remove_unused_distributed_switches", false);
  state.cleanup.remove_empty_resource_pools = Value(cleanup, "remove_empty_resource_pools", false);
  for (const auto& hook : Items(document, "hooks")) state.hooks.push_back(ReadHook(hook));
  state.custom_attributes =
      ReadManaged<std::vector<CustomAttributeSpec>>(document, "custom_attributes", ReadCustomAttributes);
  state.roles = ReadManaged<std::vector<RoleSpec>>(document, "roles", ReadRoles);
  for (const auto& mapping : Items(document, "principal_mapping")) {
    state.principal_mapping.push_back({Text(mapping, "source"), Text(mapping, "target"), LocationOf(mapping)});
  }
  state.tagging = ReadTagging(document);
  state.root_permissions = ReadManaged<std::vector<PermissionSpec>>(document, "permissions", ReadPermissions);
  return state;
}

}  // namespace vcshift
