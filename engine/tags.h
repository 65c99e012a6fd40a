#pragma once
// Tags of the vSphere Automation API (REST, not vim25) as plain values: categories, tags
// and the objects that carry them. The inventory holds what a vCenter has, the desired
// state what the target must have; the planner (plan_tags) creates what is missing,
// attaches once the objects exist, and keeps the source's attachments for a rollback.
// Objects are named by kind and engine path, never by managed object id.

#include <string>
#include <vector>

namespace vcshift {

// The object kinds tags are carried on, and vSphere's type names for them.
inline constexpr const char* kTaggedCluster = "cluster";  // "DC1/Cluster1"
inline constexpr const char* kTaggedHost = "host";        // "DC1/esx-01"
inline constexpr const char* kTaggedVm = "vm";            // "DC1/vm-1"
inline constexpr const char* kTaggedDatacenter = "datacenter";  // "DC1"
// A host or VM folder by its vSphere inventory path: "DC1/vm/Web", "DC1/host" (the root).
inline constexpr const char* kTaggedFolder = "folder";
inline constexpr const char* kTaggedSwitch = "switch";           // "DC1/DSwitch1"
inline constexpr const char* kTaggedPortGroup = "port_group";    // "DC1/DSwitch1/pg-vm"
inline constexpr const char* kTaggedPool = "resource_pool";      // "DC1/Cluster1/Tier1/DB"
inline constexpr const char* kTaggedVApp = "vapp";               // "DC1/Cluster1/Tier1/Shop"

struct TagCategory {
  std::string name;
  std::string description;
  std::string cardinality = "MULTIPLE";       // SINGLE or MULTIPLE, as the API spells it
  std::vector<std::string> associable_types;  // vSphere type names; empty: every type
  bool operator==(const TagCategory&) const = default;
};

struct TagDefinition {
  std::string category;
  std::string name;
  std::string description;
  bool operator==(const TagDefinition&) const = default;
};

// A tag on an object: `tag` written "Category/Tag".
struct TagAttachment {
  std::string kind;    // one of the kTagged* above
  std::string object;  // "DC1/Cluster1", "DC1/esx-01.example.com", "DC1/vm-1", as the kind says
  std::string tag;
  bool operator==(const TagAttachment&) const = default;
  auto operator<=>(const TagAttachment&) const = default;
};

// What a vCenter's tagging holds, for the objects discovery read. `read` is false when
// the REST API could not be asked (then nothing is known, and a plan says so).
struct InventoryTagging {
  bool read = false;
  std::vector<TagCategory> categories;
  std::vector<TagDefinition> tags;
  std::vector<TagAttachment> attachments;
  bool operator==(const InventoryTagging&) const = default;
};

// "Category/Tag" and back: split at the first '/', so a tag's name may hold one and a
// category's may not (desired_state_checks refuses such a category).
std::string TagPath(const std::string& category, const std::string& tag);
bool SplitTagPath(const std::string& path, std::string& category, std::string& tag);

// The tags ("Category/Tag", sorted) on one object.
std::vector<std::string> TagsOn(const InventoryTagging& tagging, const std::string& kind, const std::string& object);

}  // namespace vcshift
