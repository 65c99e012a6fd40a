#include "providers/vsphere/channel.h"

#include <strings.h>

#include <algorithm>
#include <cstring>
#include <string_view>

#include "stdsoap2.h"

// The vim25 namespace table soapcpp2 generated (vim25.nsmap), compiled in the generated
// object library.
extern SOAP_NMAC struct Namespace namespaces[];

namespace vcshift::vsphere {
namespace {

constexpr std::string_view kCookie = "vmware_soap_session=";

int Seconds(std::chrono::seconds s) { return static_cast<int>(s.count()); }

}  // namespace

Channel::Channel(std::string endpoint) : endpoint_(std::move(endpoint)) {}

std::unique_ptr<Channel> Channel::Open(const ConnectOptions& options, const std::string& endpoint,
                                       std::optional<Fault>& fault) {
  std::unique_ptr<Channel> channel(new Channel(endpoint));
  // UTF-8 strings stay UTF-8 (inventory names are not ASCII everywhere); one connection
  // is kept open between calls.
  channel->soap_ = soap_new2(SOAP_IO_KEEPALIVE | SOAP_C_UTFSTRING, SOAP_IO_KEEPALIVE | SOAP_C_UTFSTRING);
  struct soap* soap = channel->soap_;
  soap_set_namespaces(soap, namespaces);
  soap->user = channel.get();
  soap->connect_timeout = Seconds(options.timeouts.connect);
  soap->send_timeout = Seconds(options.timeouts.send);
  soap->recv_timeout = Seconds(options.timeouts.receive);
  // The cookie is handled here, by name, whatever cookie support libgsoap was built with.
  soap->cookie_max = 0;
  channel->parse_header_ = soap->fparsehdr;
  soap->fparsehdr = ParseHeader;
  fault = ConfigureTls(soap, options.tls, &channel->peer_);
  if (fault) return nullptr;
  return channel;
}

Channel::~Channel() {
  soap_destroy(soap_);
  soap_end(soap_);
  soap_free(soap_);
}

void Channel::Prepare(const std::string& cookie, const std::string& action) {
  action_ = action;
  started_ = std::chrono::steady_clock::now();
  received_cookie_.clear();
  rejected_.reset();
  peer_.Clear();
  cookie_header_ = cookie.empty() ? "" : "Cookie: " + std::string(kCookie) + cookie;
  soap_->http_extra_header = cookie_header_.empty() ? nullptr : cookie_header_.c_str();
}

int Channel::Reject(Fault fault) {
  rejected_ = std::move(fault);
  return soap_->error = SOAP_USER_ERROR;
}

bool Channel::TimedOut() const {
  const int shortest = std::min(soap_->recv_timeout, soap_->send_timeout);
  return shortest > 0 && std::chrono::steady_clock::now() - started_ >= std::chrono::seconds(shortest);
}

void Channel::Finish(bool close_connection) {
  soap_destroy(soap_);
  soap_end(soap_);
  if (close_connection) soap_closesock(soap_);
  soap_->http_extra_header = nullptr;
}

int Channel::ParseHeader(struct soap* soap, const char* key, const char* value) {
  auto* self = static_cast<Channel*>(soap->user);
  if (key && value && !strcasecmp(key, "Set-Cookie") && std::string_view(value).starts_with(kCookie)) {
    const std::string_view rest = std::string_view(value).substr(kCookie.size());
    self->received_cookie_ = std::string(rest.substr(0, rest.find(';')));
  }
  return self->parse_header_(soap, key, value);
}

}  // namespace vcshift::vsphere
