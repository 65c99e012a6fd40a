#pragma once
// One keep-alive HTTPS connection to a vCenter's /sdk endpoint: a gSOAP context with
// certificate checking, timeouts, and the session cookie sent on each call and picked up
// from each reply. A channel serves one call at a time; Session keeps a few. Every call
// is bounded: its reply must end by a deadline and stay under a size, and a stop request
// abandons it within a fraction of a second.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "providers/vsphere/fault.h"
#include "providers/vsphere/options.h"
#include "providers/vsphere/tls.h"

struct soap;

namespace vcshift::vsphere {

class Channel {
 public:
  // A Fault when TLS cannot be set up as asked.
  static std::unique_ptr<Channel> Open(const ConnectOptions& options, const std::string& endpoint,
                                       std::optional<Fault>& fault);
  ~Channel();
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  // Before a call: the cookie to present ("" for none) and the SOAPAction. A call that
  // is not `stoppable` (logging out) goes on after a stop request.
  void Prepare(const std::string& cookie, const std::string& action, bool stoppable = true);
  // After Prepare, instead of the cookie: one request header ("Name: value"), the REST
  // session's id (rest_session.h).
  void SetHeader(std::string header);
  struct soap* soap() { return soap_; }
  const char* endpoint() const { return endpoint_.c_str(); }
  const char* action() const { return action_.c_str(); }
  // The vmware_soap_session cookie the last reply set, "" when it set none.
  const std::string& received_cookie() const { return received_cookie_; }
  const PeerCertificate& peer() const { return peer_; }
  // Bytes of the last reply read so far, HTTP headers included.
  size_t received() const { return received_; }
  // For a call whose reply carries a failure of its own (a property collector's
  // missingSet): records it and returns the status the call should return.
  int Reject(Fault fault);
  // Why the call failed when the channel itself decided it (Reject, or a reply cut short
  // by its deadline, its size or a stop request); then gSOAP's error says nothing more.
  const std::optional<Fault>& rejected() const { return rejected_; }
  // Whether the call since Prepare() has lasted as long as a send or receive timeout:
  // gSOAP reports a timeout and a closed connection alike.
  bool TimedOut() const;
  // After a call, once its reply has been read into plain values: frees the reply and,
  // when the connection is in doubt (or a reply was cut short), closes it so the next
  // call opens a fresh one.
  void Finish(bool close_connection);

 private:
  Channel(const ConnectOptions& options, std::string endpoint);
  static int ParseHeader(struct soap* soap, const char* key, const char* value);
  static size_t Receive(struct soap* soap, char* buffer, size_t size);
  size_t ReadTls(char* buffer, size_t size);
  // The limit the call in progress has reached, if any.
  std::optional<Fault> LimitReached() const;
  size_t Cut(Fault fault);  // abandons the reply: returns gSOAP's "nothing more"

  const std::string url_;  // as the user gave it, for faults
  const std::chrono::seconds stall_;
  const std::chrono::seconds call_limit_;
  const size_t max_reply_bytes_;
  const std::atomic<bool>* const stop_source_;
  std::string endpoint_;
  std::string action_;
  std::string cookie_header_;
  std::string received_cookie_;
  PeerCertificate peer_;
  std::optional<Fault> rejected_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point deadline_;
  std::chrono::steady_clock::time_point last_received_;
  size_t received_ = 0;  // bytes of the reply so far, headers included
  bool cut_ = false;
  const std::atomic<bool>* stop_ = nullptr;  // for the call in progress
  struct soap* soap_ = nullptr;
  int (*parse_header_)(struct soap*, const char*, const char*) = nullptr;
  size_t (*receive_)(struct soap*, char*, size_t) = nullptr;
};

}  // namespace vcshift::vsphere
