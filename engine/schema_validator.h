#pragma once
// Checks a YAML tree against a JSON Schema (draft-07), reporting every violation with
// the location of the offending node.
//
// Supported keywords, the subset our schema uses: type, properties, required,
// additionalProperties (false or a schema), items, minItems, enum, const, minimum,
// maximum, minLength, maxLength, pattern, oneOf, anyOf, $ref to #/definitions/…, and
// `errorMessage` (as ajv-errors has it) to replace a generic message with a helpful one.
// Others are annotations (description, default, title) and are ignored. Mapping keys
// that appear twice are reported too: YAML forbids them, yaml-cpp keeps both.

#include <string>

#include <yaml-cpp/yaml.h>

#include "engine/diagnostic.h"

namespace vcshift {

class SchemaValidator {
 public:
  // `schema` is the parsed schema document (JSON is YAML, so yaml-cpp reads it).
  explicit SchemaValidator(YAML::Node schema) : schema_(std::move(schema)) {}

  void Validate(const YAML::Node& document, const std::string& file, Diagnostics& out) const;

 private:
  struct Context;
  void Check(const YAML::Node& schema, const YAML::Node& node, const std::string& path,
             Context& context) const;
  void CheckAlternatives(const YAML::Node& branches, const YAML::Node& schema,
                         const YAML::Node& node, const std::string& path, Context& context) const;
  void CheckObject(const YAML::Node& schema, const YAML::Node& node, const std::string& path,
                   Context& context) const;
  void CheckArray(const YAML::Node& schema, const YAML::Node& node, const std::string& path,
                  Context& context) const;
  void CheckScalar(const YAML::Node& schema, const YAML::Node& node, const std::string& path,
                   Context& context) const;
  YAML::Node Resolve(YAML::Node schema) const;

  YAML::Node schema_;
};

// A child's path: "a" + "b" -> "a.b"; keys that are not identifiers are quoted:
// hosts["esx-01.example.com"].
std::string ChildPath(const std::string& parent, const std::string& key);
std::string IndexPath(const std::string& parent, size_t index);

}  // namespace vcshift
