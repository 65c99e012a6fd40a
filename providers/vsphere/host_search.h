#pragma once
// A host found by its name through vCenter's SearchIndex, without listing every host:
// FindByDnsName, then FindByIp for a name that is an IP address. vCenter names a host by
// the address it was added with (AddHost's hostName: a DNS name or an IP address), and
// its SearchIndex "finds a virtual machine or host by DNS name" or "by IP address"
// (vim.SearchIndex).

#include <string>

#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class Session;

// The host the index knows by `name`; an empty reference when it knows none. The index
// may know a host by a name other than its inventory name (its DNS name may differ from
// the address it was added with): the caller compares the host's `name`.
Result<MoRef> FindHostByName(Session& session, const std::string& name);

}  // namespace vcshift::vsphere
