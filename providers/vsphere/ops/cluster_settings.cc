#include "providers/vsphere/ops/cluster_settings.h"

#include <sstream>

#include "engine/action_kinds.h"
#include "engine/cluster_settings.h"
#include "providers/vsphere/vim25_values.h"

namespace vcshift::vsphere {
namespace {

std::string Bool(bool value) { return value ? "true" : "false"; }

std::string Or(const std::string* value, const std::string& otherwise) {
  return value && !value->empty() ? *value : otherwise;
}

// The settings' keys are configure_cluster's params (engine/action_kinds.cc), which
// create_cluster's include: a key neither declares throws.
std::string Get(const Settings& settings, const std::string& key) {
  return ParamOf(ActionKind::ConfigureCluster, settings, key);
}

int Int(const Settings& settings, const std::string& key, int otherwise) {
  const std::string value = Get(settings, key);
  if (value.empty()) return otherwise;
  try {
    return std::stoi(value);
  } catch (const std::exception&) {
    return otherwise;
  }
}

void ReadAdmissionControl(const vim25__ClusterDasConfigInfo& das, const HostNames& hosts, Settings& out) {
  const AdmissionControl defaults;
  std::string policy = defaults.policy;
  int tolerated = defaults.host_failures_tolerated, cpu = defaults.cpu_percent, memory = defaults.memory_percent;
  std::string failover_hosts;
  if (auto* level = dynamic_cast<const vim25__ClusterFailoverLevelAdmissionControlPolicy*>(das.admissionControlPolicy)) {
    tolerated = level->failoverLevel;
  } else if (auto* resources =
                 dynamic_cast<const vim25__ClusterFailoverResourcesAdmissionControlPolicy*>(das.admissionControlPolicy)) {
    policy = "percentage";
    cpu = resources->cpuFailoverResourcesPercent;
    memory = resources->memoryFailoverResourcesPercent;
  } else if (auto* dedicated =
                 dynamic_cast<const vim25__ClusterFailoverHostAdmissionControlPolicy*>(das.admissionControlPolicy)) {
    policy = "dedicated_hosts";
    for (const auto* ref : dedicated->failoverHosts) {
      const auto name = hosts.name_of.find(ref->__item);
      failover_hosts += (failover_hosts.empty() ? "" : ",") + (name == hosts.name_of.end() ? ref->__item : name->second);
    }
  }
  out["ha.admission_control.enabled"] = Bool(das.admissionControlEnabled ? *das.admissionControlEnabled : defaults.enabled);
  out["ha.admission_control.policy"] = policy;
  out["ha.admission_control.host_failures_tolerated"] = std::to_string(tolerated);
  out["ha.admission_control.cpu_percent"] = std::to_string(cpu);
  out["ha.admission_control.memory_percent"] = std::to_string(memory);
  out["ha.admission_control.failover_hosts"] = failover_hosts;
}

vim25__ClusterDasAdmissionControlPolicy* AdmissionPolicyOf(struct soap* soap, const Settings& wanted,
                                                           const HostNames& hosts) {
  const std::string policy = Get(wanted, "ha.admission_control.policy");
  if (policy == "percentage") {
    auto* resources = soap_new_vim25__ClusterFailoverResourcesAdmissionControlPolicy(soap);
    resources->cpuFailoverResourcesPercent = Int(wanted, "ha.admission_control.cpu_percent", 25);
    resources->memoryFailoverResourcesPercent = Int(wanted, "ha.admission_control.memory_percent", 25);
    return resources;
  }
  if (policy == "dedicated_hosts") {
    auto* dedicated = soap_new_vim25__ClusterFailoverHostAdmissionControlPolicy(soap);
    std::istringstream names(Get(wanted, "ha.admission_control.failover_hosts"));
    for (std::string name; std::getline(names, name, ',');) {
      const auto ref = hosts.ref_of.find(name);
      if (ref != hosts.ref_of.end()) dedicated->failoverHosts.push_back(NewMor(soap, ref->second));
    }
    return dedicated;
  }
  auto* level = soap_new_vim25__ClusterFailoverLevelAdmissionControlPolicy(soap);
  level->failoverLevel = Int(wanted, "ha.admission_control.host_failures_tolerated", 1);
  return level;
}

bool* NewBool(struct soap* soap, bool value) {
  bool* out = soap_new_bool(soap);
  *out = value;
  return out;
}

std::string* NewString(struct soap* soap, const std::string& value) {
  std::string* out = soap_new_std__string(soap);
  *out = value;
  return out;
}

}  // namespace

bool IsHaKey(const std::string& key) { return key.rfind("ha.", 0) == 0; }
bool IsDrsKey(const std::string& key) { return key.rfind("drs.", 0) == 0; }

Settings SettingsOf(const vim25__ClusterConfigInfoEx& config, const HostNames& hosts) {
  Settings out;
  const HaSettings ha;
  const DrsSettings drs;
  if (const auto* das = config.dasConfig) {
    out["ha.enabled"] = Bool(das->enabled && *das->enabled);
    out["ha.host_monitoring"] = Bool(Or(das->hostMonitoring, "enabled") == "enabled");
    const auto* vm = das->defaultVmSettings;
    out["ha.isolation_response"] = Or(vm ? vm->isolationResponse : nullptr, ha.isolation_response);
    out["ha.restart_priority"] = Or(vm ? vm->restartPriority : nullptr, ha.restart_priority);
    ReadAdmissionControl(*das, hosts, out);
  }
  if (const auto* config_drs = config.drsConfig) {
    out["drs.enabled"] = Bool(config_drs->enabled && *config_drs->enabled);
    out["drs.automation_level"] = Or(config_drs->defaultVmBehavior, drs.automation_level);
    out["drs.migration_threshold"] =
        std::to_string(config_drs->vmotionRate ? 6 - *config_drs->vmotionRate : drs.migration_threshold);
  }
  return out;
}

vim25__ClusterConfigSpecEx* SpecOf(struct soap* soap, const Settings& wanted, bool ha, bool drs, const HostNames& hosts) {
  auto* spec = soap_new_vim25__ClusterConfigSpecEx(soap);
  if (ha) {
    auto* das = soap_new_vim25__ClusterDasConfigInfo(soap);
    das->enabled = NewBool(soap, Get(wanted, "ha.enabled") == "true");
    das->hostMonitoring = NewString(soap, Get(wanted, "ha.host_monitoring") == "false" ? "disabled" : "enabled");
    das->defaultVmSettings = soap_new_vim25__ClusterDasVmSettings(soap);
    das->defaultVmSettings->isolationResponse = NewString(soap, Get(wanted, "ha.isolation_response"));
    das->defaultVmSettings->restartPriority = NewString(soap, Get(wanted, "ha.restart_priority"));
    das->admissionControlEnabled = NewBool(soap, Get(wanted, "ha.admission_control.enabled") == "true");
    das->admissionControlPolicy = AdmissionPolicyOf(soap, wanted, hosts);
    spec->dasConfig = das;
  }
  if (drs) {
    auto* config = soap_new_vim25__ClusterDrsConfigInfo(soap);
    config->enabled = NewBool(soap, Get(wanted, "drs.enabled") == "true");
    config->defaultVmBehavior = NewString(soap, Get(wanted, "drs.automation_level"));
    config->vmotionRate = soap_new_int(soap);
    *config->vmotionRate = 6 - Int(wanted, "drs.migration_threshold", 3);
    spec->drsConfig = config;
  }
  return spec;
}

}  // namespace vcshift::vsphere
