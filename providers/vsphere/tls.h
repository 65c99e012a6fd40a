#pragma once
// Certificate checking for one gSOAP connection: the system store (plus a CA bundle),
// or a pinned thumbprint, or nothing at all when the user said so. Whatever happens, the
// handshake records the certificate it was shown, so that a refusal can say which
// thumbprint to pin.

#include <optional>
#include <string>

#include "providers/vsphere/fault.h"
#include "providers/vsphere/options.h"

struct soap;

namespace vcshift::vsphere {

// What the last handshake on a connection saw. Cleared before each connection attempt.
struct PeerCertificate {
  std::string sha256;        // thumbprint of the leaf certificate, "" when none was seen
  std::string sha1;
  std::string problem;       // why it was refused: OpenSSL's reason or a pin mismatch
  std::string pin;           // the pin it was held to, normalized; "" without a pin
  bool accept_any = false;   // insecure: nothing is refused

  void Clear() { sha256.clear(), sha1.clear(), problem.clear(); }
};

// Sets up TLS on `soap` (after soap_init). `seen` must outlive the context. A Fault
// when the options cannot work: an unreadable CA bundle, a malformed thumbprint.
std::optional<Fault> ConfigureTls(struct soap* soap, const TlsOptions& options, PeerCertificate* seen);

// The Fault for a refused certificate, or nothing when the handshake refused nothing.
std::optional<Fault> CertificateFault(const PeerCertificate& seen, const std::string& url);

}  // namespace vcshift::vsphere
