#include "providers/vsphere/discovery.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <initializer_list>
#include <map>
#include <mutex>
#include <set>

#include "providers/vsphere/dvs_config.h"
#include "providers/vsphere/host_network_info.h"
#include "providers/vsphere/host_options.h"
#include "providers/vsphere/pool_config.h"
#include "providers/vsphere/properties.h"
#include "providers/vsphere/scoped_reads.h"
#include "providers/vsphere/session.h"
#include "providers/vsphere/licenses.h"
#include "providers/vsphere/uncarried_reads.h"
#include "providers/vsphere/custom_fields.h"
#include "providers/vsphere/authorization.h"
#include "providers/vsphere/vim25_values.h"

namespace vcshift::vsphere {
namespace {

// What every managed entity contributes to paths: its type, name and parent.
struct Entity {
  std::string type;
  std::string name;
  std::string parent;  // moref value; "" at the root
};

// VMs whose devices one call reads. A VM's device list is a few kB of XML and several
// times that once parsed; gSOAP parses a reply whole before anything is taken, and vcsim
// ignores maxObjects (one page for every VM), so reading devices in the view would hold
// all of them at once. Chunks bound the memory to the chunks being read, whatever page
// size the server honours; reading a few at once (a Session has 4 connections by
// default) lets the server encode while this client parses.
constexpr size_t kVmsPerCall = 1000;
constexpr size_t kParallelReads = 4;

bool IsSwitch(const std::string& type) {
  return type == "VmwareDistributedVirtualSwitch" || type == "DistributedVirtualSwitch";
}

bool IsPool(const std::string& type) { return type == "ResourcePool" || type == "VirtualApp"; }

// What the view read asks for, type by type: everything but the VMs' devices. Subtypes
// get their base types' paths too (a cluster is a ComputeResource), so name and parent
// are asked once per base type. Only what the model needs: a whole HostSystem or
// VirtualMachine is hundreds of times larger.
const std::vector<PropertySet>& ViewProperties() {
  static const std::vector<PropertySet> sets = {
      {"Datacenter", {"name", "parent", "hostFolder", "vmFolder"}},
      {"Folder", {"name", "parent"}},
      {"ComputeResource", {"name", "parent"}},
      {"ClusterComputeResource", {"configurationEx", "summary", "customValue"}},
      {"HostSystem",
       {"name", "parent", "runtime.connectionState", "runtime.inMaintenanceMode", "summary.config.product",
        "summary.config.sslThumbprint", "summary.maxEVCModeKey", "hardware.cpuPkg", "config.network",
        "config.virtualNicManagerInfo", "configManager.advancedOption", "customValue"}},
      {"VirtualMachine",
       {"name", "parent", "runtime.host", "runtime.powerState", "config.template", "customValue", "resourcePool"}},
      // Resource pools and vApps (a VirtualApp is a ResourcePool): their tree and
      // allocations below each cluster's root pool.
      {"ResourcePool", {"name", "parent", "config"}},
      {"VirtualApp", {"vAppConfig"}},  // its members' start order entries
      // A switch's configuration by the parts read, not whole: `config.host` lists every
      // member host (one entry a host: 1,250 for one switch of a 5,000-host vCenter), and
      // members are read from the hosts. The version from summary.productInfo (vcsim fills
      // in only the summary's); maxMtu and lacpGroupConfig are VMware switches' own.
      {"DistributedVirtualSwitch",
       {"name", "parent", "summary.productInfo", "config.uuid", "config.uplinkPortgroup", "config.uplinkPortPolicy",
        "config.networkResourceManagementEnabled"}},
      {"VmwareDistributedVirtualSwitch", {"config.maxMtu", "config.lacpGroupConfig"}},
      {"DistributedVirtualPortgroup", {"name", "parent", "config"}},
  };
  return sets;
}

const PropertySet& VmDeviceProperties() {
  static const PropertySet set{"VirtualMachine", {"config.hardware.device"}};
  return set;
}

// Reads raw values into plain ones: one container view over every type, then the VMs'
// devices by object. Managed object ids are kept only while the inventory is assembled;
// vCenter's ids are unique across types.
class Reader {
 public:
  Reader(Session& session, TaggableObjects* taggable, const DiscoveryScope& scope)
      : session_(session), taggable_(taggable), scope_(scope) {}

  Result<Inventory> Read() {
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    const PropertySink take = [this](const MoRef& object, const std::string& path, const xsd__anyType* value) {
      Take(object, path, value);
    };
    auto outside = ReadObjects(session_, scope_, ViewProperties(), take);
    if (!outside) return outside.fault();
    outside_ = *outside;
    const auto viewed = Clock::now();
    if (Status status = ReadVmDevices(); !status) return status.fault();
    if (Status status = ReadNiocOptOuts(); !status) return status.fault();
    if (Status status = ReadCustomFieldDefs(); !status) return status.fault();
    if (Status status = ReadAuthorization(); !status) return status.fault();
    if (Status status = ReadUncarried(); !status) return status.fault();
    const auto devices = Clock::now();
    Inventory inventory = Assemble();
    using Seconds = std::chrono::duration<double>;
    spdlog::info("Discovered {}: {} objects ({:.2f} s), VM devices ({:.2f} s), assembled ({:.2f} s)", session_.url(),
                 entities_.size(), Seconds(viewed - start).count(), Seconds(devices - viewed).count(),
                 Seconds(Clock::now() - devices).count());
    return inventory;
  }

