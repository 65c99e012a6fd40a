#pragma once
// Whether vCenter could add a host with a login and an expected certificate, asked
// without adding it (Datacenter.QueryConnectionInfo): the live precheck that refuses a
// plan before a host leaves its vCenter for one that would not take it.

#include <string>

#include "providers/vsphere/esxi_logins.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class Session;

// The Fault vCenter would answer AddHost with (InvalidLogin, SSLVerifyFault with the
// presented thumbprint, NoHost, ...); success when it would connect. `datacenter` is any
// datacenter of the session's vCenter, by name.
Status CheckHostLogin(Session& session, const std::string& datacenter, const std::string& host, const EsxiLogin& login,
                      const std::string& thumbprint);

}  // namespace vcshift::vsphere
