#pragma once
// The plan as JSON for machines (format_version 1; docs/plan-format.md and
// schemas/plan.schema.json describe it).

#include <string>

#include "engine/plan.h"

namespace vcshift {

inline constexpr int kPlanFormatVersion = 1;

std::string RenderJson(const Plan& plan);

}  // namespace vcshift
