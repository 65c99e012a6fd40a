// `vcshift inventory` meeting endpoints it must refuse, and the ways of trusting a
// certificate, end to end: each error is one line that says what is wrong and how to
// fix it, with exit 1 and nothing on standard output. The wrong password, the untrusted
// certificate, the wrong pin and the refused port are in discovery_test.cc.

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>

#include "tests/e2e/live_cli.h"

namespace vcshift::testing {
namespace {

// Exit 1, nothing on standard output, one error line (after --insecure's warning, if any).
void ExpectOneClearError(const CommandResult& run) {
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_TRUE(run.out.empty()) << run.out;
  size_t lines = 0, errors = 0;
  for (size_t at = 0; at < run.err.size(); at = run.err.find('\n', at) + 1) {
    const std::string line = run.err.substr(at, run.err.find('\n', at) - at);
    ++lines;
    if (line.find("error: ") != std::string::npos) ++errors;
    if (run.err.find('\n', at) == std::string::npos) break;
  }
  EXPECT_EQ(errors, 1u) << run.err;
  EXPECT_LE(lines, 2u) << run.err;
  for (const char* raw : {"<?xml", "<html", "Envelope", "terminate called", "Segmentation"}) {
    EXPECT_EQ(run.err.find(raw), std::string::npos) << raw << " in: " << run.err;
  }
}

// tests/support/fake_sdk.py in `mode`: an HTTPS server that answers, but not as a vCenter
// vcshift can manage.
class FakeSdk {
 public:
  explicit FakeSdk(const std::string& mode) : dir_("vcshift-e2e-fake-" + mode) {
    server_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{VCSHIFT_PYTHON3, VCSHIFT_FAKE_SDK, mode, dir_.path().string()});
    std::string why;
    const std::string port = server_->ReadLine(std::chrono::seconds(30), why);
    EXPECT_FALSE(port.empty()) << "fake_sdk.py: " << why;
    url_ = "https://127.0.0.1:" + port + "/sdk";
  }
  const std::string& url() const { return url_; }

