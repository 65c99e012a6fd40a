#pragma once
// Reads a user's YAML file defensively: whatever the bytes are (empty, binary, huge, not
// YAML, several documents), the answer is a parsed tree or diagnostics, never a crash.

#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

#include "engine/diagnostic.h"

namespace vcshift {

// A desired state describing a thousand hosts is well under a megabyte; anything this big
// is a mistake (a log or an image passed by accident), refused before parsing.
inline constexpr size_t kMaxYamlFileBytes = 16 * 1024 * 1024;

// Reads a whole text file of at most `max_bytes`, refusing directories and larger files
// with a message naming the file.
std::optional<std::string> ReadTextFile(const std::string& path, size_t max_bytes, const std::string& what,
                                        Diagnostics& diagnostics);

// Parses `text` as one YAML document. `file` only names it in diagnostics.
std::optional<YAML::Node> ParseYaml(const std::string& text, const std::string& file,
                                    Diagnostics& diagnostics);

// Reads and parses the file at `path`.
std::optional<YAML::Node> LoadYamlFile(const std::string& path, Diagnostics& diagnostics);

// The 1-based location of a node, as diagnostics report it.
SourceLocation LocationOf(const YAML::Node& node);

}  // namespace vcshift
