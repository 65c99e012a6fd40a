#pragma once
// A problem found in a user's input, located precisely enough to jump to it.

#include <string>
#include <vector>

namespace vcshift {

enum class Severity { Error, Warning };

struct SourceLocation {
  int line = 0;    // 1-based; 0 when the problem concerns the whole file
  int column = 0;  // 1-based
};

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string file;
  SourceLocation location;
  std::string path;  // the offending key, e.g. datacenters[0].clusters[1].ha
  std::string message;
};

using Diagnostics = std::vector<Diagnostic>;

// "file:line:column: error: path: message", the form compilers use, so editors and
// terminals make it clickable.
std::string Format(const Diagnostic& d);

bool HasErrors(const Diagnostics& diagnostics);

}  // namespace vcshift
