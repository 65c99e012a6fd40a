#include "providers/vsphere/connect.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>

#include "engine/secrets.h"
#include "providers/vsphere/discovery.h"
#include "providers/vsphere/discover_tags.h"
#include "providers/vsphere/host_login_precheck.h"
#include "providers/vsphere/principal_precheck.h"
#include "providers/vsphere/runner.h"
#include "providers/vsphere/session.h"
#include "providers/vsphere/target_lock.h"

namespace vcshift::vsphere {
namespace {

// How often a held lock in the target vCenter says its holder is alive.
constexpr auto kLockRefresh = std::chrono::seconds(30);

// Renames the lock's "refreshed" entry every kLockRefresh until destroyed: a holder that
// stops refreshing is one a person may judge gone.
class LockRefresher {
 public:
  explicit LockRefresher(Session& session) : thread_([this, &session] { Run(session); }) {}
  ~LockRefresher() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

 private:
  void Run(Session& session) {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, kLockRefresh, [this] { return stopping_; })) {
      lock.unlock();
      if (Status refreshed = RefreshTargetLock(session); !refreshed) {
        spdlog::warn("could not refresh the lock in {}: {}", session.url(), Describe(refreshed.fault()));
      }
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

class SoapVCenters : public LiveVCenters {
 public:
  SoapVCenters(std::unique_ptr<Session> source, std::unique_ptr<Session> target, EsxiSettings esxi,
               std::string desired_file)
      : source_(std::move(source)),
        target_(std::move(target)),
        logins_(esxi),
        desired_file_(std::move(desired_file)),
        runner_(*source_, target_ ? *target_ : *source_, std::move(esxi)) {}

  std::optional<Inventory> Discover(Side side, const DiscoveryScope& scope, Diagnostics& diagnostics) override {
    Session& session = side == Side::Target && target_ ? *target_ : *source_;
    TaggableObjects taggable;
    Result<Inventory> inventory = vsphere::Discover(session, &taggable, scope);
    if (!inventory) {
      diagnostics.push_back({Severity::Error, session.url(), {}, "", Describe(inventory.fault())});
      return std::nullopt;
    }
    // Tags are another API: without it the inventory stands, its tags unknown (a plan
    // that needs them says so).
    Result<InventoryTagging> tagging = Fault{};
    if (auto rest = session.Rest(); !rest) {
      tagging = rest.fault();
    } else {
      tagging = DiscoverTagging(**rest, taggable);
    }
    if (tagging) {
      inventory->tagging = std::move(*tagging);
      Canonicalize(*inventory);
    } else {
      diagnostics.push_back({Severity::Warning, session.url(), {}, "",
                             "tags not read (vSphere Automation API): " + Describe(tagging.fault())});
    }
    return std::move(*inventory);
  }

  ActionRunner& Runner() override { return runner_; }

  Diagnostics Precheck(const Plan& plan) override {
    Session& target = target_ ? *target_ : *source_;
    Diagnostics refusals = PrecheckHostLogins(*source_, target, logins_, desired_file_, plan);
    const Diagnostics principals = PrecheckPrincipals(target, plan);
    refusals.insert(refusals.end(), principals.begin(), principals.end());
    return refusals;
  }

  std::optional<LockHolder> LockTarget(const LockHolder& me, Diagnostics& diagnostics) override {
    Session& target = Target();
    auto holder = TakeTargetLock(target, me);
    if (!holder) {
      diagnostics.push_back({Severity::Error, target.url(), {}, "", "could not take the lock: " + Describe(holder.fault())});
      return std::nullopt;
    }
    if (!*holder) refresher_ = std::make_unique<LockRefresher>(target);
    return *holder;
  }

  void UnlockTarget(Diagnostics& diagnostics) override {
    if (!refresher_) return;
    refresher_.reset();
    if (auto cleared = ClearTargetLock(Target()); !cleared) {
      diagnostics.push_back({Severity::Warning, Target().url(), {}, "",
                             "could not release the lock (folder " + std::string(kTargetLockFolder) +
                                 " in the root folder): " + Describe(cleared.fault()) +
                                 "; vcshift force-unlock -f FILE clears it"});
    }
  }

  std::optional<LockHolder> ForceUnlockTarget(Diagnostics& diagnostics) override {
    auto cleared = ClearTargetLock(Target());
    if (cleared) return *cleared;
    diagnostics.push_back({Severity::Error, Target().url(), {}, "", "could not clear the lock: " + Describe(cleared.fault())});
    return std::nullopt;
  }

  ~SoapVCenters() override {
    Diagnostics ignored;  // the CLI releases the lock and reports; this is the last resort
    UnlockTarget(ignored);
  }

 private:
  std::unique_ptr<Session> source_;
  std::unique_ptr<Session> target_;  // null when the target is the source
  EsxiLogins logins_;
  std::string desired_file_;  // where the ESXi logins are declared
  VSphereRunner runner_;
  std::unique_ptr<LockRefresher> refresher_;  // while this object holds the target's lock

  Session& Target() { return target_ ? *target_ : *source_; }
};

std::unique_ptr<Session> Open(const ConnectOptions& options, Diagnostics& diagnostics) {
  auto session = Session::Open(options);
  if (session) return std::move(*session);
  diagnostics.push_back({Severity::Error, options.url, {}, "", Describe(session.fault())});
  return nullptr;
}

}  // namespace

std::optional<ConnectOptions> OptionsFor(const VCenterEndpoint& endpoint, const std::string& file,
                                         Diagnostics& diagnostics) {
  std::string error;
  const auto password = ResolveSecret(endpoint.password, error);
  if (!password) {
    diagnostics.push_back({Severity::Error, file, endpoint.location, "", "the password for " + endpoint.url + ": " + error});
    return std::nullopt;
  }
  ConnectOptions options;
  options.url = endpoint.url;
  options.user = endpoint.user;
  options.password = *password;
  options.tls = {endpoint.ca_file, endpoint.thumbprint, endpoint.insecure};
  options.timeouts.send = options.timeouts.receive = options.timeouts.call =
      std::chrono::seconds(endpoint.timeout_seconds);
  options.max_reply_bytes = static_cast<size_t>(endpoint.max_reply_mb) << 20;
  return options;
}

std::unique_ptr<LiveVCenters> Connect(const DesiredState& desired, Diagnostics& diagnostics, int parallel_calls,
                                      const std::atomic<bool>* stop) {
  auto source_options = OptionsFor(desired.connections.source, desired.file, diagnostics);
  const bool separate = !desired.connections.target_is_source;
  auto target_options = separate ? OptionsFor(desired.connections.target, desired.file, diagnostics) : std::nullopt;
  if (!source_options || (separate && !target_options)) return nullptr;
  // Parallel actions must never queue for a connection.
  source_options->connections = std::max(source_options->connections, parallel_calls);
  source_options->stop = stop;
  if (target_options) {
    target_options->connections = std::max(target_options->connections, parallel_calls);
    target_options->stop = stop;
  }
  auto source = Open(*source_options, diagnostics);
  auto target = separate ? Open(*target_options, diagnostics) : nullptr;
  if (!source || (separate && !target)) return nullptr;
  return std::make_unique<SoapVCenters>(std::move(source), std::move(target), desired.esxi, desired.file);
}

std::unique_ptr<LiveVCenters> Connect(const ConnectOptions& options, Diagnostics& diagnostics) {
  auto session = Open(options, diagnostics);
  if (!session) return nullptr;
  return std::make_unique<SoapVCenters>(std::move(session), nullptr, EsxiSettings{}, "");
}

}  // namespace vcshift::vsphere
