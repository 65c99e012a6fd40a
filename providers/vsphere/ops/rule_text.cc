#include "providers/vsphere/ops/rule_text.h"

#include <algorithm>
#include <array>

namespace vcshift::vsphere {
namespace {

constexpr std::array<const char*, 4> kPolicies = {"must_run_on", "should_run_on", "must_not_run_on", "should_not_run_on"};

std::string Join(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> items;
  for (size_t start = 0; start < text.size();) {
    const size_t comma = std::min(text.find(',', start), text.size());
    if (comma > start) items.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

}  // namespace

std::string Format(GroupText group) { return group.type + ": " + Join(std::move(group.members)); }

std::string Format(RuleText rule) {
  const std::string head = rule.type + (rule.enabled ? "" : " (disabled)") + ": ";
  if (rule.type == "vm_host") return head + rule.vm_group + " " + rule.policy + " " + rule.host_group;
  return head + Join(std::move(rule.vms));
}

std::optional<GroupText> ParseGroup(const std::string& text) {
  const size_t colon = text.find(": ");
  if (colon == std::string::npos) return std::nullopt;
  GroupText group{text.substr(0, colon), Split(text.substr(colon + 2))};
  if (group.type != "vm" && group.type != "host") return std::nullopt;
  return group;
}

std::optional<RuleText> ParseRule(const std::string& text) {
  const size_t colon = text.find(": ");
  if (colon == std::string::npos) return std::nullopt;
  RuleText rule;
  rule.type = text.substr(0, colon);
  const std::string disabled = " (disabled)";
  if (rule.type.size() > disabled.size() && rule.type.ends_with(disabled)) {
    rule.enabled = false;
    rule.type.resize(rule.type.size() - disabled.size());
  }
  const std::string body = text.substr(colon + 2);
  if (rule.type == "vm_affinity" || rule.type == "vm_anti_affinity") {
    rule.vms = Split(body);
    return rule;
  }
  if (rule.type != "vm_host") return std::nullopt;
  // Group names may hold spaces; the policy is one of four words.
  for (const char* policy : kPolicies) {
    const std::string word = std::string(" ") + policy + " ";
    const size_t at = body.find(word);
    if (at == std::string::npos) continue;
    rule.vm_group = body.substr(0, at);
    rule.policy = policy;
    rule.host_group = body.substr(at + word.size());
    return rule;
  }
  return std::nullopt;
}

}  // namespace vcshift::vsphere
