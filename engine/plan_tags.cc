#include "engine/plan_tags.h"


#include <algorithm>
#include <initializer_list>
#include <map>
#include <set>
#include <tuple>

#include "engine/name_patterns.h"
#include "engine/plan_changes.h"
#include "engine/plan_resources.h"

namespace vcshift::planning {
namespace {

std::string LastSegment(const std::string& path) { return path.substr(path.rfind('/') + 1); }

// An attachment's action object: "DC1/Cluster1#Owner/team-a".
std::string ObjectOf(const TagAttachment& attachment) { return attachment.object + "#" + attachment.tag; }

void SetAttachment(Action& action, const TagAttachment& attachment) {
  action.params = {{"type", attachment.kind}, {"path", attachment.object}, {"tag", attachment.tag}};
  action.prior = action.params;  // the inverse names the same attachment
}

// An attachment the target must have, and what must be there before it is made.
struct Wanted {
  TagAttachment attachment;
  std::string ready;  // the object's resource
  SourceLocation location;
};

class TagPlanner {
 public:
  explicit TagPlanner(PlanRecorder& plan)
      : plan_(plan), desired_(plan.desired().tagging), source_(plan.source().tagging), target_(plan.target().tagging) {}

  void Run() {
    for (const auto& dc : plan_.desired().datacenters) Collect(dc);
    const bool declares = desired_.inherit_categories || desired_.inherit_tags || !desired_.categories.empty() ||
                          !desired_.tags.empty() || !wanted_.empty();
    if (declares && !target_.read) {
      plan_.Error({}, "the desired state declares tags, and the target's could not be read (vSphere Automation "
                      "API, /api or /rest): see the warning above");
      return;
    }
    // Inheriting what could not be read would carry nothing, and the next plan would
    // find the tags missing.
    if ((desired_.inherit_categories || desired_.inherit_tags || inherits_) && !source_.read) {
      plan_.Error({}, "the desired state inherits tags from the source, and the source's could not be read "
                      "(vSphere Automation API, /api or /rest): see the warning above");
      return;
    }
    if (declares) {
      PlanCategories();
      PlanTagDefinitions();
      PlanAttachments();
    }
    if (!plan_.same_vcenter()) PlanSourceDetaches();
  }

 private:
  // What the desired state wants attached in datacenter `dc` of the target.
  void Collect(const DatacenterSpec& dc) {
    Want(kTaggedDatacenter, dc.name, dc.inherit_tags, dc.tags, dc.name, DatacenterReady(dc.name), dc.location);
    for (const auto& cluster : dc.clusters) {
      const std::string path = dc.name + "/" + cluster.name;
      Want(kTaggedCluster, path, cluster.inherit_tags, cluster.tags, path, ClusterReady(path), cluster.location);
    }
    std::vector<std::string> hosts;
    for (const auto& cluster : dc.clusters) {
      for (const auto& host : cluster.hosts) hosts.push_back(host.value);
    }
    for (const auto& host : dc.standalone_hosts) hosts.push_back(host.name.value);
    for (const auto& rule : dc.host_tags) {
      for (const auto& host : hosts) {
        if (!AnyNameMatches(rule.objects, host)) continue;
        const InventoryHost* on_source = plan_.source_index().Host(host);
        const std::string from = on_source ? on_source->datacenter + "/" + host : "";
        Want(kTaggedHost, dc.name + "/" + host, rule.inherit, rule.tags, from, HostReady(host), rule.location);
      }
    }
    for (const auto& rule : dc.vm_tags) {
      for (const auto& host : hosts) {
        const bool moving = !plan_.same_vcenter() && !plan_.target_index().Host(host);
        const InventoryIndex& where = moving ? plan_.source_index() : plan_.target_index();
        for (const InventoryVm* vm : where.VmsOn(host)) {
          if (!AnyNameMatches(rule.objects, vm->name)) continue;
          const std::string from = moving ? vm->datacenter + "/" + vm->name : "";
          Want(kTaggedVm, dc.name + "/" + vm->name, rule.inherit, rule.tags, from, HostReady(host), rule.location);
        }
      }
    }
    CollectFolders(dc);
    CollectSwitches(dc);
    for (const auto& cluster : dc.clusters) CollectPoolsOf(dc.name + "/" + cluster.name, cluster.resource_pools, cluster.vapps);
    // A standalone host's pools are by its compute resource's name, the host's.
    for (const auto& host : dc.standalone_hosts) {
      CollectPoolsOf(dc.name + "/" + host.name.value, host.resource_pools, host.vapps);
    }
  }

