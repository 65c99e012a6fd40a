// Telling the source vCenter by the address its hosts report (HostConnectInfo.serverIp):
// the URL's host name, what it resolves to, or what the vCenter itself gives its hosts.

#include "providers/vsphere/vcenter_address.h"

#include <gtest/gtest.h>

#include "providers/vsphere/session.h"
#include "tests/support/simulator.h"

namespace vcshift::vsphere {
namespace {

TEST(HostOfUrl, IsTheNameOrAddressAlone) {
  EXPECT_EQ(HostOfUrl("https://vc.example.com/sdk"), "vc.example.com");
  EXPECT_EQ(HostOfUrl("https://user@vc.example.com:8443/sdk"), "vc.example.com");
  EXPECT_EQ(HostOfUrl("https://[::1]:443/sdk"), "::1");
  EXPECT_EQ(HostOfUrl("http://10.0.0.5"), "10.0.0.5");
}

// Reached by the name "localhost": its hosts report 127.0.0.1, what the name resolves
// to; any other address is another vCenter's, after asking this one what it gives its
// hosts (summary.managementServerIp, 127.0.0.1 too).
TEST(VCenterAddress, IsKnownByWhatItsNameResolvesToAndWhatItGivesItsHosts) {
  testing::Simulator sim;
  VCSHIFT_REQUIRE_SIMULATOR(sim);
  const testing::SimulatedVCenter& vc = sim.vcenter("source");
  ConnectOptions options;
  options.url = "https://localhost:" + vc.url.substr(vc.url.rfind(':') + 1);
  options.user = vc.user;
  options.password = vc.password;
  options.tls.thumbprint = vc.thumbprint;
  auto session = Session::Open(options);
  ASSERT_TRUE(session) << Describe(session.fault());
  VCenterAddress address(**session);
  const Result<bool> own = address.Matches("127.0.0.1", "esx-01.sim.local");
  ASSERT_TRUE(own) << Describe(own.fault());
  EXPECT_TRUE(*own);
  const Result<bool> other = address.Matches("127.0.0.2", "esx-01.sim.local");
  ASSERT_TRUE(other) << Describe(other.fault());
  EXPECT_FALSE(*other);
}

}  // namespace
}  // namespace vcshift::vsphere