 private:
  // One property of one object, whatever order vCenter sends them in.
  void Take(const MoRef& object, const std::string& path, const xsd__anyType* value) {
    if (path == "customValue") {
      CustomValues(object, value);
    } else if (path == "name" || path == "parent") {
      Entity& entity = entities_[object.value];
      entity.type = object.type;
      if (path == "name") entity.name = Text(value);
      else entity.parent = Ref(value);
    } else if (object.type == "HostSystem") {
      Host(object, path, value);
    } else if (object.type == "VirtualMachine") {
      Vm(object, path, value);
    } else if (object.type == "ClusterComputeResource") {
      Cluster(object, path, value);
    } else if (object.type == "Datacenter") {
      Datacenter(object, path, value);
    } else if (IsPool(object.type)) {
      if (const auto* config = As<vim25__ResourceConfigSpec>(value)) {
        pool_allocations_[object.value] = {ReadAllocation(config->cpuAllocation), ReadAllocation(config->memoryAllocation)};
      }
      if (const auto* config = As<vim25__VAppConfigInfo>(value)) {
        for (const auto* entry : config->entityConfig) {
          if (entry && entry->key) vapp_entries_[object.value].emplace_back(entry->key->__item, ReadVAppEntry(*entry));
        }
        vapp_sections_[object.value] = ReadVAppSections(*config);
      }
    } else if (IsSwitch(object.type)) {
      Dvs(object, path, value);
    } else if (object.type == "DistributedVirtualPortgroup") {
      Portgroup(object, path, value);
    }
  }

  // The device lists of the VMs (templates aside), kVmsPerCall at a time on up to
  // kParallelReads connections; the first failure stops the others after their chunk.
  Status ReadVmDevices() {
    std::vector<MoRef> vms;
    for (const auto& [ref, raw] : vms_) {
      if (!raw.is_template) vms.push_back({"VirtualMachine", ref});
    }
    const size_t chunks = (vms.size() + kVmsPerCall - 1) / kVmsPerCall;
    std::atomic<size_t> next{0};
    std::mutex taking;
    auto worker = [&]() -> Status {
      for (size_t chunk = next++; chunk < chunks; chunk = next++) {
        const auto first = vms.begin() + static_cast<std::ptrdiff_t>(chunk * kVmsPerCall);
        const auto last = vms.begin() + static_cast<std::ptrdiff_t>(std::min(vms.size(), (chunk + 1) * kVmsPerCall));
        const PropertySet& set = VmDeviceProperties();
        Status status = RetrieveProperties(session_, std::vector<MoRef>(first, last), set.type, set.paths,
                                           [&](const MoRef& object, const std::string& path, const xsd__anyType* value) {
                                             std::lock_guard lock(taking);
                                             Take(object, path, value);
                                           });
        if (!status) {
          next = chunks;
          Fault fault = status.fault();
          // One call reads many VMs: name them by the first, as a person would look it up.
          if (fault.object.empty()) {
            fault.object = "the devices of " + std::to_string(last - first) + " VMs from " + Name(first->value);
          }
          return fault;
        }
      }
      return Done{};
    };
    std::vector<std::future<Status>> workers;
    for (size_t i = 0; i < std::min(kParallelReads, chunks); ++i) workers.push_back(std::async(std::launch::async, worker));
    Status result = Done{};
    for (auto& running : workers) {
      Status status = running.get();
      if (result && !status) result = status;
    }
    return result;
  }

  // Each connected host's Net.IOControlPnicOptOut, one call per host, read only when a
  // distributed switch of this vCenter has network I/O control on (the planner needs it
  // only then): a vCenter of 1,000 hosts without NIOC pays nothing.
  Status ReadNiocOptOuts() {
    if (!outside_.nioc &&
        std::none_of(switches_.begin(), switches_.end(), [](const auto& entry) { return entry.second.nioc; })) {
      return Done{};
    }
    for (auto& [ref, host] : hosts_) {
      const auto manager = option_managers_.find(ref);
      if (host.connection_state != "connected" || manager == option_managers_.end() || manager->second.value.empty()) {
        continue;
      }
      auto value = QueryHostOption(session_, manager->second, kNiocOption, Name(ref));
      if (!value && value.fault().type == "InvalidName") continue;  // an ESXi without NIOC v3
      if (!value) return value.fault();
      host.nioc_pnic_opt_out = *value;
    }
    return Done{};
  }

  // The custom attribute definitions: carried (engine/plan_attributes.h), one call.
  Status ReadCustomFieldDefs() {
    auto defs = CustomFieldDefs(session_);
    if (!defs) return defs.fault();
    field_defs_ = std::move(*defs);
    return Done{};
  }

  // The custom roles and every permission: carried (engine/plan_permissions.h), two calls.
  Status ReadAuthorization() {
    auto read = ReadAuthorizations(session_);
    if (!read) return read.fault();
    for (auto& entry : read->permissions) permissions_[entry.entity.value].push_back(std::move(entry.permission));
    roles_ = std::move(read->custom_roles);
    return Done{};
  }

  // --- state vcshift does not carry (engine/uncarried.h) ------------------------------
  // Counted so that a plan can say what it leaves behind: a few whole-vCenter calls. A
  // vCenter that will not tell (no privilege, no such method) leaves the kind unchecked,
  // and the plan says so; any other fault fails discovery as every read does.
  Status ReadUncarried() {
    // Read with each cluster's configurationEx; with the pools (their names and parents,
    // which a scoped read's outline has too) and the vApps (vAppConfig).
    checked_ = {"vm_orchestration", "standalone_vapp_sections"};
    // Carried (engine/plan_licenses.h), but read here to share Keep: the keys, and the
    // assignments of the hosts read.
    std::vector<MoRef> hosts;
    for (const auto& [ref, host] : hosts_) hosts.push_back({"HostSystem", ref});
    Status status =
        Keep(ReadLicences(session_, hosts, scope_.whole), {"licenses"}, [this](auto& read) { licences_ = read; });
    if (status) status = Keep(AlarmsByEntity(session_), {"alarms"}, [this](auto& read) { alarms_ = read; });
    if (status) {
      status = Keep(HostProfilesByEntity(session_), {"host_profiles"}, [this](auto& read) { host_profiles_ = read; });
    }
    return status;
  }

