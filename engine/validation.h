#pragma once
// Loading a desired-state file the way every command does: read, parse, check against
// the schema, build the model, check semantics. All problems are collected in one pass.

#include <optional>
#include <string>

#include "engine/desired_state.h"
#include "engine/diagnostic.h"

namespace vcshift {

struct LoadResult {
  std::optional<DesiredState> state;  // set when there is no error (warnings allowed)
  Diagnostics diagnostics;            // sorted by line and column
};

LoadResult LoadDesiredState(const std::string& path);

// The same for text already in memory; `file` names it in diagnostics.
LoadResult LoadDesiredStateText(const std::string& text, const std::string& file);

}  // namespace vcshift
