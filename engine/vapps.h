#pragma once
// vApps below a cluster's root pool, in one vocabulary for the inventory, the desired
// state and the plan's params: a vApp is a resource pool (its path below the root pool,
// "Tier1/Shop", and its allocations) with a start order, one entry per member VM
// (vSphere's VAppEntityConfigInfo: start order group, delays, start and stop actions),
// and one per vApp directly inside it; its product and property sections
// (VAppProductInfo, VAppPropertyInfo), each identified by its key.

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

// A product section (vAppConfig.product): "" is a field vSphere leaves unset.
struct VAppProduct {
  int key = 0;
  std::string class_id, instance_id, name, vendor, version, full_version, vendor_url, product_url, app_url;
  bool operator==(const VAppProduct&) const = default;
};

// A property section (vAppConfig.property).
struct VAppProperty {
  int key = 0;
  std::string class_id, instance_id, id, category, label, type, type_reference;
  bool user_configurable = false;
  std::string default_value, value, description;
  bool operator==(const VAppProperty&) const = default;
};

// A vApp's entry in the start order of the vApp it is directly inside, by its name.
struct InventoryVAppChild {
  std::string vapp;
  VAppMember settings;
  bool operator==(const InventoryVAppChild&) const = default;
};

struct InventoryVApp {
  std::string path;  // below the cluster's root pool: "Shop", "Tier1/Shop"
  PoolAllocation cpu;
  PoolAllocation memory;
  std::vector<InventoryVAppMember> members;  // the VMs with a start order entry, by name
  std::vector<VAppProduct> products = {};
  std::vector<VAppProperty> properties = {};
  std::vector<InventoryVAppChild> children = {};  // the vApps inside it with an entry
  bool operator==(const InventoryVApp&) const = default;
};

// A member's entry as one param value ("start_order=2;start_delay=60;..."), and back
// (an absent or unreadable field reads as the default).
std::string MemberText(const VAppMember& member);
VAppMember MemberFromText(const std::string& text);

// A vApp's sections as params of configure_vapp, each field its own key:
// "product.<key>.<field>", "property.<key>.<field>" (fields as inventory_fields.h names
// them). An action declares the fields that change; a section to be removed has its
// "key" field "" (and every other field "", so that its inverse makes it again whole).
inline constexpr char kVAppProductPrefix[] = "product.";
inline constexpr char kVAppPropertyPrefix[] = "property.";
inline bool IsSectionParam(const std::string& key) {
  return key.starts_with(kVAppProductPrefix) || key.starts_with(kVAppPropertyPrefix);
}
std::map<std::string, std::string> SectionParams(const std::vector<VAppProduct>& products,
                                                 const std::vector<VAppProperty>& properties);

struct VAppSections {
  std::vector<VAppProduct> products;
  std::vector<VAppProperty> properties;
  bool operator==(const VAppSections&) const = default;
};
// `sections` with the fields `params` declares over theirs (a section whose "key" is
// declared "" removed, one not there added), each list in its order, added ones last.
VAppSections WithParams(VAppSections sections, const std::map<std::string, std::string>& params);

// configure_vapp's param for a vApp's entry in the start order of the vApp it is inside
// (MemberText; "" none).
inline constexpr char kVAppStartParam[] = "start";

// The param key of a VM's entry in configure_vapp ("member.<VM>") and in what a host's
// removal captures ("vapp:<VM>").
inline constexpr char kVAppMemberPrefix[] = "member.";

}  // namespace vcshift
