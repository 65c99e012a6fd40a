#include "engine/version.h"

#include <sstream>
#include <vector>

namespace vcshift {
namespace {

std::vector<long> Components(const std::string& version) {
  std::vector<long> out;
  std::istringstream in(version);
  std::string part;
  while (std::getline(in, part, '.')) out.push_back(std::strtol(part.c_str(), nullptr, 10));
  return out;
}

}  // namespace

int CompareVersions(const std::string& a, const std::string& b) {
  const auto x = Components(a);
  const auto y = Components(b);
  for (size_t i = 0; i < std::max(x.size(), y.size()); ++i) {
    const long left = i < x.size() ? x[i] : 0;
    const long right = i < y.size() ? y[i] : 0;
    if (left != right) return left < right ? -1 : 1;
  }
  return 0;
}

}  // namespace vcshift
