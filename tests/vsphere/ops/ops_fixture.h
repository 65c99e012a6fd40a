#pragma once
// The operations' tests against the simulated vCenters "source" and "target"
// (vcshift-sim serve, world.json: the default world plus spare hosts no vCenter manages,
// esx-spare-N.sim.local with thumbprint SpareThumbprint(N), vmnic0/1 on vSwitch0 and
// vmnic2/3 free (and esx-solo.sim.local, thumbprint ...EF:10, alike), and
// esx-net-1.sim.local in DC1/NetCluster, one pNIC on DSwitch1 and
// vmk0 on pg-mgmt): one simulator per test
// suite, so each test names its own objects; fault rules are cleared before each test.

#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "engine/action.h"
#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/properties.h"
#include "providers/vsphere/runner.h"
#include "providers/vsphere/session.h"
#include "soapH.h"
#include "tests/support/command.h"
#include "tests/support/simulator.h"

namespace vcshift::vsphere {

class OpsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sim_ = new testing::Simulator(VCSHIFT_OPS_WORLD);
    if (!sim_->running()) return;
    for (const char* name : {"source", "target"}) {
      const auto& vc = sim_->vcenter(name);
      ConnectOptions options;
      options.url = vc.url;
      options.user = vc.user;
      options.password = vc.password;
      options.tls.thumbprint = vc.thumbprint;
      auto session = Session::Open(options);
      if (!session) {
        open_error_ = Describe(session.fault());
        return;
      }
      (std::string(name) == "source" ? source_ : target_) = std::move(*session);
    }
    setenv("VCSHIFT_TEST_ESXI_PASSWORD", "esxi-root", 1);
    EsxiSettings esxi;
    esxi.password.env = "VCSHIFT_TEST_ESXI_PASSWORD";
    esxi.trust_on_first_use = true;
    RunnerOptions options;
    options.task_timeout = std::chrono::seconds(30);
    runner_ = new VSphereRunner(*source_, *target_, esxi, options);
  }

  static void TearDownTestSuite() {
    delete runner_;
    runner_ = nullptr;
    source_.reset();
    target_.reset();
    delete sim_;
    sim_ = nullptr;
  }

  void SetUp() override {
    VCSHIFT_REQUIRE_SIMULATOR(*sim_);
    ASSERT_TRUE(runner_) << open_error_;
    for (const char* name : {"source", "target"}) Control(name, "DELETE", "/faults");
  }

  static std::string Spare(int n) { return "esx-spare-" + std::to_string(n) + ".sim.local"; }
  static std::string SpareThumbprint(int n) {
    return "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:0" + std::to_string(n);
  }

  static Action Make(ActionKind kind, Side side, const std::string& object,
                     std::map<std::string, std::string> params = {}, std::map<std::string, std::string> prior = {}) {
    Action action;
    action.kind = kind;
    action.side = side;
    action.object = object;
    action.id = std::string(KindName(kind)) + ":" + SideName(side) + ":" + object;
    action.params = std::move(params);
    action.prior = std::move(prior);
    return action;
  }

  static ActionResult Run(const Action& action) { return runner_->Run(action); }

  // The inverse, with what the action captured folded into its prior values first (as
  // the executor does).
  static Action InverseOf(Action action, const ActionResult& result) {
    for (const auto& [key, value] : result.captured) action.prior[key] = value;
    return Inverse(action);
  }

  static std::string Control(const std::string& vcenter, const std::string& method, const std::string& path,
                             const std::string& body = "") {
    std::string quoted;  // for the shell: ' as '\''
    for (const char c : body) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    const std::string data = body.empty() ? "" : " --data '" + quoted + "'";
    return testing::RunCommand("curl -s -X " + method + data + " " + sim_->vcenter(vcenter).control + path).out;
  }

  static void Inject(const std::string& vcenter, const std::string& rule) {
    const std::string answer = Control(vcenter, "POST", "/faults", rule);
    ASSERT_NE(answer.find("\"rules\""), std::string::npos) << answer;
  }

  static Session& SessionOf(Side side) { return side == Side::Source ? *source_ : *target_; }

  static MoRef Find(Side side, const std::string& path) {
    auto found = FindByPath(SessionOf(side), path);
    EXPECT_TRUE(found) << Describe(found.fault());
    return found ? *found : MoRef{};
  }

  // Reads `path` of `object` and hands the value to `read` while it is alive.
  static void Read(Side side, const MoRef& object, const std::string& path,
                   const std::function<void(const xsd__anyType*)>& read) {
    auto status = RetrieveProperties(SessionOf(side), {object}, object.type, {path},
                                     [&](const MoRef&, const std::string&, const xsd__anyType* value) { read(value); });
    ASSERT_TRUE(status) << Describe(status.fault());
  }

  static inline testing::Simulator* sim_ = nullptr;
  static inline std::unique_ptr<Session> source_;
  static inline std::unique_ptr<Session> target_;
  static inline VSphereRunner* runner_ = nullptr;
  static inline std::string open_error_;
};

inline const char* StatusName(ActionResult::Status status) {
  switch (status) {
    case ActionResult::Status::Done: return "Done";
    case ActionResult::Status::AlreadyDone: return "AlreadyDone";
    case ActionResult::Status::Failed: return "Failed";
  }
  return "?";
}

// "Done" or "Failed: <fault> <message>", so that a failed expectation says why.
inline std::string Outcome(const ActionResult& result) {
  std::string out = StatusName(result.status);
  if (result.status == ActionResult::Status::Failed) out += ": " + result.fault + " " + result.message;
  return out;
}

}  // namespace vcshift::vsphere
