#include "engine/plan_cluster_rules.h"

#include <algorithm>
#include <map>

#include "engine/plan_changes.h"
#include "engine/plan_resources.h"

namespace vcshift::planning {
namespace {

std::string RuleText(const std::string& type, bool enabled, std::vector<std::string> vms, const std::string& vm_group,
                     const std::string& host_group, const std::string& policy) {
  std::string text = type + (enabled ? "" : " (disabled)");
  if (type == "vm_host") return text + ": " + vm_group + " " + policy + " " + host_group;
  std::sort(vms.begin(), vms.end());
  return text + ": " + Join(vms, ",");
}

}  // namespace

void PlanClusterRules(PlanRecorder& plan, const DatacenterSpec& dc, const ClusterSpec& cluster,
                      const InventoryCluster* existing, const std::vector<std::string>& arrivals) {
  std::map<std::string, std::string> wanted, before;
  for (const auto& group : cluster.groups) {
    std::vector<std::string> members;
    for (const auto& m : group.members) members.push_back(m.value);
    std::sort(members.begin(), members.end());
    wanted["group." + group.name] = group.type + ": " + Join(members, ",");
  }
  for (const auto& rule : cluster.rules) {
    std::vector<std::string> vms;
    for (const auto& vm : rule.vms) vms.push_back(vm.value);
    wanted["rule." + rule.name] = RuleText(rule.type, rule.enabled, vms, rule.vm_group.value, rule.host_group.value,
                                           rule.type == "vm_host" ? rule.policy : "");
  }
  if (existing) {
    for (const auto& group : existing->groups) {
      std::vector<std::string> members = group.members;
      std::sort(members.begin(), members.end());
      if (wanted.count("group." + group.name)) before["group." + group.name] = group.type + ": " + Join(members, ",");
    }
    for (const auto& rule : existing->rules) {
      if (wanted.count("rule." + rule.name)) {
        before["rule." + rule.name] =
            RuleText(rule.type, rule.enabled, rule.vms, rule.vm_group, rule.host_group, rule.policy);
      }
    }
  }
  auto changes = Differences(before, wanted);
  if (changes.empty()) return;
  const std::string path = dc.name + "/" + cluster.name;
  Action& configure = plan.Add(ActionKind::ConfigureClusterRules, Side::Target, path);
  SetChanges(configure, std::move(changes));
  configure.inputs = arrivals;
  configure.inputs.push_back(ClusterReady(path));
  configure.expected_seconds = 5;
}

}  // namespace vcshift::planning
