// The vim25 client against the simulated vCenters (vcshift-sim, a real vim25 SOAP
// server): logging in, certificate trust, faults as values, re-login, retries.

#include "providers/vsphere/session.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <sstream>
#include <thread>

#include "providers/vsphere/properties.h"
#include "providers/vsphere/vim25_values.h"
#include "soapH.h"
#include "tests/support/captured_log.h"
#include "tests/support/child_process.h"
#include "tests/support/command.h"
#include "tests/support/fake_sdk.h"
#include "tests/support/pinned.h"
#include "tests/support/simulator.h"
#include "tests/support/temp_dir.h"

namespace vcshift::vsphere {
namespace {

using testing::FakeSdk;
using testing::Pinned;
using testing::RunCommand;
using testing::SimulatedVCenter;
using testing::Simulator;

// host:port of an https URL.
std::string HostPort(const std::string& url) {
  const auto start = url.find("://") + 3;
  return url.substr(start, url.find('/', start) - start);
}

// The certificate the server presents, as PEM in `file`; its SHA-1 thumbprint.
std::string SaveCertificate(const std::string& url, const std::string& file) {
  RunCommand("openssl s_client -connect " + HostPort(url) + " </dev/null 2>/dev/null | openssl x509 > " + file);
  const auto sha1 = RunCommand("openssl x509 -noout -fingerprint -sha1 -in " + file).out;
  return sha1.substr(sha1.find('=') + 1, 59);
}

// A call to the simulator's control endpoint; its JSON answer.
std::string Control(const SimulatedVCenter& vc, const std::string& method, const std::string& path,
                    const std::string& body = "") {
  return RunCommand("curl -s -X " + method + " " + (body.empty() ? "" : "--data '" + body + "' ") + vc.control + path)
      .out;
}

// How many calls of `method` the simulated vCenter has received.
int CallsTo(const SimulatedVCenter& vc, const std::string& method) {
  const std::string answer = Control(vc, "GET", "/calls?method=" + method);
  const auto at = answer.find("\"count\":");
  return at == std::string::npos ? -1 : std::atoi(answer.c_str() + at + 8);
}

// A port nothing listens on.
int ClosedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

Result<std::string> RootFolderName(Session& session) {
  std::string name;
  auto status = RetrieveProperties(session, {session.content().root_folder}, "Folder", {"name"},
                                    [&](const MoRef&, const std::string&, const xsd__anyType* value) {
                                      if (auto* text = dynamic_cast<const xsd__string*>(value)) name = text->__item;
                                    });
  if (!status) return status.fault();
  return name;
}

Status CreateFolder(Session& session, const std::string& name) {
  return session.Invoke("CreateFolder", Effect::Changes, name, [&](Channel& channel) {
    _vim25__CreateFolder request;
    request._USCOREthis = NewMor(channel.soap(), session.content().root_folder);
    request.name = name;
    _vim25__CreateFolderResponse response;
    return soap_call___vim25__CreateFolder(channel.soap(), channel.endpoint(), channel.action(), &request, response);
  });
}

using vcshift::testing::CapturedLog;

class SessionTest : public ::testing::Test {
 protected:
  Simulator sim_;
};

TEST_F(SessionTest, LogsInToAVCenter) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  auto session = Session::Open(Pinned(sim_.vcenter("source")));
  ASSERT_TRUE(session) << Describe(session.fault());
  EXPECT_EQ((*session)->content().api_type, "VirtualCenter");
  EXPECT_EQ((*session)->content().root_folder.type, "Folder");
  EXPECT_TRUE((*session)->action().starts_with("urn:vim25/"));
  auto time = ServerTime(**session);
  ASSERT_TRUE(time) << Describe(time.fault());
  EXPECT_FALSE(time->empty());
  auto name = RootFolderName(**session);
  ASSERT_TRUE(name) << Describe(name.fault());
}

TEST_F(SessionTest, AWrongPasswordIsInvalidLogin) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  auto options = Pinned(sim_.vcenter("source"));
  options.password = "not-the-password";
  auto session = Session::Open(options);
  ASSERT_FALSE(session);
  EXPECT_EQ(session.fault().type, "InvalidLogin");
  EXPECT_EQ(session.fault().call, "Login");
  EXPECT_EQ(Describe(session.fault()).find("not-the-password"), std::string::npos);
}

