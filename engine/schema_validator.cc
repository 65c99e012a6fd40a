#include "engine/schema_validator.h"

#include <algorithm>
#include <map>
#include <cstdlib>
#include <regex>
#include <string_view>

#include "engine/did_you_mean.h"
#include "engine/yaml_file.h"

namespace vcshift {

struct SchemaValidator::Context {
  const std::string& file;
  Diagnostics& out;

  void Error(const YAML::Node& node, const std::string& path, std::string message) {
    out.push_back({Severity::Error, file, LocationOf(node), path, std::move(message)});
  }
};

namespace {

bool IsInteger(std::string_view text) {
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool IsNumber(std::string_view text) {
  char* end = nullptr;
  const std::string copy(text);
  std::strtod(copy.c_str(), &end);
  return !copy.empty() && end == copy.c_str() + copy.size() && std::isdigit(static_cast<unsigned char>(copy.back()));
}

// The JSON type a YAML node stands for. Plain scalars are resolved as YAML 1.2's core
// schema does (so `yes` is a string, not a boolean); quoted scalars are always strings.
// No std::regex here: libstdc++'s recurses per character and a huge scalar would overflow.
std::string KindOf(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "object";
    case YAML::NodeType::Sequence: return "array";
    case YAML::NodeType::Scalar: break;
    default: return "null";
  }
  if (node.Tag() != "?") return "string";
  const std::string& text = node.Scalar();
  if (IsInteger(text)) return "integer";
  if (IsNumber(text)) return "number";
  static const std::vector<std::string> booleans = {"true", "True", "TRUE", "false", "False", "FALSE"};
  if (std::find(booleans.begin(), booleans.end(), text) != booleans.end()) return "boolean";
  return "string";
}

bool KindMatches(const std::string& kind, const std::string& type) {
  if (type == "string") return kind == "string" || kind == "integer" || kind == "number" || kind == "boolean";
  if (type == "number") return kind == "number" || kind == "integer";
  return kind == type;
}

std::string Describe(const std::string& kind) {
  static const std::map<std::string, std::string> names = {
      {"object", "a mapping"},  {"array", "a list"},      {"string", "a string"},
      {"integer", "an integer"}, {"number", "a number"}, {"boolean", "true or false"},
      {"null", "nothing"}};
  return names.at(kind);
}

bool IsIdentifier(const std::string& key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::string Join(const YAML::Node& values) {
  std::string out;
  for (const auto& value : values) out += (out.empty() ? "" : ", ") + value.as<std::string>();
  return out;
}

std::vector<std::string> Strings(const YAML::Node& values) {
  std::vector<std::string> out;
  for (const auto& value : values) out.push_back(value.as<std::string>());
  return out;
}

// Patterns describe short things (URLs, thumbprints, paths); std::regex recurses per
// character, so longer input is refused before it is matched.
constexpr size_t kMaxPatternInput = 4096;

std::string Message(const YAML::Node& schema, std::string fallback) {
  return schema["errorMessage"] ? schema["errorMessage"].as<std::string>() : std::move(fallback);
}

}  // namespace

std::string ChildPath(const std::string& parent, const std::string& key) {
  if (!IsIdentifier(key)) return parent + "[\"" + key + "\"]";
  return parent.empty() ? key : parent + "." + key;
}

std::string IndexPath(const std::string& parent, size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

YAML::Node SchemaValidator::Resolve(YAML::Node schema) const {
  // Only local references into #/definitions: the schema is one self-contained file.
  static const std::string prefix = "#/definitions/";
  while (schema["$ref"]) {
    const std::string ref = schema["$ref"].as<std::string>();
    schema = schema_["definitions"][ref.substr(prefix.size())];
  }
  return schema;
}

void SchemaValidator::Validate(const YAML::Node& document, const std::string& file,
                               Diagnostics& out) const {
  Context context{file, out};
  Check(schema_, document, "", context);
}

void SchemaValidator::Check(const YAML::Node& raw_schema, const YAML::Node& node,
                            const std::string& path, Context& context) const {
  // Annotations next to a $ref (description, default) still apply to the referenced schema.
  const YAML::Node schema = Resolve(raw_schema);
  if (const auto branches = schema["oneOf"] ? schema["oneOf"] : schema["anyOf"]) {
    CheckAlternatives(branches, schema, node, path, context);
    return;
  }
  const std::string kind = KindOf(node);
  if (schema["type"] && !KindMatches(kind, schema["type"].as<std::string>())) {
    context.Error(node, path, Message(schema, "expected " + Describe(schema["type"].as<std::string>()) +
                                                  ", found " + Describe(kind)));
    return;
  }
  if (kind == "object") {
    CheckObject(schema, node, path, context);
  } else if (kind == "array") {
    CheckArray(schema, node, path, context);
  } else if (kind != "null") {
    CheckScalar(schema, node, path, context);
  }
}

void SchemaValidator::CheckAlternatives(const YAML::Node& branches, const YAML::Node& schema,
                                        const YAML::Node& node, const std::string& path,
                                        Context& context) const {
  // Report the errors of the alternative the user evidently meant: among those of the
  // node's kind, the one with the fewest errors. When no alternative has the node's
  // kind, one message says what is accepted.
  const std::string kind = KindOf(node);
  std::optional<Diagnostics> best;
  std::vector<std::string> accepted;
  for (const auto& branch : branches) {
    const YAML::Node resolved = Resolve(branch);
    const std::string type = resolved["type"].as<std::string>();
    accepted.push_back(resolved["enum"] ? "'" + Join(resolved["enum"]) + "'" : Describe(type));
    if (!KindMatches(kind, type)) continue;
    Diagnostics errors;
    Context trial{context.file, errors};
    Check(resolved, node, path, trial);
    if (errors.empty()) return;
    if (!best || errors.size() < best->size()) best = std::move(errors);
  }
  if (best) {
    context.out.insert(context.out.end(), best->begin(), best->end());
    return;
  }
  std::string fallback = "expected ";
  for (size_t i = 0; i < accepted.size(); ++i) {
    fallback += (i == 0 ? "" : i + 1 == accepted.size() ? " or " : ", ") + accepted[i];
  }
  context.Error(node, path, Message(schema, fallback + ", found " + Describe(kind)));
}

void SchemaValidator::CheckObject(const YAML::Node& schema, const YAML::Node& node,
                                  const std::string& path, Context& context) const {
  const YAML::Node properties = schema["properties"];
  const YAML::Node additional = schema["additionalProperties"];
  std::vector<std::string> known;
  for (const auto& property : properties) known.push_back(property.first.as<std::string>());

  std::map<std::string, int> first_line;
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) {
      context.Error(entry.first, path, "a key must be a plain name");
      continue;
    }
    const std::string key = entry.first.Scalar();
    const std::string child = ChildPath(path, key);
    if (auto [it, inserted] = first_line.emplace(key, LocationOf(entry.first).line); !inserted) {
      context.Error(entry.first, child, "duplicate key '" + key + "' (first at line " +
                                            std::to_string(it->second) + ")");
      continue;
    }
    if (properties && properties[key]) {
      Check(properties[key], entry.second, child, context);
    } else if (additional && additional.IsMap()) {
      Check(additional, entry.second, child, context);
    } else if (additional && !additional.as<bool>()) {
      context.Error(entry.first, child, "unknown key '" + key + "'" + DidYouMean(key, known));
    }
  }
  for (const auto& required : schema["required"]) {
    const std::string key = required.as<std::string>();
    if (!first_line.count(key)) context.Error(node, path, "missing required key '" + key + "'");
  }
}

void SchemaValidator::CheckArray(const YAML::Node& schema, const YAML::Node& node,
                                 const std::string& path, Context& context) const {
  if (schema["minItems"] && node.size() < schema["minItems"].as<size_t>()) {
    const auto minimum = schema["minItems"].as<size_t>();
    context.Error(node, path, "needs at least " + std::to_string(minimum) +
                                  (minimum == 1 ? " entry" : " entries"));
  }
  if (!schema["items"]) return;
  for (size_t i = 0; i < node.size(); ++i) Check(schema["items"], node[i], IndexPath(path, i), context);
}

void SchemaValidator::CheckScalar(const YAML::Node& schema, const YAML::Node& node,
                                  const std::string& path, Context& context) const {
  const std::string& text = node.Scalar();
  if (schema["const"] && text != schema["const"].as<std::string>()) {
    context.Error(node, path, Message(schema, "must be " + schema["const"].as<std::string>()));
    return;
  }
  if (const auto values = schema["enum"]) {
    const std::vector<std::string> allowed = Strings(values);
    if (std::find(allowed.begin(), allowed.end(), text) == allowed.end()) {
      context.Error(node, path, "'" + text + "' is not one of: " + Join(values) + DidYouMean(text, allowed));
      return;
    }
  }
  const bool has_min = static_cast<bool>(schema["minimum"]);
  const bool has_max = static_cast<bool>(schema["maximum"]);
  if (has_min || has_max) {
    const double value = node.as<double>();
    const bool too_small = has_min && value < schema["minimum"].as<double>();
    const bool too_large = has_max && value > schema["maximum"].as<double>();
    if (too_small || too_large) {
      std::string message = text + " is out of range ";
      message += has_min && has_max
                     ? schema["minimum"].Scalar() + "-" + schema["maximum"].Scalar()
                     : (too_small ? "(minimum " + schema["minimum"].Scalar() + ")"
                                  : "(maximum " + schema["maximum"].Scalar() + ")");
      context.Error(node, path, message);
    }
  }
  if (schema["minLength"] && text.size() < schema["minLength"].as<size_t>()) {
    context.Error(node, path, "must not be empty");
  }
  if (schema["maxLength"] && text.size() > schema["maxLength"].as<size_t>()) {
    context.Error(node, path, "is longer than " + schema["maxLength"].Scalar() + " characters");
  }
  if (schema["pattern"] && text.size() > kMaxPatternInput) {
    context.Error(node, path, "is too long (" + std::to_string(text.size()) + " characters)");
  } else if (schema["pattern"]) {
    const std::regex pattern(schema["pattern"].as<std::string>());
    if (!std::regex_search(text, pattern)) {
      context.Error(node, path, Message(schema, "'" + text + "' does not match " + schema["pattern"].Scalar()));
    }
  }
}

}  // namespace vcshift
