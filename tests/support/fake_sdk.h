#pragma once
// tests/support/fake_sdk.py as a test's server: an HTTPS endpoint that is not a usable
// vCenter (or only part of one), serving in `mode` while the object lives. Needs
// VCSHIFT_PYTHON3 and VCSHIFT_FAKE_SDK defined by the test's target.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "providers/vsphere/options.h"
#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace vcshift::testing {

class FakeSdk {
 public:
  explicit FakeSdk(const std::string& mode)
      : dir_("vsphere-fake-" + mode), server_({VCSHIFT_PYTHON3, VCSHIFT_FAKE_SDK, mode, dir_.path().string()}) {
    std::string why;
    const std::string port = server_.ReadLine(std::chrono::seconds(30), why);
    EXPECT_FALSE(port.empty()) << "fake_sdk.py: " << why;
    url_ = "https://127.0.0.1:" + port + "/sdk";
  }
  // Options that reach it, any certificate accepted.
  vsphere::ConnectOptions Options() const {
    vsphere::ConnectOptions options;
    options.url = url_;
    options.user = "u";
    options.tls.insecure = true;
    return options;
  }
  std::string ca_file() const { return dir_ / "fake-sdk.pem"; }

 private:
  TempDir dir_;
  ChildProcess server_;
  std::string url_;
};

}  // namespace vcshift::testing
