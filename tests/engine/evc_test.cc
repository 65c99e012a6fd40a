#include "engine/evc.h"

#include <gtest/gtest.h>

namespace vcshift {
namespace {

TEST(Evc, AHostRunsItsBaselineAndOlderOfItsVendor) {
  EXPECT_TRUE(EvcModeSupported("intel-cascadelake", "intel-cascadelake"));
  EXPECT_TRUE(EvcModeSupported("intel-haswell", "intel-cascadelake"));
  EXPECT_FALSE(EvcModeSupported("intel-icelake", "intel-cascadelake"));
  EXPECT_FALSE(EvcModeSupported("amd-zen", "intel-cascadelake"));
  EXPECT_TRUE(EvcModeSupported("amd-zen2", "amd-zen3"));
  EXPECT_FALSE(EvcModeSupported("intel-merom", ""));
  EXPECT_TRUE(EvcModeSupported("disabled", ""));
  EXPECT_TRUE(EvcModeSupported("", "amd-zen"));
}

}  // namespace
}  // namespace vcshift
