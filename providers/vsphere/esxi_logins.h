#pragma once
// The ESXi root logins vCenter needs to add or reconnect a host, from the desired state's
// `esxi` settings: a per-host user and password where given, else the defaults. Passwords
// are resolved (ResolveSecret) only when a host operation needs one, so a plan without
// host moves needs none; they are never logged and never put in a message.

#include <optional>
#include <string>

#include "engine/desired_state.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

struct EsxiLogin {
  std::string user;
  std::string password;
};

class EsxiLogins {
 public:
  explicit EsxiLogins(EsxiSettings settings) : settings_(std::move(settings)) {}

  // The login for `host`; a Fault "MissingCredentials" saying which reference is unset.
  Result<EsxiLogin> For(const std::string& host) const;

  // Whether a host whose certificate is not known in advance may be trusted as presented.
  bool trust_on_first_use() const { return settings_.trust_on_first_use; }

  // The thumbprint to send again after `refusal` (AddHost's or QueryConnectionInfo's)
  // when `expected` was: the one the host presented, when nobody recorded one and trust
  // on first use is allowed. Nothing otherwise: an expected thumbprint is never overridden.
  std::optional<std::string> TrustedOnFirstUse(const Fault& refusal, const std::string& expected) const;

 private:
  const EsxiHostSettings* HostSettings(const std::string& host) const;
  EsxiSettings settings_;
};

}  // namespace vcshift::vsphere