  // The pools and vApps of a cluster (or standalone host) at `path`.
  void CollectPoolsOf(const std::string& path, const Managed<std::vector<PoolSpec>>& pools,
                      const Managed<std::vector<VAppSpec>>& vapps) {
    CollectPools(path, pools.value, "");
    for (const auto& vapp : vapps.value) {
      const std::string object = path + "/" + vapp.Path();
      Want(kTaggedVApp, object, vapp.tags, object, PoolReady(path, vapp.Path()), vapp.location);
    }
  }

  // A folder by its inventory path ("DC1/vm/Web"), the same on both sides.
  void CollectFolders(const DatacenterSpec& dc) {
    for (const auto& rule : dc.folder_tags) {
      const std::string path = dc.name + "/" + rule.kind + (rule.folder.empty() ? "" : "/" + rule.folder);
      const std::string ready =
          rule.folder.empty() ? DatacenterReady(dc.name) : FolderReady(dc.name, rule.kind, rule.folder);
      Want(kTaggedFolder, path, rule.tags, path, ready, rule.location);
    }
  }

  // A switch inherits the tags of the source switch it inherits (else the one of its
  // name), and its port groups those of that switch's port groups of their names.
  void CollectSwitches(const DatacenterSpec& dc) {
    for (const auto& spec : dc.distributed_switches) {
      const std::string path = dc.name + "/" + spec.name;
      const InventoryDvs* base = spec.inherit.value.empty() ? nullptr : plan_.source_index().Dvs("", spec.inherit.value);
      const std::string from = base ? base->datacenter + "/" + base->name : path;
      Want(kTaggedSwitch, path, spec.tags, from, SwitchReady(path), spec.location);
      for (const auto& pg : spec.port_groups) {
        Want(kTaggedPortGroup, path + "/" + pg.name, pg.tags, from + "/" + pg.name, PortGroupReady(path, pg.name),
             pg.location);
      }
    }
  }

  // A pool by its cluster's path and its own ("DC1/Cluster1/Tier1/DB"), children too.
  void CollectPools(const std::string& cluster, const std::vector<PoolSpec>& pools, const std::string& parent) {
    for (const auto& pool : pools) {
      const std::string path = parent.empty() ? pool.name : parent + "/" + pool.name;
      const std::string object = cluster + "/" + path;
      Want(kTaggedPool, object, pool.tags, object, PoolReady(cluster, path), pool.location);
      CollectPools(cluster, pool.children, path);
    }
  }

  void Want(const char* kind, const std::string& path, const ObjectTags& tags, const std::string& source_path,
            const std::string& ready, SourceLocation location) {
    Want(kind, path, tags.inherit, tags.tags, source_path, ready, location);
  }

  // `inherit`: the tags of `source_path` on the source; else those listed.
  void Want(const char* kind, const std::string& path, bool inherit, const std::vector<Located>& listed,
            const std::string& source_path, const std::string& ready, SourceLocation location) {
    std::vector<std::string> tags;
    inherits_ = inherits_ || inherit;
    if (inherit) {
      tags = TagsOn(source_, kind, source_path);
    } else {
      for (const auto& tag : listed) tags.push_back(tag.value);
    }
    for (auto& tag : tags) {
      TagAttachment attachment{kind, path, std::move(tag)};
      if (seen_.insert(attachment).second) wanted_.push_back({std::move(attachment), ready, location});
    }
  }

