#pragma once
// Custom attributes as vCenter's CustomFieldsManager keeps them: the definitions (a key,
// a name, the managed object type they apply to, none for every type) and the values an
// entity holds (customValue, by key). Discovery reads the definitions; ops/attributes.cc
// adds and removes them and sets values.

#include <map>
#include <optional>
#include <string>

#include "engine/inventory.h"
#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class Session;

// The definitions (CustomFieldsManager.field), by key; types in the engine's words
// (CustomAttributeTypeOf).
Result<std::map<int, CustomAttributeDef>> CustomFieldDefs(Session& session);

// "HostSystem" -> "host", "VirtualMachine" -> "vm", "ClusterComputeResource" ->
// "cluster", none -> "global"; any other type keeps its vSphere name.
std::string CustomAttributeTypeOf(const std::string& managed_object_type);
// The reverse: the managed object type of a definition, "" for global.
std::string ManagedObjectTypeOf(const std::string& type);

// The key of the definition `name` that applies to objects of engine type `type` (its
// own type, or global); nothing when there is none.
std::optional<int> FieldKey(const std::map<int, CustomAttributeDef>& defs, const std::string& name,
                            const std::string& type);

// An entity's values (customValue), by key.
Result<std::map<int, std::string>> CustomValuesOf(Session& session, const MoRef& entity);

}  // namespace vcshift::vsphere
