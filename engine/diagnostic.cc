#include "engine/diagnostic.h"

#include <algorithm>

namespace vcshift {

std::string Format(const Diagnostic& d) {
  std::string out = d.file;
  if (d.location.line > 0) {
    out += ":" + std::to_string(d.location.line) + ":" + std::to_string(d.location.column);
  }
  out += d.severity == Severity::Error ? ": error: " : ": warning: ";
  if (!d.path.empty()) out += d.path + ": ";
  return out + d.message;
}

bool HasErrors(const Diagnostics& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

}  // namespace vcshift