  void PlanCategories() {
    std::map<std::string, TagCategory> wanted;
    if (desired_.inherit_categories) {
      for (const auto& category : source_.categories) wanted[category.name] = category;
    }
    for (const auto& spec : desired_.categories) wanted[spec.value.name] = spec.value;
    std::set<std::string> there;
    for (const auto& category : target_.categories) there.insert(category.name);
    for (const auto& [name, category] : wanted) {
      categories_.insert(name);
      if (there.contains(name)) continue;
      Action& create = plan_.Add(ActionKind::CreateTagCategory, Side::Target, name);
      create.params = {{"cardinality", category.cardinality}, {"associable_types", Join(category.associable_types, ",")}};
      if (!category.description.empty()) create.params["description"] = category.description;
      for (const auto& [key, value] : create.params) create.changes.push_back({key, "", value});
      create.outputs = {TagCategoryReady(name)};
    }
    categories_.insert(there.begin(), there.end());
  }

  void PlanTagDefinitions() {
    std::map<std::string, TagDefinition> wanted;
    if (desired_.inherit_tags) {
      for (const auto& tag : source_.tags) wanted[TagPath(tag.category, tag.name)] = tag;
    }
    for (const auto& spec : desired_.tags) wanted[TagPath(spec.value.category, spec.value.name)] = spec.value;
    for (const auto& tag : target_.tags) tags_.insert(TagPath(tag.category, tag.name));
    for (const auto& [path, tag] : wanted) {
      if (tags_.contains(path)) continue;
      tags_.insert(path);
      if (!categories_.contains(tag.category)) {
        plan_.Error({}, "tag '" + path + "' is in category '" + tag.category +
                            "', which is neither on the target nor declared in tag_categories");
        continue;
      }
      Action& create = plan_.Add(ActionKind::CreateTag, Side::Target, path);
      if (!tag.description.empty()) {
        create.params = {{"description", tag.description}};
        create.changes = {{"description", "", tag.description}};
      }
      create.inputs = {TagCategoryReady(tag.category)};
      create.outputs = {TagReady(path)};
    }
  }

  void PlanAttachments() {
    const std::set<TagAttachment> there(target_.attachments.begin(), target_.attachments.end());
    for (const auto& want : wanted_) {
      const TagAttachment& attachment = want.attachment;
      if (there.contains(attachment)) continue;
      if (!tags_.contains(attachment.tag)) {
        plan_.Error(want.location, "tag '" + attachment.tag + "' for " + attachment.kind + " '" + attachment.object +
                                       "' is neither on the target nor declared in tags (or tags: inherit)");
        continue;
      }
      Action& attach = plan_.Add(ActionKind::AttachTag, Side::Target, ObjectOf(attachment));
      SetAttachment(attach, attachment);
      attach.inputs = {TagReady(attachment.tag), want.ready};
    }
  }

  // Each tag on an object the plan takes out of the source (a host and its VMs, or what a
  // cleanup destroys, with what it holds) is detached just before, by an action of its
  // own: the rollback attaches it again once the object is back (vCenter would drop it
  // silently, and the object returns with a new id).
  void PlanSourceDetaches() {
    const InventoryIndex& source = plan_.source_index();
    std::vector<std::pair<size_t, std::vector<TagAttachment>>> removals;
    for (size_t i = 0; i < plan_.actions().size(); ++i) {
      const Action& action = plan_.actions()[i];
      if (action.side != Side::Source) continue;
      std::vector<TagAttachment> leaving;
      if (action.kind == ActionKind::RemoveHost) {
        const InventoryHost* host = source.Host(LastSegment(action.object));
        if (!host) continue;
        Collect(leaving, kTaggedHost, host->datacenter + "/" + host->name);
        for (const InventoryVm* vm : source.VmsOn(host->name)) {
          Collect(leaving, kTaggedVm, vm->datacenter + "/" + vm->name);
        }
        // A standalone host's pools and vApps go with it (its compute resource).
        if (host->cluster.empty()) CollectBelow(leaving, {kTaggedPool, kTaggedVApp}, host->datacenter + "/" + host->name);
      } else if (action.kind == ActionKind::DestroyCluster) {
        Collect(leaving, kTaggedCluster, action.object);
        CollectBelow(leaving, {kTaggedPool, kTaggedVApp}, action.object);
      } else if (action.kind == ActionKind::DestroyDvs) {
        Collect(leaving, kTaggedSwitch, action.object);
        CollectBelow(leaving, {kTaggedPortGroup}, action.object);
      } else if (action.kind == ActionKind::DestroyResourcePool) {
        Collect(leaving, kTaggedPool, action.object);
      } else if (action.kind == ActionKind::DestroyVApp) {
        Collect(leaving, kTaggedVApp, action.object);
      } else if (action.kind == ActionKind::DestroyDatacenter) {
        // vCenter's Destroy_Task takes what the datacenter holds with it.
        Collect(leaving, kTaggedDatacenter, action.object);
        CollectBelow(leaving, {kTaggedFolder, kTaggedCluster, kTaggedSwitch, kTaggedPortGroup, kTaggedPool, kTaggedVApp},
                     action.object);
      }
      if (!leaving.empty()) removals.emplace_back(i, std::move(leaving));
    }

    WarnUncarried(removals);
    // One detach per attachment, before every destroy that takes its object: a
    // datacenter's destroy takes what a pool's destroy inside it takes too.
    std::map<TagAttachment, std::string> detached;
    for (const auto& [index, leaving] : removals) {
      const Criticality criticality = plan_.actions()[index].criticality;
      for (const auto& attachment : leaving) {
        auto [it, first] = detached.emplace(attachment, "tag-detached@source:" + ObjectOf(attachment));
        if (first) {
          Action& detach = plan_.Add(ActionKind::DetachTag, Side::Source, ObjectOf(attachment));
          SetAttachment(detach, attachment);
          detach.outputs = {it->second};
          detach.criticality = criticality;
        }
        plan_.actions()[index].inputs.push_back(it->second);
      }
    }
  }

