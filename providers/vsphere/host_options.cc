#include "providers/vsphere/host_options.h"

#include "providers/vsphere/session.h"
#include "providers/vsphere/vim25_values.h"

namespace vcshift::vsphere {

Result<std::string> QueryHostOption(Session& session, const MoRef& option_manager, const std::string& key,
                                    const std::string& object) {
  std::string value;
  bool found = false;
  auto status = session.Invoke("QueryOptions", Effect::ReadOnly, object, [&](Channel& channel) {
    _vim25__QueryOptions request;
    request._USCOREthis = NewMor(channel.soap(), option_manager);
    std::string name = key;
    request.name = &name;
    _vim25__QueryOptionsResponse response;
    const int rc =
        soap_call___vim25__QueryOptions(channel.soap(), channel.endpoint(), channel.action(), &request, response);
    for (const auto* option : response.returnval) {
      if (!option || option->key != key) continue;
      found = true;
      const auto* text = dynamic_cast<const xsd__string*>(option->value);
      value = text ? text->__item : "";
    }
    return rc;
  });
  if (!status) return status.fault();
  if (!found) return Fault{"InvalidName", "the host has no advanced option '" + key + "'", object, "QueryOptions", ""};
  return value;
}

Status UpdateHostOption(Session& session, const MoRef& option_manager, const std::string& key,
                        const std::string& value, const std::string& object) {
  return session.Invoke("UpdateOptions", Effect::Changes, object, [&](Channel& channel) {
    struct soap* soap = channel.soap();
    auto* option = soap_new_vim25__OptionValue(soap);
    option->key = key;
    auto* text = soap_new_xsd__string(soap);
    text->__item = value;
    option->value = text;
    _vim25__UpdateOptions request;
    request._USCOREthis = NewMor(soap, option_manager);
    request.changedValue = {option};
    _vim25__UpdateOptionsResponse response;
    return soap_call___vim25__UpdateOptions(soap, channel.endpoint(), channel.action(), &request, response);
  });
}

}  // namespace vcshift::vsphere
