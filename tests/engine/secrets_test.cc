#include "engine/secrets.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace vcshift {
namespace {

class SecretsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(file_) << "vc-old: \"s3cret: with colon\"\nvc-new: other\n";
    chmod(file_.c_str(), 0600);
  }
  testing::TempDir dir_{"vcshift-secrets"};
  std::string file_ = dir_ / "credentials.yaml";
};

TEST_F(SecretsTest, FromTheEnvironment) {
  setenv("VCSHIFT_TEST_SECRET", "pa55 word", 1);
  std::string error;
  EXPECT_EQ(ResolveSecret({"VCSHIFT_TEST_SECRET", "", ""}, error).value_or(""), "pa55 word");
  unsetenv("VCSHIFT_TEST_SECRET");
  EXPECT_FALSE(ResolveSecret({"VCSHIFT_TEST_SECRET", "", ""}, error));
  EXPECT_EQ(error, "environment variable VCSHIFT_TEST_SECRET is not set");
}

TEST_F(SecretsTest, FromACredentialsFile) {
  std::string error;
  EXPECT_EQ(ResolveSecret({"", file_, "vc-old"}, error).value_or(""), "s3cret: with colon");
  EXPECT_FALSE(ResolveSecret({"", file_, "vc-gone"}, error));
  EXPECT_EQ(error, "credentials file " + file_ + " has no key 'vc-gone'");
}

TEST_F(SecretsTest, AFileOthersMayReadIsRefusedWithoutShowingTheSecret) {
  chmod(file_.c_str(), 0644);
  std::string error;
  EXPECT_FALSE(ResolveSecret({"", file_, "vc-old"}, error));
  EXPECT_EQ(error, "credentials file " + file_ + " may be read by others; run chmod 600 " + file_);
  EXPECT_EQ(error.find("s3cret"), std::string::npos);
}

TEST_F(SecretsTest, MissingFileAndHomeExpansion) {
  std::string error;
  EXPECT_FALSE(ResolveSecret({"", dir_ / "nope.yaml", "k"}, error));
  EXPECT_EQ(error, "credentials file " + dir_ / "nope.yaml" + " cannot be read");
  const std::string home = std::getenv("HOME") ? std::getenv("HOME") : "";
  setenv("HOME", dir_.path().c_str(), 1);
  EXPECT_EQ(ResolveSecret({"", "~/credentials.yaml", "vc-new"}, error).value_or(""), "other");
  setenv("HOME", home.c_str(), 1);
}

}  // namespace
}  // namespace vcshift