  // The tags on what leaves that no declared attachment carries (by object name: the
  // datacenter may change), as the plan's warning.
  void WarnUncarried(const std::vector<std::pair<size_t, std::vector<TagAttachment>>>& removals) {
    std::set<std::tuple<std::string, std::string, std::string>> carried;
    for (const auto& want : wanted_) {
      carried.emplace(want.attachment.kind, LastSegment(want.attachment.object), want.attachment.tag);
    }
    std::vector<std::string> lost;
    std::set<TagAttachment> listed;
    for (const auto& [index, leaving] : removals) {
      for (const auto& a : leaving) {
        if (!carried.contains({a.kind, LastSegment(a.object), a.tag}) && listed.insert(a).second) {
          lost.push_back(a.object + ": " + a.tag);
        }
      }
    }
    if (lost.empty()) return;
    const size_t named = std::min<size_t>(lost.size(), 5);
    std::string message = std::to_string(lost.size()) + (lost.size() == 1 ? " tag" : " tags") +
                          " not carried to the target: " +
                          Join(std::vector<std::string>(lost.begin(), lost.begin() + named), ", ");
    if (lost.size() > named) message += " and " + std::to_string(lost.size() - named) + " more";
    plan_.Warn({"tags", lost,
                message + " (declare them in host_tags, vm_tags, folder_tags or the object's own tags, or inherit them)"});
  }

  void Collect(std::vector<TagAttachment>& out, const char* kind, const std::string& path) const {
    for (const auto& tag : TagsOn(source_, kind, path)) out.push_back({kind, path, tag});
  }

  // The source's attachments of those kinds on objects below `path` ("DC1/DSwitch1/...").
  void CollectBelow(std::vector<TagAttachment>& out, std::initializer_list<const char*> kinds,
                    const std::string& path) const {
    for (const auto& attachment : source_.attachments) {
      const bool of_kind = std::any_of(kinds.begin(), kinds.end(), [&](const char* k) { return attachment.kind == k; });
      if (of_kind && attachment.object.starts_with(path + "/")) out.push_back(attachment);
    }
  }

  PlanRecorder& plan_;
  const DesiredTagging& desired_;
  const InventoryTagging& source_;
  const InventoryTagging& target_;
  std::vector<Wanted> wanted_;
  bool inherits_ = false;  // some object's tags are the source's
  std::set<TagAttachment> seen_;
  std::set<std::string> categories_;  // on the target once the plan has run
  std::set<std::string> tags_;        // "Category/Tag", likewise
};

}  // namespace

void PlanTags(PlanRecorder& plan) { TagPlanner(plan).Run(); }

}  // namespace vcshift::planning
