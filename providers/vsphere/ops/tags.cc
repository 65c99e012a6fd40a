// Tags (the vSphere Automation API, providers/vsphere/tagging_api.h) on the REST session
// beside the action's side (Session::Rest). Each operation reads first, by name (a
// category, a tag "Category/Tag") and by the object's attached tags, so a repeated
// action answers AlreadyDone; ids never leave the operation.

#include <algorithm>
#include <optional>

#include "providers/vsphere/ops/context.h"
#include "providers/vsphere/ops/dvs_member.h"
#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/ops/ops.h"
#include "providers/vsphere/ops/outcome.h"
#include "providers/vsphere/ops/values.h"
#include "providers/vsphere/ops/vm_pools.h"
#include "providers/vsphere/tagging_api.h"

namespace vcshift::vsphere::ops {
namespace {

Result<std::optional<ApiCategory>> FindCategory(RestSession& rest, const std::string& name) {
  auto categories = ListCategories(rest);
  if (!categories) return categories.fault();
  for (auto& category : *categories) {
    if (category.category.name == name) return std::optional<ApiCategory>(std::move(category));
  }
  return std::optional<ApiCategory>();
}

// The tag "Category/Tag"; nothing when it or its category is not there.
Result<std::optional<ApiTag>> FindTag(RestSession& rest, const std::string& path) {
  std::string category_name, name;
  if (!SplitTagPath(path, category_name, name)) return std::optional<ApiTag>();
  auto category = FindCategory(rest, category_name);
  if (!category) return category.fault();
  if (!*category) return std::optional<ApiTag>();
  auto tags = ListTags(rest);
  if (!tags) return tags.fault();
  for (auto& tag : *tags) {
    if (tag.category_id == (*category)->id && tag.tag.name == name) return std::optional<ApiTag>(std::move(tag));
  }
  return std::optional<ApiTag>();
}

// A pool or vApp "DC1/Cluster1/Tier1/DB": its cluster's (or standalone host's, "DC1/esx-05/Gold"),
// then its own path below the root pool.
Result<MoRef> FindTaggedPool(Session& session, const std::string& path) {
  const std::string dc = DatacenterOf(path);
  const std::string inside = path.size() > dc.size() ? path.substr(dc.size() + 1) : "";
  const auto slash = inside.find('/');
  if (slash == std::string::npos) return MoRef{};
  auto cluster = FindComputeResource(session, dc + "/" + inside.substr(0, slash));
  if (!cluster || cluster->empty()) return cluster;
  return FindPool(session, *cluster, inside.substr(slash + 1));
}

// The object an attachment names: a cluster, switch or pool by path, a folder by inventory
// path, a port group by its switch's path and name, a host or VM by name in its
// datacenter; empty when it is not there.
Result<MoRef> FindTagged(const OpContext& op) {
  const std::string type = op.Param("type"), path = op.Param("path");
  if (type == kTaggedCluster) return FindCluster(op.session, path);
  if (type == kTaggedDatacenter || type == kTaggedFolder) return FindByPath(op.session, path);
  if (type == kTaggedSwitch) return FindDvs(op.session, path);
  if (type == kTaggedPortGroup) {
    auto dvs = FindDvs(op.session, ParentPathOf(path));
    if (!dvs || dvs->empty()) return dvs;
    return PortGroupOf(op.session, *dvs, NameOf(path));
  }
  if (type == kTaggedPool || type == kTaggedVApp) return FindTaggedPool(op.session, path);
  if (type == kTaggedHost) return FindHost(op.session, NameOf(path), {});
  auto dc = FindByPath(op.session, DatacenterOf(path));
  if (!dc || dc->empty()) return dc;
  return FindNamed(op.session, *dc, "VirtualMachine", NameOf(path));
}

Result<RestSession*> Rest(const OpContext& op) { return op.session.Rest(); }

}  // namespace

ActionResult CreateTagCategory(const OpContext& op) {
  auto rest = Rest(op);
  if (!rest) return Failed(rest.fault());
  const std::string& name = op.action.object;
  auto found = FindCategory(**rest, name);
  if (!found) return Failed(found.fault());
  if (*found) return AlreadyDone();
  TagCategory category{name, op.Param("description"), op.Param("cardinality"), SplitList(op.Param("associable_types"))};
  auto made = CreateCategory(**rest, category);
  if (!made) return Failed(made.fault());
  return Succeeded();
}

ActionResult DeleteTagCategory(const OpContext& op) {
  auto rest = Rest(op);
  if (!rest) return Failed(rest.fault());
  const std::string& name = op.action.object;
  auto found = FindCategory(**rest, name);
  if (!found) return Failed(found.fault());
  if (!*found) return AlreadyDone();
  const TagCategory& category = (*found)->category;
  std::string types;
  for (const auto& type : category.associable_types) types += (types.empty() ? "" : ",") + type;
  if (auto deleted = DeleteCategory(**rest, (*found)->id, name); !deleted) return Failed(deleted.fault());
  Captured captured = {{"cardinality", category.cardinality}, {"associable_types", types}};
  if (!category.description.empty()) captured["description"] = category.description;
  return Succeeded(captured);
}

ActionResult CreateTag(const OpContext& op) {
  auto rest = Rest(op);
  if (!rest) return Failed(rest.fault());
  const std::string& path = op.action.object;
  auto found = FindTag(**rest, path);
  if (!found) return Failed(found.fault());
  if (*found) return AlreadyDone();
  std::string category_name, name;
  SplitTagPath(path, category_name, name);
  auto category = FindCategory(**rest, category_name);
  if (!category) return Failed(category.fault());
  if (!*category) return Refused("NotFound", path, "tag category '" + category_name + "' does not exist");
  auto made = vsphere::CreateTag(**rest, (*category)->id, {category_name, name, op.Param("description")});
  if (!made) return Failed(made.fault());
  return Succeeded();
}

ActionResult DeleteTag(const OpContext& op) {
  auto rest = Rest(op);
  if (!rest) return Failed(rest.fault());
  const std::string& path = op.action.object;
  auto found = FindTag(**rest, path);
  if (!found) return Failed(found.fault());
  if (!*found) return AlreadyDone();
  if (auto deleted = vsphere::DeleteTag(**rest, (*found)->id, path); !deleted) return Failed(deleted.fault());
  const std::string description = (*found)->tag.description;
  return Succeeded(description.empty() ? Captured{} : Captured{{"description", description}});
}

ActionResult AttachTag(const OpContext& op) {
  auto rest = Rest(op);
  if (!rest) return Failed(rest.fault());
  const std::string tag_path = op.Param("tag"), object = op.Param("path");
  auto tag = FindTag(**rest, tag_path);
  if (!tag) return Failed(tag.fault());
  if (!*tag) return Refused("NotFound", object, "tag '" + tag_path + "' does not exist");
  auto ref = FindTagged(op);
  if (!ref) return Failed(ref.fault());
  if (ref->empty()) return Refused("NotFound", object, op.Param("type") + " '" + object + "' does not exist");
  auto attached = AttachedTags(**rest, *ref);
  if (!attached) return Failed(attached.fault());
  if (std::find(attached->begin(), attached->end(), (*tag)->id) != attached->end()) return AlreadyDone();
  if (auto done = vsphere::AttachTag(**rest, (*tag)->id, *ref, object); !done) return Failed(done.fault());
  return Succeeded();
}

ActionResult DetachTag(const OpContext& op) {
  auto rest = Rest(op);
  if (!rest) return Failed(rest.fault());
  const std::string object = op.Param("path");
  auto tag = FindTag(**rest, op.Param("tag"));
  if (!tag) return Failed(tag.fault());
  if (!*tag) return AlreadyDone();
  auto ref = FindTagged(op);
  if (!ref) return Failed(ref.fault());
  if (ref->empty()) return AlreadyDone();  // an object that is gone carries no tag
  auto attached = AttachedTags(**rest, *ref);
  if (!attached) return Failed(attached.fault());
  if (std::find(attached->begin(), attached->end(), (*tag)->id) == attached->end()) return AlreadyDone();
  if (auto done = vsphere::DetachTag(**rest, (*tag)->id, *ref, object); !done) return Failed(done.fault());
  return Succeeded();
}

}  // namespace vcshift::vsphere::ops
