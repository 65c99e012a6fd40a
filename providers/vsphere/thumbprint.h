#pragma once
// Certificate thumbprints as vSphere shows them: colon-separated upper-case hex of the
// SHA-1 (vCenter's usual form) or SHA-256 digest of the certificate's DER encoding.

#include <optional>
#include <string>
#include <string_view>

namespace vcshift::vsphere {

// "5e9a3c…" / "5E-9A-…" / "5E:9A:…" -> "5E:9A:…"; nothing when it is not 20 or 32 bytes.
std::optional<std::string> NormalizeThumbprint(std::string_view text);

enum class Digest { Sha1, Sha256 };

// The thumbprint of a DER-encoded certificate.
std::string ThumbprintOf(std::string_view der, Digest digest);

// Whether a certificate matches a pinned thumbprint of either length.
bool MatchesPin(std::string_view der, std::string_view pinned);

}  // namespace vcshift::vsphere
