#include "providers/vsphere/soap_faults.h"

#include <cerrno>
#include <cstring>
#include <string_view>

#include "providers/vsphere/channel.h"
#include "providers/vsphere/thumbprint.h"
#include "providers/vsphere/tls.h"
#include "soapH.h"

namespace vcshift::vsphere {
namespace {

std::string Text(const char* text) { return text ? text : ""; }

std::string Local(std::string_view qname) {
  const auto colon = qname.rfind(':');
  return std::string(colon == std::string_view::npos ? qname : qname.substr(colon + 1));
}

// An empty reference (a fault that leaves out its required object) names nothing.
std::string Mor(const vim25__ManagedObjectReference* mor) {
  return mor && !mor->__item.empty() ? mor->type + ":" + mor->__item : "";
}

// The object a fault itself names, for when the caller named none.
std::string NamedObject(const vim25__MethodFault& fault) {
  if (auto* f = dynamic_cast<const vim25__DuplicateName*>(&fault)) return f->name;
  if (auto* f = dynamic_cast<const vim25__AlreadyConnected*>(&fault)) return f->name;
  if (auto* f = dynamic_cast<const vim25__ResourceInUse*>(&fault)) return f->name ? *f->name : "";
  if (auto* f = dynamic_cast<const vim25__InvalidProperty*>(&fault)) return f->name;
  if (auto* f = dynamic_cast<const vim25__ManagedObjectNotFound*>(&fault)) return Mor(f->obj);
  if (auto* f = dynamic_cast<const vim25__NoPermission*>(&fault)) return Mor(f->object);
  return "";
}

// What a fault's fields add to vCenter's message.
std::string Particulars(const vim25__MethodFault& fault) {
  if (auto* f = dynamic_cast<const vim25__NoPermission*>(&fault)) {
    return f->privilegeId.empty() ? "" : "privilege " + f->privilegeId;
  }
  if (auto* f = dynamic_cast<const vim25__SystemError*>(&fault)) return f->reason;
  return "";
}

void AddFaultObject(const vim25__MethodFault& fault, Fault& out) {
  out.type = FaultType(fault);
  if (out.object.empty()) out.object = NamedObject(fault);
  const std::string more = Particulars(fault);
  if (!more.empty() && out.message.find(more) == std::string::npos) {
    out.message += (out.message.empty() ? "" : " ") + ("(" + more + ")");
  }
  if (auto* f = dynamic_cast<const vim25__SSLVerifyFault*>(&fault)) {
    out.presented_thumbprint = NormalizeThumbprint(f->thumbprint).value_or(f->thumbprint);
  }
}

// The detail's one fault element: typed when it is in the subset, else its name.
void AddDetail(const SOAP_ENV__Detail* detail, Fault& out) {
  if (!detail) return;
#define VIM25_FAULT(name)                                   \
  if (detail->vim25__##name##Fault) {                       \
    AddFaultObject(*detail->vim25__##name##Fault, out);     \
    return;                                                 \
  }
#include "vim25_faults.inc"
#undef VIM25_FAULT
  // A fault outside the subset stays unparsed; its element is <TypeFault ...>.
  std::string_view any = detail->__any ? detail->__any : "";
  const auto start = any.find('<');
  if (start == std::string_view::npos) return;
  any.remove_prefix(start + 1);
  std::string name = Local(any.substr(0, any.find_first_of(" />\t\r\n")));
  if (name.ends_with("Fault") && name != "MethodFault") name.resize(name.size() - 5);
  if (!name.empty()) out.type = name;
}

Fault SoapFault(struct soap* soap, const std::string& call, const std::string& object) {
  Fault fault{"SystemError", Text(soap_fault_string(soap)), object, call, ""};
  if (soap->fault) AddDetail(soap->fault->detail ? soap->fault->detail : soap->fault->SOAP_ENV__Detail, fault);
  if (fault.message.empty()) fault.message = fault.type;
  return fault;
}

Fault Transport(const Channel& channel, struct soap* soap, const std::string& url, const std::string& call,
                const std::string& object) {
  const int error = soap->errnum;
  const std::string said = Text(soap_fault_string(soap)) + " " + Text(soap_fault_detail(soap));
  std::string type = "ConnectionFailed";
  std::string reason = error ? std::strerror(error) : said;
  if (error == ECONNREFUSED) {
    type = "ConnectionRefused";
  } else if (said.find("getaddrinfo") != std::string::npos || said.find("get host by name") != std::string::npos) {
    type = "HostNotFound";
    reason = "the host name does not resolve";
  } else if (said.find("connect failed") != std::string::npos && (error == ETIMEDOUT || channel.TimedOut())) {
    type = "Timeout";
    reason = "connecting timed out";
  } else if (error == ETIMEDOUT || error == EAGAIN || (soap->error == SOAP_EOF && channel.TimedOut())) {
    type = "Timeout";
    reason = "no answer in time";
  } else if (soap->error == SOAP_EOF || error == ECONNRESET || error == EPIPE) {
    type = "ConnectionReset";
    reason = "the connection was closed before the reply arrived";
  }
  return Fault{type, url + ": " + reason, object, call, ""};
}

// An answer that is not a SOAP envelope. At the first call that means the endpoint is not
// a vCenter at all; later, a vCenter whose service is down behind its proxy, or broken.
Fault NotSoap(struct soap* soap, const std::string& url, const std::string& call, const std::string& object) {
  const bool http = soap->error >= 100 && soap->error < 600;
  const std::string status = http ? " (HTTP " + std::to_string(soap->error) + ")" : "";
  if (soap->error == 503) {
    return Fault{"ServiceUnavailable", url + ": the vCenter service is not available" + status, object, call, ""};
  }
  if (call == "RetrieveServiceContent") {
    return Fault{"NotAVCenter", url + " answered, but not as a vSphere SDK endpoint" + status, object, call, ""};
  }
  return Fault{"BadAnswer", url + " gave an answer that is not vim25" + status, object, call, ""};
}

}  // namespace

bool NotSent(const Fault& fault) {
  return fault.type == "ConnectionRefused" || fault.type == "HostNotFound" || fault.type == "CertificateUntrusted";
}

bool TransportFault(const Fault& fault) {
  return NotSent(fault) || fault.type == "ConnectionFailed" || fault.type == "Timeout" ||
         fault.type == "ConnectionReset" || fault.type == "ServiceUnavailable";
}

std::string FaultType(const vim25__MethodFault& fault) {
  if (fault.xsi__type && !fault.xsi__type->empty()) return Local(*fault.xsi__type);
#define VIM25_FAULT(name) \
  if (fault.soap_type() == SOAP_TYPE_vim25__##name) return #name;
#include "vim25_faults.inc"
#undef VIM25_FAULT
  return "MethodFault";
}

Fault FaultOfCall(const Channel& channel, const std::string& url, const std::string& call, const std::string& object) {
  struct soap* soap = const_cast<Channel&>(channel).soap();
  if (channel.rejected()) {
    Fault fault = *channel.rejected();
    if (fault.call.empty()) fault.call = call;
    if (fault.object.empty()) fault.object = object;
    return fault;
  }
  if (auto refused = CertificateFault(channel.peer(), url)) {
    refused->call = call;
    refused->object = object;
    return *refused;
  }
  if (soap_soap_error_check(soap->error)) return SoapFault(soap, call, object);
  if (soap->error == SOAP_SSL_ERROR) {
    const std::string said = Text(soap_fault_detail(soap)) + " " + Text(soap_fault_string(soap));
    if (said.find("host name mismatch") != std::string::npos) {
      return Fault{"CertificateUntrusted",
                   "the certificate of " + url + " is trusted but made out for another host name (SHA-1 " +
                       channel.peer().sha1 + "); use the name it carries, or pin it",
                   object, call, channel.peer().sha256};
    }
    return Fault{"TlsError", url + ": " + said, object, call, channel.peer().sha256};
  }
  if (soap_tcp_error_check(soap->error)) return Transport(channel, soap, url, call, object);
  return NotSoap(soap, url, call, object);
}

Fault FaultOf(const vim25__LocalizedMethodFault* error, const std::string& call, const std::string& object) {
  Fault fault{"SystemError", "", object, call, ""};
  if (!error) return fault;
  if (error->localizedMessage) fault.message = *error->localizedMessage;
  if (error->fault) AddFaultObject(*error->fault, fault);
  if (fault.message.empty()) fault.message = fault.type;
  return fault;
}

}  // namespace vcshift::vsphere
