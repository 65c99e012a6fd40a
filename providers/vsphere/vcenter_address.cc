#include "providers/vsphere/vcenter_address.h"

#include <netdb.h>
#include <sys/socket.h>

#include "providers/vsphere/ops/values.h"
#include "providers/vsphere/properties.h"
#include "providers/vsphere/session.h"

namespace vcshift::vsphere {
namespace {

// The name itself and every address it resolves to, numerically.
std::set<std::string> AddressesOf(const std::string& name) {
  std::set<std::string> addresses = {name};
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(name.c_str(), nullptr, &hints, &found) != 0) return addresses;
  for (const addrinfo* a = found; a; a = a->ai_next) {
    char text[NI_MAXHOST];
    if (getnameinfo(a->ai_addr, a->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) == 0) {
      addresses.insert(text);
    }
  }
  freeaddrinfo(found);
  return addresses;
}

// Each host's summary.managementServerIp, by host name, in one paged read.
Result<std::map<std::string, std::string>> ReportedAddresses(Session& vcenter) {
  std::map<std::string, std::string> names, addresses;
  const Status read = RetrieveAll(vcenter, vcenter.content().root_folder, "HostSystem",
                                  {"name", "summary.managementServerIp"},
                                  [&](const MoRef& host, const std::string& path, const xsd__anyType* value) {
                                    (path == "name" ? names : addresses)[host.value] = TextOf(value);
                                  });
  if (!read) return read.fault();
  std::map<std::string, std::string> by_name;
  for (const auto& [ref, name] : names) by_name[name] = addresses[ref];
  return by_name;
}

}  // namespace

std::string HostOfUrl(const std::string& url) {
  const size_t scheme = url.find("://");
  const size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  std::string authority = url.substr(start, url.find_first_of("/?#", start) - start);
  authority.erase(0, authority.rfind('@') + 1);  // npos + 1 == 0: nothing to erase
  if (authority.starts_with("[")) return authority.substr(1, authority.find(']') - 1);
  return authority.substr(0, authority.find(':'));
}

const std::string& VCenterAddress::url() const { return vcenter_.url(); }

Result<bool> VCenterAddress::Matches(const std::string& server_ip, const std::string& host) {
  if (addresses_.empty()) addresses_ = AddressesOf(HostOfUrl(vcenter_.url()));
  if (addresses_.contains(server_ip)) return true;
  if (!reported_) {
    auto reported = ReportedAddresses(vcenter_);
    if (!reported) return reported.fault();
    reported_ = std::move(*reported);
  }
  const auto it = reported_->find(host);
  return it != reported_->end() && it->second == server_ip;
}

}  // namespace vcshift::vsphere