TEST_F(SessionTest, AnUntrustedCertificateIsRefusedWithItsThumbprint) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  auto options = Pinned(sim_.vcenter("source"));
  options.tls.thumbprint.clear();
  auto session = Session::Open(options);
  ASSERT_FALSE(session);
  EXPECT_EQ(session.fault().type, "CertificateUntrusted");
  EXPECT_EQ(session.fault().presented_thumbprint, sim_.vcenter("source").thumbprint);
  EXPECT_NE(Describe(session.fault()).find(sim_.vcenter("source").thumbprint), std::string::npos)
      << Describe(session.fault());
  EXPECT_EQ(CallsTo(sim_.vcenter("source"), "Login"), 0) << "nothing is sent to a server not trusted";
}

TEST_F(SessionTest, ACaBundleMakesTheCertificateTrusted) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  testing::TempDir dir("vsphere-ca");
  auto options = Pinned(sim_.vcenter("source"));
  options.tls.thumbprint.clear();
  SaveCertificate(options.url, dir / "ca.pem");
  options.tls.ca_file = dir / "ca.pem";
  auto session = Session::Open(options);
  EXPECT_TRUE(session) << Describe(session.fault());
}

TEST_F(SessionTest, PinsOfEitherLengthAreAccepted) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  testing::TempDir dir("vsphere-pin");
  auto options = Pinned(sim_.vcenter("source"));
  auto sha256 = Session::Open(options);
  EXPECT_TRUE(sha256) << Describe(sha256.fault());
  options.tls.thumbprint = SaveCertificate(options.url, dir / "cert.pem");
  auto sha1 = Session::Open(options);
  EXPECT_TRUE(sha1) << options.tls.thumbprint << ": " << Describe(sha1.fault());
}

TEST_F(SessionTest, AWrongPinIsRefused) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  auto options = Pinned(sim_.vcenter("source"));
  options.tls.thumbprint = sim_.vcenter("target").thumbprint;
  auto session = Session::Open(options);
  ASSERT_FALSE(session);
  EXPECT_EQ(session.fault().type, "CertificateUntrusted");
  EXPECT_EQ(session.fault().presented_thumbprint, sim_.vcenter("source").thumbprint);
  EXPECT_NE(session.fault().message.find("does not match the pinned"), std::string::npos) << session.fault().message;
}

TEST(Session, ARefusedConnectionNamesTheUrl) {
  ConnectOptions options;
  options.url = "https://127.0.0.1:" + std::to_string(ClosedPort()) + "/sdk";
  auto session = Session::Open(options);
  ASSERT_FALSE(session);
  EXPECT_EQ(session.fault().type, "ConnectionRefused");
  EXPECT_NE(session.fault().message.find(options.url), std::string::npos) << session.fault().message;
  EXPECT_NE(session.fault().message.find("refused"), std::string::npos) << session.fault().message;
}

TEST(Session, AnUnknownHostNameIsSaidSo) {
  ConnectOptions options;
  options.url = "https://vcenter.invalid/sdk";
  auto session = Session::Open(options);
  ASSERT_FALSE(session);
  EXPECT_EQ(session.fault().type, "HostNotFound") << Describe(session.fault());
  EXPECT_NE(session.fault().message.find("vcenter.invalid"), std::string::npos);
}

TEST(Session, OnlyHttpsUrls) {
  ConnectOptions options;
  options.url = "http://vcenter.example.com/sdk";
  auto session = Session::Open(options);
  ASSERT_FALSE(session);
  EXPECT_EQ(session.fault().type, "InvalidUrl");
}

