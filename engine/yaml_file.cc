#include "engine/yaml_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sstream>

#include <yaml-cpp/depthguard.h>

namespace vcshift {
namespace {

Diagnostic FileError(const std::string& file, SourceLocation location, std::string message) {
  return Diagnostic{Severity::Error, file, location, "", std::move(message)};
}

SourceLocation LocationOfOffset(const std::string& text, size_t offset) {
  SourceLocation location{1, 1};
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++location.line;
      location.column = 1;
    } else {
      ++location.column;
    }
  }
  return location;
}

// Offset of the first byte that is not part of well-formed UTF-8, or npos.
size_t FirstInvalidUtf8(const std::string& text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    const size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return i;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return i;
    }
    i += length;
  }
  return std::string::npos;
}

bool OnlyCommentsOrBlank(const std::string& text) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    const size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string::npos && line[first] != '#') return false;
  }
  return true;
}

bool IsDocumentMarker(const std::string& line, const char* marker) {
  return line.rfind(marker, 0) == 0 && (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
}

// Where a second YAML document starts, or line 0 when there is one document. Document
// markers ('---' starts one, '...' ends one) at column 1 always delimit documents in
// YAML 1.2, even inside what would otherwise be a block or quoted scalar, so reading
// lines is exact.
SourceLocation SecondDocument(const std::string& text) {
  std::istringstream lines(text);
  std::string line;
  bool content = false;  // the current document has content
  bool ended = false;    // '...' closed it
  for (int number = 1; std::getline(lines, line); ++number) {
    if (IsDocumentMarker(line, "---")) {
      if (content || ended) return {number, 1};
      content = line.find_first_not_of(" \t\r", 3) != std::string::npos && line[line.find_first_not_of(" \t\r", 3)] != '#';
      continue;
    }
    if (IsDocumentMarker(line, "...")) {
      ended = content;
      continue;
    }
    const size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    if (ended) return {number, static_cast<int>(first) + 1};
    content = true;
  }
  return {};
}

}  // namespace

SourceLocation LocationOf(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {};
  return {mark.line + 1, mark.column + 1};
}

std::optional<YAML::Node> ParseYaml(const std::string& text, const std::string& file,
                                    Diagnostics& diagnostics) {
  if (OnlyCommentsOrBlank(text)) {
    diagnostics.push_back(FileError(file, {}, "the file is empty; a desired state starts with 'version: 1'"));
    return std::nullopt;
  }
  if (const size_t nul = text.find('\0'); nul != std::string::npos) {
    diagnostics.push_back(FileError(file, LocationOfOffset(text, nul),
                                    "this is a binary file, not YAML (a NUL byte at offset " +
                                        std::to_string(nul) + ")"));
    return std::nullopt;
  }
  if (const size_t bad = FirstInvalidUtf8(text); bad != std::string::npos) {
    diagnostics.push_back(FileError(file, LocationOfOffset(text, bad),
                                    "the file is not UTF-8 text (invalid byte at offset " +
                                        std::to_string(bad) + ")"));
    return std::nullopt;
  }
  if (const SourceLocation second = SecondDocument(text); second.line > 0) {
    diagnostics.push_back(FileError(file, second, "the file holds several YAML documents; a desired state is one"));
    return std::nullopt;
  }
  try {
    // YAML::Load, not LoadAll: yaml-cpp 0.7's LoadAll loops forever, allocating, on a
    // stray ',' at document level (found by the fuzzer).
    return YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {
    diagnostics.push_back(FileError(file, {e.mark.line + 1, e.mark.column + 1},
                                    "the YAML is nested too deeply to be a desired state"));
  } catch (const YAML::Exception& e) {
    const SourceLocation location =
        e.mark.is_null() ? SourceLocation{} : SourceLocation{e.mark.line + 1, e.mark.column + 1};
    diagnostics.push_back(FileError(file, location, "not valid YAML: " + e.msg));
  }
  return std::nullopt;
}

namespace {

// What a file that is not a regular one is, for a message.
std::string KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe), not a regular file";
  if (S_ISSOCK(mode)) return "a socket, not a regular file";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device, not a regular file";
  return "not a regular file";
}

// Closes a file descriptor when it goes out of scope.
struct FileDescriptor {
  int fd;
  ~FileDescriptor() {
    if (fd >= 0) close(fd);
  }
};

}  // namespace

std::optional<std::string> ReadTextFile(const std::string& path, size_t max_bytes, const std::string& what,
                                        Diagnostics& diagnostics) {
  // Opened without blocking, then asked what it is: opening a FIFO for reading would
  // wait for a writer forever, and a stat before the open could be raced.
  const FileDescriptor file{open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
  const int fd = file.fd;
  if (fd < 0) {
    diagnostics.push_back(FileError(path, {}, std::string("cannot read the file: ") + std::strerror(errno)));
    return std::nullopt;
  }
  struct stat info {};
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    diagnostics.push_back(FileError(path, {}, "this is " + KindOf(info.st_mode) + "; name " + what));
    return std::nullopt;
  }
  const auto size = static_cast<size_t>(info.st_size);
  if (size > max_bytes) {
    std::ostringstream message;
    message.precision(1);
    message << std::fixed << "the file is " << static_cast<double>(size) / (1024 * 1024) << " MiB; " << what
            << " is at most " << max_bytes / (1024 * 1024) << " MiB (is this the right file?)";
    diagnostics.push_back(FileError(path, {}, message.str()));
    return std::nullopt;
  }
  std::string text(size, '\0');
  size_t done = 0;
  while (done < size) {
    const ssize_t got = read(fd, text.data() + done, size - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      diagnostics.push_back(FileError(path, {}, std::string("cannot read the file: ") + std::strerror(errno)));
      return std::nullopt;
    }
    if (got == 0) break;  // shortened while read: what is there
    done += static_cast<size_t>(got);
  }
  text.resize(done);
  return text;
}

std::optional<YAML::Node> LoadYamlFile(const std::string& path, Diagnostics& diagnostics) {
  const auto text = ReadTextFile(path, kMaxYamlFileBytes, "a desired-state YAML file", diagnostics);
  if (!text) return std::nullopt;
  return ParseYaml(*text, path, diagnostics);
}

}  // namespace vcshift
