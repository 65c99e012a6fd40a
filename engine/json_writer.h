#pragma once
// A minimal streaming JSON writer: enough for machine-readable output without a JSON
// library. Commas and nesting are tracked here so callers cannot produce invalid JSON.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vcshift {

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(long long value);
  JsonWriter& Bool(bool value);
  // A value that is already JSON (from another writer), inserted as it is.
  JsonWriter& Raw(std::string_view json);
  // Room for `bytes` of output, allocated at once.
  void Reserve(size_t bytes) { out_.reserve(bytes); }

  const std::string& str() const& { return out_; }
  // The text, taken without a copy (a plan's JSON is tens of megabytes).
  std::string str() && { return std::move(out_); }

 private:
  void BeforeValue();

  std::string out_;
  std::vector<bool> first_in_scope_;
  bool after_key_ = false;
};

// `value` as a JSON string literal, quotes included.
std::string JsonQuote(std::string_view value);

}  // namespace vcshift
