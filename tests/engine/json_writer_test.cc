#include "engine/json_writer.h"

#include <cstdio>
#include <string>

#include <gtest/gtest.h>

namespace vcshift {
namespace {

TEST(JsonWriter, NestsAndSeparates) {
  JsonWriter json;
  json.BeginObject().Key("a").Int(1).Key("b").BeginArray().String("x").Bool(false).BeginObject().EndObject().EndArray();
  json.Key("c").BeginArray().EndArray().EndObject();
  EXPECT_EQ(json.str(), R"({"a":1,"b":["x",false,{}],"c":[]})");
}

TEST(JsonWriter, EscapesStrings) {
  EXPECT_EQ(JsonQuote("a\"b\\c\nd\te\x01"), R"("a\"b\\c\nd\te\u0001")");
  EXPECT_EQ(JsonQuote("café"), "\"café\"");
}

// The writer looks at eight bytes at a time: each byte is escaped wherever it falls in
// a string of any length, as one byte at a time would.
TEST(JsonWriter, EscapesEveryByteWhereverItFalls) {
  const auto one_at_a_time = [](const std::string& value) {
    std::string out = "\"";
    for (const unsigned char c : value) {
      if (c == '"' || c == '\\') {
        out += std::string("\\") + static_cast<char>(c);
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c == '\t') {
        out += "\\t";
      } else if (c < 0x20) {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
        out += buffer;
      } else {
        out += static_cast<char>(c);
      }
    }
    return out + "\"";
  };
  for (size_t length = 1; length <= 19; ++length) {
    for (size_t at = 0; at < length; ++at) {
      for (int byte = 1; byte < 256; ++byte) {
        std::string value(length, 'x');
        value[at] = static_cast<char>(byte);
        ASSERT_EQ(JsonQuote(value), one_at_a_time(value)) << "byte " << byte << " at " << at << " of " << length;
      }
    }
  }
  EXPECT_EQ(JsonQuote(std::string("a\0b", 3)), R"("a\u0000b")");
  EXPECT_EQ(JsonQuote(""), "\"\"");
}

}  // namespace
}  // namespace vcshift
