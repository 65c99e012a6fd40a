#pragma once
// DRS groups and rules as the planner writes them in a ConfigureClusterRules action:
//   group.<name>: "vm: vm-1,vm-2" or "host: esx-01,esx-02" (members sorted)
//   rule.<name>:  "vm_anti_affinity: vm-1,vm-2", "vm_affinity (disabled): a,b",
//                 "vm_host: <vm group> <policy> <host group>"
// and "" for one that is not there. Pure functions, both ways.

#include <optional>
#include <string>
#include <vector>

namespace vcshift::vsphere {

struct GroupText {
  std::string type;  // vm, host
  std::vector<std::string> members;
};

struct RuleText {
  std::string type;  // vm_affinity, vm_anti_affinity, vm_host
  bool enabled = true;
  std::vector<std::string> vms;
  std::string vm_group;
  std::string policy;  // must_run_on, should_run_on, must_not_run_on, should_not_run_on
  std::string host_group;
};

std::string Format(GroupText group);
std::string Format(RuleText rule);
// Nothing when the text is not in the form above.
std::optional<GroupText> ParseGroup(const std::string& text);
std::optional<RuleText> ParseRule(const std::string& text);

}  // namespace vcshift::vsphere
