#pragma once
// SHA-256 of bytes, as lowercase hex.

#include <string>
#include <string_view>

namespace vcshift {

std::string Sha256Hex(std::string_view data);

}  // namespace vcshift
