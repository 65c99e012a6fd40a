#pragma once
// vApps below a cluster's root pool, in one vocabulary for the inventory, the desired
// state and the plan's params: a vApp is a resource pool (its path below the root pool,
// "Tier1/Shop", and its allocations) with a start order, one entry per member VM
// (vSphere's VAppEntityConfigInfo: start order group, delays, start and stop actions).
// Product and property sections, and vApps inside vApps, are not carried: the plan warns
// of them (engine/uncarried.h; docs/desired-state.md, vapps).

#include <map>
#include <string>
#include <vector>

#include "engine/resource_pools.h"

namespace vcshift {

// One VM's entry in its vApp's start order. The defaults are vSphere's for a new member.
struct VAppMember {
  int start_order = 1;                    // the group it starts in: lower first
  int start_delay = 120;                  // seconds to wait before the next group
  std::string start_action = "powerOn";   // none, powerOn
  bool wait_for_guest = false;            // the next group waits for VMware Tools
  int stop_delay = 120;                   // seconds to wait after stopping it
  std::string stop_action = "powerOff";   // none, powerOff, guestShutdown, suspend
  bool operator==(const VAppMember&) const = default;
};

struct InventoryVAppMember {
  std::string vm;
  VAppMember settings;
  bool operator==(const InventoryVAppMember&) const = default;
};

struct InventoryVApp {
  std::string path;  // below the cluster's root pool: "Shop", "Tier1/Shop"
  PoolAllocation cpu;
  PoolAllocation memory;
  std::vector<InventoryVAppMember> members;  // the VMs with a start order entry, by name
  // Not carried: its product and property sections (vAppConfig.product, .property), as
  // "product <name> <version> <vendor>" and "property <id>"; counted for the plan's
  // warnings.
  std::vector<std::string> sections = {};
  bool operator==(const InventoryVApp&) const = default;
};

// A member's entry as one param value ("start_order=2;start_delay=60;..."), and back
// (an absent or unreadable field reads as the default).
std::string MemberText(const VAppMember& member);
VAppMember MemberFromText(const std::string& text);

// The param key of a VM's entry in configure_vapp ("member.<VM>") and in what a host's
// removal captures ("vapp:<VM>").
inline constexpr char kVAppMemberPrefix[] = "member.";

}  // namespace vcshift
