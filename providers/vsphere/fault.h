#pragma once
// An error from a vCenter as a value: the vim25 fault type, what vCenter said, the
// object it concerns and the call that raised it. Never raw XML in front of a user.

#include <string>

namespace vcshift::vsphere {

struct Fault {
  std::string type;     // vim25 fault type: InvalidLogin, SSLVerifyFault, DuplicateName, ...; or a
                        // transport condition: ConnectionRefused, Timeout, CertificateUntrusted
  std::string message;  // vCenter's localized message, or the OS's
  std::string object;   // inventory path or name of the object concerned, "" when none
  std::string call;     // the vim25 method, e.g. AddHost_Task
  std::string presented_thumbprint;  // SSLVerifyFault / an untrusted certificate: what was presented
  // A change was sent and its task started, but following the task failed: it may have
  // happened. Retried like a transient fault, after the state has been read again.
  bool outcome_unknown = false;
  // The fault came back after what should have cleared it (NotAuthenticated again right
  // after a successful login): trying again will not help, so it is never transient.
  bool persisted = false;

  // Faults that come and go (a dropped connection, a vCenter restarting, a call abandoned
  // because vcshift was asked to stop) and may be retried once the state has been read
  // again.
  bool Transient() const;
};

// One line for a person: "AddHost_Task on DC1/Cluster1: InvalidLogin: Cannot complete
// login due to an incorrect user name or password." plus what to do where we know it.
// Session identifiers are left out (RedactSessions).
std::string Describe(const Fault& fault);

// `text` with the session key inside every session-scoped object id
// ("session[KEY]52e1..." -> "session[...]52e1..."): vCenter names a session's views and
// property collectors so, and vcsim's KEY is the session cookie itself. Logs and messages
// pass through here.
std::string RedactSessions(std::string text);

}  // namespace vcshift::vsphere
