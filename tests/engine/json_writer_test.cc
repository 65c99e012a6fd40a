#include "engine/json_writer.h"

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

}  // namespace
}  // namespace vcshift
