#include "providers/vsphere/fault.h"

#include <array>
#include <string_view>

namespace vcshift::vsphere {
namespace {

struct Advice {
  const char* type;
  const char* text;
};

constexpr std::array<Advice, 10> kAdvice = {{
    {"InvalidLogin", "check the user and the password's environment variable or credentials file"},
    {"NotAuthenticated", "vCenter no longer accepts the session"},
    {"ConnectionRefused", "check the URL and port, and that the vCenter is up"},
    {"HostNotFound", "check the vCenter's name in the desired state and the DNS of this machine"},
    {"Timeout", "the vCenter did not answer in time; check the network path to it"},
    {"ServiceUnavailable", "the vCenter's services are starting or stopped; try again in a few minutes"},
    {"NotAVCenter", "the URL must name a vCenter Server, not an ESXi host or another web server"},
    {"DuplicateName", "an object of that name already exists there"},
    {"InvalidState", "the object is not in a state that allows this; see vCenter's message"},
    {"ReplyTooLarge", "if this vCenter's replies are really that large, raise max_reply_mb in its connection settings"},
}};

}  // namespace

bool Fault::Transient() const {
  if (persisted) return false;
  return outcome_unknown || type == "ConnectionRefused" || type == "ConnectionReset" || type == "ConnectionFailed" || type == "Timeout" ||
         type == "ServiceUnavailable" || type == "NotAuthenticated" || type == "Interrupted";
}

std::string Describe(const Fault& fault) {
  std::string out = fault.call;
  if (!fault.object.empty()) out += (out.empty() ? "" : " on ") + fault.object;
  out += (out.empty() ? "" : ": ") + fault.type;
  if (!fault.message.empty()) out += ": " + fault.message;
  if (fault.outcome_unknown) out += " (while following its task: the change was sent and may have happened)";
  if (!fault.presented_thumbprint.empty()) {
    out += " (the certificate presented has thumbprint " + fault.presented_thumbprint +
           "; pin it with `thumbprint:` if you trust it)";
  }
  out = RedactSessions(std::move(out));
  if (fault.persisted) return out;  // its message says what happened
  for (const auto& advice : kAdvice) {
    if (fault.type == advice.type) return out + " (" + advice.text + ")";
  }
  return out;
}

std::string RedactSessions(std::string text) {
  static constexpr std::string_view kOpen = "session[";
  for (size_t at = text.find(kOpen); at != std::string::npos; at = text.find(kOpen, at)) {
    at += kOpen.size();
    const size_t close = text.find(']', at);
    if (close == std::string::npos) break;
    text.replace(at, close - at, "...");
  }
  return text;
}

}  // namespace vcshift::vsphere