  // One read of state vcshift does not carry: `take` keeps its value and `kinds` count
  // as checked; a vCenter that will not tell leaves them unchecked, with a warning.
  template <typename T, typename Take>
  Status Keep(Result<T> read, std::initializer_list<const char*> kinds, Take take) {
    if (!read && !WillNotTell(read.fault())) return read.fault();
    if (!read) {
      spdlog::warn("{}: {} not checked: {}", session_.url(), *kinds.begin(), Describe(read.fault()));
      return Done{};
    }
    take(*read);
    checked_.insert(checked_.end(), kinds.begin(), kinds.end());
    return Done{};
  }

  // An object's custom attribute values, by field key until the names are read.
  void CustomValues(const MoRef& object, const xsd__anyType* value) {
    const auto* values = As<vim25__ArrayOfCustomFieldValue>(value);
    if (!values) return;
    for (const auto* field : values->CustomFieldValue) {
      const auto* text = As<vim25__CustomFieldStringValue>(field);
      // An empty value is none (whether vCenter keeps one set to "" the reference does
      // not say): it is neither exported nor carried.
      if (text && !text->value.empty()) custom_values_[object.value].emplace_back(field->key, text->value);
    }
  }

  CustomAttributes CustomAttributesOf(const std::string& ref) const {
    CustomAttributes attributes;
    const auto it = custom_values_.find(ref);
    if (it == custom_values_.end()) return attributes;
    for (const auto& [key, value] : it->second) {
      const auto def = field_defs_.find(key);
      attributes.emplace_back(def == field_defs_.end() ? "attribute " + std::to_string(key) : def->second.name, value);
    }
    return attributes;
  }

  std::vector<InventoryPermission> PermissionsOn(const std::string& ref) const {
    const auto it = permissions_.find(ref);
    return it == permissions_.end() ? std::vector<InventoryPermission>{} : it->second;
  }

  // The permissions on a port group or pool, named `object` in its switch or cluster.
  void AddObjectPermissions(const std::string& ref, const std::string& object,
                            std::vector<InventoryObjectPermissions>& out) const {
    if (auto permissions = PermissionsOn(ref); !permissions.empty()) out.push_back({object, std::move(permissions)});
  }

  std::vector<std::string> AlarmsOn(const std::string& ref) const {
    const auto it = alarms_.find(ref);
    return it == alarms_.end() ? std::vector<std::string>{} : it->second;
  }

  std::string HostProfileOf(const std::string& ref) const {
    const auto it = host_profiles_.find(ref);
    return it == host_profiles_.end() ? "" : it->second;
  }

  static std::string Text(const xsd__anyType* value) {
    const auto* text = dynamic_cast<const xsd__string*>(value);
    return text ? text->__item : "";
  }
  static std::string Ref(const xsd__anyType* value) {
    const auto* ref = dynamic_cast<const vim25__ManagedObjectReference*>(value);
    return ref ? ref->__item : "";
  }
  template <typename T>
  static const T* As(const xsd__anyType* value) {
    return dynamic_cast<const T*>(value);
  }
  static std::string Or(const std::string* text, const std::string& fallback = "") { return text ? *text : fallback; }

  // --- datacenters ------------------------------------------------------------------
  void Datacenter(const MoRef& object, const std::string& path, const xsd__anyType* value) {
    (path == "hostFolder" ? host_folder_ : vm_folder_)[object.value] = Ref(value);
  }

  // --- clusters ---------------------------------------------------------------------
  struct RawGroup {
    InventoryClusterGroup group;
    std::vector<std::string> refs;
  };
  struct RawRule {
    InventoryClusterRule rule;
    std::vector<std::string> vm_refs;
  };
  struct RawCluster {
    InventoryCluster cluster;
    std::vector<RawGroup> groups;
    std::vector<RawRule> rules;
    std::vector<std::string> failover_host_refs;
    std::map<std::string, VmOverride> overrides;  // by VM
    std::vector<std::string> orchestration_refs;  // VMs with a ready condition of their own
  };

  void Cluster(const MoRef& object, const std::string& path, const xsd__anyType* value) {
    RawCluster& raw = clusters_[object.value];
    if (const auto* summary = As<vim25__ClusterComputeResourceSummary>(value)) {
      raw.cluster.evc_mode = Or(summary->currentEVCModeKey, "disabled");
      if (raw.cluster.evc_mode.empty()) raw.cluster.evc_mode = "disabled";
    }
    const auto* config = As<vim25__ClusterConfigInfoEx>(value);
    if (path != "configurationEx" || !config) return;
    if (config->dasConfig) Ha(*config->dasConfig, raw);
    if (config->drsConfig) Drs(*config->drsConfig, raw.cluster.drs);
    raw.cluster.vsan = config->vsanConfigInfo && config->vsanConfigInfo->enabled && *config->vsanConfigInfo->enabled;
    for (const auto* group : config->group) Group(group, raw);
    for (const auto* rule : config->rule) Rule(rule, raw);
    // Per-VM HA and DRS overrides, by VM: vCenter drops a VM's when it leaves the inventory.
    for (const auto* vm : config->dasVmConfig) {
      if (vm && vm->key) ReadHaOverride(*vm, raw.overrides[vm->key->__item]);
    }
    for (const auto* vm : config->drsVmConfig) {
      if (vm && vm->key) ReadDrsOverride(*vm, raw.overrides[vm->key->__item]);
    }
    for (const auto* vm : config->vmOrchestration) {  // not carried: counted for the plan's warning
      if (vm && vm->vm) raw.orchestration_refs.push_back(vm->vm->__item);
    }
  }

