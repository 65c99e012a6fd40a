#pragma once
// Builds the desired-state model from a YAML tree.

#include <yaml-cpp/yaml.h>

#include "engine/desired_state.h"

namespace vcshift {

// Reads every well-formed part of `document` into the model and applies the defaults.
// It never fails: parts of the wrong shape are skipped, because the schema validator has
// already reported them, and the semantic checks should still see everything else.
DesiredState BuildDesiredState(const YAML::Node& document, const std::string& file);

}  // namespace vcshift
