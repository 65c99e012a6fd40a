#include "providers/vsphere/thumbprint.h"

#include <openssl/evp.h>

#include <cctype>

namespace vcshift::vsphere {

std::optional<std::string> NormalizeThumbprint(std::string_view text) {
  std::string hex;
  for (const char c : text) {
    if (std::isxdigit(static_cast<unsigned char>(c))) {
      hex += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (c != ':' && c != '-' && c != ' ') {
      return std::nullopt;
    }
  }
  if (hex.size() != 40 && hex.size() != 64) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) out += (i ? ":" : "") + hex.substr(i, 2);
  return out;
}

std::string ThumbprintOf(std::string_view der, Digest digest) {
  unsigned char bytes[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(der.data(), der.size(), bytes, &length, digest == Digest::Sha1 ? EVP_sha1() : EVP_sha256(), nullptr);
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    if (i) out += ':';
    out += hex[bytes[i] >> 4];
    out += hex[bytes[i] & 0xf];
  }
  return out;
}

bool MatchesPin(std::string_view der, std::string_view pinned) {
  const auto pin = NormalizeThumbprint(pinned);
  if (!pin) return false;
  return *pin == ThumbprintOf(der, pin->size() == 59 ? Digest::Sha1 : Digest::Sha256);
}

}  // namespace vcshift::vsphere
