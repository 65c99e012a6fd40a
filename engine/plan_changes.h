#pragma once
// Settings as a plan shows them: flat "prefix.field" -> text maps, made through the
// field lists that also drive JSON (inventory_fields.h) so every field shows up in
// plans without being listed again; the changes between two such maps; a list as the
// text of one field.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/action.h"
#include "engine/inventory_fields.h"

namespace vcshift::planning {

class Flattener {
 public:
  explicit Flattener(std::string prefix) : prefix_(std::move(prefix)) {}

  template <typename T>
  void operator()(const char* key, const T& value) {
    Add(prefix_.empty() ? key : prefix_ + "." + key, value);
  }

  std::map<std::string, std::string> result;

 private:
  void Add(const std::string& path, const std::string& value);
  void Add(const std::string& path, int value);
  void Add(const std::string& path, bool value);
  void Add(const std::string& path, const std::vector<std::string>& values);
  void Add(const std::string& path, const std::vector<std::pair<int, int>>& ranges);
  template <typename T>
  void Add(const std::string& path, const T& object) {
    Flattener nested(path);
    fields::Describe(nested, object);
    result.insert(nested.result.begin(), nested.result.end());
  }

  std::string prefix_;
};

template <typename T>
std::map<std::string, std::string> Flatten(const std::string& prefix, const T& value) {
  Flattener flattener(prefix);
  fields::Describe(flattener, value);
  return flattener.result;
}

// Each field of `after` whose text differs from `before`'s (missing there: "").
std::vector<FieldChange> Differences(const std::map<std::string, std::string>& before,
                                     const std::map<std::string, std::string>& after);

// `action` sets each changed field to its `after`; its inverse sets it back to `before`.
void SetChanges(Action& action, std::vector<FieldChange> changes);

std::string Join(const std::vector<std::string>& parts, const std::string& separator);

// "a, b, c, d, e and 3 more": the first few of the objects a plan's warning or note names.
std::string FirstFew(const std::vector<std::string>& objects);

// A switch's settings that change in place, keyed as configure_dvs's params: mtu,
// uplinks, nioc.
std::map<std::string, std::string> SwitchSettings(const InventoryDvs& dvs);

// A port group's settings keyed as create_dvs_port_group's params (its name is the
// action's object).
std::map<std::string, std::string> PortGroupSettings(const DvsPortGroup& pg);

}  // namespace vcshift::planning
