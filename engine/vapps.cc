#include "engine/vapps.h"

#include <algorithm>
#include <exception>
#include <set>

#include "engine/inventory_fields.h"
#include "engine/plan_changes.h"

namespace vcshift {
namespace {

int Number(const std::map<std::string, std::string>& params, const std::string& key, int fallback) {
  const auto it = params.find(key);
  try {
    return it == params.end() || it->second.empty() ? fallback : std::stoi(it->second);
  } catch (const std::exception&) {
    return fallback;
  }
}

std::string Text(const std::map<std::string, std::string>& params, const std::string& key, const std::string& fallback) {
  const auto it = params.find(key);
  return it == params.end() || it->second.empty() ? fallback : it->second;
}

// Sets each field of a section from "<prefix><field>" in params, when there.
class SectionReader {
 public:
  SectionReader(const std::map<std::string, std::string>& params, std::string prefix)
      : params_(params), prefix_(std::move(prefix)) {}

  template <typename T>
  void operator()(const char* field, T& value) {
    const auto it = params_.find(prefix_ + field);
    if (it != params_.end()) Set(it->second, value);
  }

 private:
  static void Set(const std::string& text, std::string& value) { value = text; }
  static void Set(const std::string& text, bool& value) { value = text == "true"; }
  static void Set(const std::string& text, int& value) { value = Number({{"", text}}, "", value); }

  const std::map<std::string, std::string>& params_;
  std::string prefix_;
};

// The keys of the sections `params` declares a field of ("<prefix><key>.<field>").
std::set<int> DeclaredKeys(const std::map<std::string, std::string>& params, const std::string& prefix) {
  std::set<int> keys;
  for (const auto& [name, value] : params) {
    if (!name.starts_with(prefix)) continue;
    const std::string key = name.substr(prefix.size(), name.find('.', prefix.size()) - prefix.size());
    try {
      keys.insert(std::stoi(key));
    } catch (const std::exception&) {
      // not a section's field: ignored, as an unknown param is
    }
  }
  return keys;
}

// `sections` with the declared fields over theirs: one whose "key" field is declared ""
// removed, one not there made from its declared fields.
template <typename Section>
void Apply(std::vector<Section>& sections, const std::map<std::string, std::string>& params, const std::string& prefix) {
  for (const int key : DeclaredKeys(params, prefix)) {
    const std::string at = prefix + std::to_string(key) + ".";
    auto it = std::find_if(sections.begin(), sections.end(), [&](const Section& s) { return s.key == key; });
    if (const auto declared = params.find(at + "key"); declared != params.end() && declared->second.empty()) {
      if (it != sections.end()) sections.erase(it);
      continue;
    }
    if (it == sections.end()) it = sections.insert(sections.end(), Section{});
    SectionReader reader(params, at);
    fields::Describe(reader, *it);
    it->key = key;
  }
}

template <typename Section>
void AddSections(std::map<std::string, std::string>& params, const std::string& prefix,
                 const std::vector<Section>& sections) {
  for (const auto& section : sections) {
    params.merge(planning::Flatten(prefix + std::to_string(section.key), section));
  }
}

}  // namespace

std::map<std::string, std::string> SectionParams(const std::vector<VAppProduct>& products,
                                                 const std::vector<VAppProperty>& properties) {
  std::map<std::string, std::string> params;
  AddSections(params, kVAppProductPrefix, products);
  AddSections(params, kVAppPropertyPrefix, properties);
  return params;
}

VAppSections WithParams(VAppSections sections, const std::map<std::string, std::string>& params) {
  Apply(sections.products, params, kVAppProductPrefix);
  Apply(sections.properties, params, kVAppPropertyPrefix);
  return sections;
}

std::string MemberText(const VAppMember& member) {
  return ParamsText({
      {"start_order", std::to_string(member.start_order)},
      {"start_delay", std::to_string(member.start_delay)},
      {"start_action", member.start_action},
      {"wait_for_guest", member.wait_for_guest ? "true" : "false"},
      {"stop_delay", std::to_string(member.stop_delay)},
      {"stop_action", member.stop_action},
  });
}

VAppMember MemberFromText(const std::string& text) {
  const auto params = ParamsFromText(text);
  VAppMember member;
  member.start_order = Number(params, "start_order", member.start_order);
  member.start_delay = Number(params, "start_delay", member.start_delay);
  member.start_action = Text(params, "start_action", member.start_action);
  member.wait_for_guest = Text(params, "wait_for_guest", "false") == "true";
  member.stop_delay = Number(params, "stop_delay", member.stop_delay);
  member.stop_action = Text(params, "stop_action", member.stop_action);
  return member;
}

}  // namespace vcshift
