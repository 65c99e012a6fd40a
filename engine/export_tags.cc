#include "engine/export_tags.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <utility>

#include "engine/name_patterns.h"

namespace vcshift {
namespace {

std::string Lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// One rule per tagged object, in the inventory's order.
template <typename Objects, typename Name>
void EmitRules(YAML::Emitter& out, const InventoryTagging& tagging, const char* key, const char* objects_key,
               const char* kind, const Objects& objects, const std::string& dc, Name name) {
  bool any = false;
  for (const auto& object : objects) {
    if (object.datacenter != dc) continue;
    const auto tags = TagsOn(tagging, kind, dc + "/" + name(object));
    if (tags.empty()) continue;
    if (!any) out << YAML::Key << key << YAML::Value << YAML::BeginSeq;
    any = true;
    out << YAML::Flow << YAML::BeginMap << YAML::Key << objects_key << YAML::Value << YAML::Flow
        << std::vector<std::string>{ExactNamePattern(name(object))} << YAML::Key << "tags" << YAML::Value << YAML::Flow << tags
        << YAML::EndMap;
  }
  if (any) out << YAML::EndSeq;
}

}  // namespace

void EmitObjectTags(YAML::Emitter& out, const Inventory& inventory, const std::string& dc) {
  EmitRules(out, inventory.tagging, "host_tags", "hosts", kTaggedHost, inventory.hosts, dc,
            [](const InventoryHost& host) { return host.name; });
  EmitRules(out, inventory.tagging, "vm_tags", "vms", kTaggedVm, inventory.vms, dc,
            [](const InventoryVm& vm) { return vm.name; });
}

void EmitTags(YAML::Emitter& out, const InventoryTagging& tagging, const char* kind, const std::string& object) {
  if (const auto tags = TagsOn(tagging, kind, object); !tags.empty()) {
    out << YAML::Key << "tags" << YAML::Value << YAML::Flow << tags;
  }
}

void EmitFolderTags(YAML::Emitter& out, const InventoryTagging& tagging, const std::string& dc) {
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> folders;  // (kind, path) -> tags
  for (const auto& attachment : tagging.attachments) {
    if (attachment.kind != kTaggedFolder || !attachment.object.starts_with(dc + "/")) continue;
    const std::string inside = attachment.object.substr(dc.size() + 1);  // "vm/Web", "host"
    const auto slash = inside.find('/');
    const std::string kind = inside.substr(0, slash);
    if (kind != "host" && kind != "vm") continue;
    folders[{kind, slash == std::string::npos ? "" : inside.substr(slash + 1)}].push_back(attachment.tag);
  }
  if (folders.empty()) return;
  out << YAML::Key << "folder_tags" << YAML::Value << YAML::BeginSeq;
  for (auto& [folder, tags] : folders) {
    std::sort(tags.begin(), tags.end());
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "kind" << YAML::Value << folder.first << YAML::Key << "folder"
        << YAML::Value << folder.second << YAML::Key << "tags" << YAML::Value << YAML::Flow << tags << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void EmitTagDefinitions(YAML::Emitter& out, const InventoryTagging& tagging) {
  if (!tagging.categories.empty()) {
    out << YAML::Key << "tag_categories" << YAML::Value << YAML::BeginSeq;
    for (const auto& category : tagging.categories) {
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << category.name;
      if (!category.description.empty()) out << YAML::Key << "description" << YAML::Value << category.description;
      out << YAML::Key << "cardinality" << YAML::Value << Lower(category.cardinality);
      out << YAML::Key << "associable_types" << YAML::Value << YAML::Flow << category.associable_types
          << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (!tagging.tags.empty()) {
    out << YAML::Key << "tags" << YAML::Value << YAML::BeginSeq;
    for (const auto& tag : tagging.tags) {
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "category" << YAML::Value << tag.category << YAML::Key
          << "name" << YAML::Value << tag.name;
      if (!tag.description.empty()) out << YAML::Key << "description" << YAML::Value << tag.description;
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
}

}  // namespace vcshift
