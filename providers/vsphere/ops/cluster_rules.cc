// DRS groups and rules: the ones the action names are made as it says ("" = removed);
// the cluster's others are left alone. Three reconfigurations at most, in the order
// vCenter needs: groups added or edited, then rules, then groups removed (a group is
// removed only once no rule uses it).

#include <algorithm>
#include <mutex>
#include <set>

#include "providers/vsphere/ops/calls.h"
#include "providers/vsphere/ops/host_vms.h"
#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/ops/ops.h"
#include "providers/vsphere/ops/outcome.h"
#include "providers/vsphere/ops/rule_text.h"
#include "providers/vsphere/ops/values.h"
#include "providers/vsphere/properties.h"
#include "providers/vsphere/session.h"

namespace vcshift::vsphere {
namespace {

// The cluster's hosts and their VMs, by name and by object id.
struct Members {
  std::map<std::string, std::string> name_of;
  std::map<std::string, MoRef> host_named;
  std::map<std::string, MoRef> vm_named;
};

Status AddNames(Session& session, const std::vector<MoRef>& refs, const std::string& type,
                std::map<std::string, MoRef>& named, std::map<std::string, std::string>& name_of) {
  if (refs.empty()) return Done{};
  return RetrieveProperties(session, refs, type, {"name"}, [&](const MoRef& ref, const std::string&, const xsd__anyType* value) {
    named[TextOf(value)] = ref;
    name_of[ref.value] = TextOf(value);
  });
}

Result<Members> ReadMembers(Session& session, const MoRef& cluster) {
  Members members;
  auto hosts = ReadRefs(session, cluster, "host");
  if (!hosts) return hosts.fault();
  if (auto status = AddNames(session, *hosts, "HostSystem", members.host_named, members.name_of); !status) {
    return status.fault();
  }
  std::vector<MoRef> vms;
  if (!hosts->empty()) {
    auto status = RetrieveProperties(session, *hosts, "HostSystem", {"vm"}, [&](const MoRef&, const std::string&, const xsd__anyType* value) {
      for (const MoRef& vm : RefsOf(value)) vms.push_back(vm);
    });
    if (!status) return status.fault();
  }
  if (auto status = AddNames(session, vms, "VirtualMachine", members.vm_named, members.name_of); !status) {
    return status.fault();
  }
  return members;
}

struct LiveRule {
  int key = 0;
  std::string text;
};

struct LiveRules {
  std::map<std::string, std::string> groups;  // name -> text
  std::map<std::string, LiveRule> rules;
};

std::vector<std::string> Names(const std::vector<vim25__ManagedObjectReference*>& refs, const Members& members) {
  std::vector<std::string> names;
  for (const auto* ref : refs) {
    const auto name = members.name_of.find(ref->__item);
    names.push_back(name == members.name_of.end() ? ref->__item : name->second);
  }
  return names;
}

std::string PolicyOf(const vim25__ClusterVmHostRuleInfo& rule) {
  const bool must = rule.mandatory && *rule.mandatory;
  const bool affine = rule.affineHostGroupName && !rule.affineHostGroupName->empty();
  return std::string(must ? "must" : "should") + (affine ? "_run_on" : "_not_run_on");
}

std::string TextOfRule(const vim25__ClusterRuleInfo& info, const Members& members) {
  RuleText rule;
  rule.enabled = !info.enabled || *info.enabled;
  if (auto* anti = dynamic_cast<const vim25__ClusterAntiAffinityRuleSpec*>(&info)) {
    rule.type = "vm_anti_affinity";
    rule.vms = Names(anti->vm, members);
  } else if (auto* affinity = dynamic_cast<const vim25__ClusterAffinityRuleSpec*>(&info)) {
    rule.type = "vm_affinity";
    rule.vms = Names(affinity->vm, members);
  } else if (auto* vm_host = dynamic_cast<const vim25__ClusterVmHostRuleInfo*>(&info)) {
    rule.type = "vm_host";
    rule.vm_group = vm_host->vmGroupName ? *vm_host->vmGroupName : "";
    rule.policy = PolicyOf(*vm_host);
    const std::string* group = vm_host->affineHostGroupName ? vm_host->affineHostGroupName : vm_host->antiAffineHostGroupName;
    rule.host_group = group ? *group : "";
  } else {
    rule.type = "other";  // a kind vcshift does not manage: never equal to a wanted text
  }
  return Format(rule);
}

Result<LiveRules> ReadRules(Session& session, const MoRef& cluster, const Members& members) {
  LiveRules live;
  auto status = RetrieveProperties(session, {cluster}, cluster.type, {"configurationEx"}, [&](const MoRef&, const std::string&, const xsd__anyType* value) {
    auto* config = dynamic_cast<const vim25__ClusterConfigInfoEx*>(value);
    if (!config) return;
    for (const auto* group : config->group) {
      if (auto* vms = dynamic_cast<const vim25__ClusterVmGroup*>(group)) {
        live.groups[group->name] = Format(GroupText{"vm", Names(vms->vm, members)});
      } else if (auto* hosts = dynamic_cast<const vim25__ClusterHostGroup*>(group)) {
        live.groups[group->name] = Format(GroupText{"host", Names(hosts->host, members)});
      }
    }
    for (const auto* rule : config->rule) {
      if (!rule->name) continue;
      live.rules[*rule->name] = {rule->key ? *rule->key : 0, TextOfRule(*rule, members)};
    }
  });
  if (!status) return status.fault();
  return live;
}

// What to send, checked before anything is: every name resolved, every text readable.
struct Change {
  std::string name;
  std::string operation;  // add, edit, remove
  std::string text;       // wanted, for add and edit
  int key = 0;            // the rule's, for edit and remove
};

struct Changes {
  std::vector<Change> groups_set, rules, groups_removed;
  Captured before;
};

std::string Operation(const std::string& live, const std::string& wanted) {
  return wanted.empty() ? "remove" : live.empty() ? "add" : "edit";
}

std::vector<vim25__ManagedObjectReference*> Refs(struct soap* soap, const std::vector<std::string>& names,
                                                 const std::map<std::string, MoRef>& named) {
  std::vector<vim25__ManagedObjectReference*> refs;
  for (const auto& name : names) refs.push_back(NewMor(soap, named.at(name)));
  return refs;
}

vim25__ClusterGroupInfo* GroupInfo(struct soap* soap, const Change& change, const Members& members) {
  const GroupText group = *ParseGroup(change.text);
  if (group.type == "vm") {
    auto* info = soap_new_vim25__ClusterVmGroup(soap);
    info->name = change.name;
    info->vm = Refs(soap, group.members, members.vm_named);
    return info;
  }
  auto* info = soap_new_vim25__ClusterHostGroup(soap);
  info->name = change.name;
  info->host = Refs(soap, group.members, members.host_named);
  return info;
}

vim25__ClusterRuleInfo* RuleInfo(struct soap* soap, const Change& change, const Members& members) {
  const RuleText rule = *ParseRule(change.text);
  vim25__ClusterRuleInfo* info = nullptr;
  if (rule.type == "vm_host") {
    auto* vm_host = soap_new_vim25__ClusterVmHostRuleInfo(soap);
    vm_host->vmGroupName = soap_new_std__string(soap);
    *vm_host->vmGroupName = rule.vm_group;
    auto*& group = rule.policy.find("_not_") == std::string::npos ? vm_host->affineHostGroupName
                                                                    : vm_host->antiAffineHostGroupName;
    group = soap_new_std__string(soap);
    *group = rule.host_group;
    info = vm_host;
    info->mandatory = soap_new_bool(soap);
    *info->mandatory = rule.policy.rfind("must", 0) == 0;
  } else if (rule.type == "vm_affinity") {
    auto* affinity = soap_new_vim25__ClusterAffinityRuleSpec(soap);
    affinity->vm = Refs(soap, rule.vms, members.vm_named);
    info = affinity;
  } else {
    auto* anti = soap_new_vim25__ClusterAntiAffinityRuleSpec(soap);
    anti->vm = Refs(soap, rule.vms, members.vm_named);
    info = anti;
  }
  info->name = soap_new_std__string(soap);
  *info->name = change.name;
  info->enabled = soap_new_bool(soap);
  *info->enabled = rule.enabled;
  if (change.key) {
    info->key = soap_new_int(soap);
    *info->key = change.key;
  }
  return info;
}

vim25__ClusterConfigSpecEx* GroupSpec(struct soap* soap, const std::vector<Change>& changes, const Members& members) {
  auto* spec = soap_new_vim25__ClusterConfigSpecEx(soap);
  for (const auto& change : changes) {
    auto* item = soap_new_vim25__ClusterGroupSpec(soap);
    item->operation = change.operation;
    if (change.operation == "remove") {
      auto* key = soap_new_xsd__string(soap);
      key->__item = change.name;
      item->removeKey = key;
    } else {
      item->info = GroupInfo(soap, change, members);
    }
    spec->groupSpec.push_back(item);
  }
  return spec;
}

vim25__ClusterConfigSpecEx* RuleSpec(struct soap* soap, const std::vector<Change>& changes, const Members& members) {
  auto* spec = soap_new_vim25__ClusterConfigSpecEx(soap);
  for (const auto& change : changes) {
    auto* item = soap_new_vim25__ClusterRuleSpec(soap);
    item->operation = change.operation;
    if (change.operation == "remove") {
      auto* key = soap_new_xsd__int(soap);
      key->__item = change.key;
      item->removeKey = key;
    } else {
      item->info = RuleInfo(soap, change, members);
    }
    spec->rulesSpec.push_back(item);
  }
  return spec;
}

// A name the wanted text uses that the cluster does not have, "" when all are there.
std::string Unknown(const std::vector<std::string>& names, const std::map<std::string, MoRef>& named, const char* what) {
  for (const auto& name : names) {
    if (!named.count(name)) return std::string(what) + " '" + name + "'";
  }
  return "";
}

// Sorts the wanted keys into the three steps, or says what is wrong with one.
Result<Changes> Compare(const std::map<std::string, std::string>& texts, const std::string& object,
                        const LiveRules& live, const Members& members) {
  Changes changes;
  for (const auto& [key, wanted] : texts) {
    const bool is_group = key.rfind("group.", 0) == 0;
    const std::string name = key.substr(key.find('.') + 1);
    std::string problem;
    if (is_group) {
      const auto it = live.groups.find(name);
      const std::string have = it == live.groups.end() ? "" : it->second;
      if (have == wanted) continue;
      changes.before[key] = have;
      const auto group = ParseGroup(wanted);
      if (!wanted.empty() && !group) problem = "unreadable group '" + wanted + "'";
      if (group) {
        const bool vms = group->type == "vm";
        problem = Unknown(group->members, vms ? members.vm_named : members.host_named, vms ? "VM" : "host");
      }
      (wanted.empty() ? changes.groups_removed : changes.groups_set).push_back({name, Operation(have, wanted), wanted, 0});
    } else {
      const auto it = live.rules.find(name);
      const LiveRule have = it == live.rules.end() ? LiveRule{} : it->second;
      if (have.text == wanted) continue;
      changes.before[key] = have.text;
      const auto rule = ParseRule(wanted);
      if (!wanted.empty() && !rule) problem = "unreadable rule '" + wanted + "'";
      if (rule) problem = Unknown(rule->vms, members.vm_named, "VM");
      changes.rules.push_back({name, Operation(have.text, wanted), wanted, have.key});
    }
    if (!problem.empty()) {
      return Fault{"NotFound", key + ": " + problem + " is not in cluster " + object, object, "", ""};
    }
  }
  return changes;
}

// Rule and group changes on one cluster never overlap in this process: each reads the
// lists, then writes them whole, so two at once would lose one's members.
std::mutex& RulesOf(const std::string& vcenter, const std::string& cluster) {
  static std::mutex guard;
  static std::map<std::pair<std::string, std::string>, std::mutex> locks;
  std::lock_guard<std::mutex> lock(guard);
  return locks[{vcenter, cluster}];
}

struct ClusterRules {
  MoRef cluster;
  Members members;
  LiveRules live;
};

Result<ClusterRules> ReadClusterRules(Session& session, const MoRef& cluster) {
  auto members = ReadMembers(session, cluster);
  if (!members) return members.fault();
  auto live = ReadRules(session, cluster, *members);
  if (!live) return live.fault();
  return ClusterRules{cluster, std::move(*members), std::move(*live)};
}

// Makes the groups and rules `texts` names as they say, in the three steps; what was
// there before each changed one goes into `before`.
Status Reconfigure(Session& session, const ClusterRules& read, const std::string& path,
                   const std::map<std::string, std::string>& texts, std::chrono::steady_clock::time_point deadline,
                   Captured& before) {
  auto changes = Compare(texts, path, read.live, read.members);
  if (!changes) return changes.fault();
  before = changes->before;
  const auto reconfigure = [&](const std::vector<Change>& step, auto build) -> Status {
    if (step.empty()) return Done{};
    return ReconfigureCluster(session, read.cluster, path, deadline,
                              [&](struct soap* soap) { return build(soap, step, read.members); });
  };
  auto status = reconfigure(changes->groups_set, GroupSpec);
  if (status) status = reconfigure(changes->rules, RuleSpec);
  if (status) status = reconfigure(changes->groups_removed, GroupSpec);
  return status;
}

std::vector<std::string> Among(const std::vector<std::string>& names, const std::set<std::string>& wanted) {
  std::vector<std::string> kept;
  for (const auto& name : names) {
    if (wanted.count(name)) kept.push_back(name);
  }
  return kept;
}

// The VMs of `have` and of `mine` that the cluster has now. A member it does not have
// is one that left with its host: vCenter drops it (vcsim keeps a dangling reference,
// which could not be sent back anyway).
std::vector<std::string> Union(const std::vector<std::string>& have, const std::vector<std::string>& mine,
                               const Members& members) {
  std::set<std::string> both;
  for (const auto* names : {&have, &mine}) {
    for (const auto& name : *names) {
      if (members.vm_named.count(name)) both.insert(name);
    }
  }
  return {both.begin(), both.end()};
}

// The text a group or rule gets back with the VMs of `mine`, or nothing when none of
// them is in the cluster.
std::optional<std::string> Rejoined(const std::string& key, const std::string& mine, const std::string& have,
                                    const Members& members) {
  if (key.rfind("group.", 0) == 0) {
    auto group = ParseGroup(mine);
    if (!group) return std::nullopt;
    auto live = ParseGroup(have);
    GroupText joined{group->type, Union(live ? live->members : std::vector<std::string>{}, group->members, members)};
    if (joined.members.empty()) return std::nullopt;
    return Format(joined);
  }
  auto rule = ParseRule(mine);
  if (!rule) return std::nullopt;
  auto live = ParseRule(have);
  RuleText joined = live && live->type == rule->type ? *live : *rule;
  joined.vms = Union(live && live->type == rule->type ? live->vms : std::vector<std::string>{}, rule->vms, members);
  if (joined.vms.empty()) return std::nullopt;
  return Format(joined);
}

}  // namespace

Result<std::map<std::string, std::string>> MembershipsOf(Session& session, const MoRef& cluster, const MoRef& host) {
  // Only this host's VMs are named: reading every host of the cluster would race with a
  // sibling leaving it at the same time. Other members read as object ids, left out.
  Members mine;
  auto vms = ReadRefs(session, host, "vm");
  if (!vms) return vms.fault();
  if (auto status = AddNames(session, *vms, "VirtualMachine", mine.vm_named, mine.name_of); !status) return status.fault();
  std::set<std::string> names;
  for (const auto& [name, ref] : mine.vm_named) names.insert(name);
  auto live = ReadRules(session, cluster, mine);
  if (!live) return live.fault();
  std::map<std::string, std::string> memberships;
  for (const auto& [name, text] : live->groups) {
    auto group = ParseGroup(text);
    if (!group || group->type != "vm") continue;
    group->members = Among(group->members, names);
    if (!group->members.empty()) memberships["group." + name] = Format(*group);
  }
  for (const auto& [name, rule] : live->rules) {
    auto parsed = ParseRule(rule.text);
    if (!parsed || parsed->type == "vm_host") continue;  // names groups, not VMs
    parsed->vms = Among(parsed->vms, names);
    if (!parsed->vms.empty()) memberships["rule." + name] = Format(*parsed);
  }
  return memberships;
}

Status Rejoin(Session& session, const std::string& path, const std::map<std::string, std::string>& memberships,
              std::chrono::steady_clock::time_point deadline) {
  if (memberships.empty()) return Done{};
  auto cluster = FindCluster(session, path);
  if (!cluster) return cluster.fault();
  if (cluster->empty()) return Done{};  // a standalone host's VMs are in no DRS rule
  std::lock_guard<std::mutex> alone(RulesOf(session.url(), path));
  auto read = ReadClusterRules(session, *cluster);
  if (!read) return read.fault();
  std::map<std::string, std::string> texts;
  for (const auto& [key, mine] : memberships) {
    const std::string name = key.substr(key.find('.') + 1);
    const bool group = key.rfind("group.", 0) == 0;
    const auto have_group = read->live.groups.find(name);
    const auto have_rule = read->live.rules.find(name);
    const std::string have = group ? (have_group == read->live.groups.end() ? "" : have_group->second)
                                   : (have_rule == read->live.rules.end() ? "" : have_rule->second.text);
    if (auto text = Rejoined(key, mine, have, read->members)) texts[key] = *text;
  }
  Captured before;
  return Reconfigure(session, *read, path, texts, deadline, before);
}

namespace ops {

ActionResult ConfigureClusterRules(const OpContext& op) {
  const std::string& path = op.action.object;
  auto cluster = FindCluster(op.session, path);
  if (!cluster) return Failed(cluster.fault());
  if (cluster->empty()) return Refused("NotFound", path, "cluster '" + path + "' does not exist");
  std::lock_guard<std::mutex> alone(RulesOf(op.session.url(), path));
  auto read = ReadClusterRules(op.session, *cluster);
  if (!read) return Failed(read.fault());
  Captured before;
  auto status = Reconfigure(op.session, *read, path, op.action.params, op.deadline, before);
  if (!status) return Failed(status.fault());
  return before.empty() ? AlreadyDone() : Succeeded(before);
}

}  // namespace ops
}  // namespace vcshift::vsphere
