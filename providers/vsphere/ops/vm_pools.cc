#include "providers/vsphere/ops/vm_pools.h"

#include <algorithm>

#include "providers/vsphere/ops/calls.h"
#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/ops/values.h"
#include "providers/vsphere/pool_config.h"
#include "providers/vsphere/properties.h"
#include "providers/vsphere/session.h"

namespace vcshift::vsphere {
namespace {

struct Named {
  MoRef ref;
  std::string name;
};

// The objects `path` of `entity` lists, with their names. One of them removed between
// the two reads (a sibling pool destroyed by a parallel action) fails the whole names
// read with ManagedObjectNotFound: the list is read again, without it.
Result<std::vector<Named>> NamedRefs(Session& session, const MoRef& entity, const std::string& path) {
  for (int attempt = 0;; ++attempt) {
    auto refs = ReadRefs(session, entity, path);
    if (!refs) return refs.fault();
    std::vector<Named> out;
    if (refs->empty()) return out;
    std::map<std::string, std::string> names;
    // One type for all, or their common base: a pool's children mix ResourcePool and
    // VirtualApp, and an object of another type than the asked one is not answered.
    const bool one_type = std::all_of(refs->begin(), refs->end(),
                                      [&](const MoRef& ref) { return ref.type == refs->front().type; });
    auto status = RetrieveProperties(session, *refs, one_type ? refs->front().type : "ManagedEntity", {"name"},
                                     [&](const MoRef& ref, const std::string&, const xsd__anyType* value) {
                                       names[ref.value] = TextOf(value);
                                     });
    if (!status && status.fault().type == "ManagedObjectNotFound" && attempt < 3) continue;
    if (!status) return status.fault();
    for (const auto& ref : *refs) out.push_back({ref, names[ref.value]});
    return out;
  }
}

// The managed object one property of `entity` names.
Result<MoRef> ReadRef(Session& session, const MoRef& entity, const std::string& path) {
  MoRef found;
  auto status = RetrieveProperties(session, {entity}, entity.type, {path},
                                   [&](const MoRef&, const std::string&, const xsd__anyType* value) { found = RefOf(value); });
  if (!status) return status.fault();
  return found;
}

std::string OverrideText(const VmOverride& override) { return ParamsText(OverrideParams(override)); }

VmOverride OverrideFromText(const std::string& text) { return OverrideFromParams(ParamsFromText(text)); }

}  // namespace

Result<MoRef> FindPool(Session& session, const MoRef& cluster, const std::string& path) {
  auto root = ReadRef(session, cluster, "resourcePool");
  if (!root) return root;
  MoRef pool = *root;
  size_t start = 0;
  while (!path.empty() && start <= path.size() && !pool.empty()) {
    const size_t end = std::min(path.find('/', start), path.size());
    const std::string name = path.substr(start, end - start);
    auto children = NamedRefs(session, pool, "resourcePool");
    if (!children) return children.fault();
    MoRef next;
    for (const auto& child : *children) {
      if (child.name == name) next = child.ref;
    }
    pool = next;
    start = end + 1;
  }
  return pool;
}

Result<MoRef> PoolOfVm(Session& session, const MoRef& vm) { return ReadRef(session, vm, "resourcePool"); }

Result<std::string> PoolPathOf(Session& session, MoRef pool) {
  std::vector<std::string> names;
  for (int depth = 0; depth < 64 && !pool.empty(); ++depth) {
    MoRef parent;
    std::string name;
    auto status = RetrieveProperties(session, {pool}, pool.type, {"name", "parent"},
                                     [&](const MoRef&, const std::string& key, const xsd__anyType* value) {
                                       if (key == "name") name = TextOf(value);
                                       if (key == "parent") parent = RefOf(value);
                                     });
    if (!status) return status.fault();
    if (parent.type != "ResourcePool" && parent.type != "VirtualApp") break;  // the root pool
    names.insert(names.begin(), name);
    pool = parent;
  }
  std::string path;
  for (const auto& name : names) path += (path.empty() ? "" : "/") + name;
  return path;
}

Status MoveIntoPool(Session& session, const MoRef& pool, const std::vector<MoRef>& entities, const std::string& object) {
  return session.Invoke("MoveIntoResourcePool", Effect::Changes, object, [&](Channel& channel) {
    _vim25__MoveIntoResourcePool request;
    request._USCOREthis = NewMor(channel.soap(), pool);
    for (const auto& entity : entities) request.list.push_back(NewMor(channel.soap(), entity));
    _vim25__MoveIntoResourcePoolResponse response;
    return soap_call___vim25__MoveIntoResourcePool(channel.soap(), channel.endpoint(), channel.action(), &request,
                                                   response);
  });
}

Result<VmOverride> OverridesOf(Session& session, const MoRef& cluster, const MoRef& vm) {
  VmOverride override;
  auto status = RetrieveProperties(session, {cluster}, "ClusterComputeResource", {"configurationEx"},
                                   [&](const MoRef&, const std::string&, const xsd__anyType* value) {
                                     const auto* config = dynamic_cast<const vim25__ClusterConfigInfoEx*>(value);
                                     if (!config) return;
                                     for (const auto* entry : config->dasVmConfig) {
                                       if (entry && entry->key && entry->key->__item == vm.value) ReadHaOverride(*entry, override);
                                     }
                                     for (const auto* entry : config->drsVmConfig) {
                                       if (entry && entry->key && entry->key->__item == vm.value) ReadDrsOverride(*entry, override);
                                     }
                                   });
  if (!status) return status.fault();
  return override;
}

Status SetOverrides(Session& session, const MoRef& cluster, const MoRef& vm, const VmOverride& wanted,
                    const VmOverride& current, const std::string& object,
                    std::chrono::steady_clock::time_point deadline) {
  return ReconfigureCluster(session, cluster, object, deadline, [&](struct soap* soap) {
    auto* spec = soap_new_vim25__ClusterConfigSpecEx(soap);
    // "add" replaces an entry that is there (the reference, ClusterDasVmConfigSpec and
    // ClusterDrsVmConfigSpec); "remove" names the VM.
    if (wanted.HasHa() || current.HasHa()) {
      auto* das = soap_new_vim25__ClusterDasVmConfigSpec(soap);
      das->operation = wanted.HasHa() ? "add" : "remove";
      if (wanted.HasHa()) {
        das->info = soap_new_vim25__ClusterDasVmConfigInfo(soap);
        das->info->key = NewMor(soap, vm);
        auto* settings = soap_new_vim25__ClusterDasVmSettings(soap);
        if (!wanted.restart_priority.empty()) settings->restartPriority = soap_new_std__string(soap);
        if (settings->restartPriority) *settings->restartPriority = wanted.restart_priority;
        if (!wanted.isolation_response.empty()) settings->isolationResponse = soap_new_std__string(soap);
        if (settings->isolationResponse) *settings->isolationResponse = wanted.isolation_response;
        if (!wanted.vm_monitoring.empty()) {
          settings->vmToolsMonitoringSettings = soap_new_vim25__ClusterVmToolsMonitoringSettings(soap);
          settings->vmToolsMonitoringSettings->vmMonitoring = soap_new_std__string(soap);
          *settings->vmToolsMonitoringSettings->vmMonitoring = wanted.vm_monitoring;
        }
        das->info->dasSettings = settings;
      } else {
        das->removeKey = NewMor(soap, vm);
      }
      spec->dasVmConfigSpec.push_back(das);
    }
    if (wanted.HasDrs() || current.HasDrs()) {
      auto* drs = soap_new_vim25__ClusterDrsVmConfigSpec(soap);
      drs->operation = wanted.HasDrs() ? "add" : "remove";
      if (wanted.HasDrs()) {
        drs->info = soap_new_vim25__ClusterDrsVmConfigInfo(soap);
        drs->info->key = NewMor(soap, vm);
        if (wanted.drs_enabled) {
          drs->info->enabled = soap_new_bool(soap);
          *drs->info->enabled = *wanted.drs_enabled;
        }
        if (!wanted.drs_automation_level.empty()) {
          drs->info->behavior = soap_new_std__string(soap);
          *drs->info->behavior = wanted.drs_automation_level;
        }
      } else {
        drs->removeKey = NewMor(soap, vm);
      }
      spec->drsVmConfigSpec.push_back(drs);
    }
    return spec;
  });
}

Result<std::map<std::string, VAppMember>> VAppEntriesOf(Session& session, const MoRef& vapp) {
  std::map<std::string, VAppMember> entries;
  auto status = RetrieveProperties(session, {vapp}, "VirtualApp", {"vAppConfig"},
                                   [&](const MoRef&, const std::string&, const xsd__anyType* value) {
                                     const auto* config = dynamic_cast<const vim25__VAppConfigInfo*>(value);
                                     if (!config) return;
                                     for (const auto* entry : config->entityConfig) {
                                       if (entry && entry->key) entries[entry->key->__item] = ReadVAppEntry(*entry);
                                     }
                                   });
  if (!status) return status.fault();
  return entries;
}

Status SetVAppEntry(Session& session, const MoRef& vapp, const MoRef& vm, const VAppMember& entry,
                    const std::string& object) {
  return session.Invoke("UpdateVAppConfig", Effect::Changes, object, [&](Channel& channel) {
    _vim25__UpdateVAppConfig request;
    request._USCOREthis = NewMor(channel.soap(), vapp);
    request.spec = soap_new_vim25__VAppConfigSpec(channel.soap());
    request.spec->entityConfig.push_back(NewVAppEntry(channel.soap(), vm, entry));
    _vim25__UpdateVAppConfigResponse response;
    return soap_call___vim25__UpdateVAppConfig(channel.soap(), channel.endpoint(), channel.action(), &request,
                                               response);
  });
}

Result<VAppSections> VAppSectionsOf(Session& session, const MoRef& vapp) {
  VAppSections sections;
  auto status = RetrieveProperties(session, {vapp}, "VirtualApp", {"vAppConfig"},
                                   [&](const MoRef&, const std::string&, const xsd__anyType* value) {
                                     if (const auto* config = dynamic_cast<const vim25__VAppConfigInfo*>(value)) {
                                       sections = ReadVAppSections(*config);
                                     }
                                   });
  if (!status) return status.fault();
  return sections;
}

Status SetVAppSections(Session& session, const MoRef& vapp, const VAppSections& from, const VAppSections& to,
                       const std::string& object) {
  return session.Invoke("UpdateVAppConfig", Effect::Changes, object, [&](Channel& channel) {
    _vim25__UpdateVAppConfig request;
    request._USCOREthis = NewMor(channel.soap(), vapp);
    request.spec = soap_new_vim25__VAppConfigSpec(channel.soap());
    AddSectionChanges(channel.soap(), *request.spec, from, to);
    _vim25__UpdateVAppConfigResponse response;
    return soap_call___vim25__UpdateVAppConfig(channel.soap(), channel.endpoint(), channel.action(), &request,
                                               response);
  });
}

Result<std::map<std::string, std::string>> PoolsAndOverridesOn(Session& session, const MoRef& owner, const MoRef& host) {
  const bool cluster = owner.type == "ClusterComputeResource";  // a standalone host's has no overrides
  auto vms = NamedRefs(session, host, "vm");
  if (!vms) return vms.fault();
  std::map<std::string, std::string> captured;
  for (const auto& vm : *vms) {
    auto pool = PoolOfVm(session, vm.ref);
    if (!pool) return pool.fault();
    auto path = PoolPathOf(session, *pool);
    if (!path) return path.fault();
    if (!path->empty()) captured[kVmPoolPrefix + vm.name] = *path;
    if (pool->type == "VirtualApp") {
      auto entries = VAppEntriesOf(session, *pool);
      if (!entries) return entries.fault();
      if (const auto entry = entries->find(vm.ref.value); entry != entries->end()) {
        captured[kVmVAppEntryPrefix + vm.name] = MemberText(entry->second);
      }
    }
    if (!cluster) continue;
    auto override = OverridesOf(session, owner, vm.ref);
    if (!override) return override.fault();
    if (const std::string text = OverrideText(*override); !text.empty()) captured[kVmOverridePrefix + vm.name] = text;
  }
  return captured;
}

Status ReturnVmsToPools(Session& session, const MoRef& owner, const MoRef& host,
                        const std::map<std::string, std::string>& captured, const std::string& object,
                        std::chrono::steady_clock::time_point deadline) {
  auto vms = NamedRefs(session, host, "vm");
  if (!vms) return vms.fault();
  for (const auto& vm : *vms) {
    if (const auto pool = captured.find(kVmPoolPrefix + vm.name); pool != captured.end()) {
      auto found = FindPool(session, owner, pool->second);
      if (!found) return found.fault();
      if (!found->empty()) {
        if (auto moved = MoveIntoPool(session, *found, {vm.ref}, object); !moved) return moved;
      }
      const auto entry = captured.find(kVmVAppEntryPrefix + vm.name);
      if (!found->empty() && found->type == "VirtualApp" && entry != captured.end()) {
        if (auto set = SetVAppEntry(session, *found, vm.ref, MemberFromText(entry->second), object); !set) return set;
      }
    }
    if (const auto text = captured.find(kVmOverridePrefix + vm.name); text != captured.end()) {
      auto current = OverridesOf(session, owner, vm.ref);
      if (!current) return current.fault();
      const VmOverride wanted = OverrideFromText(text->second);
      if (wanted == *current) continue;
      if (auto set = SetOverrides(session, owner, vm.ref, wanted, *current, object, deadline); !set) return set;
    }
  }
  return Done{};
}

}  // namespace vcshift::vsphere
