#include "providers/vsphere/host_login.h"

#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/session.h"
#include "providers/vsphere/vim25_values.h"

namespace vcshift::vsphere {

Status CheckHostLogin(Session& session, const std::string& datacenter, const std::string& host, const EsxiLogin& login,
                      const std::string& thumbprint) {
  const Result<MoRef> dc = FindByPath(session, datacenter);
  if (!dc) return dc.fault();
  if (dc->empty()) return Fault{"NotFound", "no datacenter '" + datacenter + "' to ask from", datacenter, "", ""};
  return session.Invoke("QueryConnectionInfo", Effect::ReadOnly, host, [&](Channel& channel) {
    _vim25__QueryConnectionInfo request;
    request._USCOREthis = NewMor(channel.soap(), *dc);
    request.hostname = host;
    request.port = 443;
    request.username = login.user;
    request.password = login.password;
    std::string expected = thumbprint;
    if (!expected.empty()) request.sslThumbprint = &expected;
    _vim25__QueryConnectionInfoResponse response;
    return soap_call___vim25__QueryConnectionInfo(channel.soap(), channel.endpoint(), channel.action(), &request,
                                                  response);
  });
}

}  // namespace vcshift::vsphere
