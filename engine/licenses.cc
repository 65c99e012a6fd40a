#include "engine/licenses.h"

#include <algorithm>

namespace vcshift {

std::string KeyTail(const std::string& key) { return key.size() <= 5 ? key : key.substr(key.size() - 5); }

std::string LicenseLabel(const LicenseRef& ref) {
  if (ref.key_tail.empty()) return "evaluation mode";
  return (ref.name.empty() ? ref.edition : ref.name) + " (..." + ref.key_tail + ")";
}

const LicenseRef* FindLicense(const std::vector<LicenseRef>& keys, const std::string& wanted) {
  const LicenseRef* edition = nullptr;
  for (const auto& key : keys) {
    if (key.key_tail == wanted) return &key;
    if (key.edition == wanted && (!edition || key.key_tail < edition->key_tail)) edition = &key;
  }
  return edition;
}

std::string UnknownLicenseMessage(const std::string& host, const std::string& wanted,
                                  const std::vector<LicenseRef>& keys) {
  std::string held;
  for (const auto& key : keys) held += (held.empty() ? "" : ", ") + key.edition + " ..." + key.key_tail;
  return "host '" + host + "': licence '" + wanted +
         "' is neither the edition nor the last five characters of a key the target vCenter holds (" +
         (held.empty() ? "it holds none" : "it holds " + held) +
         "); add the key there first (LicenseManager.AddLicense, or in the vSphere Client: Administration > "
         "Licensing > Licenses > Add), then plan again";
}

}  // namespace vcshift
