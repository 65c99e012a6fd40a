#include "engine/inventory_json.h"

#include <yaml-cpp/yaml.h>

#include <optional>

#include "engine/inventory_fields.h"
#include "engine/json_writer.h"
#include "engine/schema_validator.h"
#include "engine/yaml_file.h"

namespace vcshift {
namespace {

class Writer {
 public:
  explicit Writer(JsonWriter& json) : json_(json) {}

  template <typename T>
  void operator()(const char* key, const T& value) {
    json_.Key(key);
    Write(value);
  }

 private:
  void Write(const std::string& value) { json_.String(value); }
  void Write(int value) { json_.Int(value); }
  void Write(long long value) { json_.Int(value); }
  void Write(bool value) { json_.Bool(value); }
  void Write(const std::optional<bool>& value) {
    if (value) json_.Bool(*value);
    else json_.Raw("null");
  }
  template <typename A, typename B>
  void Write(const std::pair<A, B>& pair) {
    json_.BeginArray();
    Write(pair.first);
    Write(pair.second);
    json_.EndArray();
  }
  template <typename T>
  void Write(const std::vector<T>& items) {
    json_.BeginArray();
    for (const auto& item : items) Write(item);
    json_.EndArray();
  }
  template <typename T>
  void Write(const T& object) {
    json_.BeginObject();
    fields::Describe(*this, object);
    json_.EndObject();
  }

  JsonWriter& json_;
};

// Reads fields that are present and of the right type; a missing field keeps its default
// (older recordings stay readable), a mistyped one is reported.
class Reader {
 public:
  Reader(YAML::Node node, std::string path, const std::string& file, Diagnostics& out)
      : node_(std::move(node)), path_(std::move(path)), file_(file), out_(out) {}

  template <typename T>
  void operator()(const char* key, T& value) {
    const YAML::Node child = node_[key];
    if (child.IsDefined() && !child.IsNull()) Read(child, ChildPath(path_, key), value);
  }

 private:
  void Error(const YAML::Node& node, const std::string& path, const std::string& message) {
    out_.push_back({Severity::Error, file_, LocationOf(node), path, message});
  }

  template <typename T>
  void ReadScalar(const YAML::Node& node, const std::string& path, T& value, const char* what) {
    try {
      if (!node.IsScalar()) throw YAML::Exception(node.Mark(), "");
      value = node.as<T>();
    } catch (const YAML::Exception&) {
      Error(node, path, std::string("expected ") + what);
    }
  }
  void Read(const YAML::Node& node, const std::string& path, std::string& value) {
    ReadScalar(node, path, value, "a string");
  }
  void Read(const YAML::Node& node, const std::string& path, int& value) {
    ReadScalar(node, path, value, "an integer");
  }
  void Read(const YAML::Node& node, const std::string& path, long long& value) {
    ReadScalar(node, path, value, "an integer");
  }
  void Read(const YAML::Node& node, const std::string& path, bool& value) {
    ReadScalar(node, path, value, "true or false");
  }
  void Read(const YAML::Node& node, const std::string& path, std::optional<bool>& value) {
    bool read = false;
    ReadScalar(node, path, read, "true or false");
    value = read;
  }
  template <typename A, typename B>
  void Read(const YAML::Node& node, const std::string& path, std::pair<A, B>& pair) {
    if (!node.IsSequence() || node.size() != 2) return Error(node, path, "expected a pair [a, b]");
    Read(node[0], IndexPath(path, 0), pair.first);
    Read(node[1], IndexPath(path, 1), pair.second);
  }
  template <typename T>
  void Read(const YAML::Node& node, const std::string& path, std::vector<T>& items) {
    if (!node.IsSequence()) return Error(node, path, "expected a list");
    items.resize(node.size());
    for (size_t i = 0; i < node.size(); ++i) Read(node[i], IndexPath(path, i), items[i]);
  }
  // Recorded before vApps were carried, a vApp is its path alone.
  void Read(const YAML::Node& node, const std::string& path, InventoryVApp& vapp) {
    if (node.IsScalar()) return Read(node, path, vapp.path);
    ReadObject(node, path, vapp);
  }
  template <typename T>
  void Read(const YAML::Node& node, const std::string& path, T& object) {
    ReadObject(node, path, object);
  }
  template <typename T>
  void ReadObject(const YAML::Node& node, const std::string& path, T& object) {
    if (!node.IsMap()) return Error(node, path, "expected an object");
    Reader nested(node, path, file_, out_);
    fields::Describe(nested, object);
  }

  YAML::Node node_;
  std::string path_;
  const std::string& file_;
  Diagnostics& out_;
};

template <typename T>
std::string ToJson(const T& object) {
  JsonWriter json;
  Writer writer(json);
  json.BeginObject();
  fields::Describe(writer, object);
  json.EndObject();
  return json.str();
}

// Canonical order for one object: wrap it in an inventory and let Canonicalize sort it.
template <typename T>
std::string CanonicalJson(std::vector<T> Inventory::*list, T object) {
  Inventory one;
  (one.*list).push_back(std::move(object));
  Canonicalize(one);
  return ToJson((one.*list).front());
}

}  // namespace

std::string ObjectJson(const InventoryDatacenter& object) { return CanonicalJson(&Inventory::datacenters, object); }
std::string ObjectJson(const InventoryCluster& object) { return CanonicalJson(&Inventory::clusters, object); }
std::string ObjectJson(const InventoryHost& object) { return CanonicalJson(&Inventory::hosts, object); }
std::string ObjectJson(const InventoryVm& object) { return CanonicalJson(&Inventory::vms, object); }
std::string ObjectJson(const InventoryDvs& object) { return CanonicalJson(&Inventory::switches, object); }

std::string InventoryToJson(const Inventory& inventory) {
  JsonWriter json;
  json.BeginObject().Key("format_version").Int(kInventoryFormatVersion);
  Writer writer(json);
  fields::Describe(writer, inventory);
  json.EndObject();
  return json.str();
}

std::optional<Inventory> InventoryFromJson(const std::string& text, const std::string& file,
                                           Diagnostics& diagnostics) {
  const auto document = ParseYaml(text, file, diagnostics);
  if (!document) return std::nullopt;
  if (!document->IsMap() || !(*document)["format_version"]) {
    diagnostics.push_back({Severity::Error, file, LocationOf(*document), "",
                           "not a recorded inventory (no format_version)"});
    return std::nullopt;
  }
  const YAML::Node version = (*document)["format_version"];
  if (version.Scalar() != std::to_string(kInventoryFormatVersion)) {
    diagnostics.push_back({Severity::Error, file, LocationOf(version), "format_version",
                           "this vcshift reads recorded inventories of format version " +
                               std::to_string(kInventoryFormatVersion)});
    return std::nullopt;
  }
  Inventory inventory;
  const size_t before = diagnostics.size();
  Reader reader(*document, "", file, diagnostics);
  fields::Describe(reader, inventory);
  if (diagnostics.size() != before) return std::nullopt;
  return inventory;
}

}  // namespace vcshift

namespace vcshift {

std::optional<Inventory> LoadInventoryFile(const std::string& path, Diagnostics& diagnostics) {
  const auto text = ReadTextFile(path, kMaxInventoryFileBytes, "a recorded inventory", diagnostics);
  if (!text) return std::nullopt;
  return InventoryFromJson(*text, path, diagnostics);
}

}  // namespace vcshift
