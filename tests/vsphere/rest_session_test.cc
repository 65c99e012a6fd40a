// The vSphere Automation API (REST) client against the simulated vCenters (govmomi's
// vAPI simulator at /rest) and against fake_sdk.py's /api: login with the SOAP
// credentials, both API generations, the SOAP connection's certificate rules, errors as
// values naming the URL and the API's error type, the session id kept out of the log.

#include "providers/vsphere/rest_session.h"
#include "providers/vsphere/tagging_api.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <regex>
#include <sstream>

#include "tests/support/fake_sdk.h"
#include "tests/support/pinned.h"
#include "tests/support/simulator.h"

namespace vcshift::vsphere {
namespace {

using testing::FakeSdk;
using testing::Pinned;
using testing::SimulatedVCenter;
using testing::Simulator;

constexpr const char* kCategories = "/rest/com/vmware/cis/tagging/category";
constexpr const char* kOwner =
    R"({"create_spec": {"name": "Owner", "description": "", "cardinality": "SINGLE", "associable_types": ["HostSystem"]}})";

class RestSessionTest : public ::testing::Test {
 protected:
  Simulator sim_;
};

TEST_F(RestSessionTest, FallsBackToRestAndMakesACategory) {
  auto session = RestSession::Open(Pinned(sim_.vcenter("source")));
  ASSERT_TRUE(session) << Describe(session.fault());
  EXPECT_EQ((*session)->api(), RestApi::Rest);  // the simulator has no /api
  auto made = (*session)->Call("POST", kCategories, kOwner, Effect::Changes, "Owner");
  ASSERT_TRUE(made) << Describe(made.fault());
  ASSERT_TRUE(made->IsScalar());
  auto listed = (*session)->Call("GET", kCategories, "", Effect::ReadOnly);
  ASSERT_TRUE(listed) << Describe(listed.fault());
  ASSERT_TRUE(listed->IsSequence());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].Scalar(), made->Scalar());
}

TEST_F(RestSessionTest, ErrorsNameTheUrlTheRequestAndTheApisErrorType) {
  auto session = RestSession::Open(Pinned(sim_.vcenter("source")));
  ASSERT_TRUE(session) << Describe(session.fault());
  ASSERT_TRUE((*session)->Call("POST", kCategories, kOwner, Effect::Changes, "Owner"));
  auto again = (*session)->Call("POST", kCategories, kOwner, Effect::Changes, "Owner");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.fault().type, "com.vmware.vapi.std.errors.already_exists");
  EXPECT_EQ(again.fault().object, "Owner");
  EXPECT_EQ(again.fault().call, std::string("POST ") + kCategories);
  const std::string url = sim_.vcenter("source").url;
  EXPECT_NE(again.fault().message.find(url.substr(0, url.find("/sdk")) + kCategories), std::string::npos)
      << again.fault().message;
}

TEST_F(RestSessionTest, AWrongPasswordIsTheApisUnauthenticatedError) {
  ConnectOptions options = Pinned(sim_.vcenter("source"));
  options.password = "wrong";
  auto session = RestSession::Open(options);
  ASSERT_FALSE(session);
  EXPECT_EQ(session.fault().type, "com.vmware.vapi.std.errors.unauthenticated");
  EXPECT_EQ(session.fault().message.find("wrong"), std::string::npos);
}

TEST_F(RestSessionTest, TheSoapConnectionsCertificateRulesHold) {
  ConnectOptions verified = Pinned(sim_.vcenter("source"));
  verified.tls.thumbprint.clear();  // the system store does not know the simulator's CA
  auto refused = RestSession::Open(verified);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.fault().type, "CertificateUntrusted");
  EXPECT_FALSE(refused.fault().presented_thumbprint.empty());

  ConnectOptions wrong_pin = Pinned(sim_.vcenter("source"));
  wrong_pin.tls.thumbprint = sim_.vcenter("target").thumbprint;
  auto mismatched = RestSession::Open(wrong_pin);
  ASSERT_FALSE(mismatched);
  EXPECT_EQ(mismatched.fault().type, "CertificateUntrusted");

  ConnectOptions insecure = verified;
  insecure.tls.insecure = true;
  EXPECT_TRUE(RestSession::Open(insecure));
}

// The session id is a secret: no line of the log at any level holds it (the
// simulator's ids are UUIDs, and nothing else logged here is one).
TEST_F(RestSessionTest, TheSessionIdNeverReachesTheLog) {
  std::ostringstream text;
  auto previous = spdlog::default_logger();
  auto logger = std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(text));
  logger->set_level(spdlog::level::trace);
  spdlog::set_default_logger(logger);
  {
    auto session = RestSession::Open(Pinned(sim_.vcenter("source")));
    ASSERT_TRUE(session);
    EXPECT_TRUE((*session)->Call("GET", kCategories, "", Effect::ReadOnly));
  }
  spdlog::set_default_logger(previous);
  EXPECT_NE(text.str().find("REST GET"), std::string::npos) << text.str();
  EXPECT_FALSE(std::regex_search(text.str(), std::regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")))
      << text.str();
}

// A vCenter 7 speaks /api: the client logs in there and names its error types.
TEST(RestSession, AVCenterWithApiIsSpokenToThere) {
  FakeSdk server("api");
  ConnectOptions options = server.Options();
  options.password = "p";
  auto session = RestSession::Open(options);
  ASSERT_TRUE(session) << Describe(session.fault());
  EXPECT_EQ((*session)->api(), RestApi::Api);
  auto listed = (*session)->Call("GET", "/api/cis/tagging/category", "", Effect::ReadOnly);
  ASSERT_TRUE(listed) << Describe(listed.fault());
  ASSERT_TRUE(listed->IsSequence());
  EXPECT_EQ(listed->size(), 1u);
  auto missing = (*session)->Call("GET", "/api/cis/tagging/category/missing", "", Effect::ReadOnly, "missing");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.fault().type, "NOT_FOUND");
  EXPECT_NE(missing.fault().message.find("/api/cis/tagging/category/missing: GET answered HTTP 404 NOT_FOUND"),
            std::string::npos)
      << missing.fault().message;
  EXPECT_TRUE((*session)->Logout());
}

// The fake lists one category and answers NOT_FOUND for it, as a vCenter does when
// another action of the run deletes it between the list and the read: it is gone, not
// a failure (a parallel rollback once failed so, deleting tags beside a listing).
TEST(RestSession, ACategoryGoneBetweenTheListAndItsReadIsNotListed) {
  FakeSdk server("api");
  ConnectOptions options = server.Options();
  options.password = "p";
  auto session = RestSession::Open(options);
  ASSERT_TRUE(session) << Describe(session.fault());
  auto categories = ListCategories(**session);
  ASSERT_TRUE(categories) << Describe(categories.fault());
  EXPECT_TRUE(categories->empty());
}

TEST(RestSession, ParsesBothGenerationsErrors) {
  EXPECT_EQ(ParseRestError(400, R"({"type":"com.vmware.vapi.std.errors.invalid_argument","value":{"messages":[{"default_message":"bad"}]}})")
                .message,
            "bad");
  EXPECT_EQ(ParseRestError(404, R"({"error_type":"NOT_FOUND","messages":[]})").type, "NOT_FOUND");
  EXPECT_EQ(ParseRestError(502, "<html>gateway</html>").type, "HTTP 502");
}

}  // namespace
}  // namespace vcshift::vsphere
