#pragma once
// Whether vCenter could add a host with a login and an expected certificate, asked
// without adding it (Datacenter.QueryConnectionInfo): the live precheck that refuses a
// plan before a host leaves its vCenter for one that would not take it.

#include <string>

#include "providers/vsphere/esxi_logins.h"
#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class Session;

// What vCenter learnt from the host (HostConnectInfo), as far as vcshift needs it.
struct HostConnectInfo {
  // "IP address of the VirtualCenter already managing this host, if any": what the
  // host's agent answers to, "" when no vCenter manages it.
  std::string server_ip;
};

// The answer of the vCenter of `datacenter` about `host`, or the Fault it would meet
// adding it: InvalidLogin, SSLVerifyFault with the presented thumbprint, NoHost, and
// AlreadyConnected when that vCenter has the host itself (the reference lists it for
// this method: ask the vCenter that would add the host, not the one that has it).
Result<HostConnectInfo> QueryConnectionInfo(Session& session, const MoRef& datacenter, const std::string& host,
                                            const EsxiLogin& login, const std::string& thumbprint);

}  // namespace vcshift::vsphere
