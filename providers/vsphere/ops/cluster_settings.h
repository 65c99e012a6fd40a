#pragma once
// A cluster's HA and DRS settings in the planner's flat vocabulary ("ha.enabled",
// "drs.migration_threshold"; engine/cluster_settings.h) and back into a
// ClusterConfigSpecEx. EVC is set apart, through the cluster's EVC manager. The
// vocabularies differ in two places: DRS's migration threshold is 6 - vmotionRate, and
// HA's dedicated failover hosts are names here, objects there.

#include <map>
#include <string>

#include "providers/vsphere/mo_ref.h"
#include "soapH.h"

namespace vcshift::vsphere {

using Settings = std::map<std::string, std::string>;

// Host object id ("host-21") -> name, and back: for failover hosts.
struct HostNames {
  std::map<std::string, std::string> name_of;
  std::map<std::string, MoRef> ref_of;
};

// Every HA and DRS key, as the cluster has it now (EVC is in the cluster's summary).
Settings SettingsOf(const vim25__ClusterConfigInfoEx& config, const HostNames& hosts);

// Whether a key belongs to HA, DRS or EVC.
bool IsHaKey(const std::string& key);
bool IsDrsKey(const std::string& key);

// A spec that makes HA (when `ha`) and DRS (when `drs`) what `wanted` (every key) says;
// applied with modify = true, what it leaves unset stays as it is.
vim25__ClusterConfigSpecEx* SpecOf(struct soap* soap, const Settings& wanted, bool ha, bool drs, const HostNames& hosts);

}  // namespace vcshift::vsphere
