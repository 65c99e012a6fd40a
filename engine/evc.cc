#include "engine/evc.h"

#include <algorithm>
#include <array>

namespace vcshift {
namespace {

// Oldest first, per vendor, as vSphere orders its EVC baselines.
constexpr std::array<const char*, 12> kIntel = {
    "intel-merom",    "intel-penryn",  "intel-nehalem",   "intel-westmere",    "intel-sandybridge", "intel-ivybridge",
    "intel-haswell",  "intel-broadwell", "intel-skylake", "intel-cascadelake", "intel-icelake",      "intel-sapphirerapids"};
constexpr std::array<const char*, 11> kAmd = {
    "amd-rev-e", "amd-rev-f", "amd-greyhound-no3dnow", "amd-greyhound", "amd-bulldozer", "amd-piledriver",
    "amd-steamroller", "amd-zen", "amd-zen2", "amd-zen3", "amd-zen4"};

template <typename List>
int Rank(const List& list, const std::string& mode) {
  const auto it = std::find(list.begin(), list.end(), mode);
  return it == list.end() ? -1 : static_cast<int>(it - list.begin());
}

}  // namespace

bool EvcModeSupported(const std::string& mode, const std::string& host_max_mode) {
  if (mode.empty() || mode == "disabled") return true;
  for (const int vendor : {0, 1}) {
    const int wanted = vendor == 0 ? Rank(kIntel, mode) : Rank(kAmd, mode);
    const int offered = vendor == 0 ? Rank(kIntel, host_max_mode) : Rank(kAmd, host_max_mode);
    if (wanted >= 0) return offered >= wanted;
  }
  return false;
}

}  // namespace vcshift
