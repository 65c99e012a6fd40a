#include "engine/tags_checks.h"

#include <set>

#include "engine/did_you_mean.h"
#include "engine/schema_validator.h"

namespace vcshift {
namespace {

std::string Quoted(const std::string& name) { return "'" + name + "'"; }

class TagChecker {
 public:
  TagChecker(const DesiredState& state, Diagnostics& out) : state_(state), out_(out) {}

  void Run() {
    const DesiredTagging& tagging = state_.tagging;
    for (size_t i = 0; i < tagging.categories.size(); ++i) {
      const auto& category = tagging.categories[i];
      if (!categories_.insert(category.value.name).second) {
        Error(category.location, IndexPath("tag_categories", i) + ".name",
              "tag category " + Quoted(category.value.name) + " is declared twice");
      }
    }
    for (size_t i = 0; i < tagging.tags.size(); ++i) CheckTag(tagging.tags[i], IndexPath("tags", i));
    for (size_t d = 0; d < state_.datacenters.size(); ++d) {
      const DatacenterSpec& dc = state_.datacenters[d];
      const std::string path = IndexPath("datacenters", d);
      for (size_t c = 0; c < dc.clusters.size(); ++c) {
        CheckUses(dc.clusters[c].tags, IndexPath(path + ".clusters", c) + ".tags");
      }
      CheckUses(dc.tags, path + ".tags");
      for (size_t r = 0; r < dc.host_tags.size(); ++r) CheckUses(dc.host_tags[r].tags, IndexPath(path + ".host_tags", r) + ".tags");
      for (size_t r = 0; r < dc.vm_tags.size(); ++r) CheckUses(dc.vm_tags[r].tags, IndexPath(path + ".vm_tags", r) + ".tags");
      CheckObjectUses(dc, path);
    }
  }

 private:
  void Error(SourceLocation location, const std::string& path, const std::string& message) {
    out_.push_back({Severity::Error, state_.file, location, path, message});
  }

  void CheckTag(const TagSpec& tag, const std::string& path) {
    const std::string full = TagPath(tag.value.category, tag.value.name);
    if (!tags_.insert(full).second) Error(tag.location, path, "tag " + Quoted(full) + " is declared twice");
    if (!state_.tagging.inherit_categories && !categories_.contains(tag.value.category)) {
      Error(tag.location, path + ".category",
            "tag " + Quoted(tag.value.name) + " is in category " + Quoted(tag.value.category) +
                ", which tag_categories does not declare" +
                DidYouMean(tag.value.category, {categories_.begin(), categories_.end()}));
    }
  }

  // The tags of the datacenter's folders, switches, port groups, pools and vApps.
  void CheckObjectUses(const DatacenterSpec& dc, const std::string& path) {
    for (size_t f = 0; f < dc.folder_tags.size(); ++f) {
      CheckUses(dc.folder_tags[f].tags.tags, IndexPath(path + ".folder_tags", f) + ".tags");
    }
    for (size_t s = 0; s < dc.distributed_switches.size(); ++s) {
      const auto& dvs = dc.distributed_switches[s];
      const std::string at = IndexPath(path + ".distributed_switches", s);
      CheckUses(dvs.tags.tags, at + ".tags");
      for (size_t p = 0; p < dvs.port_groups.size(); ++p) {
        CheckUses(dvs.port_groups[p].tags.tags, IndexPath(at + ".port_groups", p) + ".tags");
      }
    }
    for (size_t c = 0; c < dc.clusters.size(); ++c) {
      const ClusterSpec& cluster = dc.clusters[c];
      const std::string at = IndexPath(path + ".clusters", c);
      CheckPoolUses(cluster.resource_pools.value, at + ".resource_pools");
      for (size_t v = 0; v < cluster.vapps.value.size(); ++v) {
        CheckUses(cluster.vapps.value[v].tags.tags, IndexPath(at + ".vapps", v) + ".tags");
      }
    }
  }

  void CheckPoolUses(const std::vector<PoolSpec>& pools, const std::string& path) {
    for (size_t p = 0; p < pools.size(); ++p) {
      CheckUses(pools[p].tags.tags, IndexPath(path, p) + ".tags");
      CheckPoolUses(pools[p].children, IndexPath(path, p) + ".resource_pools");
    }
  }

  void CheckUses(const std::vector<Located>& uses, const std::string& path) {
    if (state_.tagging.inherit_tags) return;  // known once the source is read
    for (size_t i = 0; i < uses.size(); ++i) {
      if (!tags_.contains(uses[i].value)) {
        Error(uses[i].location, IndexPath(path, i),
              "tag " + Quoted(uses[i].value) + " is not declared in tags" +
                  DidYouMean(uses[i].value, {tags_.begin(), tags_.end()}));
      }
    }
  }

  const DesiredState& state_;
  Diagnostics& out_;
  std::set<std::string> categories_;
  std::set<std::string> tags_;  // "Category/Tag"
};

}  // namespace

void CheckTagging(const DesiredState& state, Diagnostics& out) { TagChecker(state, out).Run(); }

}  // namespace vcshift
