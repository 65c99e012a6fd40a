#pragma once
// Host licences in a vCenter (engine/licenses.h): the keys its LicenseManager holds and
// the one each host is assigned (LicenseAssignmentManager), read and changed. A key
// leaves this file only as a LicenseRef (edition, name, last five characters), except
// from HeldKey, whose caller passes it to AssignLicense and nowhere else.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/licenses.h"
#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class Session;

struct Licences {
  std::vector<LicenseRef> keys;             // LicenseManager.licenses, evaluation mode left out
  std::map<std::string, LicenseRef> hosts;  // by host managed object id; evaluation mode left out
};

// The keys, and the assignments of `hosts`: QueryAssignedLicenses with each one's
// entityId, or once without (every entity's, hosts not asked for included) for more
// than a few hosts or when they are `every` host of the vCenter.
Result<Licences> ReadLicences(Session& session, const std::vector<MoRef>& hosts, bool every);

// The one host's assignment; empty in evaluation mode.
Result<LicenseRef> HostLicence(Session& session, const MoRef& host);

// The key LicenseManager holds of that edition and tail; nothing when it holds none.
Result<std::optional<std::string>> HeldKey(Session& session, const LicenseRef& ref);

// UpdateAssignedLicense on the host with `key`; a fault's text never holds the key.
Status AssignLicence(Session& session, const MoRef& host, const std::string& key, const std::string& object);

// RemoveAssignedLicense: the host is back in evaluation mode.
Status RemoveLicence(Session& session, const MoRef& host, const std::string& object);

}  // namespace vcshift::vsphere
