#include "providers/vsphere/scoped_reads.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <string>

#include "providers/vsphere/session.h"
#include "providers/vsphere/vim25_values.h"
#include "soapH.h"

namespace vcshift::vsphere {
namespace {

// Objects one call reads by object: the reply stays bounded whatever the scope.
constexpr size_t kObjectsPerCall = 1000;

// The outline: names and parents of everything that makes paths, and of the hosts, pools
// and switches the engine selects among; whether a switch has network I/O control on.
constexpr const char* kNiocEnabled = "config.networkResourceManagementEnabled";
const std::vector<PropertySet>& OutlineProperties() {
  static const std::vector<PropertySet> sets = {
      {"Datacenter", {"name", "parent", "hostFolder", "vmFolder"}},
      {"Folder", {"name", "parent"}},
      {"ComputeResource", {"name", "parent"}},
      {"HostSystem", {"name", "parent"}},
      {"ResourcePool", {"name", "parent"}},
      {"DistributedVirtualSwitch", {"name", "parent", kNiocEnabled}},
  };
  return sets;
}

// Which objects of each type a scoped read reads in full, in this order: a row's
// objects may come from a property read by an earlier row (`lists`: a host's VMs, a
// switch's port groups).
enum class Pick { Clusters, Hosts, Switches, Vms, PortGroups, Pools, VApps };
struct Selection {
  const char* type;   // as in discovery's property sets
  Pick pick;
  const char* lists;  // a property naming the objects of a later row, read too; "" for none
};
constexpr Selection kSelections[] = {
    {"ClusterComputeResource", Pick::Clusters, ""},
    {"HostSystem", Pick::Hosts, "vm"},
    {"DistributedVirtualSwitch", Pick::Switches, "portgroup"},
    {"VirtualMachine", Pick::Vms, ""},
    {"DistributedVirtualPortgroup", Pick::PortGroups, ""},
    {"ResourcePool", Pick::Pools, ""},
    {"VirtualApp", Pick::VApps, ""},  // the vApps among those pools, for their start order
};

bool IsSwitch(const std::string& type) {
  return type == "VmwareDistributedVirtualSwitch" || type == "DistributedVirtualSwitch";
}
bool IsPool(const std::string& type) { return type == "ResourcePool" || type == "VirtualApp"; }

struct Outlined {
  std::string type;
  std::string name;
  std::string parent;
};

class ScopedReader {
 public:
  ScopedReader(Session& session, const DiscoveryScope& scope, const std::vector<PropertySet>& sets,
               const PropertySink& sink)
      : session_(session), scope_(scope), sets_(sets), sink_(sink) {}

  Result<OutsideTheScope> Read() {
    const PropertySink outline = [this](const MoRef& object, const std::string& path, const xsd__anyType* value) {
      Outline(object, path, value);
    };
    if (Status status = RetrieveAll(session_, session_.content().root_folder, OutlineProperties(), outline); !status) {
      return status.fault();
    }
    selected_ = SelectObjects(scope_, EngineOutline());
    for (const Selection& row : kSelections) {
      const auto set = std::find_if(sets_.begin(), sets_.end(), [&](const PropertySet& s) { return s.type == row.type; });
      if (set == sets_.end()) continue;
      if (Status status = ReadAll(row, *set); !status) return status.fault();
    }
    return outside_;
  }

 private:
  void Outline(const MoRef& object, const std::string& path, const xsd__anyType* value) {
    if (path == kNiocEnabled) {
      const auto* flag = dynamic_cast<const xsd__boolean*>(value);
      outside_.nioc = outside_.nioc || (flag && flag->__item);
      return;
    }
    Outlined& entry = outlined_[object.value];
    entry.type = object.type;
    if (const auto* name = dynamic_cast<const xsd__string*>(value); name && path == "name") entry.name = name->__item;
    if (const auto* parent = dynamic_cast<const vim25__ManagedObjectReference*>(value); parent && path == "parent") {
      entry.parent = parent->__item;
    }
    if (object.type == "HostSystem") outside_.hosts = true;
    sink_(object, path, value);
  }

  const Outlined* Find(const std::string& ref) const {
    const auto it = outlined_.find(ref);
    return it == outlined_.end() ? nullptr : &it->second;
  }

  std::string DatacenterOf(std::string ref) const {
    for (int depth = 0; depth < 64; ++depth) {
      const Outlined* entry = Find(ref);
      if (!entry) return "";
      if (entry->type == "Datacenter") return entry->name;
      ref = entry->parent;
    }
    return "";
  }

  InventoryOutline EngineOutline() const {
    InventoryOutline outline;
    for (const auto& [ref, entry] : outlined_) {
      if (entry.type == "ClusterComputeResource") outline.clusters.emplace_back(DatacenterOf(ref), entry.name);
      if (entry.type != "HostSystem") continue;
      const Outlined* parent = Find(entry.parent);
      const bool clustered = parent && parent->type == "ClusterComputeResource";
      outline.hosts.push_back({DatacenterOf(ref), clustered ? parent->name : "", entry.name});
    }
    return outline;
  }

