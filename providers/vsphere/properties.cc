#include "providers/vsphere/properties.h"

#include <optional>

#include "providers/vsphere/session.h"
#include "providers/vsphere/soap_faults.h"
#include "providers/vsphere/vim25_values.h"
#include "soapH.h"

namespace vcshift::vsphere {
namespace {

// How many objects vCenter puts in one page; the rest come by token.
constexpr int kPageSize = 500;

vim25__PropertyFilterSpec* FilterSpec(struct soap* soap, const std::vector<MoRef>& objects, const std::string& type,
                                      const std::vector<std::string>& paths) {
  auto* property = soap_new_vim25__PropertySpec(soap);
  property->type = type;
  property->pathSet = paths;
  auto* spec = soap_new_vim25__PropertyFilterSpec(soap);
  spec->propSet.push_back(property);
  for (const MoRef& ref : objects) {
    auto* object = soap_new_vim25__ObjectSpec(soap);
    object->obj = NewMor(soap, ref);
    spec->objectSet.push_back(object);
  }
  return spec;
}

// A property vCenter could not read (NotAuthenticated, NoPermission, ...), as the call's
// Fault: discovery must never mistake an unreadable property for an unset one.
std::optional<Fault> Missing(const vim25__ObjectContent& content) {
  if (content.missingSet.empty()) return std::nullopt;
  const auto& missing = *content.missingSet.front();
  return FaultOf(missing.fault, "RetrievePropertiesEx", ToMoRef(content.obj).value + " " + missing.path);
}

// Passes one page to the sink and sets `token` to the next page's ("" after the last).
int Take(Channel& channel, const vim25__RetrieveResult* page, const PropertySink& sink, std::string& token) {
  token.clear();
  if (!page) return SOAP_OK;
  for (const auto* content : page->objects) {
    if (auto fault = Missing(*content)) return channel.Reject(*fault);
    const MoRef object = ToMoRef(content->obj);
    for (const auto* property : content->propSet) sink(object, property->name, property->val);
  }
  if (page->token) token = *page->token;
  return SOAP_OK;
}

}  // namespace

Status RetrieveProperties(Session& session, const std::vector<MoRef>& objects, const std::string& type,
                          const std::vector<std::string>& paths, const PropertySink& sink) {
  const std::string object = objects.size() == 1 ? objects[0].value : "";
  std::string token;
  auto status = session.Invoke("RetrievePropertiesEx", Effect::ReadOnly, object, [&](Channel& channel) {
    struct soap* soap = channel.soap();
    _vim25__RetrievePropertiesEx request;
    request._USCOREthis = NewMor(soap, session.content().property_collector);
    request.specSet.push_back(FilterSpec(soap, objects, type, paths));
    request.options = soap_new_vim25__RetrieveOptions(soap);
    request.options->maxObjects = soap_new_int(soap);
    *request.options->maxObjects = kPageSize;
    _vim25__RetrievePropertiesExResponse response;
    const int rc = soap_call___vim25__RetrievePropertiesEx(soap, channel.endpoint(), channel.action(), &request,
                                                           response);
    return rc == SOAP_OK ? Take(channel, response.returnval, sink, token) : rc;
  });
  while (status && !token.empty()) {
    status = session.Invoke("ContinueRetrievePropertiesEx", Effect::ReadOnly, object, [&](Channel& channel) {
      _vim25__ContinueRetrievePropertiesEx request;
      request._USCOREthis = NewMor(channel.soap(), session.content().property_collector);
      request.token = token;
      _vim25__ContinueRetrievePropertiesExResponse response;
      const int rc = soap_call___vim25__ContinueRetrievePropertiesEx(channel.soap(), channel.endpoint(),
                                                                     channel.action(), &request, response);
      if (rc != SOAP_OK) token.clear();
      return rc == SOAP_OK ? Take(channel, response.returnval, sink, token) : rc;
    });
  }
  return status;
}

}  // namespace vcshift::vsphere
