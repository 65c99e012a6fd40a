#include "cli/print_diagnostics.h"

#include <iostream>

namespace vcshift::cli {

void PrintDiagnostics(const Diagnostics& diagnostics) {
  for (const auto& d : diagnostics) std::cerr << Format(d) << "\n";
}

}  // namespace vcshift::cli
