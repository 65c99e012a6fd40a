#include "engine/secrets.h"

#include <sys/stat.h>

#include <cstdlib>

#include "engine/yaml_file.h"

namespace vcshift {
namespace {

std::string ExpandHome(const std::string& path) {
  if (path.rfind("~/", 0) != 0) return path;
  const char* home = std::getenv("HOME");
  return home ? std::string(home) + path.substr(1) : path;
}

// A credentials file is for its owner only, like ~/.ssh keys: refused when the group or
// others may read it, so a password is not silently exposed.
std::optional<std::string> FromFile(const SecretRef& ref, std::string& error) {
  const std::string path = ExpandHome(ref.file);
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    error = "credentials file " + path + " cannot be read";
    return std::nullopt;
  }
  if (info.st_mode & (S_IRWXG | S_IRWXO)) {
    error = "credentials file " + path + " may be read by others; run chmod 600 " + path;
    return std::nullopt;
  }
  Diagnostics diagnostics;
  const auto document = LoadYamlFile(path, diagnostics);
  if (!document || !document->IsMap()) {
    error = "credentials file " + path + " is not a YAML mapping of keys to passwords";
    return std::nullopt;
  }
  const YAML::Node value = (*document)[ref.key];
  if (!value.IsDefined() || !value.IsScalar()) {
    error = "credentials file " + path + " has no key '" + ref.key + "'";
    return std::nullopt;
  }
  return value.Scalar();
}

}  // namespace

std::optional<std::string> ResolveSecret(const SecretRef& ref, std::string& error) {
  if (!ref.file.empty()) return FromFile(ref, error);
  const char* value = std::getenv(ref.env.c_str());
  if (!value || !*value) {
    error = "environment variable " + ref.env + " is not set";
    return std::nullopt;
  }
  return std::string(value);
}

}  // namespace vcshift
