#include "providers/vsphere/custom_fields.h"

#include "providers/vsphere/properties.h"
#include "providers/vsphere/session.h"
#include "providers/vsphere/vim25_values.h"

namespace vcshift::vsphere {
namespace {

constexpr std::pair<const char*, const char*> kTypes[] = {
    {"HostSystem", "host"}, {"VirtualMachine", "vm"}, {"ClusterComputeResource", "cluster"}, {"", "global"}};

}  // namespace

std::string CustomAttributeTypeOf(const std::string& managed_object_type) {
  for (const auto& [vim, engine] : kTypes) {
    if (managed_object_type == vim) return engine;
  }
  return managed_object_type;
}

std::string ManagedObjectTypeOf(const std::string& type) {
  for (const auto& [vim, engine] : kTypes) {
    if (type == engine) return vim;
  }
  return type;
}

std::optional<int> FieldKey(const std::map<int, CustomAttributeDef>& defs, const std::string& name,
                            const std::string& type) {
  for (const auto& [key, def] : defs) {
    if (def.name == name && (def.type == type || def.type == "global")) return key;
  }
  return std::nullopt;
}

Result<std::map<int, CustomAttributeDef>> CustomFieldDefs(Session& session) {
  std::map<int, CustomAttributeDef> defs;
  const MoRef manager = session.content().custom_fields_manager;
  const Status status = RetrieveProperties(
      session, {manager}, manager.type, {"field"}, [&](const MoRef&, const std::string&, const xsd__anyType* value) {
        const auto* fields = dynamic_cast<const vim25__ArrayOfCustomFieldDef*>(value);
        if (!fields) return;
        for (const auto* field : fields->CustomFieldDef) {
          if (!field) continue;
          defs[field->key] = {field->name,
                              CustomAttributeTypeOf(field->managedObjectType ? *field->managedObjectType : "")};
        }
      });
  if (!status) return status.fault();
  return defs;
}

Result<std::map<int, std::string>> CustomValuesOf(Session& session, const MoRef& entity) {
  std::map<int, std::string> values;
  const Status status = RetrieveProperties(
      session, {entity}, entity.type, {"customValue"}, [&](const MoRef&, const std::string&, const xsd__anyType* value) {
        const auto* list = dynamic_cast<const vim25__ArrayOfCustomFieldValue*>(value);
        if (!list) return;
        for (const auto* field : list->CustomFieldValue) {
          if (const auto* text = dynamic_cast<const vim25__CustomFieldStringValue*>(field)) {
            values[field->key] = text->value;
          }
        }
      });
  if (!status) return status.fault();
  return values;
}

}  // namespace vcshift::vsphere
