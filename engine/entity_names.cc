#include "engine/entity_names.h"

#include <cctype>
#include <cstdio>

namespace vcshift {
namespace {

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// Whether an escape sequence, '%' and two hex digits, starts at `text[i]`.
bool EscapeAt(const std::string& text, size_t i) {
  return text[i] == '%' && i + 2 < text.size() && IsHex(text[i + 1]) && IsHex(text[i + 2]);
}

// The length of the control character at `text[i]`, 0 when there is none: C0 and DEL,
// and the C1 controls U+0080..U+009F in UTF-8.
size_t ControlAt(const std::string& text, size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x20 || c == 0x7f) return 1;
  if (c == 0xc2 && i + 1 < text.size()) {
    const auto next = static_cast<unsigned char>(text[i + 1]);
    if (next >= 0x80 && next <= 0x9f) return 2;
  }
  return 0;
}

// `name` with '/', '\' and lone '%' escaped as vCenter escapes them.
std::string Escaped(const std::string& name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '/') {
      out += "%2f";
    } else if (c == '\\') {
      out += "%5c";
    } else if (c == '%' && !EscapeAt(name, i)) {
      out += "%25";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string Printable(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const size_t length = ControlAt(text, i);
    if (length == 0) {
      out += text[i];
      continue;
    }
    for (size_t k = 0; k < length; ++k) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(text[i + k]));
      out += hex;
    }
    i += length - 1;
  }
  return out;
}

std::string EntityNameProblem(const std::string& name) {
  const std::string quoted = "'" + Printable(name) + "'";
  for (size_t i = 0; i < name.size(); ++i) {
    if (ControlAt(name, i) != 0) return quoted + " has a control character; a name cannot";
  }
  if (name == "." || name == "..") {
    return quoted + " cannot be a name: in an inventory path it means this folder or the one above";
  }
  const std::string escaped = Escaped(name);
  if (escaped == name) return "";
  const char* what = name.find('/') != std::string::npos    ? "'/', which separates the names of an inventory path"
                     : name.find('\\') != std::string::npos ? "'\\'"
                                                            : "a '%' that starts no escape sequence";
  return quoted + " has " + what + "; vCenter keeps '/' as %2f, '\\' as %5c and '%' as %25 in a name: write '" +
         escaped + "', as vCenter shows it";
}

std::string FolderPathProblem(const std::string& path) {
  for (size_t start = 0; start <= path.size();) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string problem = EntityNameProblem(path.substr(start, end - start));
    if (!problem.empty()) return "folder path '" + Printable(path) + "': " + problem;
    start = end + 1;
  }
  return "";
}

std::string FoldedName(const std::string& name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (EscapeAt(name, i)) {
      c = static_cast<char>(std::stoi(name.substr(i + 1, 2), nullptr, 16));
      i += 2;
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace vcshift
