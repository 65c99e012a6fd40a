#pragma once
// The export's one shape for state set on a datacenter's hosts or VMs one by one
// (custom attribute values, permissions): `key:` with one `{hosts|vms: [name], field: ...}`
// entry per object that has some, each name written as a pattern matching it alone.

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "engine/name_patterns.h"

namespace vcshift {

// `field_of(object)` is the object's list (or map) of that state; `emit` writes it.
template <typename T, typename FieldOf, typename Emit>
void EmitPerObject(YAML::Emitter& out, const char* key, const char* objects, const char* field,
                   const std::vector<T>& all, const std::string& dc, FieldOf field_of, Emit emit) {
  bool any = false;
  for (const auto& object : all) {
    if (object.datacenter != dc || field_of(object).empty()) continue;
    if (!any) out << YAML::Key << key << YAML::Value << YAML::BeginSeq;
    any = true;
    out << YAML::BeginMap << YAML::Key << objects << YAML::Value << YAML::Flow << std::vector<std::string>{ExactNamePattern(object.name)}
        << YAML::Key << field << YAML::Value;
    emit(out, field_of(object));
    out << YAML::EndMap;
  }
  if (any) out << YAML::EndSeq;
}

}  // namespace vcshift
