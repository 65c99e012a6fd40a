#include "engine/plan_file.h"

#include <set>

#include <yaml-cpp/yaml.h>

#include "engine/action_kinds.h"
#include "engine/host_network_actions.h"
#include "engine/inventory_json.h"
#include "engine/json_writer.h"
#include "engine/render_json.h"
#include "engine/sha256.h"
#include "engine/yaml_file.h"

namespace vcshift {
namespace {

constexpr int kPlanFileFormatVersion = 1;
constexpr const char* kAbsent = "absent";
constexpr const char* kDigestAlgorithm = "sha256";
constexpr const char* kSignatureAlgorithm = "hmac-sha256";

std::string FirstSegment(const std::string& path) { return path.substr(0, path.find('/')); }
std::string LastSegment(const std::string& path) { return path.substr(path.rfind('/') + 1); }
std::string FirstTwoSegments(const std::string& path) {
  const size_t first = path.find('/');
  return first == std::string::npos ? path : path.substr(0, path.find('/', first + 1));
}

// Every object of an inventory by its fingerprint key, "<side>:<type>:<path>".
class ObjectIndex {
 public:
  ObjectIndex(const Inventory& inventory, const std::string& side) {
    for (const auto& dc : inventory.datacenters) datacenters_[side + ":datacenter:" + dc.name] = &dc;
    for (const auto& c : inventory.clusters) clusters_[side + ":cluster:" + c.datacenter + "/" + c.name] = &c;
    for (const auto& h : inventory.hosts) hosts_[side + ":host:" + h.name] = &h;
    for (const auto& vm : inventory.vms) vms_[side + ":vm:" + vm.datacenter + "/" + vm.name] = &vm;
    for (const auto& dvs : inventory.switches) switches_[side + ":dvs:" + dvs.datacenter + "/" + dvs.name] = &dvs;
    for (const auto& vm : inventory.vms) vms_of_host_[vm.host].push_back(side + ":vm:" + vm.datacenter + "/" + vm.name);
  }

  // The fingerprint of the object under `key`, "absent" when there is none.
  std::string Fingerprint(const std::string& key) const {
    if (auto json = Find(datacenters_, key)) return Sha256Hex(*json);
    if (auto json = Find(clusters_, key)) return Sha256Hex(*json);
    if (auto json = Find(hosts_, key)) return Sha256Hex(*json);
    if (auto json = Find(vms_, key)) return Sha256Hex(*json);
    if (auto json = Find(switches_, key)) return Sha256Hex(*json);
    return kAbsent;
  }

  std::vector<std::string> VmsOf(const std::string& host) const {
    const auto it = vms_of_host_.find(host);
    return it == vms_of_host_.end() ? std::vector<std::string>{} : it->second;
  }

 private:
  template <typename T>
  static std::optional<std::string> Find(const std::map<std::string, const T*>& index, const std::string& key) {
    const auto it = index.find(key);
    if (it == index.end()) return std::nullopt;
    return ObjectJson(*it->second);
  }

