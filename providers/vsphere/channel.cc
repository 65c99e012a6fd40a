#include "providers/vsphere/channel.h"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <strings.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <string_view>

#include "stdsoap2.h"

// The vim25 namespace table soapcpp2 generated (vim25.nsmap), compiled in the generated
// object library.
extern SOAP_NMAC struct Namespace namespaces[];

namespace vcshift::vsphere {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kCookie = "vmware_soap_session=";
// How long a read waits before it looks at the deadline and the stop request again.
constexpr int kSliceMs = 200;

int Seconds(std::chrono::seconds s) { return static_cast<int>(s.count()); }

std::string Megabytes(size_t bytes) { return std::to_string(bytes >> 20) + " MB"; }

}  // namespace

Channel::Channel(const ConnectOptions& options, std::string endpoint)
    : url_(options.url),
      stall_(options.timeouts.receive),
      call_limit_(options.timeouts.call),
      max_reply_bytes_(options.max_reply_bytes),
      stop_source_(options.stop),
      endpoint_(std::move(endpoint)) {}

std::unique_ptr<Channel> Channel::Open(const ConnectOptions& options, const std::string& endpoint,
                                       std::optional<Fault>& fault) {
  std::unique_ptr<Channel> channel(new Channel(options, endpoint));
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
  channel->receive_ = soap->frecv;
  soap->frecv = Receive;
  fault = ConfigureTls(soap, options.tls, &channel->peer_);
  if (fault) return nullptr;
  return channel;
}

Channel::~Channel() {
  soap_destroy(soap_);
  soap_end(soap_);
  soap_free(soap_);
}

void Channel::Prepare(const std::string& cookie, const std::string& action, bool stoppable) {
  action_ = action;
  started_ = last_received_ = Clock::now();
  deadline_ = started_ + call_limit_;
  received_ = 0;
  cut_ = false;
  stop_ = stoppable ? stop_source_ : nullptr;
  received_cookie_.clear();
  rejected_.reset();
  peer_.Clear();
  cookie_header_ = cookie.empty() ? "" : "Cookie: " + std::string(kCookie) + cookie;
  soap_->http_extra_header = cookie_header_.empty() ? nullptr : cookie_header_.c_str();
}

void Channel::SetHeader(std::string header) {
  cookie_header_ = std::move(header);
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
  if (close_connection || cut_) soap_closesock(soap_);
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

size_t Channel::Receive(struct soap* soap, char* buffer, size_t size) {
  auto* self = static_cast<Channel*>(soap->user);
  if (self->cut_) return 0;
  // vcshift speaks https only; anything else would go through gSOAP's own read.
  const size_t got = soap->ssl ? self->ReadTls(buffer, size) : self->receive_(soap, buffer, size);
  self->received_ += got;
  if (got > 0) self->last_received_ = Clock::now();
  if (self->received_ > self->max_reply_bytes_) {
    return self->Cut(Fault{"ReplyTooLarge",
                           self->url_ + ": the reply was longer than " + Megabytes(self->max_reply_bytes_) +
                               " (max_reply_mb); the rest was not read",
                           "", "", ""});
  }
  return got;
}

// gSOAP's own read waits in one select per stall timeout, so a server sending a byte
// now and then keeps a call alive for ever, and nothing can end it early. This one
// waits in short slices and looks at the deadline and the stop request between them.
size_t Channel::ReadTls(char* buffer, size_t size) {
  SSL* ssl = soap_->ssl;
  const int socket = soap_->socket;
  // Non-blocking, so that SSL_read returns with a partial record instead of waiting
  // for the rest (gSOAP makes it so when timeouts are set; this does not rely on it).
  if (const int flags = fcntl(socket, F_GETFL); flags >= 0 && !(flags & O_NONBLOCK)) {
    fcntl(socket, F_SETFL, flags | O_NONBLOCK);
  }
  for (;;) {
    if (auto limit = LimitReached()) return Cut(std::move(*limit));
    ERR_clear_error();
    const int n = SSL_read(ssl, buffer, static_cast<int>(std::min<size_t>(size, INT_MAX)));
    if (n > 0) return static_cast<size_t>(n);
    const int error = SSL_get_error(ssl, n);
    if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
      // Closed or failed: gSOAP reports it (SOAP_EOF, with the errno when there is one).
      soap_->errnum = error == SSL_ERROR_SYSCALL ? errno : 0;
      return 0;
    }
    pollfd ready{socket, static_cast<short>(error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT), 0};
    if (poll(&ready, 1, kSliceMs) < 0 && errno != EINTR) {
      soap_->errnum = errno;
      return 0;
    }
  }
}

std::optional<Fault> Channel::LimitReached() const {
  if (stop_ && stop_->load()) {
    return Fault{"Interrupted", url_ + ": the call was abandoned: vcshift was asked to stop", "", "", ""};
  }
  const auto now = Clock::now();
  if (now >= deadline_) {
    return Fault{"Timeout",
                 url_ + ": the reply did not end within " + std::to_string(call_limit_.count()) +
                     " s (timeout_seconds bounds each call)",
                 "", "", ""};
  }
  if (now - last_received_ >= stall_) {
    return Fault{"Timeout", url_ + ": no answer within " + std::to_string(stall_.count()) + " s", "", "", ""};
  }
  return std::nullopt;
}

size_t Channel::Cut(Fault fault) {
  rejected_ = std::move(fault);
  cut_ = true;
  // gSOAP closes the connection of a failed call itself, and would first wait up to 5 s
  // for the server's TLS goodbye, which a hung server never sends: no goodbye.
  if (soap_->ssl) SSL_set_quiet_shutdown(soap_->ssl, 1);
  return 0;
}

}  // namespace vcshift::vsphere
