#include "providers/vsphere/esxi_logins.h"

#include "engine/secrets.h"

namespace vcshift::vsphere {

const EsxiHostSettings* EsxiLogins::HostSettings(const std::string& host) const {
  for (const auto& settings : settings_.hosts) {
    if (settings.name == host) return &settings;
  }
  return nullptr;
}

Result<EsxiLogin> EsxiLogins::For(const std::string& host) const {
  const EsxiHostSettings* own = HostSettings(host);
  EsxiLogin login;
  login.user = own && !own->user.empty() ? own->user : settings_.user;
  const SecretRef& ref = own && own->password.IsSet() ? own->password : settings_.password;
  std::string error;
  auto password = ResolveSecret(ref, error);
  if (!password) return Fault{"MissingCredentials", "the ESXi password for " + host + ": " + error, host, "", ""};
  login.password = std::move(*password);
  return login;
}

std::optional<std::string> EsxiLogins::TrustedOnFirstUse(const Fault& refusal, const std::string& expected) const {
  if (refusal.type != "SSLVerifyFault" || !expected.empty() || !settings_.trust_on_first_use ||
      refusal.presented_thumbprint.empty()) {
    return std::nullopt;
  }
  return refusal.presented_thumbprint;
}

}  // namespace vcshift::vsphere
