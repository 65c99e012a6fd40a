#include "providers/vsphere/discover_tags.h"

#include <algorithm>

#include "providers/vsphere/tagging_api.h"

namespace vcshift::vsphere {

Result<InventoryTagging> DiscoverTagging(RestSession& rest, const TaggableObjects& objects) {
  InventoryTagging out;
  auto categories = ListCategories(rest);
  if (!categories) return categories.fault();
  std::map<std::string, std::string> category_names;  // id -> name
  for (auto& [id, category] : *categories) {
    category_names[id] = category.name;
    out.categories.push_back(std::move(category));
  }
  auto tags = ListTags(rest);
  if (!tags) return tags.fault();
  std::map<std::string, std::string> tag_paths;  // id -> Category/Tag
  std::vector<std::string> ids;
  for (auto& [id, category_id, tag] : *tags) {
    tag.category = category_names[category_id];
    tag_paths[id] = TagPath(tag.category, tag.name);
    ids.push_back(id);
    out.tags.push_back(std::move(tag));
  }
  auto attached = AttachedObjects(rest, ids);
  if (!attached) return attached.fault();
  for (const auto& [tag_id, refs] : *attached) {
    for (const auto& ref : refs) {
      const auto object = objects.find(ref.value);
      if (object == objects.end()) continue;  // not an object tags are carried on
      out.attachments.push_back({object->second.first, object->second.second, tag_paths[tag_id]});
    }
  }
  std::sort(out.attachments.begin(), out.attachments.end());
  out.read = true;
  return out;
}

}  // namespace vcshift::vsphere
