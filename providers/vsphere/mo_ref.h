#pragma once
// A managed object reference as a plain value ("HostSystem", "host-21"): how the provider
// names vCenter objects between calls. Never leaves the provider; the engine uses names.

#include <string>

namespace vcshift::vsphere {

struct MoRef {
  std::string type;
  std::string value;
  bool operator==(const MoRef&) const = default;
  bool empty() const { return value.empty(); }
};

}  // namespace vcshift::vsphere
