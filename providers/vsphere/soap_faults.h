#pragma once
// gSOAP's view of a failure turned into a Fault: a SOAP fault (its detail's vim25 type
// and fields), a task's LocalizedMethodFault, or a transport failure (refused, name not
// found, timed out, certificate refused). Internal to the provider: it sees gSOAP types.

#include <string>

#include "providers/vsphere/fault.h"

struct soap;
class vim25__LocalizedMethodFault;
class vim25__MethodFault;

namespace vcshift::vsphere {

class Channel;

// Transport failures that happen before a request leaves: the call was not made.
bool NotSent(const Fault& fault);
// Transport failures: worth trying again when the call only reads.
bool TransportFault(const Fault& fault);

// The failed call on `channel` (its soap->error is set) as a Fault.
Fault FaultOfCall(const Channel& channel, const std::string& url, const std::string& call, const std::string& object);

// A LocalizedMethodFault, e.g. TaskInfo.error.
Fault FaultOf(const vim25__LocalizedMethodFault* error, const std::string& call, const std::string& object);

// The vim25 type name of a fault object: its xsi:type as sent, else its class's.
std::string FaultType(const vim25__MethodFault& fault);

}  // namespace vcshift::vsphere