 private:
  TempDir dir_;
  std::unique_ptr<ChildProcess> server_;
  std::string url_;
};

// `vcshift inventory` of the source of a desired state reaching `url` with `settings`
// added to its connection, its peak RSS (kB) in `rss_kb`. Bounded as the old vcshift was
// not: 4 GB of address space and 120 s, so that a test of it fails rather than hangs.
CommandResult InventoryWith(const std::string& url, const std::string& settings, long& rss_kb) {
  TempDir dir("vcshift-e2e-bounded");
  std::ofstream(dir / "desired.yaml") << "version: 1\nconnections:\n  source: {url: \"" << url
                                      << "\", user: u, insecure: true" << settings << "}\n  target: {same_as: source}\n";
  const CommandResult run = RunCommand("ulimit -v 4000000; VCSHIFT_SOURCE_PASSWORD=secret timeout 120 /usr/bin/time -f %M -o " +
                                           (dir / "rss") + " " + VCSHIFT_BINARY + " inventory -f " + (dir / "desired.yaml") +
                                           " --source",
                                       dir / "stderr");
  std::ifstream rss(dir / "rss");
  std::string line, last;
  while (std::getline(rss, line)) last = line;  // after "Command exited with ..."
  rss_kb = std::atol(last.c_str());
  return run;
}

CommandResult InventoryOf(const std::string& url) {
  TempDir dir("vcshift-e2e-stderr");
  return RunCommand("VCSHIFT_PASSWORD=secret " + std::string(VCSHIFT_BINARY) + " inventory --url " + url +
                        " --user administrator@vsphere.local --insecure",
                    dir / "stderr");
}

TEST(Connection, AWebServerThatIsNotVSphereIsRefused) {
  FakeSdk server("html");
  const CommandResult run = InventoryOf(server.url());
  ExpectOneClearError(run);
  EXPECT_NE(run.err.find("NotAVCenter"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(server.url() + " answered, but not as a vSphere SDK endpoint"), std::string::npos) << run.err;
}

TEST(Connection, AnEsxiHostIsRefusedAndTheVCenterAskedFor) {
  FakeSdk server("hostagent");
  const CommandResult run = InventoryOf(server.url());
  ExpectOneClearError(run);
  EXPECT_NE(run.err.find("NotAVCenter"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(server.url() + " is an ESXi host (VMware ESXi 7.0.3); give the vCenter's URL"),
            std::string::npos)
      << run.err;
}

TEST(Connection, AnUnsupportedApiVersionIsRefused) {
  FakeSdk server("old");
  const CommandResult run = InventoryOf(server.url());
  ExpectOneClearError(run);
  EXPECT_NE(run.err.find("UnsupportedVersion"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("speaks vSphere API 5.5"), std::string::npos) << run.err;
}

TEST(Connection, AnEndlessReplyIsRefusedAtTheLimitInBoundedMemory) {
  FakeSdk server("endless");
  long rss_kb = 0;
  const CommandResult limited = InventoryWith(server.url(), ", max_reply_mb: 32", rss_kb);
  ExpectOneClearError(limited);
  EXPECT_NE(limited.err.find("RetrievePropertiesEx on ha-folder-root: ReplyTooLarge: " + server.url() +
                             ": the reply was longer than 32 MB (max_reply_mb)"),
            std::string::npos)
      << limited.err;
  EXPECT_GT(rss_kb, 0);
  EXPECT_LT(rss_kb, 200 * 1024) << "peak RSS in kB (it reached 6.3 GB before replies were bounded)";

  const CommandResult by_default = InventoryWith(server.url(), "", rss_kb);
  ExpectOneClearError(by_default);
  EXPECT_NE(by_default.err.find("the reply was longer than 128 MB (max_reply_mb)"), std::string::npos) << by_default.err;
  EXPECT_LT(rss_kb, 600 * 1024) << "peak RSS in kB with the default limit";
}

TEST(Connection, AReplyTrickledByteByByteIsGivenUpAtTheCallsDeadline) {
  FakeSdk server("trickle");
  long rss_kb = 0;
  const auto start = std::chrono::steady_clock::now();
  const CommandResult run = InventoryWith(server.url(), ", timeout_seconds: 5", rss_kb);
  const auto took = std::chrono::steady_clock::now() - start;
  ExpectOneClearError(run);
  EXPECT_LT(took, std::chrono::seconds(15)) << "a byte a second kept it going for minutes before calls were bounded";
  EXPECT_NE(run.err.find("RetrieveServiceContent: Timeout: " + server.url() + ": the reply did not end within 5 s"),
            std::string::npos)
      << run.err;
}

TEST(Connection, AnUnknownHostNameIsSaidSo) {
  const CommandResult run = InventoryOf("https://vcenter.invalid/sdk");
  ExpectOneClearError(run);
  EXPECT_NE(run.err.find("vcenter.invalid"), std::string::npos) << run.err;
}

// The certificate a simulated vCenter presents, saved as PEM; its SHA-1 thumbprint, the
// form vCenter itself shows.
std::string SaveCertificate(const SimulatedVCenter& vc, const std::string& file) {
  const std::string host_port = vc.url.substr(8, vc.url.find('/', 8) - 8);
  RunCommand("openssl s_client -connect " + host_port + " </dev/null 2>/dev/null | openssl x509 > " + file);
  const std::string sha1 = RunCommand("openssl x509 -noout -fingerprint -sha1 -in " + file).out;
  return sha1.substr(sha1.find('=') + 1, 59);
}

class Trust : public LiveCli {};

TEST_F(Trust, ACaBundleWithTheCertificateIsTrusted) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const SimulatedVCenter& vc = sim_.vcenter("source");
  SaveCertificate(vc, dir_ / "ca.pem");
  const CommandResult run = Vcshift("inventory --url " + vc.url + " --user " + vc.user + " --ca-file " + dir_ / "ca.pem");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("host esx-01.sim.local"), std::string::npos) << run.out;
}

TEST_F(Trust, ACaBundleWithoutItIsRefused) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  SaveCertificate(sim_.vcenter("target"), dir_ / "other.pem");
  const SimulatedVCenter& vc = sim_.vcenter("source");
  const CommandResult run =
      Vcshift("inventory --url " + vc.url + " --user " + vc.user + " --ca-file " + dir_ / "other.pem");
  ExpectOneClearError(run);
  EXPECT_NE(run.err.find("CertificateUntrusted"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(vc.thumbprint), std::string::npos) << "shows the thumbprint to pin: " << run.err;
}

TEST_F(Trust, TheRightPinIsAcceptedInEitherLength) {
  VCSHIFT_REQUIRE_SIMULATOR(sim_);
  const SimulatedVCenter& vc = sim_.vcenter("source");
  const std::string sha1 = SaveCertificate(vc, dir_ / "cert.pem");
  for (const std::string& pin : {vc.thumbprint, sha1}) {
    const CommandResult run = Vcshift("inventory --url " + vc.url + " --user " + vc.user + " --thumbprint " + pin);
    EXPECT_EQ(run.exit_code, 0) << pin << ": " << run.err;
  }
}

}  // namespace
}  // namespace vcshift::testing
