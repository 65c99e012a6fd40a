#pragma once
// Host licences (vim25 LicenseManager, LicenseAssignmentManager) as plain values. A
// licence key is a secret: vcshift names a key by its edition and its last five
// characters (`key_tail`), never whole, in every model, plan, journal and output. Only
// the provider's operation holds the key, for the one call that assigns it, after
// finding it again in the vCenter's LicenseManager by edition and tail.

#include <string>
#include <vector>

namespace vcshift {

// A key a vCenter's LicenseManager holds, or one assigned to a host.
struct LicenseRef {
  std::string edition;   // editionKey, e.g. esx.enterprisePlus.cpuPackage
  std::string name;      // e.g. "vSphere 7 Enterprise Plus"
  std::string key_tail;  // the key's last five characters
  bool operator==(const LicenseRef&) const = default;
  auto operator<=>(const LicenseRef&) const = default;
};

// The last five characters of a key: all of it that may be shown.
std::string KeyTail(const std::string& key);

// How a plan shows a licence: `name (…tail)`, or `evaluation mode` when `ref` is empty.
std::string LicenseLabel(const LicenseRef& ref);

// The key of `keys` a desired `license:` names: the one whose last five characters it is,
// else the first (by tail) of that edition; nothing when none.
const LicenseRef* FindLicense(const std::vector<LicenseRef>& keys, const std::string& wanted);

// The error for a licence the target vCenter does not hold: how to add it there.
std::string UnknownLicenseMessage(const std::string& host, const std::string& wanted,
                                  const std::vector<LicenseRef>& keys);

}  // namespace vcshift
