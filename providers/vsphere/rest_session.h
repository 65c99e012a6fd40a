#pragma once
// A vSphere Automation API (REST) session with one vCenter, beside its vim25 session:
// tags and categories live there, not in vim25. Logs in with the SOAP connection's user
// and password (basic auth on POST .../session), presents the session id in the
// `vmware-api-session-id` header, logs out when destroyed. Both API generations: `/api`
// (vSphere 7.0+) is tried first, `/rest` (6.5+; vcshift-sim's) when the vCenter has no
// `/api`. Every request runs on a Channel, so it is held to the SOAP connection's TLS
// rules (system store plus CA bundle, a pinned thumbprint, or explicit insecure:
// ConfigureTls), its deadlines, its reply limit and its stop request. A read is tried
// again on a connection failure, a change is never sent twice. Failures are Faults
// naming the URL, the request and the API's error type. The session id is a secret:
// never logged, never in a Fault.

#include <yaml-cpp/yaml.h>

#include <memory>
#include <mutex>
#include <string>

#include "providers/vsphere/channel.h"
#include "providers/vsphere/options.h"
#include "providers/vsphere/result.h"
#include "providers/vsphere/session.h"

namespace vcshift::vsphere {

// Which generation of the API the vCenter speaks.
enum class RestApi { Api, Rest };

class RestSession {
 public:
  static Result<std::unique_ptr<RestSession>> Open(const ConnectOptions& options);
  ~RestSession();  // logs out
  RestSession(const RestSession&) = delete;
  RestSession& operator=(const RestSession&) = delete;

  RestApi api() const { return api_; }
  // "/api" or "/rest": where `Call`'s paths start.
  const char* root() const { return api_ == RestApi::Api ? "/api" : "/rest"; }

  // One request: `method` GET, POST or DELETE; `path` from the server's root, query
  // included ("/rest/com/vmware/cis/tagging/category"); `body` JSON or "". The reply's
  // JSON (a `/rest` reply without its `value` wrapper; a null node when it has none).
  // `object` names what the call concerns, for faults.
  Result<YAML::Node> Call(const std::string& method, const std::string& path, const std::string& body, Effect effect,
                          const std::string& object = "");

  Status Logout();

 private:
  explicit RestSession(const ConnectOptions& options);
  struct Reply {
    int status = 0;
    std::string body;
  };
  Status Login();
  struct How {
    bool login = false;     // basic auth instead of the session header
    bool stoppable = true;  // abandoned on a stop request (not the logout)
  };
  // One exchange on the channel; a Fault when none took place (transport, TLS, limits).
  Result<Reply> Exchange(const std::string& method, const std::string& path, const std::string& body, How how,
                         const std::string& object);
  Fault ErrorOf(const std::string& method, const std::string& path, const Reply& reply,
                const std::string& object) const;

  ConnectOptions options_;
  std::string base_;  // https://host:port
  RestApi api_ = RestApi::Api;
  std::mutex mutex_;  // one request at a time on the one channel
  std::unique_ptr<Channel> channel_;
  std::string session_id_;
  std::string header_;  // the session header as sent
};

// The vAPI error type of a failed reply's body: `/rest`'s `type`
// ("com.vmware.vapi.std.errors.already_exists"), `/api`'s `error_type` ("ALREADY_EXISTS"),
// else "HTTP <status>"; and its first message.
struct RestError {
  std::string type;
  std::string message;
};
RestError ParseRestError(int status, const std::string& body);

}  // namespace vcshift::vsphere
