#include "providers/vsphere/host_search.h"

#include <arpa/inet.h>

#include "providers/vsphere/session.h"
#include "providers/vsphere/vim25_values.h"
#include "soapH.h"

namespace vcshift::vsphere {
namespace {

bool IsIpAddress(const std::string& name) {
  unsigned char address[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, name.c_str(), address) == 1 || inet_pton(AF_INET6, name.c_str(), address) == 1;
}

// One SearchIndex method of the FindByDnsName / FindByIp shape, for hosts (vmSearch false).
template <typename Request, typename Response, typename Call>
Result<MoRef> Find(Session& session, const char* method, const std::string& name, std::string Request::*field,
                   Call call) {
  MoRef found;
  const Status status = session.Invoke(method, Effect::ReadOnly, name, [&](Channel& channel) {
    Request request;
    request._USCOREthis = NewMor(channel.soap(), session.content().search_index);
    request.*field = name;
    request.vmSearch = false;
    Response response;
    const int rc = call(channel.soap(), channel.endpoint(), channel.action(), &request, response);
    found = ToMoRef(response.returnval);
    return rc;
  });
  if (!status) return status.fault();
  return found;
}

}  // namespace

Result<MoRef> FindHostByName(Session& session, const std::string& name) {
  auto found = Find<_vim25__FindByDnsName, _vim25__FindByDnsNameResponse>(
      session, "FindByDnsName", name, &_vim25__FindByDnsName::dnsName, soap_call___vim25__FindByDnsName);
  if (!found || !found->empty() || !IsIpAddress(name)) return found;
  return Find<_vim25__FindByIp, _vim25__FindByIpResponse>(session, "FindByIp", name, &_vim25__FindByIp::ip,
                                                          soap_call___vim25__FindByIp);
}

}  // namespace vcshift::vsphere
