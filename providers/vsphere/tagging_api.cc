#include "providers/vsphere/tagging_api.h"

#include "engine/json_writer.h"

namespace vcshift::vsphere {
namespace {

// Where each resource is, by generation.
struct Paths {
  std::string category, tag, association;
};

Paths PathsOf(const RestSession& rest) {
  if (rest.api() == RestApi::Api) {
    return {"/api/cis/tagging/category", "/api/cis/tagging/tag", "/api/cis/tagging/tag-association"};
  }
  return {"/rest/com/vmware/cis/tagging/category", "/rest/com/vmware/cis/tagging/tag",
          "/rest/com/vmware/cis/tagging/tag-association"};
}

// One resource of a collection: /api/.../ID, /rest/.../id:ID.
std::string Item(const RestSession& rest, const std::string& collection, const std::string& id) {
  return collection + (rest.api() == RestApi::Api ? "/" : "/id:") + id;
}

// An action on a resource: ?action=X (/api), ?~action=X (/rest).
std::string Action(const RestSession& rest, const std::string& path, const std::string& action) {
  return path + (rest.api() == RestApi::Api ? "?action=" : "?~action=") + action;
}

// A create spec: the body itself (/api), or wrapped in create_spec (/rest).
std::string CreateSpec(const RestSession& rest, const std::string& spec) {
  if (rest.api() == RestApi::Api) return spec;
  return JsonWriter().BeginObject().Key("create_spec").Raw(spec).EndObject().str();
}

std::string ObjectId(const MoRef& object) {
  return JsonWriter()
      .BeginObject()
      .Key("object_id")
      .BeginObject()
      .Key("type")
      .String(object.type)
      .Key("id")
      .String(object.value)
      .EndObject()
      .EndObject()
      .str();
}

std::string Text(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  return value && value.IsScalar() ? value.Scalar() : "";
}

std::vector<std::string> Strings(const YAML::Node& node) {
  std::vector<std::string> out;
  if (node && node.IsSequence()) {
    for (const auto& item : node) {
      if (item.IsScalar()) out.push_back(item.Scalar());
    }
  }
  return out;
}

// A category or tag deleted between the list of ids and the read of it (another action
// of the same run, or another client): gone, so not listed. Both generations' spellings.
bool Gone(const Fault& fault) {
  return fault.type == "NOT_FOUND" || fault.type == "com.vmware.vapi.std.errors.not_found";
}

Status Outcome(const Result<YAML::Node>& reply) {
  if (!reply) return reply.fault();
  return vsphere::Done{};
}

}  // namespace

Result<std::vector<ApiCategory>> ListCategories(RestSession& rest) {
  const Paths paths = PathsOf(rest);
  auto ids = rest.Call("GET", paths.category, "", Effect::ReadOnly);
  if (!ids) return ids.fault();
  std::vector<ApiCategory> out;
  for (const auto& id : Strings(*ids)) {
    auto item = rest.Call("GET", Item(rest, paths.category, id), "", Effect::ReadOnly, id);
    if (!item && Gone(item.fault())) continue;
    if (!item) return item.fault();
    out.push_back({id, {Text(*item, "name"), Text(*item, "description"), Text(*item, "cardinality"),
                        Strings((*item)["associable_types"])}});
  }
  return out;
}

Result<std::vector<ApiTag>> ListTags(RestSession& rest) {
  const Paths paths = PathsOf(rest);
  auto ids = rest.Call("GET", paths.tag, "", Effect::ReadOnly);
  if (!ids) return ids.fault();
  std::vector<ApiTag> out;
  for (const auto& id : Strings(*ids)) {
    auto item = rest.Call("GET", Item(rest, paths.tag, id), "", Effect::ReadOnly, id);
    if (!item && Gone(item.fault())) continue;
    if (!item) return item.fault();
    out.push_back({id, Text(*item, "category_id"), {"", Text(*item, "name"), Text(*item, "description")}});
  }
  return out;
}

Result<std::vector<std::pair<std::string, std::vector<MoRef>>>> AttachedObjects(RestSession& rest,
                                                                                  const std::vector<std::string>& tags) {
  std::vector<std::pair<std::string, std::vector<MoRef>>> out;
  if (tags.empty()) return out;
  JsonWriter body;
  body.BeginObject().Key("tag_ids").BeginArray();
  for (const auto& id : tags) body.String(id);
  body.EndArray().EndObject();
  auto reply = rest.Call("POST", Action(rest, PathsOf(rest).association, "list-attached-objects-on-tags"), body.str(),
                         Effect::ReadOnly);
  if (!reply) return reply.fault();
  if (!reply->IsSequence()) return out;
  for (const auto& entry : *reply) {
    std::vector<MoRef> objects;
    if (entry["object_ids"] && entry["object_ids"].IsSequence()) {
      for (const auto& object : entry["object_ids"]) objects.push_back({Text(object, "type"), Text(object, "id")});
    }
    out.emplace_back(Text(entry, "tag_id"), std::move(objects));
  }
  return out;
}

Result<std::vector<std::string>> AttachedTags(RestSession& rest, const MoRef& object) {
  auto reply = rest.Call("POST", Action(rest, PathsOf(rest).association, "list-attached-tags"), ObjectId(object),
                         Effect::ReadOnly, object.value);
  if (!reply) return reply.fault();
  return Strings(*reply);
}

Result<std::string> CreateCategory(RestSession& rest, const TagCategory& category) {
  JsonWriter spec;
  spec.BeginObject().Key("name").String(category.name).Key("description").String(category.description);
  spec.Key("cardinality").String(category.cardinality).Key("associable_types").BeginArray();
  for (const auto& type : category.associable_types) spec.String(type);
  spec.EndArray().EndObject();
  auto reply = rest.Call("POST", PathsOf(rest).category, CreateSpec(rest, spec.str()), Effect::Changes, category.name);
  if (!reply) return reply.fault();
  return reply->IsScalar() ? reply->Scalar() : "";
}

Status DeleteCategory(RestSession& rest, const std::string& id, const std::string& name) {
  return Outcome(rest.Call("DELETE", Item(rest, PathsOf(rest).category, id), "", Effect::Changes, name));
}

Result<std::string> CreateTag(RestSession& rest, const std::string& category_id, const TagDefinition& tag) {
  const std::string spec = JsonWriter()
                               .BeginObject()
                               .Key("name")
                               .String(tag.name)
                               .Key("description")
                               .String(tag.description)
                               .Key("category_id")
                               .String(category_id)
                               .EndObject()
                               .str();
  auto reply = rest.Call("POST", PathsOf(rest).tag, CreateSpec(rest, spec), Effect::Changes,
                         TagPath(tag.category, tag.name));
  if (!reply) return reply.fault();
  return reply->IsScalar() ? reply->Scalar() : "";
}

Status DeleteTag(RestSession& rest, const std::string& id, const std::string& name) {
  return Outcome(rest.Call("DELETE", Item(rest, PathsOf(rest).tag, id), "", Effect::Changes, name));
}

Status AttachTag(RestSession& rest, const std::string& tag_id, const MoRef& object, const std::string& name) {
  const std::string path = Action(rest, Item(rest, PathsOf(rest).association, tag_id), "attach");
  return Outcome(rest.Call("POST", path, ObjectId(object), Effect::Changes, name));
}

Status DetachTag(RestSession& rest, const std::string& tag_id, const MoRef& object, const std::string& name) {
  const std::string path = Action(rest, Item(rest, PathsOf(rest).association, tag_id), "detach");
  return Outcome(rest.Call("POST", path, ObjectId(object), Effect::Changes, name));
}

}  // namespace vcshift::vsphere
