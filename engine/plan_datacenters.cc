#include "engine/plan_datacenters.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "engine/plan_resources.h"

namespace vcshift::planning {
namespace {

// `type` is "host" or "vm".
void PlanFolders(PlanRecorder& plan, const DatacenterSpec& dc, const std::vector<Located>& folders,
                 const std::string& type) {
  const InventoryDatacenter* existing = nullptr;
  for (const auto& candidate : plan.target().datacenters) {
    if (candidate.name == dc.name) existing = &candidate;
  }
  std::set<std::string> planned;
  for (const auto& folder : folders) {
    // Parents first: "Prod/Web" needs "Prod".
    std::string path;
    for (size_t start = 0; start <= folder.value.size();) {
      const size_t slash = std::min(folder.value.find('/', start), folder.value.size());
      path = folder.value.substr(0, slash);
      start = slash + 1;
      const auto& have = type == "host" ? (existing ? existing->host_folders : std::vector<std::string>{})
                                        : (existing ? existing->vm_folders : std::vector<std::string>{});
      if (std::find(have.begin(), have.end(), path) != have.end() || !planned.insert(path).second) continue;
      Action& create = plan.Add(ActionKind::CreateFolder, Side::Target, dc.name + "/" + type + "/" + path);
      create.params = {{"type", type}, {"path", path}};
      const size_t parent = path.rfind('/');
      create.inputs = {parent == std::string::npos ? DatacenterReady(dc.name)
                                                   : FolderReady(dc.name, type, path.substr(0, parent))};
      create.outputs = {FolderReady(dc.name, type, path)};
      create.expected_seconds = 1;
    }
  }
}

}  // namespace

void PlanDatacenter(PlanRecorder& plan, const DatacenterSpec& dc) {
  if (!plan.target_index().HasDatacenter(dc.name)) {
    Action& create = plan.Add(ActionKind::CreateDatacenter, Side::Target, dc.name);
    create.outputs = {DatacenterReady(dc.name)};
    create.expected_seconds = 2;
  }
  PlanFolders(plan, dc, dc.host_folders, "host");
  PlanFolders(plan, dc, dc.vm_folders, "vm");
}

}  // namespace vcshift::planning
