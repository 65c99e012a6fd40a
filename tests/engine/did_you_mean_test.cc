#include "engine/did_you_mean.h"

#include <gtest/gtest.h>

namespace vcshift {
namespace {

TEST(DidYouMean, SuggestsTheClosestPlausibleWord) {
  const std::vector<std::string> keys = {"hosts", "groups", "rules", "ha", "drs"};
  EXPECT_EQ(ClosestMatch("hots", keys), "hosts");
  EXPECT_EQ(ClosestMatch("rulez", keys), "rules");
  EXPECT_EQ(ClosestMatch("DRS", keys), "drs");
  EXPECT_EQ(DidYouMean("grups", keys), "; did you mean 'groups'?");
  EXPECT_EQ(ClosestMatch("wbe", {"web", "db"}), "web");  // a swapped pair is one edit
}

TEST(DidYouMean, StaysQuietWhenNothingIsClose) {
  const std::vector<std::string> keys = {"hosts", "groups"};
  EXPECT_EQ(ClosestMatch("datacenter", keys), "");
  EXPECT_EQ(DidYouMean("x", {}), "");
}

}  // namespace
}  // namespace vcshift
