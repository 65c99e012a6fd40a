#pragma once
// The desired-state JSON Schema (schemas/desired-state.schema.json), compiled in.

#include <string_view>

namespace vcshift {
extern const std::string_view kDesiredStateSchema;
}