  std::map<std::string, const InventoryDatacenter*> datacenters_;
  std::map<std::string, const InventoryCluster*> clusters_;
  std::map<std::string, const InventoryHost*> hosts_;
  std::map<std::string, const InventoryVm*> vms_;
  std::map<std::string, const InventoryDvs*> switches_;
  std::map<std::string, std::vector<std::string>> vms_of_host_;
};

// The distributed switches a host's network step joins, leaves or moves between: their
// uplinks and port groups decided it.
std::set<std::string> SwitchesOf(const Action& action) {
  std::set<std::string> switches;
  const auto step = StepOf(action);
  if (!step) return switches;
  if (step->kind == StepKind::JoinDvs || step->kind == StepKind::LeaveDvs) switches.insert(step->object);
  for (const NetworkPlace* place : {&step->from, &step->to}) {
    if (place->distributed) switches.insert(place->switch_name);
  }
  return switches;
}

// The inventory objects an action relies on, as fingerprint keys.
std::vector<std::string> ReliedOn(const Action& action, const ObjectIndex& index) {
  const std::string side = SideName(action.side);
  const std::string& object = action.object;
  switch (Traits(action.kind).relies_on) {
    case ReliesOn::Datacenter: return {side + ":datacenter:" + FirstSegment(object)};
    case ReliesOn::Cluster: return {side + ":cluster:" + object};
    case ReliesOn::Switch: return {side + ":dvs:" + FirstTwoSegments(object)};
    case ReliesOn::SwitchAndHost: return {side + ":dvs:" + FirstTwoSegments(object), "target:host:" + LastSegment(object)};
    case ReliesOn::Vm: return {"source:vm:" + object, "target:vm:" + object};
    case ReliesOn::Host: {  // the host, the VMs that travel with it, the switches it moves between
      std::vector<std::string> keys = {side + ":host:" + LastSegment(object)};
      const auto vms = index.VmsOf(LastSegment(object));
      keys.insert(keys.end(), vms.begin(), vms.end());
      for (const auto& dvs : SwitchesOf(action)) keys.push_back(side + ":dvs:" + FirstSegment(object) + "/" + dvs);
      return keys;
    }
    case ReliesOn::Nothing: return {};
  }
  return {};
}

std::string Text(const YAML::Node& node, const char* key) {
  const YAML::Node child = node.IsDefined() && node.IsMap() ? node[key] : YAML::Node();
  return child.IsDefined() && child.IsScalar() ? child.Scalar() : "";
}

std::map<std::string, std::string> Strings(const YAML::Node& node) {
  std::map<std::string, std::string> out;
  if (node.IsDefined() && node.IsMap()) {
    for (const auto& entry : node) out[entry.first.Scalar()] = entry.second.Scalar();
  }
  return out;
}

// Reads one action; "" on success, else what is wrong with it.
std::string ReadAction(const YAML::Node& node, Action& action) {
  action.id = Text(node, "id");
  const auto kind = KindFromName(Text(node, "kind"));
  const auto side = SideFromName(Text(node, "side"));
  const auto criticality = CriticalityFromName(Text(node, "criticality"));
  if (action.id.empty() || !kind || !side || !criticality) return "an action without a known id, kind, side or criticality";
  action.kind = *kind;
  action.side = *side;
  action.criticality = *criticality;
  action.object = Text(node, "object");
  action.reversible = Text(node, "reversible") == "true";
  try {
    action.expected_seconds = node["expected_seconds"].as<int>();
  } catch (const YAML::Exception&) {
    return "action " + action.id + " has no expected_seconds";
  }
  action.params = Strings(node["params"]);
  action.prior = Strings(node["prior"]);
  if (node["changes"].IsDefined() && node["changes"].IsSequence()) {
    for (const auto& change : node["changes"]) {
      action.changes.push_back({Text(change, "field"), Text(change, "before"), Text(change, "after")});
    }
  }
  return "";
}

std::optional<Plan> ReadPlan(const YAML::Node& node, std::string& problem) {
  Plan plan;
  if (!node.IsMap() || !node["actions"].IsDefined() || !node["actions"].IsSequence()) {
    problem = "no plan in it";
    return std::nullopt;
  }
  std::map<std::string, size_t> index;
  for (const auto& item : node["actions"]) {
    Action action;
    if (problem = ReadAction(item, action); !problem.empty()) return std::nullopt;
    index[action.id] = plan.actions.size();
    plan.actions.push_back(std::move(action));
  }
  size_t position = 0;
  for (const auto& item : node["actions"]) {
    for (const auto& dependency : item["depends_on"]) {
      const auto it = index.find(dependency.Scalar());
      if (it == index.end() || it->second >= position) {
        problem = "action " + plan.actions[position].id + " depends on " + dependency.Scalar() + ", which does not come before it";
        return std::nullopt;
      }
      plan.edges.emplace_back(it->second, position);
    }
    ++position;
  }
  std::sort(plan.edges.begin(), plan.edges.end());
  if (node["notes"].IsDefined() && node["notes"].IsSequence()) {
    for (const auto& note : node["notes"]) plan.notes.push_back({Severity::Warning, "", {}, "", note.Scalar()});
  }
  if (node["warnings"].IsDefined() && node["warnings"].IsSequence()) {
    for (const auto& item : node["warnings"]) {
      PlanWarning warning{item["kind"].as<std::string>(""), {}, item["message"].as<std::string>("")};
      if (item["objects"].IsSequence()) {
        for (const auto& object : item["objects"]) warning.objects.push_back(object.Scalar());
      }
      plan.warnings.push_back(std::move(warning));
    }
  }
  return plan;
}

// The keys of a saved plan but its digest and signature, into an object begun.
void WriteContent(JsonWriter& json, const PlanFile& file) {
  json.Key("format_version").Int(kPlanFileFormatVersion).Key("kind").String("vcshift-plan");
  json.Key("desired").BeginObject().Key("file").String(file.desired_file).Key("sha256").String(file.desired_sha256)
      .EndObject();
  json.Key("source").BeginObject().Key("vcenter").String(file.source_vcenter).EndObject();
  json.Key("target").BeginObject().Key("vcenter").String(file.target_vcenter).EndObject();
  if (!file.discovery.empty()) json.Key("discovery").String(file.discovery);
  json.Key("fingerprints").BeginObject();
  for (const auto& [key, value] : file.fingerprints) json.Key(key).String(value);
  json.EndObject();
  std::string plan = RenderJson(file.plan);
  plan.pop_back();  // its trailing newline
  json.Key("plan").Raw(plan);
}

}  // namespace

std::map<std::string, std::string> Fingerprints(const Plan& plan, const Inventory& source, const Inventory& target) {
  const ObjectIndex source_index(source, "source");
  const ObjectIndex target_index(target, "target");
  std::set<std::string> keys;
  for (const auto& action : plan.actions) {
    for (const auto& key : ReliedOn(action, action.side == Side::Source ? source_index : target_index)) keys.insert(key);
  }
  std::map<std::string, std::string> fingerprints;
  for (const auto& key : keys) {
    fingerprints[key] = key.rfind("source:", 0) == 0 ? source_index.Fingerprint(key) : target_index.Fingerprint(key);
  }
  return fingerprints;
}

PlanFile MakePlanFile(const Plan& plan, const std::string& desired_file, const std::string& desired_text,
                      const Inventory& source, const Inventory& target) {
  return {"", desired_file, Sha256Hex(desired_text), source.vcenter, target.vcenter,
          Fingerprints(plan, source, target), plan, "", "", ""};
}

std::string CanonicalText(const PlanFile& file) {
  JsonWriter json;
  json.BeginObject();
  WriteContent(json, file);
  json.EndObject();
  return std::move(json).str();
}

std::string WritePlanFile(const PlanFile& file, const std::optional<std::string>& signing_key) {
  const std::string canonical = CanonicalText(file);
  const auto seal = [](const char* algorithm, const std::string& value) {
    JsonWriter json;
    json.BeginObject().Key("algorithm").String(algorithm).Key("value").String(value).EndObject();
    return std::move(json).str();
  };
  // The canonical object with two more keys: its closing brace moves after them.
  std::string text = canonical.substr(0, canonical.size() - 1);
  text += ",\"digest\":" + seal(kDigestAlgorithm, Sha256Hex(canonical));
  if (signing_key) text += ",\"signature\":" + seal(kSignatureAlgorithm, HmacSha256Hex(*signing_key, canonical));
  return text + "}\n";
}

std::optional<Plan> ReadPlanJson(const std::string& text, const std::string& origin, Diagnostics& diagnostics) {
  const auto document = ParseYaml(text, origin, diagnostics);
  if (!document) return std::nullopt;
  std::string problem;
  auto plan = ReadPlan(*document, problem);
  if (!plan) diagnostics.push_back({Severity::Error, origin, {}, "", "the plan is damaged: " + problem});
  return plan;
}

std::optional<PlanFile> ReadPlanFile(const std::string& text, const std::string& path, Diagnostics& diagnostics) {
  const auto fail = [&](const std::string& message) {
    diagnostics.push_back({Severity::Error, path, {}, "", message});
    return std::nullopt;
  };
  const auto document = ParseYaml(text, path, diagnostics);
  if (!document) return std::nullopt;
  if (!document->IsMap() || Text(*document, "kind") != "vcshift-plan") {
    return fail("not a saved vcshift plan (make one with vcshift plan -o FILE)");
  }
  if (Text(*document, "format_version") != std::to_string(kPlanFileFormatVersion)) {
    return fail("this vcshift reads saved plans of format version " + std::to_string(kPlanFileFormatVersion));
  }
  PlanFile file;
  file.path = path;
  file.desired_file = Text((*document)["desired"], "file");
  file.desired_sha256 = Text((*document)["desired"], "sha256");
  file.source_vcenter = Text((*document)["source"], "vcenter");
  file.target_vcenter = Text((*document)["target"], "vcenter");
  file.discovery = Text(*document, "discovery");
  file.fingerprints = Strings((*document)["fingerprints"]);
  if (Text((*document)["digest"], "algorithm") == kDigestAlgorithm) file.digest = Text((*document)["digest"], "value");
  if (Text((*document)["signature"], "algorithm") == kSignatureAlgorithm) {
    file.signature = Text((*document)["signature"], "value");
  }
  std::string problem;
  auto plan = ReadPlan((*document)["plan"], problem);
  if (!plan) return fail("the saved plan is damaged: " + problem);
  file.plan = std::move(*plan);
  return file;
}

Diagnostics VerifyPlanFile(const PlanFile& file, const std::optional<std::string>& signing_key) {
  Diagnostics problems;
  const auto add = [&](Severity severity, const std::string& message) {
    problems.push_back({severity, file.path, {}, "", message});
  };
  const std::string canonical = CanonicalText(file);
  if (file.digest.empty()) {
    add(Severity::Error, "the saved plan has no sha256 digest, so it cannot be told from an edited one; make a new plan");
  } else if (!EqualInConstantTime(file.digest, Sha256Hex(canonical))) {
    add(Severity::Error, "the saved plan was changed after vcshift plan wrote it: its content no longer matches its "
                         "digest; make a new plan");
  }
  if (!signing_key) {
    if (!file.signature.empty()) add(Severity::Warning, "the saved plan is signed, but no signing key was given to check it");
  } else if (file.signature.empty()) {
    add(Severity::Error, "the saved plan is not signed, and a signing key was given: only a plan signed with it is applied");
  } else if (!EqualInConstantTime(file.signature, HmacSha256Hex(*signing_key, canonical))) {
    add(Severity::Error, "the saved plan's signature is not one made with the signing key given: it was signed with "
                         "another key, or changed since; make a new plan");
  }
  return problems;
}

Diagnostics CheckStaleness(const PlanFile& file, const std::string& desired_text, const Inventory& source,
                           const Inventory& target) {
  Diagnostics stale;
  const auto error = [&](const std::string& message) {
    stale.push_back({Severity::Error, file.path, {}, "", message + "; make a new plan"});
  };
  if (Sha256Hex(desired_text) != file.desired_sha256) error(file.desired_file + " changed since the plan was made");
  if (source.vcenter != file.source_vcenter) error("the plan was made for source " + file.source_vcenter + ", not " + source.vcenter);
  if (target.vcenter != file.target_vcenter) error("the plan was made for target " + file.target_vcenter + ", not " + target.vcenter);
  const auto now = Fingerprints(file.plan, source, target);
  for (const auto& [key, fingerprint] : file.fingerprints) {
    const auto it = now.find(key);
    const std::string current = it == now.end() ? kAbsent : it->second;
    if (current == fingerprint) continue;
    if (fingerprint == kAbsent) {
      error(key + " appeared since the plan was made");
    } else if (current == kAbsent) {
      error(key + " is gone since the plan was made");
    } else {
      error(key + " changed since the plan was made");
    }
  }
  return stale;
}

}  // namespace vcshift
