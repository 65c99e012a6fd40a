#include "cli/signing_key.h"

#include <cstdlib>
#include <iostream>

#include "cli/print_diagnostics.h"
#include "engine/yaml_file.h"

namespace vcshift::cli {
namespace {

// RFC 2104 asks for a key of at least the hash's length (32 bytes for SHA-256) when it is
// random; fewer than 16 bytes is no secret worth the name.
constexpr size_t kMinimumKeyBytes = 16;
constexpr size_t kMaximumKeyFileBytes = 1024 * 1024;

}  // namespace

void AddSigningKeyOption(CLI::App& command, std::string& file) {
  command.add_option("--signing-key-file", file,
                     std::string("Sign saved plans with, and require their signature by, the key in this file "
                                 "(default: the environment variable ") +
                         kSigningKeyVariable + ", if set)");
}

bool LoadSigningKey(const std::string& file, std::optional<std::string>& key) {
  std::string origin = file;
  if (!file.empty()) {
    Diagnostics diagnostics;
    key = ReadTextFile(file, kMaximumKeyFileBytes, "a signing key file", diagnostics);
    PrintDiagnostics(diagnostics);
    if (!key) return false;
    while (!key->empty() && (key->back() == '\n' || key->back() == '\r')) key->pop_back();  // as `echo` writes it
  } else if (const char* value = std::getenv(kSigningKeyVariable)) {
    origin = std::string("the environment variable ") + kSigningKeyVariable;
    key = value;
  } else {
    key.reset();
    return true;
  }
  if (key->size() >= kMinimumKeyBytes) return true;
  std::cerr << origin << ": error: a signing key is at least " << kMinimumKeyBytes << " bytes; this one is "
            << key->size() << " (make one with: openssl rand -hex 32)\n";
  key.reset();
  return false;
}

}  // namespace vcshift::cli
