#pragma once
// One keep-alive HTTPS connection to a vCenter's /sdk endpoint: a gSOAP context with
// certificate checking, timeouts, and the session cookie sent on each call and picked up
// from each reply. A channel serves one call at a time; Session keeps a few.

#include <chrono>
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

  // Before a call: the cookie to present ("" for none) and the SOAPAction.
  void Prepare(const std::string& cookie, const std::string& action);
  struct soap* soap() { return soap_; }
  const char* endpoint() const { return endpoint_.c_str(); }
  const char* action() const { return action_.c_str(); }
  // The vmware_soap_session cookie the last reply set, "" when it set none.
  const std::string& received_cookie() const { return received_cookie_; }
  const PeerCertificate& peer() const { return peer_; }
  // For a call whose reply carries a failure of its own (a property collector's
  // missingSet): records it and returns the status the call should return.
  int Reject(Fault fault);
  const std::optional<Fault>& rejected() const { return rejected_; }
  // Whether the call since Prepare() has lasted as long as a send or receive timeout:
  // gSOAP reports a timeout and a closed connection alike.
  bool TimedOut() const;
  // After a call, once its reply has been read into plain values: frees the reply and,
  // when the connection is in doubt, closes it so the next call opens a fresh one.
  void Finish(bool close_connection);

 private:
  explicit Channel(std::string endpoint);
  static int ParseHeader(struct soap* soap, const char* key, const char* value);

  std::string endpoint_;
  std::string action_;
  std::string cookie_header_;
  std::string received_cookie_;
  PeerCertificate peer_;
  std::optional<Fault> rejected_;
  std::chrono::steady_clock::time_point started_;
  struct soap* soap_ = nullptr;
  int (*parse_header_)(struct soap*, const char*, const char*) = nullptr;
};

}  // namespace vcshift::vsphere
