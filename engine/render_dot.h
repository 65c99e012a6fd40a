#pragma once
// The plan's dependency graph in Graphviz DOT (`vcshift graph`).

#include <string>

#include "engine/plan.h"

namespace vcshift {

std::string RenderDot(const Plan& plan);

}  // namespace vcshift