  static void Ha(const vim25__ClusterDasConfigInfo& das, RawCluster& raw) {
    HaSettings& ha = raw.cluster.ha;
    ha.enabled = das.enabled && *das.enabled;
    ha.host_monitoring = Or(das.hostMonitoring, "enabled") == "enabled";
    if (das.defaultVmSettings) {
      ha.isolation_response = Or(das.defaultVmSettings->isolationResponse, ha.isolation_response);
      ha.restart_priority = Or(das.defaultVmSettings->restartPriority, ha.restart_priority);
    }
    AdmissionControl& admission = ha.admission_control;
    admission.enabled = das.admissionControlEnabled && *das.admissionControlEnabled;  // unset reads as off
    if (const auto* level = As<vim25__ClusterFailoverLevelAdmissionControlPolicy>(das.admissionControlPolicy)) {
      admission.policy = "host_failures";
      admission.host_failures_tolerated = level->failoverLevel;
    } else if (const auto* percent =
                   As<vim25__ClusterFailoverResourcesAdmissionControlPolicy>(das.admissionControlPolicy)) {
      admission.policy = "percentage";
      admission.cpu_percent = percent->cpuFailoverResourcesPercent;
      admission.memory_percent = percent->memoryFailoverResourcesPercent;
    } else if (const auto* hosts = As<vim25__ClusterFailoverHostAdmissionControlPolicy>(das.admissionControlPolicy)) {
      admission.policy = "dedicated_hosts";
      for (const auto* host : hosts->failoverHosts) raw.failover_host_refs.push_back(host->__item);
    }
  }

  static void Drs(const vim25__ClusterDrsConfigInfo& config, DrsSettings& drs) {
    drs.enabled = config.enabled && *config.enabled;
    drs.automation_level = Or(config.defaultVmBehavior, drs.automation_level);
    if (config.vmotionRate) drs.migration_threshold = 6 - *config.vmotionRate;  // vSphere counts the other way
  }

  static void Group(const vim25__ClusterGroupInfo* info, RawCluster& raw) {
    RawGroup group{{info->name, "", {}}, {}};
    if (const auto* vms = As<vim25__ClusterVmGroup>(info)) {
      group.group.type = "vm";
      for (const auto* vm : vms->vm) group.refs.push_back(vm->__item);
    } else if (const auto* hosts = As<vim25__ClusterHostGroup>(info)) {
      group.group.type = "host";
      for (const auto* host : hosts->host) group.refs.push_back(host->__item);
    }
    raw.groups.push_back(std::move(group));
  }

  static void Rule(const vim25__ClusterRuleInfo* info, RawCluster& raw) {
    RawRule rule;
    rule.rule.name = Or(info->name);
    rule.rule.enabled = !info->enabled || *info->enabled;
    const bool mandatory = info->mandatory && *info->mandatory;
    if (const auto* together = As<vim25__ClusterAffinityRuleSpec>(info)) {
      rule.rule.type = "vm_affinity";
      for (const auto* vm : together->vm) rule.vm_refs.push_back(vm->__item);
    } else if (const auto* apart = As<vim25__ClusterAntiAffinityRuleSpec>(info)) {
      rule.rule.type = "vm_anti_affinity";
      for (const auto* vm : apart->vm) rule.vm_refs.push_back(vm->__item);
    } else if (const auto* placement = As<vim25__ClusterVmHostRuleInfo>(info)) {
      rule.rule.type = "vm_host";
      rule.rule.vm_group = Or(placement->vmGroupName);
      const bool affine = placement->affineHostGroupName != nullptr;
      rule.rule.host_group = affine ? *placement->affineHostGroupName : Or(placement->antiAffineHostGroupName);
      rule.rule.policy = std::string(mandatory ? "must" : "should") + (affine ? "_run_on" : "_not_run_on");
    } else {
      return;  // a rule kind vcshift does not manage (dependency rules, ...)
    }
    raw.rules.push_back(std::move(rule));
  }

  // --- hosts ------------------------------------------------------------------------
  void Host(const MoRef& object, const std::string& path, const xsd__anyType* value) {
    InventoryHost& host = hosts_[object.value];
    if (const auto* state = As<vim25__HostSystemConnectionState>(value)) host.connection_state = state->__item;
    if (const auto* flag = As<xsd__boolean>(value)) host.maintenance_mode = flag->__item;
    if (const auto* product = As<vim25__AboutInfo>(value)) {
      host.version = product->version;
      host.build = product->build;
    }
    if (path == "summary.config.sslThumbprint") host.ssl_thumbprint = Text(value);
    if (path == "summary.maxEVCModeKey") host.max_evc_mode = Text(value);
    if (const auto* packages = As<vim25__ArrayOfHostCpuPackage>(value); packages && !packages->HostCpuPackage.empty()) {
      host.cpu_vendor = packages->HostCpuPackage.front()->vendor;
    }
    if (const auto* network = As<vim25__HostNetworkInfo>(value)) ReadHostNetwork(*network, host);
    if (const auto* nics = As<vim25__HostVirtualNicManagerInfo>(value)) management_[object.value] = ManagementKeys(*nics);
    if (path == "configManager.advancedOption") option_managers_[object.value] = {"OptionManager", Ref(value)};
  }

  // The keys of the adapters selected for management traffic.
  static std::vector<std::string> ManagementKeys(const vim25__HostVirtualNicManagerInfo& info) {
    for (const auto* config : info.netConfig) {
      if (config->nicType == "management") return config->selectedVnic;
    }
    return {};
  }

  // --- VMs --------------------------------------------------------------------------
  struct RawVm {
    InventoryVm vm;
    std::string host_ref;
    std::string pool_ref;
    bool is_template = false;
  };

