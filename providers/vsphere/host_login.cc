#include "providers/vsphere/host_login.h"

#include "providers/vsphere/session.h"
#include "providers/vsphere/vim25_values.h"

namespace vcshift::vsphere {

Result<HostConnectInfo> QueryConnectionInfo(Session& session, const MoRef& datacenter, const std::string& host,
                                            const EsxiLogin& login, const std::string& thumbprint) {
  HostConnectInfo info;
  const Status asked = session.Invoke("QueryConnectionInfo", Effect::ReadOnly, host, [&](Channel& channel) {
    _vim25__QueryConnectionInfo request;
    request._USCOREthis = NewMor(channel.soap(), datacenter);
    request.hostname = host;
    request.port = 443;
    request.username = login.user;
    request.password = login.password;
    std::string expected = thumbprint;
    if (!expected.empty()) request.sslThumbprint = &expected;
    _vim25__QueryConnectionInfoResponse response;
    const int rc = soap_call___vim25__QueryConnectionInfo(channel.soap(), channel.endpoint(), channel.action(),
                                                          &request, response);
    if (response.returnval && response.returnval->serverIp) info.server_ip = *response.returnval->serverIp;
    return rc;
  });
  if (!asked) return asked.fault();
  return info;
}

}  // namespace vcshift::vsphere
