#include "providers/vsphere/thumbprint.h"

#include <gtest/gtest.h>

namespace vcshift::vsphere {
namespace {

// FIPS 180 test vectors: the digests of "abc".
constexpr const char* kSha1Abc = "A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D";
constexpr const char* kSha256Abc =
    "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD";

TEST(Thumbprint, OfCertificateBytes) {
  EXPECT_EQ(ThumbprintOf("abc", Digest::Sha1), kSha1Abc);
  EXPECT_EQ(ThumbprintOf("abc", Digest::Sha256), kSha256Abc);
}

TEST(Thumbprint, NormalizesTheFormsPeopleCopy) {
  EXPECT_EQ(NormalizeThumbprint("a9993e364706816aba3e25717850c26c9cd0d89d").value_or(""), kSha1Abc);
  EXPECT_EQ(NormalizeThumbprint("A9-99-3E-36-47-06-81-6A-BA-3E-25-71-78-50-C2-6C-9C-D0-D8-9D").value_or(""), kSha1Abc);
  EXPECT_FALSE(NormalizeThumbprint("A9:99:3E"));
  EXPECT_FALSE(NormalizeThumbprint("zz:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D"));
}

TEST(Thumbprint, PinsOfEitherLength) {
  EXPECT_TRUE(MatchesPin("abc", kSha1Abc));
  EXPECT_TRUE(MatchesPin("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  EXPECT_FALSE(MatchesPin("abd", kSha1Abc));
  EXPECT_FALSE(MatchesPin("abc", "not a thumbprint"));
}

}  // namespace
}  // namespace vcshift::vsphere
