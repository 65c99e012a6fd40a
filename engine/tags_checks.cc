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