  void Vm(const MoRef& object, const std::string& path, const xsd__anyType* value) {
    RawVm& raw = vms_[object.value];
    if (path == "runtime.host") raw.host_ref = Ref(value);
    if (path == "resourcePool") raw.pool_ref = Ref(value);
    if (const auto* power = As<vim25__VirtualMachinePowerState>(value)) raw.vm.power_state = power->__item;
    if (const auto* flag = As<xsd__boolean>(value); flag && path == "config.template") raw.is_template = flag->__item;
    if (const auto* devices = As<vim25__ArrayOfVirtualDevice>(value)) {
      for (const auto* device : devices->VirtualDevice) {
        if (const auto* card = As<vim25__VirtualEthernetCard>(device)) raw.vm.nics.push_back(NicOf(*card));
      }
    }
  }

  // A NIC on a distributed port group names it by switch uuid and key until Resolve.
  static VmNic NicOf(const vim25__VirtualEthernetCard& card) {
    VmNic nic;
    nic.label = card.deviceInfo ? card.deviceInfo->label : "";
    nic.connected = card.connectable && card.connectable->connected;
    if (const auto* network = As<vim25__VirtualEthernetCardNetworkBackingInfo>(card.backing)) {
      nic.network = network->deviceName;
    } else if (const auto* port = As<vim25__VirtualEthernetCardDistributedVirtualPortBackingInfo>(card.backing);
               port && port->port) {
      nic.dvs = port->port->switchUuid;
      nic.network = Or(port->port->portgroupKey);
    }
    return nic;
  }

  // --- distributed switches -----------------------------------------------------------
  void Dvs(const MoRef& object, const std::string& path, const xsd__anyType* value) {
    InventoryDvs& dvs = switches_[object.value];
    if (const auto* product = As<vim25__DistributedVirtualSwitchProductSpec>(value); product && product->version) {
      dvs.version = *product->version;
    } else if (path == "config.uuid") {
      switch_of_uuid_[Text(value)] = object.value;
    } else if (const auto* groups = As<vim25__ArrayOfManagedObjectReference>(value); groups && path == "config.uplinkPortgroup") {
      for (const auto* group : groups->ManagedObjectReference) uplink_portgroups_.insert(group->__item);
      if (!groups->ManagedObjectReference.empty()) switches_listing_uplinks_.insert(object.value);
    } else if (const auto* names = As<vim25__DVSNameArrayUplinkPortPolicy>(value)) {
      dvs.uplinks = names->uplinkPortName;
    } else if (const auto* flag = As<xsd__boolean>(value); flag && path == "config.networkResourceManagementEnabled") {
      dvs.nioc = flag->__item;
    } else if (const auto* mtu = As<xsd__int>(value); mtu && path == "config.maxMtu") {
      // maxMtu is required in VMwareDVSConfigInfo; govmomi's stock simulator leaves it 0.
      // Unset, the switch carries vSphere's default for a new switch.
      if (mtu->__item > 0) dvs.mtu = mtu->__item;
    } else if (const auto* lags = As<vim25__ArrayOfVMwareDvsLacpGroupConfig>(value)) {
      for (const auto* lag : lags->VMwareDvsLacpGroupConfig) dvs.lacp_groups.push_back(lag->name ? *lag->name : "");
    }
  }

  void Portgroup(const MoRef& object, const std::string&, const xsd__anyType* value) {
    const auto* config = As<vim25__DVPortgroupConfigInfo>(value);
    if (!config || !config->distributedVirtualSwitch) return;
    pg_name_of_key_[config->key] = config->name;
    if (config->uplink && *config->uplink) return;  // the switch's own uplink port group
    DvsPortGroup group;
    ReadPortGroupConfig(*config, group);
    portgroups_[config->distributedVirtualSwitch->__item].emplace_back(object.value, std::move(group));
  }

  // --- assembling -------------------------------------------------------------------
  // The datacenter an entity is in ("" for none) and its folder path below `root_of`'s
  // folder of that datacenter.
  std::string DatacenterOf(std::string ref) const {
    for (int depth = 0; !ref.empty() && depth < 64; ++depth) {
      const auto it = entities_.find(ref);
      if (it == entities_.end()) return "";
      if (it->second.type == "Datacenter") return ref;
      ref = it->second.parent;
    }
    return "";
  }

  std::string FolderPath(std::string folder, const std::string& root) const {
    std::vector<std::string> names;
    for (int depth = 0; !folder.empty() && folder != root && depth < 64; ++depth) {
      const auto it = entities_.find(folder);
      if (it == entities_.end() || it->second.type != "Folder") return "";
      names.push_back(it->second.name);
      folder = it->second.parent;
    }
    std::string path;
    for (auto it = names.rbegin(); it != names.rend(); ++it) path += (path.empty() ? "" : "/") + *it;
    return path;
  }

  std::string Name(const std::string& ref) const {
    const auto it = entities_.find(ref);
    return it == entities_.end() ? ref : it->second.name;
  }
  std::string DcName(const std::string& ref) const { return Name(DatacenterOf(ref)); }

  // A member that no longer exists (a VM removed with its host) is left out, not
  // named by its id.
  void AddName(const std::string& ref, std::vector<std::string>& names) const {
    if (entities_.count(ref)) names.push_back(Name(ref));
  }

  Inventory Assemble() {
    Inventory inventory;
    inventory.vcenter = session_.url();
    inventory.api_version = session_.content().api_version;
    AssembleDatacenters(inventory);
    AssembleClusters(inventory);
    AssembleHosts(inventory);
    AssembleVms(inventory);
    AssembleSwitches(inventory);
    AssemblePools(inventory);
    inventory.checked = checked_;
    inventory.license_keys = licences_.keys;
    for (const auto& [key, def] : field_defs_) inventory.custom_attribute_defs.push_back(def);
    inventory.roles = roles_;
    inventory.root_permissions = PermissionsOn(session_.content().root_folder.value);
    if (taggable_) ListTaggable(*taggable_);
    Canonicalize(inventory);
    return inventory;
  }

