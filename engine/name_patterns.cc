#include "engine/name_patterns.h"

#include <fnmatch.h>

#include <algorithm>

namespace vcshift {

bool NameMatches(const std::string& pattern, const std::string& name) {
  return fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
}

bool AnyNameMatches(const std::vector<Located>& patterns, const std::string& name) {
  return std::any_of(patterns.begin(), patterns.end(), [&](const Located& p) { return NameMatches(p.value, name); });
}

bool AnyNameMatches(const std::vector<std::string>& patterns, const std::string& name) {
  return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& p) { return NameMatches(p, name); });
}

}  // namespace vcshift
