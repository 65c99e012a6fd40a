#pragma once
// How to reach one vCenter: its URL, whose credentials, which certificate to trust and
// how long to wait. Plain values, filled by the CLI from the desired state.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>

namespace vcshift::vsphere {

struct TlsOptions {
  // Trust: the system's CA store, plus this PEM bundle when set. A pinned thumbprint
  // (SHA-1 or SHA-256, any common spelling) replaces the CA check: the leaf certificate
  // must have that thumbprint, whoever signed it, and the host name is not checked.
  std::string ca_file;
  std::string thumbprint;
  // Accept any certificate. Logged as a warning; for labs only.
  bool insecure = false;
};

struct Timeouts {
  std::chrono::seconds connect{15};
  std::chrono::seconds send{60};
  // The longest silence while a reply is awaited. Task waits (WaitForUpdatesEx) ask
  // vCenter to answer well within this.
  std::chrono::seconds receive{120};
  // The longest a whole call may take, from its request to the end of its reply: a
  // server that keeps sending a byte now and then never trips `receive`.
  std::chrono::seconds call{120};
};

// The default largest reply, in MiB (the desired state's `max_reply_mb`).
inline constexpr int kDefaultMaxReplyMb = 128;

struct ConnectOptions {
  std::string url;  // https://vc.example.com or https://vc.example.com/sdk
  std::string user;
  std::string password;  // never logged, never in a Fault
  TlsOptions tls;
  Timeouts timeouts;
  // Keep-alive connections, opened as calls need them: at most this many calls run at
  // once (a task's wait holds one for the task's duration). apply raises it to its
  // --parallelism.
  int connections = 4;
  int read_attempts = 3; // a read-only call is tried this often on connection errors
  // A longer reply is refused (ReplyTooLarge) and its connection closed: a reply is
  // parsed whole into memory, so an endless one would otherwise take all of it.
  size_t max_reply_bytes = static_cast<size_t>(kDefaultMaxReplyMb) << 20;
  // Set (by a signal handler) when vcshift is asked to stop: calls in flight are
  // abandoned within a fraction of a second (Interrupted), nothing is retried or sent
  // again. Logging out still goes ahead. Must outlive the session.
  const std::atomic<bool>* stop = nullptr;
};

}  // namespace vcshift::vsphere
