#pragma once
// Diagnostics on standard error, one line each in the compilers' form, so that standard
// output stays the command's result.

#include "engine/diagnostic.h"

namespace vcshift::cli {

void PrintDiagnostics(const Diagnostics& diagnostics);

}  // namespace vcshift::cli
