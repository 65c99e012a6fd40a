#include "providers/vsphere/tls.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <filesystem>

#include "providers/vsphere/thumbprint.h"
#include "stdsoap2.h"

namespace vcshift::vsphere {
namespace {

// The slot in each SSL_CTX where its PeerCertificate lives: OpenSSL's verify callback
// gets no user pointer, but it can reach the SSL_CTX of the handshake.
int ContextSlot() {
  static const int slot = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return slot;
}

std::string Der(X509* certificate) {
  unsigned char* bytes = nullptr;
  const int length = i2d_X509(certificate, &bytes);
  if (length <= 0) return "";
  std::string der(reinterpret_cast<const char*>(bytes), static_cast<size_t>(length));
  OPENSSL_free(bytes);
  return der;
}

// Called by OpenSSL for every certificate of the chain and every problem found. The leaf
// is recorded on each call; with a pin, the leaf's thumbprint alone decides.
int Verify(int ok, X509_STORE_CTX* store) {
  auto* ssl = static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  auto* seen = ssl ? static_cast<PeerCertificate*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ContextSlot())) : nullptr;
  X509* leaf = X509_STORE_CTX_get0_cert(store);
  if (!seen || !leaf) return ok;
  const std::string der = Der(leaf);
  seen->sha256 = ThumbprintOf(der, Digest::Sha256);
  seen->sha1 = ThumbprintOf(der, Digest::Sha1);
  if (seen->accept_any) return 1;
  if (!seen->pin.empty()) {
    if (!MatchesPin(der, seen->pin)) {
      seen->problem = "its thumbprint does not match the pinned " + seen->pin;
      return 0;
    }
    // gSOAP reads SSL_get_verify_result() after the handshake: clear what the chain
    // check found, the pin has settled it.
    X509_STORE_CTX_set_error(store, X509_V_OK);
    return 1;
  }
  if (!ok && seen->problem.empty()) {
    seen->problem = X509_verify_cert_error_string(X509_STORE_CTX_get_error(store));
  }
  return ok;
}

void WarnInsecureOnce() {
  static std::atomic<bool> warned{false};
  if (!warned.exchange(true)) {
    spdlog::warn("TLS certificate checking is off (insecure): any server can pose as the vCenter");
  }
}

}  // namespace

std::optional<Fault> ConfigureTls(struct soap* soap, const TlsOptions& options, PeerCertificate* seen) {
  unsigned short flags = SOAP_SSL_DEFAULT | SOAP_TLSv1_2 | SOAP_TLSv1_3;
  if (!options.thumbprint.empty()) {
    const auto pin = NormalizeThumbprint(options.thumbprint);
    if (!pin) {
      return Fault{"InvalidThumbprint", "the pinned thumbprint is not 20 or 32 hex bytes: " + options.thumbprint,
                   "", "", ""};
    }
    seen->pin = *pin;
    flags |= SOAP_SSL_SKIP_HOST_CHECK;  // the pin names the certificate; its names do not matter
  }
  if (options.insecure) {
    WarnInsecureOnce();
    seen->accept_any = true;
    flags = SOAP_SSL_NO_AUTHENTICATION | SOAP_TLSv1_2 | SOAP_TLSv1_3;
  }
  // A pin or `insecure` decides without the system's CA store: loading it costs each
  // connection nearly 1 MB and tens of milliseconds of CPU (docs/performance.md, the
  // executor benchmark), for nothing.
  if (!seen->pin.empty() || options.insecure) flags |= SOAP_SSL_NO_DEFAULT_CA_PATH;
  if (!options.ca_file.empty() && !std::filesystem::is_regular_file(options.ca_file)) {
    return Fault{"InvalidCaFile", "the CA bundle " + options.ca_file + " is not a readable file", "", "", ""};
  }
  soap->fsslverify = Verify;
  if (soap_ssl_client_context(soap, flags, nullptr, nullptr, options.ca_file.empty() ? nullptr : options.ca_file.c_str(),
                              nullptr, nullptr) != SOAP_OK ||
      !soap->ctx) {
    return Fault{"TlsSetupFailed", "could not set up TLS (is " + options.ca_file + " a PEM bundle?)", "", "", ""};
  }
  SSL_CTX_set_ex_data(soap->ctx, ContextSlot(), seen);
  return std::nullopt;
}

std::optional<Fault> CertificateFault(const PeerCertificate& seen, const std::string& url) {
  if (seen.problem.empty()) return std::nullopt;
  return Fault{"CertificateUntrusted",
               "the certificate of " + url + " is not trusted: " + seen.problem + " (SHA-1 " + seen.sha1 + ")", "", "",
               seen.sha256};
}

}  // namespace vcshift::vsphere
