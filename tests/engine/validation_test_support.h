#pragma once
// Helpers for desired-state tests: validate YAML text, and show diagnostics as
// "line:column path: message" lines that a test compares exactly and completely.

#include <string>
#include <vector>

#include "engine/validation.h"

namespace vcshift::testing {

// A valid connections block (4 lines): tests append what they exercise from line 5 on.
inline const std::string kHeader =
    "version: 1\n"
    "connections:\n"
    "  source: {url: https://vc1.example.com, user: admin}\n"
    "  target: {url: https://vc2.example.com, user: admin}\n";

inline std::vector<std::string> Problems(const std::string& yaml) {
  std::vector<std::string> lines;
  for (const auto& d : LoadDesiredStateText(yaml, "test.yaml").diagnostics) {
    lines.push_back(std::string(d.severity == Severity::Warning ? "warning " : "") +
                    std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + " " +
                    d.path + ": " + d.message);
  }
  return lines;
}

using Lines = std::vector<std::string>;

}  // namespace vcshift::testing
