#pragma once
// Whether vCenter could add a host with a login and an expected certificate, asked
// without adding it (Datacenter.QueryConnectionInfo): what refuses a plan (the live
// precheck, host_login_precheck.h) or stops a run (check_host_login, before the host's
// first step off the source) before a host leaves its vCenter for one that would not take it.

#include <optional>
#include <string>

#include "providers/vsphere/esxi_logins.h"
#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/result.h"
#include "providers/vsphere/vcenter_address.h"

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

// What stops a host from joining the target, as the vCenter that said so said it.
struct ArrivalRefusal {
  std::string vcenter;  // the URL of the vCenter whose answer refuses the host; "" for a missing login
  Fault fault;          // its fault; AlreadyBeingManaged for a host a third vCenter manages
  std::string message;  // one line naming the host and the fault
};

// Asks the target, in `datacenter`, whether it would add `host` as AddHost will (its login
// of `logins`, the expected `thumbprint`, or the presented one where AddHost would trust it
// on first use): its fault refuses the host. Its answer's serverIp, the
// address of the vCenter managing the host, must be the source's (or empty: none does):
// vcshift adds hosts with `force` (a host removed from its vCenter while disconnected
// still names it), which would take a host from a third vCenter. Nothing when the host
// may come.
std::optional<ArrivalRefusal> CheckArrival(Session& target, const MoRef& datacenter, const std::string& host,
                                           const EsxiLogins& logins, const std::string& thumbprint,
                                           VCenterAddress& source);

}  // namespace vcshift::vsphere