  void ListTaggable(TaggableObjects& out) const {
    for (const auto& [ref, raw] : clusters_) out[ref] = {kTaggedCluster, DcName(ref) + "/" + Name(ref)};
    for (const auto& [ref, entity] : entities_) {
      if (entity.type == "Datacenter") out[ref] = {kTaggedDatacenter, Name(ref)};
    }
    for (const auto& [ref, host] : hosts_) out[ref] = {kTaggedHost, DcName(ref) + "/" + Name(ref)};
    for (const auto& [ref, raw] : vms_) {
      if (!raw.is_template) out[ref] = {kTaggedVm, DcName(ref) + "/" + Name(ref)};
    }
    ListTaggableFolders(out);
    for (const auto& [ref, raw] : switches_) {
      const std::string path = DcName(ref) + "/" + Name(ref);
      out[ref] = {kTaggedSwitch, path};
      if (const auto groups = portgroups_.find(ref); groups != portgroups_.end()) {
        for (const auto& [group_ref, group] : groups->second) out[group_ref] = {kTaggedPortGroup, path + "/" + group.name};
      }
    }
    for (const auto& [ref, entity] : entities_) {
      if (!IsPool(entity.type)) continue;
      // A standalone host's pool by its compute resource's name, the host's: warned of.
      const std::string path = PoolPath(ref), owner = OwnerOfPool(ref);
      if (path.empty() || owner.empty()) continue;
      out[ref] = {entity.type == "VirtualApp" ? kTaggedVApp : kTaggedPool, DcName(owner) + "/" + Name(owner) + "/" + path};
    }
  }

  // A datacenter's host and VM folders, its roots included, by inventory path ("DC1/vm/Web").
  void ListTaggableFolders(TaggableObjects& out) const {
    for (const auto& [ref, entity] : entities_) {
      const std::string dc = entity.type == "Folder" ? DatacenterOf(ref) : "";
      if (dc.empty()) continue;
      for (const auto& [kind, root] : {std::pair{"host", host_folder_.at(dc)}, std::pair{"vm", vm_folder_.at(dc)}}) {
        const std::string below = FolderPath(ref, root);
        if (ref != root && below.empty()) continue;
        out[ref] = {kTaggedFolder, Name(dc) + "/" + kind + (below.empty() ? "" : "/" + below)};
      }
    }
  }

  void AssembleDatacenters(Inventory& inventory) const {
    for (const auto& [ref, entity] : entities_) {
      if (entity.type != "Datacenter") continue;
      InventoryDatacenter dc{entity.name, {}, {}};
      for (const auto& [folder, folder_entity] : entities_) {
        if (folder_entity.type != "Folder" || DatacenterOf(folder) != ref) continue;
        const std::string host_path = FolderPath(folder, host_folder_.at(ref));
        const std::string vm_path = FolderPath(folder, vm_folder_.at(ref));
        if (!host_path.empty()) dc.host_folders.push_back(host_path);
        if (!vm_path.empty()) dc.vm_folders.push_back(vm_path);
        FolderPermissions(dc, folder, host_path, vm_path);
      }
      dc.permissions = PermissionsOn(ref);
      dc.alarms = AlarmsOn(ref);
      inventory.datacenters.push_back(std::move(dc));
    }
  }

  // The permissions on one of the datacenter's host or VM folders, its root included
  // (network and datastore folders are left out: nothing a move touches).
  void FolderPermissions(InventoryDatacenter& dc, const std::string& folder, const std::string& host_path,
                         const std::string& vm_path) const {
    auto permissions = PermissionsOn(folder);
    if (permissions.empty()) return;
    const std::string dc_ref = DatacenterOf(folder);
    if (folder == host_folder_.at(dc_ref) || !host_path.empty()) {
      dc.folder_permissions.push_back({"host", host_path, std::move(permissions)});
    } else if (folder == vm_folder_.at(dc_ref) || !vm_path.empty()) {
      dc.folder_permissions.push_back({"vm", vm_path, std::move(permissions)});
    }
  }

  std::string HostFolderPath(const std::string& folder) const {
    const std::string dc = DatacenterOf(folder);
    return dc.empty() ? "" : FolderPath(folder, host_folder_.at(dc));
  }

  void AssembleClusters(Inventory& inventory) const {
    for (const auto& [ref, raw] : clusters_) {
      InventoryCluster cluster = raw.cluster;
      cluster.datacenter = DcName(ref);
      cluster.name = Name(ref);
      cluster.folder = HostFolderPath(entities_.at(ref).parent);
      for (const auto& host : raw.failover_host_refs) AddName(host, cluster.ha.admission_control.failover_hosts);
      for (const auto& group : raw.groups) {
        cluster.groups.push_back(group.group);
        for (const auto& member : group.refs) AddName(member, cluster.groups.back().members);
      }
      for (const auto& rule : raw.rules) {
        cluster.rules.push_back(rule.rule);
        for (const auto& vm : rule.vm_refs) AddName(vm, cluster.rules.back().vms);
      }
      cluster.permissions = PermissionsOn(ref);
      cluster.custom_attributes = CustomAttributesOf(ref);
      cluster.alarms = AlarmsOn(ref);
      cluster.host_profile = HostProfileOf(ref);
      for (const auto& [vm, settings] : raw.overrides) {
        if (entities_.count(vm)) cluster.vm_overrides.push_back({Name(vm), settings});
      }
      for (const auto& vm : raw.orchestration_refs) {
        if (entities_.count(vm)) cluster.vm_orchestration.push_back(Name(vm));
      }
      inventory.clusters.push_back(std::move(cluster));
    }
  }

