#pragma once
// Resolving a password reference from the desired state: an environment variable or a
// key in a credentials file. The value is returned to the caller and nowhere else: no
// message here ever contains it.

#include <optional>
#include <string>

#include "engine/desired_state.h"

namespace vcshift {

// The password, or nothing with `error` saying what is missing (never the value).
std::optional<std::string> ResolveSecret(const SecretRef& ref, std::string& error);

}  // namespace vcshift
