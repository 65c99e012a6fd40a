#pragma once
// Telling a vCenter by the address its hosts know it by (HostConnectInfo.serverIp,
// HostListSummary.managementServerIp), which need not be the one vcshift reaches it at: a
// vCenter behind NAT, or with a managed address set, gives its hosts another.

#include <map>
#include <optional>
#include <set>
#include <string>

#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class Session;

class VCenterAddress {
 public:
  explicit VCenterAddress(Session& vcenter) : vcenter_(vcenter) {}

  // Whether `server_ip`, the address host `host` reports for the vCenter that manages
  // it, is this vCenter's: the host name of its URL, an address that name resolves to,
  // or the address this vCenter says `host` is managed from (summary.managementServerIp),
  // read once, and only when the others do not match.
  Result<bool> Matches(const std::string& server_ip, const std::string& host);

  // The vCenter's URL, for messages.
  const std::string& url() const;

 private:
  Session& vcenter_;
  std::set<std::string> addresses_;                                // of the URL's host name
  std::optional<std::map<std::string, std::string>> reported_;     // host -> managementServerIp
};

// "vc.example.com" of "https://user@vc.example.com:443/sdk"; "::1" of "https://[::1]/sdk".
std::string HostOfUrl(const std::string& url);

}  // namespace vcshift::vsphere
