#include "engine/tags.h"

#include <algorithm>

namespace vcshift {

std::string TagPath(const std::string& category, const std::string& tag) { return category + "/" + tag; }

bool SplitTagPath(const std::string& path, std::string& category, std::string& tag) {
  const auto slash = path.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == path.size()) return false;
  category = path.substr(0, slash);
  tag = path.substr(slash + 1);
  return true;
}

std::vector<std::string> TagsOn(const InventoryTagging& tagging, const std::string& kind, const std::string& object) {
  std::vector<std::string> tags;
  for (const auto& attachment : tagging.attachments) {
    if (attachment.kind == kind && attachment.object == object) tags.push_back(attachment.tag);
  }
  std::sort(tags.begin(), tags.end());
  return tags;
}

}  // namespace vcshift
