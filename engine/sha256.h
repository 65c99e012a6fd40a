#pragma once
// SHA-256 of bytes, and HMAC-SHA256 with a key, as lowercase hex.

#include <string>
#include <string_view>

namespace vcshift {

std::string Sha256Hex(std::string_view data);

// RFC 2104 HMAC with SHA-256 of `data` under `key`.
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// Whether `a` and `b` are equal, in a time that does not tell how much of them is (for
// comparing a signature someone sent with the one it should be).
bool EqualInConstantTime(std::string_view a, std::string_view b);

}  // namespace vcshift
