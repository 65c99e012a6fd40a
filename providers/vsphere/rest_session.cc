#include "providers/vsphere/rest_session.h"

#include <spdlog/spdlog.h>

#include <cctype>
#include <chrono>
#include <map>
#include <optional>
#include <thread>

#include "providers/vsphere/soap_faults.h"
#include "stdsoap2.h"

namespace vcshift::vsphere {
namespace {

constexpr const char* kApiSession = "/api/session";
constexpr const char* kRestSession = "/rest/com/vmware/cis/session";
constexpr const char* kSessionHeader = "vmware-api-session-id: ";

// https://host:port/anything -> https://host:port
std::optional<std::string> ServerRoot(const std::string& url) {
  if (!url.starts_with("https://")) return std::nullopt;
  return url.substr(0, url.find('/', 8));
}

int Command(const std::string& method) {
  if (method == "GET") return SOAP_GET;
  if (method == "DELETE") return SOAP_DEL;
  return SOAP_POST_FILE;
}

std::optional<YAML::Node> ParseJson(const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return YAML::Node();
  try {
    return YAML::Load(body);
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
}

std::string FirstMessage(const YAML::Node& messages) {
  if (!messages || !messages.IsSequence() || messages.size() == 0) return "";
  const YAML::Node first = messages[0];
  if (first.IsMap() && first["default_message"]) return first["default_message"].as<std::string>("");
  return first.IsScalar() ? first.as<std::string>("") : "";
}

// The vAPI standard errors a status stands for, as each generation names them.
std::optional<std::string> ErrorOfStatus(int status, RestApi api) {
  static const std::map<int, std::string> kErrors = {
      {401, "unauthenticated"}, {403, "unauthorized"}, {404, "not_found"}, {503, "service_unavailable"}};
  const auto it = kErrors.find(status);
  if (it == kErrors.end()) return std::nullopt;
  if (api == RestApi::Rest) return "com.vmware.vapi.std.errors." + it->second;
  std::string upper = it->second;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

}  // namespace

RestError ParseRestError(int status, const std::string& body) {
  RestError error{"HTTP " + std::to_string(status), ""};
  const auto node = ParseJson(body);
  if (!node || !node->IsMap()) return error;
  if ((*node)["type"]) {  // /rest: {"type": "com.vmware.vapi.std.errors.X", "value": {"messages": [...]}}
    error.type = (*node)["type"].as<std::string>(error.type);
    const YAML::Node value = (*node)["value"];
    if (value && value.IsMap()) error.message = FirstMessage(value["messages"]);
  } else if ((*node)["error_type"]) {  // /api: {"error_type": "X", "messages": [...]}
    error.type = (*node)["error_type"].as<std::string>(error.type);
    error.message = FirstMessage((*node)["messages"]);
  }
  return error;
}

Result<RestSession*> Session::Rest() {
  std::lock_guard lock(rest_mutex_);
  if (rest_) return rest_.get();
  if (rest_failed_) return *rest_failed_;
  auto opened = RestSession::Open(options_);
  if (!opened) {
    rest_failed_ = opened.fault();
    return opened.fault();
  }
  rest_ = std::move(*opened);
  return rest_.get();
}

RestSession::RestSession(const ConnectOptions& options) : options_(options) {}

Result<std::unique_ptr<RestSession>> RestSession::Open(const ConnectOptions& options) {
  std::unique_ptr<RestSession> session(new RestSession(options));
  const auto root = ServerRoot(options.url);
  if (!root) {
    return Fault{"InvalidUrl", options.url + " is not an https:// URL (vcshift talks to vCenter over HTTPS only)", "",
                 "", ""};
  }
  session->base_ = *root;
  std::optional<Fault> fault;
  session->channel_ = Channel::Open(options, session->base_, fault);
  if (!session->channel_) return *fault;
  if (auto status = session->Login(); !status) return status.fault();
  spdlog::info("Logged in to {}{} as {} (vSphere Automation API)", session->base_, session->root(), options.user);
  return session;
}

RestSession::~RestSession() {
  if (session_id_.empty()) return;
  if (auto status = Logout(); !status) spdlog::debug("REST logout from {}: {}", base_, Describe(status.fault()));
}

// POST .../session with basic auth: /api first; a vCenter without it (404) speaks /rest.
Status RestSession::Login() {
  session_id_.clear();
  header_.clear();
  for (RestApi api : {RestApi::Api, RestApi::Rest}) {
    const std::string path = api == RestApi::Api ? kApiSession : kRestSession;
    Result<Reply> reply = Fault{};
    for (int attempt = 0;; ++attempt) {
      reply = Exchange("POST", path, "", {.login = true}, options_.user);
      if (reply || !MayResend(reply.fault(), Effect::ReadOnly) || attempt + 1 >= options_.read_attempts) break;
      std::this_thread::sleep_for(RetryBackoff(attempt));
    }
    if (!reply) return reply.fault();
    if (api == RestApi::Api && reply->status == 404) continue;
    api_ = api;
    if (reply->status >= 300) return ErrorOf("POST", path, *reply, options_.user);
    const auto node = ParseJson(reply->body);
    // /api answers the id itself, /rest {"value": id}.
    const YAML::Node id = node && node->IsMap() ? (*node)["value"] : node.value_or(YAML::Node());
    if (!id.IsScalar() || id.Scalar().empty()) {
      return Fault{"BadAnswer", base_ + path + ": the login's reply holds no session id", options_.user, "POST " + path,
                   ""};
    }
    session_id_ = id.Scalar();
    header_ = kSessionHeader + session_id_;
    return Done{};
  }
  return Fault{"BadAnswer", base_ + ": no vSphere Automation API (neither /api nor /rest)", "", "POST", ""};
}

Status RestSession::Logout() {
  std::lock_guard lock(mutex_);
  const std::string path = api_ == RestApi::Api ? kApiSession : kRestSession;
  auto reply = Exchange("DELETE", path, "", {.stoppable = false}, "");
  session_id_.clear();
  header_.clear();
  if (!reply) return reply.fault();
  if (reply->status >= 300) return ErrorOf("DELETE", path, *reply, "");
  return Done{};
}

Result<YAML::Node> RestSession::Call(const std::string& method, const std::string& path, const std::string& body,
                                     Effect effect, const std::string& object) {
  std::lock_guard lock(mutex_);
  bool logged_in_again = false;
  for (int attempt = 0;; ++attempt) {
    auto reply = Exchange(method, path, body, {}, object);
    if (!reply) {
      const bool stopped = options_.stop && options_.stop->load();
      if (stopped || !MayResend(reply.fault(), effect) || attempt + 1 >= options_.read_attempts) return reply.fault();
      spdlog::debug("REST {} {}{}: {}; trying again", method, base_, path, Describe(reply.fault()));
      std::this_thread::sleep_for(RetryBackoff(attempt));
      continue;
    }
    // An expired session: the request was refused unexecuted, so it may be sent again.
    if (reply->status == 401 && !logged_in_again) {
      logged_in_again = true;
      spdlog::info("{} no longer accepts the REST session; logging in again", base_);
      if (auto login = Login(); !login) return login.fault();
      continue;
    }
    if (reply->status >= 300) return ErrorOf(method, path, *reply, object);
    const auto node = ParseJson(reply->body);
    if (!node) {
      return Fault{"BadAnswer", base_ + path + ": the reply is not JSON", object, method + " " + path, ""};
    }
    if (api_ == RestApi::Rest && node->IsMap() && (*node)["value"]) return YAML::Node((*node)["value"]);
    return *node;
  }
}

Result<RestSession::Reply> RestSession::Exchange(const std::string& method, const std::string& path,
                                                 const std::string& body, How how, const std::string& object) {
  Channel& channel = *channel_;
  channel.Prepare("", "", how.stoppable);
  channel.SetHeader(how.login ? "" : header_);
  struct soap* soap = channel.soap();
  if (how.login) soap->userid = options_.user.c_str(), soap->passwd = options_.password.c_str();
  soap->http_content = body.empty() ? nullptr : "application/json";
  // A body is stored whole before sending, so that its length goes in Content-Length.
  const soap_mode sending = soap->omode;
  if (!body.empty()) soap->omode = (soap->omode & ~SOAP_IO) | SOAP_IO_STORE;
  const std::string url = base_ + path;
  const auto started = std::chrono::steady_clock::now();
  int rc = soap_connect_command(soap, Command(method), url.c_str(), nullptr);
  if (rc == SOAP_OK && !body.empty()) rc = soap_send_raw(soap, body.data(), body.size());
  if (rc == SOAP_OK) rc = soap_end_send(soap);
  soap->omode = sending;
  if (rc == SOAP_OK) rc = soap_begin_recv(soap);
  Reply reply;
  // gSOAP ends the receive of a reply whose HTTP status is an error with that status.
  const bool answered = rc == SOAP_OK || (rc >= 100 && rc < 600);
  if (answered) {
    reply.status = soap->status ? soap->status : rc;
    // An error status ends gSOAP's receive early; what body it still holds (a 400's or a
    // 500's: the API's error type) is read all the same.
    soap->error = SOAP_OK;
    size_t length = 0;
    if (const char* text = soap_http_get_body(soap, &length)) reply.body.assign(text, length);
    soap_end_recv(soap);
  }
  soap->userid = soap->passwd = nullptr;
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  if (answered && !channel.rejected()) {
    channel.Finish(rc != SOAP_OK);
    spdlog::debug("REST {} {}: HTTP {} ({} ms, {} bytes)", method, url, reply.status, ms, reply.body.size());
    return reply;
  }
  Fault fault = FaultOfCall(channel, base_, method + " " + path, object);
  channel.Finish(true);
  spdlog::debug("REST {} {}: failed ({} ms): {}", method, url, ms, Describe(fault));
  return fault;
}

Fault RestSession::ErrorOf(const std::string& method, const std::string& path, const Reply& reply,
                           const std::string& object) const {
  RestError error = ParseRestError(reply.status, reply.body);
  // gSOAP hands over no body with some statuses (401, 404): their error type is the one
  // the API documents for the status.
  if (error.type.starts_with("HTTP ")) error.type = ErrorOfStatus(reply.status, api_).value_or(error.type);
  std::string message = base_ + path + ": " + method + " answered HTTP " + std::to_string(reply.status) + " " +
                        error.type;
  if (!error.message.empty()) message += ": " + error.message;
  return Fault{error.type, message, object, method + " " + path, ""};
}

}  // namespace vcshift::vsphere
