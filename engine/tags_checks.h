#pragma once
// What the schema cannot say about the desired state's tags: a category or tag declared
// twice, a tag in an undeclared category, an object given a tag nobody declared (unless
// `inherit` brings the source's).

#include "engine/desired_state.h"

namespace vcshift {

void CheckTagging(const DesiredState& state, Diagnostics& out);

}  // namespace vcshift
