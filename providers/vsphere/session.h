#pragma once
// A logged-in session with one vCenter. Calls run on a pool of keep-alive connections
// (up to ConnectOptions::connections, opened as calls need them: as many as apply's
// parallelism) that all present the session's vmware_soap_session cookie; a call that
// finds the session gone (NotAuthenticated) logs in again once and is repeated (refused
// again, the fault says so and is not transient); a call that only reads is retried with
// backoff when the connection fails; a call that changes something is never sent twice
// unless the first attempt provably never left. Once a stop is requested
// (ConnectOptions::stop), calls in flight are abandoned and nothing new is sent
// (Interrupted) but the logout.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "providers/vsphere/channel.h"
#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/options.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class RestSession;

// What RetrieveServiceContent told us, as plain values.
struct ServiceContent {
  MoRef root_folder;
  MoRef property_collector;
  MoRef view_manager;
  MoRef session_manager;
  MoRef search_index;  // finds objects by inventory path or name, without reading them all
  // What discovery asks about the state vcshift does not carry yet (uncarried_reads.h).
  MoRef authorization_manager;
  MoRef custom_fields_manager;
  MoRef license_manager;
  MoRef alarm_manager;
  MoRef host_profile_manager;
  MoRef user_directory;  // resolves principals (plan-time check of permissions)
  std::string api_type;     // "VirtualCenter"
  std::string api_version;  // "6.7.3"
  std::string full_name;    // "VMware vCenter Server 6.7.0 build-..."
  std::string instance_uuid;
};

// Whether a call may be sent again after a connection failure.
enum class Effect { ReadOnly, Changes };

// The rule of both sessions (SOAP and REST): a failed attempt is sent again when it
// provably never left, or when it only reads and the connection failed; after a backoff
// that doubles from 250 ms.
bool MayResend(const Fault& fault, Effect effect);
std::chrono::milliseconds RetryBackoff(int attempt);

class Session {
 public:
  // Connects, checks that the endpoint is a vCenter of a supported version, logs in.
  static Result<std::unique_ptr<Session>> Open(const ConnectOptions& options);
  ~Session();  // logs out
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const ServiceContent& content() const { return content_; }
  const std::string& url() const { return options_.url; }
  const Timeouts& timeouts() const { return options_.timeouts; }
  // The SOAPAction sent: urn:vim25/<the newer of the server's version and ours>.
  const std::string& action() const { return action_; }

  // Runs one call. `call` makes exactly one soap_call_* on the channel it is given and
  // reads what it needs out of the reply before returning gSOAP's status; the reply's
  // memory is freed afterwards. `object` names what the call concerns, for faults.
  Status Invoke(const std::string& method, Effect effect, const std::string& object,
                const std::function<int(Channel&)>& call);

  // A secret a call of this session sends (a licence key), and what to show instead: a
  // failed call's fault holds `shown` in its place before it is logged or returned.
  void Conceal(const std::string& secret, const std::string& shown);

  // Ends the session on the vCenter; later calls fail with NotAuthenticated.
  Status Logout();

  // The vSphere Automation API (REST) session beside this one, with the same options:
  // opened at its first use, kept until this session ends (rest_session.cc). A failure
  // to open it is answered again to every later caller, not retried.
  Result<RestSession*> Rest();

 private:
  explicit Session(const ConnectOptions& options);
  Result<Channel*> Acquire();
  void Release(Channel* channel, bool close_connection);
  Status Login();
  Status LoginAgain(const std::string& stale_cookie);
  struct Attempt {
    bool adopt_cookie = false;  // take the cookie the reply sets (the login exchange)
    bool send_cookie = true;
    std::string* used_cookie = nullptr;  // set to the cookie presented
    bool stoppable = true;               // abandoned when a stop is requested
  };
  bool Stopped() const;
  Fault RefusedAfterLogin(const Fault& fault) const;
  Status Once(const std::string& method, const std::string& object, const Attempt& how,
              const std::function<int(Channel&)>& call);
  Status RetrieveContent();
  Fault Concealed(Fault fault) const;

  ConnectOptions options_;
  std::string endpoint_;
  std::string action_;
  ServiceContent content_;

  std::mutex cookie_mutex_;
  std::string cookie_;
  std::mutex login_mutex_;  // one re-login at a time
  std::atomic<bool> logged_in_{false};

  std::mutex pool_mutex_;
  std::condition_variable pool_freed_;
  std::vector<std::unique_ptr<Channel>> channels_;
  std::vector<Channel*> idle_;

  mutable std::mutex concealed_mutex_;
  std::map<std::string, std::string> concealed_;  // secret -> what is shown instead

  std::mutex rest_mutex_;
  std::unique_ptr<RestSession> rest_;
  std::optional<Fault> rest_failed_;
};

// The vCenter's clock (CurrentTime), as vCenter writes it: a cheap call that shows the
// session and the connection work.
Result<std::string> ServerTime(Session& session);

}  // namespace vcshift::vsphere
