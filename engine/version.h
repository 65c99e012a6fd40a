#pragma once
// Dotted version numbers as vSphere writes them (ESXi 7.0.3, API 7.0.3.0, DVS 8.0.0).

#include <string>

namespace vcshift {

// <0, 0 or >0 as `a` is older than, the same as or newer than `b`, component by
// component; a missing component counts as 0, so 7.0.3 equals 7.0.3.0.
int CompareVersions(const std::string& a, const std::string& b);

}  // namespace vcshift
