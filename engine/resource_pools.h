#pragma once
// Resource pools and the per-VM HA/DRS overrides of a cluster, in one vocabulary for
// the inventory, the desired state and the plan's params (vSphere's words: shares
// levels, restart priorities, DRS behaviours). A pool is named by its path below the
// cluster's root pool ("Tier1/DB"); "" is the root pool itself.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vcshift {

// A CPU (MHz) or memory (MB) allocation (vSphere's ResourceAllocationInfo). The
// defaults are what vSphere gives a new pool.
struct PoolAllocation {
  std::string shares = "normal";  // low, normal, high, custom
  int custom_shares = 0;          // the number, when `shares` is custom
  long long reservation = 0;
  long long limit = -1;  // -1: unlimited
  bool expandable = true;
  bool operator==(const PoolAllocation&) const = default;
};

struct InventoryPool {
  std::string path;  // below the root pool: "Tier1/DB"
  PoolAllocation cpu;
  PoolAllocation memory;
  bool operator==(const InventoryPool&) const = default;
};

// One VM's overrides in its cluster: "" (or nullopt) leaves that setting to the
// cluster's default. `ha`/`drs` say whether the cluster holds an entry at all.
struct VmOverride {
  std::string restart_priority;    // disabled, lowest, low, medium, high, highest
  std::string isolation_response;  // none, powerOff, shutdown
  std::string vm_monitoring;       // vmMonitoringDisabled, vmMonitoringOnly, vmAndAppMonitoring
  std::optional<bool> drs_enabled;
  std::string drs_automation_level;  // manual, partiallyAutomated, fullyAutomated
  bool HasHa() const { return !restart_priority.empty() || !isolation_response.empty() || !vm_monitoring.empty(); }
  bool HasDrs() const { return drs_enabled.has_value() || !drs_automation_level.empty(); }
  bool operator==(const VmOverride&) const = default;
};

struct InventoryVmOverride {
  std::string vm;
  VmOverride settings;
  bool operator==(const InventoryVmOverride&) const = default;
};

// An allocation as plan params: "<prefix>.shares" (a level, or the custom number),
// ".reservation", ".limit", ".expandable_reservation"; and back, an absent or unreadable
// key reading as the default (the planner wrote them).
std::map<std::string, std::string> AllocationParams(const std::string& prefix, const PoolAllocation& allocation);
PoolAllocation AllocationFromParams(const std::string& prefix, const std::map<std::string, std::string>& params);

// Overrides as plan params ("ha.restart_priority", ..., "drs.enabled", "drs.automation_level");
// only the settings that are set.
std::map<std::string, std::string> OverrideParams(const VmOverride& override);
VmOverride OverrideFromParams(const std::map<std::string, std::string>& params);

// Several params in one value, "key=value;key=value" (what a host's removal captures of
// each VM, and a vApp member's entry), and back.
std::string ParamsText(const std::map<std::string, std::string>& params);
std::map<std::string, std::string> ParamsFromText(const std::string& text);

// "Tier1/DB" -> "Tier1"; "Tier1" -> "".
std::string ParentPool(const std::string& path);
// The last name of a path ("Tier1/Shop": "Shop").
std::string PoolName(const std::string& path);

}  // namespace vcshift
