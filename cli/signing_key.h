#pragma once
// The key that signs saved plans and checks their signatures (HMAC-SHA256,
// docs/plan-format.md, "Signed plans"): the file --signing-key-file names, else the
// environment variable VCSHIFT_PLAN_SIGNING_KEY, as CI passes secrets. The key is never
// printed or logged; messages name only where it came from.

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace vcshift::cli {

inline constexpr const char* kSigningKeyVariable = "VCSHIFT_PLAN_SIGNING_KEY";

void AddSigningKeyOption(CLI::App& command, std::string& file);

// Sets `key` to the key configured, nullopt when none is; false, after printing why,
// when the one configured cannot be used (unreadable, or too short to be a secret).
bool LoadSigningKey(const std::string& file, std::optional<std::string>& key);

}  // namespace vcshift::cli
