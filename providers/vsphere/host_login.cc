#include "providers/vsphere/host_login.h"

#include "providers/vsphere/session.h"
#include "providers/vsphere/thumbprint.h"
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

std::optional<ArrivalRefusal> CheckArrival(Session& target, const MoRef& datacenter, const std::string& host,
                                           const EsxiLogins& logins, const std::string& thumbprint,
                                           VCenterAddress& source) {
  const std::string would_not = "host '" + host + "' would not be added to the target: ";
  const Result<EsxiLogin> login = logins.For(host);
  if (!login) return ArrivalRefusal{"", login.fault(), would_not + Describe(login.fault())};
  // vCenter compares thumbprints as it writes them, as AddHost sends it (ops/host_move.cc).
  const std::string expected = NormalizeThumbprint(thumbprint).value_or(thumbprint);
  auto info = QueryConnectionInfo(target, datacenter, host, *login, expected);
  const auto presented = info ? std::nullopt : logins.TrustedOnFirstUse(info.fault(), expected);
  if (presented) info = QueryConnectionInfo(target, datacenter, host, *login, *presented);
  if (!info) return ArrivalRefusal{target.url(), info.fault(), would_not + Describe(info.fault())};
  if (info->server_ip.empty()) return std::nullopt;
  const std::string managed = "host '" + host + "' is managed by the vCenter at " + info->server_ip;
  const Result<bool> by_source = source.Matches(info->server_ip, host);
  if (!by_source) {
    return ArrivalRefusal{source.url(), by_source.fault(),
                          managed + ", and the source could not be asked whether that is itself: " +
                              Describe(by_source.fault())};
  }
  if (*by_source) return std::nullopt;
  const std::string message = managed + ", not by the source (" + source.url() +
                              "); adding it to the target would take it from that vCenter: remove it there first";
  return ArrivalRefusal{target.url(), Fault{"AlreadyBeingManaged", message, host, "QueryConnectionInfo", ""}, message};
}

}  // namespace vcshift::vsphere
