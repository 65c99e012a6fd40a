#include "providers/vsphere/ops/host_state.h"

#include <vector>

#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/ops/values.h"
#include "providers/vsphere/properties.h"

namespace vcshift::vsphere {

Result<HostState> ReadHost(Session& session, const MoRef& host) {
  HostState state;
  auto status = RetrieveProperties(
      session, {host}, "HostSystem", {"runtime.connectionState", "runtime.inMaintenanceMode", "parent", "summary"},
      [&](const MoRef&, const std::string& path, const xsd__anyType* value) {
        if (auto* connection = dynamic_cast<const vim25__HostSystemConnectionState*>(value)) {
          state.connection = connection->__item;
        } else if (path == "runtime.inMaintenanceMode") {
          state.maintenance = FlagOf(value);
        } else if (path == "parent") {
          state.parent = RefOf(value);
        } else if (auto* summary = dynamic_cast<const vim25__HostListSummary*>(value)) {
          if (summary->config && summary->config->sslThumbprint) state.thumbprint = *summary->config->sslThumbprint;
        }
      });
  if (!status) return status.fault();
  return state;
}

Result<LocatedHost> LocateHost(Session& session, const std::string& name, const std::vector<std::string>& places,
                               const std::string& object) {
  auto ref = FindHost(session, name, places);
  if (!ref) return ref.fault();
  if (ref->empty()) return Fault{"NotFound", "host '" + name + "' is not in this vCenter", object, "", ""};
  auto state = ReadHost(session, *ref);
  if (!state) return state.fault();
  return LocatedHost{*ref, *state};
}

Result<std::string> PlaceOf(Session& session, const MoRef& parent) {
  // Up to the datacenter: the compute resource, its folders, the datacenter's host folder.
  std::vector<std::string> names;
  std::string datacenter;
  for (MoRef at = parent; !at.empty() && datacenter.empty();) {
    std::string name;
    MoRef up;
    auto status = RetrieveProperties(session, {at}, at.type, {"name", "parent"},
                                     [&](const MoRef&, const std::string& path, const xsd__anyType* value) {
                                       if (path == "name") name = TextOf(value);
                                       if (path == "parent") up = RefOf(value);
                                     });
    if (!status) return status.fault();
    if (at.type == "Datacenter") datacenter = name;
    names.push_back(name);
    at = up;
  }
  if (names.size() < 3) return Fault{"NotFound", "no datacenter above " + parent.value, parent.value, "", ""};
  if (parent.type == "ClusterComputeResource") return datacenter + "/" + names.front();
  // A standalone host's own compute resource is not a place; its folders are.
  std::string folders;
  for (size_t i = names.size() - 3; i >= 1; --i) folders += (folders.empty() ? "" : "/") + names[i];
  return folders.empty() ? datacenter : datacenter + "/" + folders;  // as the planner's PlacePath
}

}  // namespace vcshift::vsphere
