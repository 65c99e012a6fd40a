#include "providers/vsphere/properties.h"

#include <spdlog/spdlog.h>

#include <optional>

#include "providers/vsphere/session.h"
#include "providers/vsphere/soap_faults.h"
#include "providers/vsphere/vim25_values.h"
#include "soapH.h"

namespace vcshift::vsphere {
namespace {

// How many objects vCenter puts in one page; the rest come by token.
constexpr int kPageSize = 500;

using SpecBuilder = std::function<vim25__PropertyFilterSpec*(struct soap*)>;

vim25__PropertyFilterSpec* PropertiesOf(struct soap* soap, const std::vector<PropertySet>& sets) {
  auto* spec = soap_new_vim25__PropertyFilterSpec(soap);
  for (const PropertySet& set : sets) {
    auto* property = soap_new_vim25__PropertySpec(soap);
    property->type = set.type;
    property->pathSet = set.paths;
    spec->propSet.push_back(property);
  }
  return spec;
}

// The objects themselves.
SpecBuilder ObjectsSpec(const std::vector<MoRef>& objects, const std::string& type,
                        const std::vector<std::string>& paths) {
  return [&objects, &type, &paths](struct soap* soap) {
    auto* spec = PropertiesOf(soap, {{type, paths}});
    for (const MoRef& ref : objects) {
      auto* object = soap_new_vim25__ObjectSpec(soap);
      object->obj = NewMor(soap, ref);
      spec->objectSet.push_back(object);
    }
    return spec;
  };
}

// What a container view shows, not the view.
SpecBuilder ViewSpec(const MoRef& view, const std::vector<PropertySet>& sets) {
  return [&view, &sets](struct soap* soap) {
    auto* traversal = soap_new_vim25__TraversalSpec(soap);
    traversal->type = "ContainerView";
    traversal->path = "view";
    traversal->skip = soap_new_bool(soap);
    *traversal->skip = false;
    auto* object = soap_new_vim25__ObjectSpec(soap);
    object->obj = NewMor(soap, view);
    object->skip = soap_new_bool(soap);
    *object->skip = true;
    object->selectSet.push_back(traversal);
    auto* spec = PropertiesOf(soap, sets);
    spec->objectSet.push_back(object);
    return spec;
  };
}

// What the roots reach through the traversals: each traversal, named by its index,
// goes on with every one of them.
SpecBuilder ReachedSpec(const std::vector<MoRef>& roots, const std::vector<Traversal>& traversals,
                        const std::vector<PropertySet>& sets) {
  return [&](struct soap* soap) {
    // Each element is its own object: gSOAP writes an object met twice as a reference.
    const auto named = [soap](size_t i) {
      auto* spec = soap_new_vim25__SelectionSpec(soap);
      spec->name = soap_new_std__string(soap);
      *spec->name = "t" + std::to_string(i);
      return spec;
    };
    const auto step = [&](size_t i) {
      auto* spec = soap_new_vim25__TraversalSpec(soap);
      spec->name = named(i)->name;
      spec->type = traversals[i].type;
      spec->path = traversals[i].path;
      spec->skip = soap_new_bool(soap);
      *spec->skip = false;
      for (size_t next = 0; next < traversals.size(); ++next) spec->selectSet.push_back(named(next));
      return spec;
    };
    auto* spec = PropertiesOf(soap, sets);
    for (const MoRef& root : roots) {
      auto* object = soap_new_vim25__ObjectSpec(soap);
      object->obj = NewMor(soap, root);
      object->skip = soap_new_bool(soap);
      *object->skip = true;
      for (size_t i = 0; i < traversals.size(); ++i) object->selectSet.push_back(step(i));
      spec->objectSet.push_back(object);
    }
    return spec;
  };
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

Status Retrieve(Session& session, const SpecBuilder& spec, const std::string& object, const PropertySink& sink) {
  std::string token;
  auto status = session.Invoke("RetrievePropertiesEx", Effect::ReadOnly, object, [&](Channel& channel) {
    struct soap* soap = channel.soap();
    _vim25__RetrievePropertiesEx request;
    request._USCOREthis = NewMor(soap, session.content().property_collector);
    request.specSet.push_back(spec(soap));
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

Result<MoRef> CreateView(Session& session, const MoRef& root, const std::vector<std::string>& types) {
  MoRef view;
  auto status = session.Invoke("CreateContainerView", Effect::Changes, root.value, [&](Channel& channel) {
    _vim25__CreateContainerView request;
    request._USCOREthis = NewMor(channel.soap(), session.content().view_manager);
    request.container = NewMor(channel.soap(), root);
    request.type = types;
    request.recursive = true;
    _vim25__CreateContainerViewResponse response;
    const int rc = soap_call___vim25__CreateContainerView(channel.soap(), channel.endpoint(), channel.action(),
                                                          &request, response);
    view = ToMoRef(response.returnval);
    return rc;
  });
  if (!status) return status.fault();
  return view;
}

void DestroyView(Session& session, const MoRef& view) {
  auto status = session.Invoke("DestroyView", Effect::Changes, view.value, [&](Channel& channel) {
    _vim25__DestroyView request;
    request._USCOREthis = NewMor(channel.soap(), view);
    _vim25__DestroyViewResponse response;
    return soap_call___vim25__DestroyView(channel.soap(), channel.endpoint(), channel.action(), &request, response);
  });
  if (!status) spdlog::debug("DestroyView {}: {}", RedactSessions(view.value), Describe(status.fault()));
}

}  // namespace

Status RetrieveProperties(Session& session, const std::vector<MoRef>& objects, const std::string& type,
                          const std::vector<std::string>& paths, const PropertySink& sink) {
  return Retrieve(session, ObjectsSpec(objects, type, paths), objects.size() == 1 ? objects[0].value : "", sink);
}

Status RetrieveReached(Session& session, const std::vector<MoRef>& roots, const std::vector<Traversal>& traversals,
                       const std::vector<PropertySet>& sets, const PropertySink& sink) {
  if (roots.empty()) return Done{};
  return Retrieve(session, ReachedSpec(roots, traversals, sets), roots.size() == 1 ? roots[0].value : "", sink);
}

Status RetrieveAll(Session& session, const MoRef& root, const std::string& type, const std::vector<std::string>& paths,
                   const PropertySink& sink) {
  return RetrieveAll(session, root, {{type, paths}}, sink);
}

Status RetrieveAll(Session& session, const MoRef& root, const std::vector<PropertySet>& sets,
                   const PropertySink& sink) {
  std::vector<std::string> types;
  for (const PropertySet& set : sets) types.push_back(set.type);
  auto view = CreateView(session, root, types);
  if (!view) return view.fault();
  auto status = Retrieve(session, ViewSpec(*view, sets), root.value, sink);
  DestroyView(session, *view);
  return status;
}

}  // namespace vcshift::vsphere
