#include "providers/vsphere/session.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <sstream>
#include <thread>

#include "providers/vsphere/rest_session.h"
#include "providers/vsphere/soap_faults.h"
#include "providers/vsphere/vim25_values.h"
#include "soapH.h"

namespace vcshift::vsphere {
namespace {

// The oldest vim25 this client is written for; RetrieveServiceContent is sent with it
// because every vCenter since then accepts it.
constexpr const char* kOldestApi = "6.5";

std::vector<int> VersionParts(const std::string& version) {
  std::vector<int> parts;
  std::istringstream in(version);
  std::string part;
  while (std::getline(in, part, '.')) parts.push_back(std::atoi(part.c_str()));
  return parts;
}

bool Older(const std::string& a, const std::string& b) { return VersionParts(a) < VersionParts(b); }

// https://vc -> https://vc/sdk; a URL with a path is taken as it is.
std::optional<std::string> Endpoint(const std::string& url) {
  if (!url.starts_with("https://")) return std::nullopt;
  const auto slash = url.find('/', 8);
  if (slash == std::string::npos) return url + "/sdk";
  if (slash + 1 == url.size()) return url + "sdk";
  return url;
}

}  // namespace

bool MayResend(const Fault& fault, Effect effect) {
  return NotSent(fault) || (effect == Effect::ReadOnly && TransportFault(fault));
}

std::chrono::milliseconds RetryBackoff(int attempt) { return std::chrono::milliseconds(250) * (1 << attempt); }

Session::Session(const ConnectOptions& options) : options_(options) {}

Result<std::unique_ptr<Session>> Session::Open(const ConnectOptions& options) {
  std::unique_ptr<Session> session(new Session(options));
  const auto endpoint = Endpoint(options.url);
  if (!endpoint) {
    return Fault{"InvalidUrl", options.url + " is not an https:// URL (vcshift talks to vCenter over HTTPS only)", "",
                 "", ""};
  }
  session->endpoint_ = *endpoint;
  session->action_ = std::string("urn:vim25/") + kOldestApi;
  if (auto status = session->RetrieveContent(); !status) return status.fault();
  const ServiceContent& content = session->content_;
  if (content.api_type != "VirtualCenter") {
    return Fault{"NotAVCenter",
                 options.url + " is " + (content.api_type == "HostAgent" ? "an ESXi host" : "not a vCenter") + " (" +
                     content.full_name + "); give the vCenter's URL",
                 "", "RetrieveServiceContent", ""};
  }
  if (Older(content.api_version, kOldestApi)) {
    return Fault{"UnsupportedVersion",
                 options.url + " speaks vSphere API " + content.api_version + "; vcshift needs " + kOldestApi +
                     " or newer",
                 "", "RetrieveServiceContent", ""};
  }
  session->action_ = "urn:vim25/" + (Older(content.api_version, VIM25_TABLES_VERSION) ? content.api_version
                                                                                      : std::string(VIM25_TABLES_VERSION));
  if (auto status = session->Login(); !status) return status.fault();
  spdlog::info("Logged in to {} as {} ({}, {})", options.url, options.user, content.full_name, session->action_);
  return session;
}

Session::~Session() {
  if (!logged_in_) return;
  if (auto status = Logout(); !status) spdlog::debug("Logout from {}: {}", options_.url, Describe(status.fault()));
}

Status Session::RetrieveContent() {
  return Once("RetrieveServiceContent", "", {.adopt_cookie = true, .send_cookie = false}, [this](Channel& channel) {
    _vim25__RetrieveServiceContent request;
    request._USCOREthis = NewMor(channel.soap(), {"ServiceInstance", "ServiceInstance"});
    _vim25__RetrieveServiceContentResponse response;
    const int rc = soap_call___vim25__RetrieveServiceContent(channel.soap(), channel.endpoint(), channel.action(),
                                                             &request, response);
    if (rc != SOAP_OK || !response.returnval) return rc == SOAP_OK ? SOAP_NO_DATA : rc;
    const vim25__ServiceContent& in = *response.returnval;
    content_.root_folder = ToMoRef(in.rootFolder);
    content_.property_collector = ToMoRef(in.propertyCollector);
    content_.view_manager = ToMoRef(in.viewManager);
    content_.session_manager = ToMoRef(in.sessionManager);
    content_.search_index = ToMoRef(in.searchIndex);
    content_.authorization_manager = ToMoRef(in.authorizationManager);
    content_.custom_fields_manager = ToMoRef(in.customFieldsManager);
    content_.user_directory = ToMoRef(in.userDirectory);
    content_.license_manager = ToMoRef(in.licenseManager);
    content_.alarm_manager = ToMoRef(in.alarmManager);
    content_.host_profile_manager = ToMoRef(in.hostProfileManager);
    if (in.about) {
      content_.api_type = in.about->apiType;
      content_.api_version = in.about->apiVersion;
      content_.full_name = in.about->fullName;
      content_.instance_uuid = in.about->instanceUuid ? *in.about->instanceUuid : "";
    }
    return SOAP_OK;
  });
}

Status Session::Login() {
  auto status = Once("Login", options_.user, {.adopt_cookie = true, .send_cookie = true}, [this](Channel& channel) {
    _vim25__Login request;
    request._USCOREthis = NewMor(channel.soap(), content_.session_manager);
    request.userName = options_.user;
    request.password = options_.password;
    _vim25__LoginResponse response;
    return soap_call___vim25__Login(channel.soap(), channel.endpoint(), channel.action(), &request, response);
  });
  logged_in_ = status.ok();
  return status;
}

Status Session::LoginAgain(const std::string& stale_cookie) {
  std::lock_guard lock(login_mutex_);
  {
    std::lock_guard cookie_lock(cookie_mutex_);
    if (cookie_ != stale_cookie) return Done{};  // another call has logged in meanwhile
    cookie_.clear();
  }
  spdlog::info("{} no longer accepts the session (NotAuthenticated); logging in again", options_.url);
  return Login();
}

Status Session::Logout() {
  auto status = Once("Logout", "", {.stoppable = false}, [this](Channel& channel) {
    _vim25__Logout request;
    request._USCOREthis = NewMor(channel.soap(), content_.session_manager);
    _vim25__LogoutResponse response;
    return soap_call___vim25__Logout(channel.soap(), channel.endpoint(), channel.action(), &request, response);
  });
  logged_in_ = false;
  std::lock_guard lock(cookie_mutex_);
  cookie_.clear();
  return status;
}

bool Session::Stopped() const { return options_.stop && options_.stop->load(); }

Status Session::Invoke(const std::string& method, Effect effect, const std::string& object,
                       const std::function<int(Channel&)>& call) {
  bool logged_in_again = false;
  for (int attempt = 0;; ++attempt) {
    if (Stopped()) {
      return Fault{"Interrupted", options_.url + ": not sent: vcshift was asked to stop", object, method, ""};
    }
    std::string cookie;  // the one this attempt presents
    auto status = Once(method, object, {.used_cookie = &cookie}, call);
    if (status || Stopped()) return status;
    const Fault& fault = status.fault();
    if (fault.type == "NotAuthenticated" && logged_in_) {
      if (logged_in_again) return RefusedAfterLogin(fault);
      // The request was refused unexecuted, so sending it again is safe.
      logged_in_again = true;
      if (auto login = LoginAgain(cookie); !login) return login;
      continue;
    }
    if (!MayResend(fault, effect) || attempt + 1 >= options_.read_attempts) return status;
    spdlog::debug("{} on {}: {}; trying again", method, options_.url, Describe(fault));
    std::this_thread::sleep_for(RetryBackoff(attempt));
  }
}

// NotAuthenticated again right after a successful login: the session is refused, not
// expired, and logging in once more would end the same way.
Fault Session::RefusedAfterLogin(const Fault& fault) const {
  Fault refused = fault;
  refused.message = options_.url + ": the session was refused right after a successful login (NotAuthenticated " +
                    "persisted: " + fault.message + "); something between vcshift and vCenter may drop the session " +
                    "cookie, or end sessions as soon as they start";
  refused.persisted = true;
  return refused;
}

Status Session::Once(const std::string& method, const std::string& object, const Attempt& how,
                     const std::function<int(Channel&)>& call) {
  auto channel = Acquire();
  if (!channel) return channel.fault();
  std::string cookie;
  if (how.send_cookie) {
    std::lock_guard lock(cookie_mutex_);
    cookie = cookie_;
  }
  if (how.used_cookie) *how.used_cookie = cookie;
  (*channel)->Prepare(cookie, action_, how.stoppable);
  const auto started = std::chrono::steady_clock::now();
  const int rc = call(**channel);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  const size_t bytes = (*channel)->received();
  if (how.adopt_cookie && !(*channel)->received_cookie().empty()) {
    std::lock_guard lock(cookie_mutex_);
    cookie_ = (*channel)->received_cookie();
  }
  // Views and collectors are named after the session: the name is logged without it.
  const std::string named = RedactSessions(object);
  if (rc == SOAP_OK) {
    Release(*channel, false);
    spdlog::debug("call {} {} {}: ok ({} ms, {} bytes)", options_.url, method, named, ms.count(), bytes);
    return Done{};
  }
  Fault fault = Concealed(FaultOfCall(**channel, options_.url, method, object));
  Release(*channel, TransportFault(fault) || fault.type == "NotAVCenter" || fault.type == "BadAnswer" ||
                        fault.type == "TlsError");
  spdlog::debug("call {} {} {}: failed ({} ms, {} bytes): {}", options_.url, method, named, ms.count(), bytes,
                Describe(fault));
  return fault;
}

void Session::Conceal(const std::string& secret, const std::string& shown) {
  if (secret.empty()) return;
  std::lock_guard lock(concealed_mutex_);
  concealed_[secret] = shown;
}

Fault Session::Concealed(Fault fault) const {
  std::lock_guard lock(concealed_mutex_);
  for (const auto& [secret, shown] : concealed_) {
    for (std::string* text : {&fault.message, &fault.object}) {
      for (size_t at = 0; (at = text->find(secret, at)) != std::string::npos; at += shown.size()) {
        text->replace(at, secret.size(), shown);
      }
    }
  }
  return fault;
}

Result<Channel*> Session::Acquire() {
  std::unique_lock lock(pool_mutex_);
  pool_freed_.wait(lock, [this] {
    return !idle_.empty() || static_cast<int>(channels_.size()) < std::max(1, options_.connections);
  });
  if (!idle_.empty()) {
    Channel* channel = idle_.back();
    idle_.pop_back();
    return channel;
  }
  std::optional<Fault> fault;
  auto channel = Channel::Open(options_, endpoint_, fault);
  if (!channel) return *fault;
  channels_.push_back(std::move(channel));
  return channels_.back().get();
}

void Session::Release(Channel* channel, bool close_connection) {
  channel->Finish(close_connection);
  {
    std::lock_guard lock(pool_mutex_);
    idle_.push_back(channel);
  }
  pool_freed_.notify_one();
}

Result<std::string> ServerTime(Session& session) {
  std::string time;
  auto status = session.Invoke("CurrentTime", Effect::ReadOnly, "", [&](Channel& channel) {
    _vim25__CurrentTime request;
    request._USCOREthis = NewMor(channel.soap(), {"ServiceInstance", "ServiceInstance"});
    _vim25__CurrentTimeResponse response;
    const int rc = soap_call___vim25__CurrentTime(channel.soap(), channel.endpoint(), channel.action(), &request,
                                                  response);
    time = response.returnval;
    return rc;
  });
  if (!status) return status.fault();
  return time;
}

}  // namespace vcshift::vsphere