  void AssembleHosts(Inventory& inventory) {
    for (auto& [ref, host] : hosts_) {
      host.name = Name(ref);
      host.datacenter = DcName(ref);
      const std::string& parent = entities_.at(ref).parent;
      if (entities_.count(parent) && entities_.at(parent).type == "ClusterComputeResource") {
        host.cluster = Name(parent);
      } else if (entities_.count(parent)) {
        host.folder = HostFolderPath(entities_.at(parent).parent);  // a standalone host's ComputeResource
      }
      MarkManagement(ref, host);
      for (auto& nic : host.vmkernel_nics) Resolve(nic.dvs, nic.port_group);
      host.permissions = PermissionsOn(ref);
      host.custom_attributes = CustomAttributesOf(ref);
      if (const auto licence = licences_.hosts.find(ref); licence != licences_.hosts.end()) {
        host.license = licence->second;
      }
      host.alarms = AlarmsOn(ref);
      host.host_profile = HostProfileOf(ref);
      inventory.hosts.push_back(host);
    }
  }

  void MarkManagement(const std::string& ref, InventoryHost& host) const {
    const auto it = management_.find(ref);
    if (it == management_.end()) return;
    for (auto& nic : host.vmkernel_nics) {
      for (const auto& key : it->second) {
        // Selected adapters are named "management.key-vim.host.VirtualNic-vmk0".
        const std::string suffix = "-" + nic.device;
        if (key.size() >= suffix.size() && key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0) {
          nic.management = true;
        }
      }
    }
  }

  // A distributed port group named by switch uuid and key becomes switch and port group
  // names.
  void Resolve(std::string& dvs, std::string& port_group) const {
    if (dvs.empty()) return;
    const auto named = switch_of_uuid_.find(dvs);
    const auto group = pg_name_of_key_.find(port_group);
    if (named != switch_of_uuid_.end()) dvs = Name(named->second);
    if (group != pg_name_of_key_.end()) port_group = group->second;
  }

  void AssembleVms(Inventory& inventory) {
    for (auto& [ref, raw] : vms_) {
      if (raw.is_template) continue;
      InventoryVm vm = raw.vm;
      vm.name = Name(ref);
      vm.datacenter = DcName(ref);
      const std::string dc = DatacenterOf(ref);
      vm.folder = dc.empty() ? "" : FolderPath(entities_.at(ref).parent, vm_folder_.at(dc));
      vm.host = raw.host_ref.empty() ? "" : Name(raw.host_ref);
      for (auto& nic : vm.nics) Resolve(nic.dvs, nic.network);
      vm.permissions = PermissionsOn(ref);
      vm.custom_attributes = CustomAttributesOf(ref);
      vm.alarms = AlarmsOn(ref);
      vm.resource_pool = PoolPath(raw.pool_ref);
      inventory.vms.push_back(std::move(vm));
    }
  }

  // vCenter names a switch's uplink port group "<switch>-DVUplinks-<number>".
  static bool IsUplinkPortGroupName(const std::string& dvs, const std::string& group) {
    const std::string prefix = dvs + "-DVUplinks-";
    return group.size() > prefix.size() && group.compare(0, prefix.size(), prefix) == 0;
  }

  void AssembleSwitches(Inventory& inventory) const {
    for (const auto& [ref, raw] : switches_) {
      InventoryDvs dvs = raw;
      dvs.name = Name(ref);
      dvs.datacenter = DcName(ref);
      dvs.permissions = PermissionsOn(ref);
      if (const auto it = portgroups_.find(ref); it != portgroups_.end()) {
        for (const auto& [group_ref, group] : it->second) {
          // The switch's uplink port group, where `uplink` is not set; known only once the
          // switch is read, which the view may send after its port groups.
          if (uplink_portgroups_.count(group_ref)) continue;
          // A switch listing none (govmomi's stock simulator): vCenter's name for it.
          if (!switches_listing_uplinks_.count(ref) && IsUplinkPortGroupName(dvs.name, group.name)) continue;
          dvs.port_groups.push_back(group);
          AddObjectPermissions(group_ref, group.name, dvs.port_group_permissions);
        }
      }
      for (const auto& host : inventory.hosts) {
        for (const auto& proxy : host.proxy_switches) {
          if (proxy.dvs == dvs.name && host.datacenter == dvs.datacenter) dvs.members.push_back({host.name, proxy.uplinks});
        }
      }
      inventory.switches.push_back(std::move(dvs));
    }
  }

  // A pool's path below its root pool ("" for a root pool or an unknown one). The root
  // pool's parent is a compute resource; the pools below have pools as parents.
  std::string PoolPath(std::string ref) const {
    std::vector<std::string> names;
    for (int depth = 0; depth < 64; ++depth) {
      const auto pool = entities_.find(ref);
      if (pool == entities_.end() || !IsPool(pool->second.type)) break;
      const auto parent = entities_.find(pool->second.parent);
      if (parent == entities_.end() || !IsPool(parent->second.type)) break;
      names.push_back(pool->second.name);
      ref = pool->second.parent;
    }
    std::string path;
    for (auto it = names.rbegin(); it != names.rend(); ++it) path += (path.empty() ? "" : "/") + *it;
    return path;
  }

  // The compute resource a pool is in (a cluster, or a standalone host's
  // ComputeResource): its root pool's parent.
  std::string OwnerOfPool(std::string ref) const {
    for (int depth = 0; depth < 64; ++depth) {
      const auto pool = entities_.find(ref);
      if (pool == entities_.end()) return "";
      if (!IsPool(pool->second.type)) return ref;
      ref = pool->second.parent;
    }
    return "";
  }

  bool IsClusterRef(const std::string& ref) const {
    const auto entity = entities_.find(ref);
    return entity != entities_.end() && entity->second.type == "ClusterComputeResource";
  }

