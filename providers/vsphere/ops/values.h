#pragma once
// Property values (xsd:anyType as gSOAP read them) copied into plain values, and list
// params split. Internal to the operations; a value of another type than expected reads
// as empty.

#include <sstream>
#include <string>
#include <vector>

#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/vim25_values.h"
#include "soapH.h"

namespace vcshift::vsphere {

// A param holding a comma-separated list, as its items (empty ones left out).
inline std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

inline std::string TextOf(const xsd__anyType* value) {
  if (auto* text = dynamic_cast<const xsd__string*>(value)) return text->__item;
  return "";
}

inline bool FlagOf(const xsd__anyType* value) {
  auto* flag = dynamic_cast<const xsd__boolean*>(value);
  return flag && flag->__item;
}

inline MoRef RefOf(const xsd__anyType* value) { return ToMoRef(dynamic_cast<const vim25__ManagedObjectReference*>(value)); }

inline std::vector<MoRef> RefsOf(const xsd__anyType* value) {
  std::vector<MoRef> refs;
  if (auto* array = dynamic_cast<const vim25__ArrayOfManagedObjectReference*>(value)) {
    for (const auto* ref : array->ManagedObjectReference) refs.push_back(ToMoRef(ref));
  }
  return refs;
}

}  // namespace vcshift::vsphere