  // The cluster a pool belongs to: its root pool's parent, when that is a cluster.
  std::string ClusterOfPool(std::string ref) const {
    for (int depth = 0; depth < 64; ++depth) {
      const Outlined* entry = Find(ref);
      if (!entry) return "";
      if (!IsPool(entry->type)) return entry->type == "ClusterComputeResource" ? ref : "";
      ref = entry->parent;
    }
    return "";
  }

  bool Selected(Pick pick, const std::string& ref, const Outlined& entry) const {
    switch (pick) {
      case Pick::Clusters:
        return entry.type == "ClusterComputeResource" && selected_.clusters.count({DatacenterOf(ref), entry.name});
      case Pick::Hosts: return entry.type == "HostSystem" && selected_.hosts.count(entry.name);
      case Pick::Switches:
        return IsSwitch(entry.type) &&
               (selected_.switch_datacenters.count(DatacenterOf(ref)) || selected_.switches.count(entry.name));
      case Pick::Pools: return IsPool(entry.type) && clusters_read_.count(ClusterOfPool(ref));
      case Pick::VApps: return entry.type == "VirtualApp" && clusters_read_.count(ClusterOfPool(ref));
      case Pick::Vms:
      case Pick::PortGroups: return false;  // listed by the hosts and switches read
    }
    return false;
  }

  std::vector<MoRef> ObjectsOf(Pick pick) const {
    if (pick == Pick::Vms) return std::vector<MoRef>(vms_.begin(), vms_.end());
    if (pick == Pick::PortGroups) return std::vector<MoRef>(port_groups_.begin(), port_groups_.end());
    std::vector<MoRef> objects;
    for (const auto& [ref, entry] : outlined_) {
      if (Selected(pick, ref, entry)) objects.push_back({entry.type, ref});
    }
    return objects;
  }

  Status ReadAll(const Selection& row, const PropertySet& set) {
    const std::vector<MoRef> objects = ObjectsOf(row.pick);
    if (row.pick == Pick::Clusters) {
      for (const auto& object : objects) clusters_read_.insert(object.value);
    }
    std::vector<std::string> paths = set.paths;
    if (*row.lists) paths.push_back(row.lists);
    for (size_t first = 0; first < objects.size(); first += kObjectsPerCall) {
      const auto begin = objects.begin() + static_cast<std::ptrdiff_t>(first);
      const auto end = objects.begin() + static_cast<std::ptrdiff_t>(std::min(objects.size(), first + kObjectsPerCall));
      Status status = RetrieveProperties(session_, std::vector<MoRef>(begin, end), set.type, paths,
                                         [&](const MoRef& object, const std::string& path, const xsd__anyType* value) {
                                           if (path == row.lists) {
                                             List(row.pick, object, value);
                                           } else {
                                             sink_(object, path, value);
                                           }
                                         });
      if (!status) return status;
    }
    return Done{};
  }

  // The VMs registered on a host whose VMs are read; the port groups of a switch read.
  void List(Pick pick, const MoRef& object, const xsd__anyType* value) {
    const auto* refs = dynamic_cast<const vim25__ArrayOfManagedObjectReference*>(value);
    if (!refs) return;
    const Outlined* entry = Find(object.value);
    if (pick == Pick::Hosts && !(entry && selected_.vm_hosts.count(entry->name))) return;
    for (const auto* ref : refs->ManagedObjectReference) (pick == Pick::Hosts ? vms_ : port_groups_).insert(ToMoRef(ref));
  }

  struct ByValue {
    bool operator()(const MoRef& a, const MoRef& b) const { return a.value < b.value; }
  };

  Session& session_;
  const DiscoveryScope& scope_;
  const std::vector<PropertySet>& sets_;
  const PropertySink& sink_;
  std::map<std::string, Outlined> outlined_;
  ScopedObjects selected_;
  std::set<std::string> clusters_read_;
  std::set<MoRef, ByValue> vms_, port_groups_;
  OutsideTheScope outside_;
};

// Each type discovery asks for is outlined with all its paths, or has a selection.
void CheckEveryTypeIsScoped(const std::vector<PropertySet>& sets) {
  for (const PropertySet& set : sets) {
    const bool selected = std::any_of(std::begin(kSelections), std::end(kSelections),
                                      [&](const Selection& row) { return set.type == row.type; });
    const auto& outline = OutlineProperties();
    const auto outlined = std::find_if(outline.begin(), outline.end(), [&](const PropertySet& o) {
      return o.type == set.type && std::all_of(set.paths.begin(), set.paths.end(), [&](const std::string& path) {
               return std::find(o.paths.begin(), o.paths.end(), path) != o.paths.end();
             });
    });
    if (!selected && outlined == outline.end()) {
      throw std::logic_error("scoped discovery reads no " + set.type + ": add its row to kSelections (scoped_reads.cc)");
    }
  }
}

}  // namespace

Result<OutsideTheScope> ReadObjects(Session& session, const DiscoveryScope& scope, const std::vector<PropertySet>& sets,
                                    const PropertySink& sink) {
  if (scope.whole) {
    if (Status status = RetrieveAll(session, session.content().root_folder, sets, sink); !status) return status.fault();
    return OutsideTheScope{};
  }
  CheckEveryTypeIsScoped(sets);
  return ScopedReader(session, scope, sets, sink).Read();
}

}  // namespace vcshift::vsphere
