#include "engine/json_writer.h"

#include <cstdint>
#include <cstdio>
#include <cstring>

namespace vcshift {
namespace {

bool Plain(unsigned char c) { return c >= 0x20 && c != '"' && c != '\\'; }

// Whether any of the eight bytes of `word` is not Plain: below 0x20, a quote or a
// backslash ("Determine if a word has a byte less than n" and "... equal to n" of Sean
// Anderson's Bit Twiddling Hacks; exact for the word as a whole).
bool AnyEscaped(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  const auto less = [&](uint64_t x, uint64_t n) { return (x - kOnes * n) & ~x & kHighs; };
  return less(word, 0x20) | less(word ^ (kOnes * '"'), 1) | less(word ^ (kOnes * '\\'), 1);
}

void AppendEscaped(std::string& out, unsigned char c) {
  switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default: {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      out += buffer;
    }
  }
}

// Appends `value` as a JSON string literal: runs of plain characters at once, looked
// at eight bytes at a time (a plan's JSON is tens of megabytes).
void AppendQuoted(std::string& out, std::string_view value) {
  out += '"';
  const char* data = value.data();
  const size_t size = value.size();
  size_t start = 0;  // of the run of plain characters not yet appended
  size_t i = 0;
  while (true) {
    uint64_t word = 0;
    while (i + sizeof word <= size) {
      std::memcpy(&word, data + i, sizeof word);
      if (AnyEscaped(word)) break;
      i += sizeof word;
    }
    // Within the eight bytes found above, or the last few.
    while (i < size && Plain(static_cast<unsigned char>(data[i]))) ++i;
    if (i == size) break;
    out.append(data + start, i - start);
    AppendEscaped(out, static_cast<unsigned char>(data[i]));
    start = ++i;
  }
  out.append(data + start, size - start);
  out += '"';
}

}  // namespace

std::string JsonQuote(std::string_view value) {
  std::string out;
  AppendQuoted(out, value);
  return out;
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_in_scope_.empty()) {
    if (!first_in_scope_.back()) out_ += ',';
    first_in_scope_.back() = false;
  }
}

JsonWriter& JsonWriter::BeginObject() {
  BeforeValue();
  out_ += '{';
  first_in_scope_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  out_ += '}';
  first_in_scope_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  BeforeValue();
  out_ += '[';
  first_in_scope_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  out_ += ']';
  first_in_scope_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendQuoted(out_, key);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendQuoted(out_, value);
  return *this;
}

JsonWriter& JsonWriter::Int(long long value) {
  BeforeValue();
  out_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  out_ += json;
  return *this;
}

}  // namespace vcshift