// The endpoint answers, but it is not a vCenter we can manage. With `trust_its_ca`, its
// certificate (made for "localhost") is given as the CA bundle; else any is accepted.
Fault FaultFromFakeSdk(const std::string& mode, bool trust_its_ca = false) {
  FakeSdk server(mode);
  ConnectOptions options = server.Options();
  options.tls.insecure = !trust_its_ca;
  if (trust_its_ca) options.tls.ca_file = server.ca_file();
  auto session = Session::Open(options);
  return session ? Fault{} : session.fault();
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(Session, ACertificateForAnotherHostNameIsRefused) {
  const Fault fault = FaultFromFakeSdk("old", true);
  EXPECT_EQ(fault.type, "CertificateUntrusted") << Describe(fault);
  EXPECT_NE(fault.message.find("host name"), std::string::npos) << fault.message;
  EXPECT_EQ(fault.presented_thumbprint.size(), 95u) << "a SHA-256 thumbprint: " << fault.presented_thumbprint;
}

TEST(Session, AWebServerThatIsNotVSphereIsNotAVCenter) {
  const Fault fault = FaultFromFakeSdk("html");
  EXPECT_EQ(fault.type, "NotAVCenter") << Describe(fault);
  EXPECT_NE(fault.message.find("not as a vSphere SDK endpoint"), std::string::npos) << fault.message;
}

TEST(Session, AnEsxiHostIsNotAVCenter) {
  const Fault fault = FaultFromFakeSdk("hostagent");
  EXPECT_EQ(fault.type, "NotAVCenter") << Describe(fault);
  EXPECT_NE(fault.message.find("ESXi host"), std::string::npos) << fault.message;
}

TEST(Session, AnOldVCenterIsUnsupported) {
  const Fault fault = FaultFromFakeSdk("old");
  EXPECT_EQ(fault.type, "UnsupportedVersion") << Describe(fault);
  EXPECT_NE(fault.message.find("5.5"), std::string::npos) << fault.message;
}

TEST(Session, AReplyLongerThanTheLimitIsRefusedAndNamesIt) {
  FakeSdk server("endless");
  ConnectOptions options = server.Options();
  options.max_reply_bytes = 8 << 20;
  auto session = Session::Open(options);
  ASSERT_TRUE(session) << Describe(session.fault());
  const auto read = RetrieveAll(**session, (*session)->content().root_folder, "Folder", {"name"},
                                [](const MoRef&, const std::string&, const xsd__anyType*) {});
  ASSERT_FALSE(read);
  EXPECT_EQ(read.fault().type, "ReplyTooLarge") << Describe(read.fault());
  EXPECT_EQ(read.fault().call, "RetrievePropertiesEx");
  EXPECT_NE(read.fault().message.find(options.url + ": the reply was longer than 8 MB (max_reply_mb)"),
            std::string::npos)
      << read.fault().message;
  EXPECT_FALSE(read.fault().Transient());
}

TEST(Session, AReplyTrickledByteByByteIsGivenUpAtTheCallsDeadline) {
  FakeSdk server("trickle");
  ConnectOptions options = server.Options();
  options.timeouts.call = std::chrono::seconds(2);
  const auto start = std::chrono::steady_clock::now();
  auto session = Session::Open(options);
  ASSERT_FALSE(session);
  EXPECT_LT(SecondsSince(start), 4) << "each byte came within the receive timeout; the deadline still holds";
  EXPECT_EQ(session.fault().type, "Timeout") << Describe(session.fault());
  EXPECT_NE(session.fault().message.find("the reply did not end within 2 s"), std::string::npos)
      << session.fault().message;
}

TEST(Session, AStopAbandonsTheCallInFlightWithinAFractionOfASecond) {
  FakeSdk server("trickle");
  std::atomic<bool> stop{false};
  ConnectOptions options = server.Options();
  options.stop = &stop;
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    stop = true;
  });
  const auto start = std::chrono::steady_clock::now();
  auto session = Session::Open(options);
  const double seconds = SecondsSince(start);
  stopper.join();
  ASSERT_FALSE(session);
  EXPECT_EQ(session.fault().type, "Interrupted") << Describe(session.fault());
  EXPECT_LT(seconds, 2) << "the stop came after 1 s";
  EXPECT_TRUE(session.fault().Transient()) << "an abandoned action is left for resume";
}

TEST_F(SessionTest, NotAuthenticatedRightAfterALoginIsRefusalNotExpiry) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  auto session = Session::Open(Pinned(sim_.vcenter("source")));
  ASSERT_TRUE(session);
  const int logins = CallsTo(sim_.vcenter("source"), "Login");
  Control(sim_.vcenter("source"), "POST", "/faults",
          R"({"method":"CurrentTime","kind":"soap_fault","fault":"NotAuthenticated","count":-1})");
  const auto time = ServerTime(**session);
  ASSERT_FALSE(time);
  const Fault& fault = time.fault();
  EXPECT_EQ(fault.type, "NotAuthenticated");
  EXPECT_TRUE(fault.persisted);
  EXPECT_FALSE(fault.Transient()) << "trying again would meet the same refusal";
  EXPECT_NE(Describe(fault).find("the session was refused right after a successful login (NotAuthenticated persisted"),
            std::string::npos)
      << Describe(fault);
  EXPECT_EQ(Describe(fault).find("logging in again failed"), std::string::npos) << "the login worked";
  EXPECT_EQ(CallsTo(sim_.vcenter("source"), "Login"), logins + 1) << "logged in again once";
  EXPECT_EQ(CallsTo(sim_.vcenter("source"), "CurrentTime"), 2);
}

