#pragma once
// Semantic checks of a desired state: what the schema cannot say, such as duplicate
// names, references between objects, and a host claimed by two clusters. Offline only:
// nothing here contacts a vCenter (that is what prechecks do).

#include "engine/desired_state.h"
#include "engine/diagnostic.h"

namespace vcshift {

void CheckDesiredState(const DesiredState& state, Diagnostics& out);

}  // namespace vcshift
