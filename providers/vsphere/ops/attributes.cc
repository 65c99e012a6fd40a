// Custom attributes: a definition added to or removed from the CustomFieldsManager (the
// object is the attribute's name), and the values of a host, VM or cluster (SetField; ""
// clears a value, as vCenter's clients do).

#include "providers/vsphere/custom_fields.h"
#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/ops/ops.h"
#include "providers/vsphere/ops/outcome.h"
#include "providers/vsphere/session.h"
#include "providers/vsphere/vim25_values.h"

namespace vcshift::vsphere::ops {
namespace {

constexpr char kValuePrefix[] = "value.";

// The key of the definition the action names: its name and exactly its type.
Result<std::optional<int>> DefinitionOf(const OpContext& op) {
  auto defs = CustomFieldDefs(op.session);
  if (!defs) return defs.fault();
  for (const auto& [key, def] : *defs) {
    if (def.name == op.action.object && def.type == op.Param("type")) return std::optional<int>(key);
  }
  return std::optional<int>();
}

Status SetField(Session& session, const MoRef& entity, int key, const std::string& value, const std::string& object) {
  const MoRef manager = session.content().custom_fields_manager;
  return session.Invoke("SetField", Effect::Changes, object, [&](Channel& channel) {
    _vim25__SetField request;
    request._USCOREthis = NewMor(channel.soap(), manager);
    request.entity = NewMor(channel.soap(), entity);
    request.key = key;
    request.value = value;
    _vim25__SetFieldResponse response;
    return soap_call___vim25__SetField(channel.soap(), channel.endpoint(), channel.action(), &request, response);
  });
}

}  // namespace

ActionResult AddCustomField(const OpContext& op) {
  const std::string& name = op.action.object;
  auto existing = DefinitionOf(op);
  if (!existing) return Failed(existing.fault());
  if (*existing) return AlreadyDone();
  const MoRef manager = op.session.content().custom_fields_manager;
  const std::string mo_type = ManagedObjectTypeOf(op.Param("type"));
  const Status added = op.session.Invoke("AddCustomFieldDef", Effect::Changes, name, [&](Channel& channel) {
    _vim25__AddCustomFieldDef request;
    request._USCOREthis = NewMor(channel.soap(), manager);
    request.name = name;
    std::string moType = mo_type;
    if (!mo_type.empty()) request.moType = &moType;
    _vim25__AddCustomFieldDefResponse response;
    return soap_call___vim25__AddCustomFieldDef(channel.soap(), channel.endpoint(), channel.action(), &request,
                                                response);
  });
  if (!added) return Failed(added.fault());
  return Succeeded();
}

ActionResult RemoveCustomField(const OpContext& op) {
  const std::string& name = op.action.object;
  auto existing = DefinitionOf(op);
  if (!existing) return Failed(existing.fault());
  if (!*existing) return AlreadyDone();
  const int key = **existing;
  const MoRef manager = op.session.content().custom_fields_manager;
  const Status removed = op.session.Invoke("RemoveCustomFieldDef", Effect::Changes, name, [&](Channel& channel) {
    _vim25__RemoveCustomFieldDef request;
    request._USCOREthis = NewMor(channel.soap(), manager);
    request.key = key;
    _vim25__RemoveCustomFieldDefResponse response;
    return soap_call___vim25__RemoveCustomFieldDef(channel.soap(), channel.endpoint(), channel.action(), &request,
                                                   response);
  });
  if (!removed) return Failed(removed.fault());
  return Succeeded();
}

ActionResult SetCustomValues(const OpContext& op) {
  const std::string& object = op.action.object;
  const std::string type = op.Param("type");
  auto entity = FindTyped(op.session, type, object);
  if (!entity) return Failed(entity.fault());
  if (entity->empty()) return Refused("NotFound", object, "no " + type + " '" + object + "' to set attributes on");
  auto defs = CustomFieldDefs(op.session);
  if (!defs) return Failed(defs.fault());
  auto now = CustomValuesOf(op.session, *entity);
  if (!now) return Failed(now.fault());
  Captured before;
  std::vector<std::pair<int, std::string>> sets;  // key -> value, in the params' order
  for (const auto& [param, value] : op.action.params) {
    if (!param.starts_with(kValuePrefix)) continue;
    const std::string name = param.substr(sizeof(kValuePrefix) - 1);
    const auto key = FieldKey(*defs, name, type);
    if (!key) {
      return Refused("NotFound", object, "custom attribute '" + name + "' is not defined for " + type + "s here");
    }
    const auto current = now->find(*key);
    const std::string old = current == now->end() ? "" : current->second;
    before[param] = old;
    if (old != value) sets.emplace_back(*key, value);
  }
  before["type"] = type;
  if (sets.empty()) return AlreadyDone(before);
  for (const auto& [key, value] : sets) {
    if (Status set = SetField(op.session, *entity, key, value, object); !set) return Failed(set.fault());
  }
  return Succeeded(before);
}

}  // namespace vcshift::vsphere::ops