TEST_F(SessionTest, SessionKeysNeverReachTheLog) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  std::string key;
  std::string log;
  {
    CapturedLog captured;
    {
      auto session = Session::Open(Pinned(sim_.vcenter("source")));
      ASSERT_TRUE(session);
      ASSERT_TRUE(RetrieveProperties(**session, {(*session)->content().session_manager}, "SessionManager",
                                     {"currentSession"},
                                     [&](const MoRef&, const std::string&, const xsd__anyType* value) {
                                       if (auto* s = dynamic_cast<const vim25__UserSession*>(value)) key = s->key;
                                     }));
      // A container view is named after the session that made it.
      EXPECT_TRUE(RetrieveAll(**session, (*session)->content().root_folder, "Folder", {"name"},
                              [](const MoRef&, const std::string&, const xsd__anyType*) {}));
    }
    log = captured.text();
  }
  ASSERT_FALSE(key.empty());
  EXPECT_NE(log.find("DestroyView session[...]"), std::string::npos) << "the view is logged, its session not: " << log;
  EXPECT_EQ(log.find(key), std::string::npos) << log;
}

TEST_F(SessionTest, LogsInAgainWhenTheSessionIsTerminated) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  auto first = Session::Open(Pinned(sim_.vcenter("source")));
  auto other = Session::Open(Pinned(sim_.vcenter("source")));
  ASSERT_TRUE(first && other);
  std::string key;
  ASSERT_TRUE(RetrieveProperties(**first, {(*first)->content().session_manager}, "SessionManager",
                                 {"currentSession"},
                                 [&](const MoRef&, const std::string&, const xsd__anyType* value) {
                                   if (auto* s = dynamic_cast<const vim25__UserSession*>(value)) key = s->key;
                                 }));
  ASSERT_FALSE(key.empty());
  auto terminated = (*other)->Invoke("TerminateSession", Effect::Changes, key, [&](Channel& channel) {
    _vim25__TerminateSession request;
    request._USCOREthis = NewMor(channel.soap(), (*other)->content().session_manager);
    request.sessionId.push_back(key);
    _vim25__TerminateSessionResponse response;
    return soap_call___vim25__TerminateSession(channel.soap(), channel.endpoint(), channel.action(), &request,
                                               response);
  });
  ASSERT_TRUE(terminated) << Describe(terminated.fault());
  const int logins = CallsTo(sim_.vcenter("source"), "Login");
  auto name = RootFolderName(**first);
  EXPECT_TRUE(name) << Describe(name.fault());
  EXPECT_EQ(CallsTo(sim_.vcenter("source"), "Login"), logins + 1);
}

TEST_F(SessionTest, CallsInParallelShareOneSessionOnAFewConnections) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  auto options = Pinned(sim_.vcenter("source"));
  options.connections = 3;
  auto session = Session::Open(options);
  ASSERT_TRUE(session);
  std::atomic<int> succeeded{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 5; ++j) succeeded += RootFolderName(**session).ok() ? 1 : 0;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(succeeded, 40);
  EXPECT_EQ(CallsTo(sim_.vcenter("source"), "Login"), 1);
}

TEST_F(SessionTest, LogsOutAtTheEnd) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  { auto session = Session::Open(Pinned(sim_.vcenter("source"))); }
  EXPECT_EQ(CallsTo(sim_.vcenter("source"), "Logout"), 1);
}

TEST_F(SessionTest, AReadIsRetriedWhenTheConnectionDrops) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  auto session = Session::Open(Pinned(sim_.vcenter("source")));
  ASSERT_TRUE(session);
  Control(sim_.vcenter("source"), "POST", "/faults", R"({"method":"RetrievePropertiesEx","kind":"drop"})");
  auto name = RootFolderName(**session);
  EXPECT_TRUE(name) << Describe(name.fault());
  EXPECT_EQ(CallsTo(sim_.vcenter("source"), "RetrievePropertiesEx"), 2);
}

TEST_F(SessionTest, ReadsRideOutAShortRestart) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  auto options = Pinned(sim_.vcenter("source"));
  options.read_attempts = 5;  // backoff 0.25 + 0.5 + 1 + 2 s: the window is well inside
  auto session = Session::Open(options);
  ASSERT_TRUE(session);
  const int logins = CallsTo(sim_.vcenter("source"), "Login");
  // Like a vpxd restart behind its proxy: 503 for a while, and the sessions are gone after.
  Control(sim_.vcenter("source"), "POST", "/offline", R"({"seconds":0.5,"mode":"503","sessions":"drop"})");
  auto name = RootFolderName(**session);
  EXPECT_TRUE(name) << Describe(name.fault());
  EXPECT_EQ(CallsTo(sim_.vcenter("source"), "Login"), logins + 1);
}