  // The standalone hosts read, by their ComputeResource (a standalone host's parent).
  std::map<std::string, InventoryHost*> StandaloneHosts(Inventory& inventory) const {
    std::map<std::string, InventoryHost*> by_name, out;
    for (auto& host : inventory.hosts) by_name[host.datacenter + "/" + host.name] = &host;
    for (const auto& [ref, raw] : hosts_) {
      const auto parent = entities_.find(entities_.at(ref).parent);
      if (parent == entities_.end() || parent->second.type != "ComputeResource") continue;
      if (const auto host = by_name.find(DcName(ref) + "/" + Name(ref)); host != by_name.end()) {
        out[parent->first] = host->second;
      }
    }
    return out;
  }

  // Where a compute resource's pools, vApps and the permissions on them go: its cluster's
  // lists, or its standalone host's.
  struct PoolLists {
    std::vector<InventoryPool>* pools;
    std::vector<InventoryVApp>* vapps;
    std::vector<InventoryObjectPermissions>* permissions;
  };

  // The clusters and standalone hosts read, by compute resource.
  std::map<std::string, PoolLists> PoolOwners(Inventory& inventory) const {
    std::map<std::string, InventoryCluster*> clusters;
    for (auto& cluster : inventory.clusters) clusters[cluster.datacenter + "/" + cluster.name] = &cluster;
    std::map<std::string, PoolLists> owners;
    for (const auto& [ref, entity] : entities_) {
      if (!IsClusterRef(ref)) continue;
      if (const auto cluster = clusters.find(DcName(ref) + "/" + Name(ref)); cluster != clusters.end()) {
        owners[ref] = {&cluster->second->pools, &cluster->second->vapps, &cluster->second->pool_permissions};
      }
    }
    for (const auto& [ref, host] : StandaloneHosts(inventory)) {
      owners[ref] = {&host->pools, &host->vapps, &host->pool_permissions};
    }
    return owners;
  }

  // Each resource pool and vApp below a cluster's or standalone host's root pool, in its
  // owner, with its allocations; a vApp with its VMs' start order entries (by VM name).
  void AssemblePools(Inventory& inventory) const {
    const std::map<std::string, PoolLists> owners = PoolOwners(inventory);
    for (const auto& [ref, entity] : entities_) {
      if (!IsPool(entity.type)) continue;
      const std::string path = PoolPath(ref);
      const auto owner = owners.find(OwnerOfPool(ref));
      if (path.empty() || owner == owners.end()) continue;
      AddObjectPermissions(ref, path, *owner->second.permissions);
      InventoryPool pool{path, {}, {}};
      if (const auto it = pool_allocations_.find(ref); it != pool_allocations_.end()) {
        pool.cpu = it->second.first;
        pool.memory = it->second.second;
      }
      if (entity.type != "VirtualApp") {
        owner->second.pools->push_back(std::move(pool));
        continue;
      }
      InventoryVApp vapp{path, pool.cpu, pool.memory, {}};
      if (const auto it = vapp_sections_.find(ref); it != vapp_sections_.end()) {
        vapp.products = it->second.products;
        vapp.properties = it->second.properties;
      }
      if (const auto it = vapp_entries_.find(ref); it != vapp_entries_.end()) {
        for (const auto& [member, entry] : it->second) {
          const auto named = entities_.find(member);
          if (named == entities_.end()) continue;
          if (named->second.type == "VirtualMachine") vapp.members.push_back({named->second.name, entry});
          if (named->second.type == "VirtualApp") vapp.children.push_back({named->second.name, entry});
        }
      }
      owner->second.vapps->push_back(std::move(vapp));
    }
  }

  Session& session_;
  TaggableObjects* taggable_;
  const DiscoveryScope& scope_;
  OutsideTheScope outside_;  // what a scoped read did not read but the whole vCenter has
  std::map<std::string, Entity> entities_;
  std::map<std::string, std::string> host_folder_, vm_folder_;  // datacenter -> folder
  std::map<std::string, RawCluster> clusters_;
  std::map<std::string, InventoryHost> hosts_;
  std::map<std::string, std::vector<std::string>> management_;  // host -> selected vnic keys
  std::map<std::string, MoRef> option_managers_;                 // host -> its advanced options
  std::map<std::string, RawVm> vms_;
  std::map<std::string, InventoryDvs> switches_;
  std::map<std::string, std::vector<std::pair<std::string, DvsPortGroup>>> portgroups_;  // switch -> its groups
  std::map<std::string, std::string> switch_of_uuid_, pg_name_of_key_;  // uuid -> switch; key -> name
  std::set<std::string> uplink_portgroups_;
  // State not carried (ReadUncarried): by managed object id.
  std::vector<std::string> checked_;
  std::map<std::string, std::vector<std::pair<int, std::string>>> custom_values_;  // object -> (field key, value)
  std::map<int, CustomAttributeDef> field_defs_;
  std::map<std::string, std::vector<InventoryPermission>> permissions_;  // object -> those set on it
  std::vector<InventoryRole> roles_;                                     // the custom ones
  Licences licences_;                                            // the keys; host -> licence
  std::map<std::string, std::vector<std::string>> alarms_;       // entity -> the alarms defined on it
  std::map<std::string, std::string> host_profiles_;             // host or cluster -> its profile's name
  std::set<std::string> switches_listing_uplinks_;  // switches whose config names their uplink port groups
  std::map<std::string, std::pair<PoolAllocation, PoolAllocation>> pool_allocations_;  // pool -> cpu, memory
  std::map<std::string, std::vector<std::pair<std::string, VAppMember>>> vapp_entries_;  // vApp -> (VM, entry)
  std::map<std::string, VAppSections> vapp_sections_;  // vApp -> its product and property sections
};

}  // namespace

Result<Inventory> Discover(Session& session, TaggableObjects* taggable, const DiscoveryScope& scope) {
  return Reader(session, taggable, scope).Read();
}

}  // namespace vcshift::vsphere
