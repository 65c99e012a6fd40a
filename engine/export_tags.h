#pragma once
// The tags part of `export` (export.cc): the vCenter's tag categories and tags at the
// top level, a cluster's tags, and its hosts' and VMs' tags as `host_tags` and
// `vm_tags` rules of one object each, all written out (never `inherit`), so that the
// export planned against another vCenter makes them there.

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "engine/inventory.h"

namespace vcshift {

// `host_tags` and `vm_tags` of datacenter `dc` (nothing when none of its hosts or VMs has a tag).
void EmitObjectTags(YAML::Emitter& out, const Inventory& inventory, const std::string& dc);

// `tags: [...]` of one object (nothing when it has none).
void EmitTags(YAML::Emitter& out, const InventoryTagging& tagging, const char* kind, const std::string& object);

// `folder_tags` of datacenter `dc`: one entry per tagged host or VM folder, its root included.
void EmitFolderTags(YAML::Emitter& out, const InventoryTagging& tagging, const std::string& dc);

// `tag_categories` and `tags` (nothing when the vCenter has none).
void EmitTagDefinitions(YAML::Emitter& out, const InventoryTagging& tagging);

}  // namespace vcshift
