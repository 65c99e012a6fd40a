#pragma once
// The tagging calls of the vSphere Automation API, in both of its generations: `/api`
// (vSphere 7.0+: ids in the path as they are, `?action=`, specs as the body) and `/rest`
// (6.5+: `id:<id>`, `?~action=`, specs wrapped in `create_spec`, replies in `value`).
// Categories, tags and attachments by the API's ids; objects by managed object
// reference. Each answers a value or the Fault of its call (rest_session.h).

#include <string>
#include <utility>
#include <vector>

#include "engine/tags.h"
#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/rest_session.h"

namespace vcshift::vsphere {

struct ApiCategory {
  std::string id;
  TagCategory category;
};

struct ApiTag {
  std::string id;
  std::string category_id;
  TagDefinition tag;  // its category's name left empty: the caller knows the ids
};

Result<std::vector<ApiCategory>> ListCategories(RestSession& rest);
Result<std::vector<ApiTag>> ListTags(RestSession& rest);
// For each tag id, the objects it is attached to.
Result<std::vector<std::pair<std::string, std::vector<MoRef>>>> AttachedObjects(RestSession& rest,
                                                                                  const std::vector<std::string>& tags);
// The ids of the tags attached to one object.
Result<std::vector<std::string>> AttachedTags(RestSession& rest, const MoRef& object);

Result<std::string> CreateCategory(RestSession& rest, const TagCategory& category);
Status DeleteCategory(RestSession& rest, const std::string& id, const std::string& name);
Result<std::string> CreateTag(RestSession& rest, const std::string& category_id, const TagDefinition& tag);
Status DeleteTag(RestSession& rest, const std::string& id, const std::string& name);
Status AttachTag(RestSession& rest, const std::string& tag_id, const MoRef& object, const std::string& name);
Status DetachTag(RestSession& rest, const std::string& tag_id, const MoRef& object, const std::string& name);

}  // namespace vcshift::vsphere