TEST_F(SessionTest, AChangeIsNotRetriedWhileTheServiceIsUnavailable) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  auto session = Session::Open(Pinned(sim_.vcenter("source")));
  ASSERT_TRUE(session);
  Control(sim_.vcenter("source"), "POST", "/offline", R"({"seconds":5,"mode":"503"})");
  auto created = CreateFolder(**session, "later");
  Control(sim_.vcenter("source"), "DELETE", "/offline");
  ASSERT_FALSE(created);
  EXPECT_EQ(created.fault().type, "ServiceUnavailable") << Describe(created.fault());
  EXPECT_TRUE(created.fault().Transient());
}

TEST_F(SessionTest, AReadIsRetriedWhenTheReplyIsCutShort) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  auto session = Session::Open(Pinned(sim_.vcenter("source")));
  ASSERT_TRUE(session);
  Control(sim_.vcenter("source"), "POST", "/faults", R"({"method":"RetrievePropertiesEx","kind":"drop","truncate":true})");
  auto name = RootFolderName(**session);
  EXPECT_TRUE(name) << Describe(name.fault());
  EXPECT_EQ(CallsTo(sim_.vcenter("source"), "RetrievePropertiesEx"), 2);
}

TEST_F(SessionTest, AChangeWhoseReplyIsCutShortIsNotSentAgain) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  auto session = Session::Open(Pinned(sim_.vcenter("source")));
  ASSERT_TRUE(session);
  Control(sim_.vcenter("source"), "POST", "/faults",
          R"({"method":"CreateFolder","kind":"drop","truncate":true,"execute":true})");
  auto created = CreateFolder(**session, "half-told");
  ASSERT_FALSE(created);
  EXPECT_EQ(created.fault().type, "ConnectionReset") << Describe(created.fault());
  EXPECT_EQ(CallsTo(sim_.vcenter("source"), "CreateFolder"), 1);
}

TEST_F(SessionTest, AChangeIsNeverSentTwice) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  auto session = Session::Open(Pinned(sim_.vcenter("source")));
  ASSERT_TRUE(session);
  Control(sim_.vcenter("source"), "POST", "/faults", R"({"method":"CreateFolder","kind":"drop","execute":true})");
  auto created = CreateFolder(**session, "made-once");
  ASSERT_FALSE(created);
  EXPECT_EQ(created.fault().type, "ConnectionReset") << Describe(created.fault());
  EXPECT_EQ(CallsTo(sim_.vcenter("source"), "CreateFolder"), 1);
  auto again = CreateFolder(**session, "made-once");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.fault().type, "DuplicateName") << "the first attempt was made: " << Describe(again.fault());
}

TEST_F(SessionTest, ACallThatHangsTimesOut) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  auto options = Pinned(sim_.vcenter("source"));
  options.timeouts.receive = std::chrono::seconds(1);
  auto session = Session::Open(options);
  ASSERT_TRUE(session);
  Control(sim_.vcenter("source"), "POST", "/faults", R"({"method":"CreateFolder","kind":"hang","seconds":3})");
  auto created = CreateFolder(**session, "slow");
  ASSERT_FALSE(created);
  EXPECT_EQ(created.fault().type, "Timeout") << Describe(created.fault());
  EXPECT_NE(created.fault().message.find(options.url), std::string::npos);
}

TEST_F(SessionTest, PasswordsNeverReachTheLog) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  auto options = Pinned(sim_.vcenter("source"));
  std::string log;
  {
    CapturedLog captured;
    {
      auto session = Session::Open(options);
      ASSERT_TRUE(session);
      EXPECT_TRUE(RootFolderName(**session));
      options.password = "wrong-Secret-42";
      EXPECT_FALSE(Session::Open(options));
      options.tls.insecure = true;
      EXPECT_FALSE(Session::Open(options));
    }
    log = captured.text();
  }
  EXPECT_NE(log.find("Logged in"), std::string::npos) << "the capture works";
  EXPECT_NE(log.find("RetrievePropertiesEx"), std::string::npos) << "trace level was on";
  EXPECT_EQ(log.find(sim_.vcenter("source").password), std::string::npos) << log;
  EXPECT_EQ(log.find("wrong-Secret-42"), std::string::npos) << log;
}

}  // namespace
}  // namespace vcshift::vsphere
