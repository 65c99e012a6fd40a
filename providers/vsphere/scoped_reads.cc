#include "providers/vsphere/scoped_reads.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <string>

#include "providers/vsphere/host_search.h"
#include "providers/vsphere/session.h"
#include "providers/vsphere/vim25_values.h"
#include "soapH.h"

namespace vcshift::vsphere {
namespace {

// Objects one call reads by object: the reply stays bounded whatever the scope.
constexpr size_t kObjectsPerCall = 1000;

// The outline reads these types with every path discovery asks of them (and of the
// others only names and parents): they need no row in kSelections.
const std::vector<PropertySet>& OutlinedWhole() {
  static const std::vector<PropertySet> sets = {
      {"Datacenter", {"name", "parent", "hostFolder", "vmFolder"}},
      {"Folder", {"name", "parent"}},
      {"ComputeResource", {"name", "parent"}},
  };
  return sets;
}
const std::vector<std::string> kNameAndParent = {"name", "parent"};
constexpr const char* kNiocEnabled = "config.networkResourceManagementEnabled";
const Traversal kFolderChildren{"Folder", "childEntity"};

// Which objects of each type a scoped read reads in full, in this order: a row's
// objects may come from a property read by an earlier row (`lists`: a host's VMs, a
// switch's port groups).
enum class Pick { Clusters, Hosts, Switches, VmwareSwitches, Vms, PortGroups, Pools, VApps };
struct Selection {
  const char* type;   // as in discovery's property sets
  Pick pick;
  const char* lists;  // a property naming the objects of a later row, read too; "" for none
};
constexpr Selection kSelections[] = {
    {"ClusterComputeResource", Pick::Clusters, ""},
    {"HostSystem", Pick::Hosts, "vm"},
    {"DistributedVirtualSwitch", Pick::Switches, "portgroup"},
    {"VmwareDistributedVirtualSwitch", Pick::VmwareSwitches, ""},  // the same switches' VMware parts
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
  MoRef parent;
};

// The outline, step by step, each step's reads following what the desired state names
// (docs/architecture.md, "Scoped discovery"):
//   1. every datacenter and folder;
//   2. the named hosts, found by name (host_search.h);
//   3. every distributed switch, by name (what the datacenters' network folders hold);
//   4. the clusters of the datacenters a desired cluster names, and every host of the
//      datacenters read whole (their host folders);
//   5. what the selected clusters hold: their hosts and resource pools;
// then the selected objects in full, and at last the parents of everything read up to
// its datacenter (the VMs' folders), so that paths resolve as in a whole read.
class ScopedReader {
 public:
  ScopedReader(Session& session, const DiscoveryScope& scope, const std::vector<PropertySet>& sets,
               const PropertySink& sink)
      : session_(session), scope_(scope), sets_(sets), sink_(sink) {
    asked_.insert(session.content().root_folder.value);  // the datacenters' parent: nothing to name
  }

  Result<OutsideTheScope> Read() {
    for (Status (ScopedReader::*step)() : {&ScopedReader::ReadDatacenters, &ScopedReader::ReadNamedHosts,
                                           &ScopedReader::ReadSwitchNames, &ScopedReader::ReadHostFolders,
                                           &ScopedReader::ReadClusterContents}) {
      if (Status status = (this->*step)(); !status) return status.fault();
    }
    for (const Selection& row : kSelections) {
      const auto set = std::find_if(sets_.begin(), sets_.end(), [&](const PropertySet& s) { return s.type == row.type; });
      if (set == sets_.end()) continue;
      if (Status status = ReadAll(row, *set); !status) return status.fault();
    }
    if (Status status = ReadParents(); !status) return status.fault();
    return outside_;
  }

 private:
  // --- the outline --------------------------------------------------------------------
  // Every datacenter and folder (the planner reads the datacenters' folders across the
  // inventory: the target's for clashes and permissions, the source's permissions): a
  // view of these types only, whose bytes follow the folders, not the hosts or VMs.
  Status ReadDatacenters() {
    return RetrieveAll(session_, session_.content().root_folder,
                       {{"Datacenter", {"name", "parent", "hostFolder", "vmFolder", "networkFolder"}},
                        {"Folder", kNameAndParent}},
                       Outliner());
  }

  // The hosts the index finds by the names the desired state gives; one it knows by
  // another name is outlined under its own, which the scope does not name.
  Status ReadNamedHosts() {
    std::vector<MoRef> found;
    for (const std::string& name : scope_.hosts) {
      auto host = FindHostByName(session_, name);
      if (!host) return host.fault();
      if (!host->empty()) found.push_back(*host);
    }
    if (Status status = ReadByObject(found, "HostSystem", kNameAndParent, Outliner()); !status) return status;
    return ReadParents();
  }

  Status ReadSwitchNames() {
    std::vector<MoRef> folders;
    for (const auto& [dc, folder] : network_folders_) folders.push_back(folder);
    return RetrieveReached(session_, folders, {kFolderChildren},
                           {{"DistributedVirtualSwitch", {"name", "parent", kNiocEnabled}}}, Outliner());
  }

  // Clusters by name where the desired state names one; every host where the scope reads
  // the datacenter whole.
  Status ReadHostFolders() {
    std::set<std::string> whole = scope_.datacenters, named;
    for (const auto& [ref, entry] : outlined_) {
      if (scope_.hosts_datacenters && entry.type == "HostSystem" && scope_.hosts.count(entry.name)) {
        whole.insert(DatacenterOf(ref));
      }
    }
    for (const std::string& cluster : scope_.clusters) named.insert(cluster.substr(0, cluster.find('/')));
    std::vector<MoRef> clusters_only, with_hosts;
    for (const auto& [ref, entry] : outlined_) {
      if (entry.type != "Datacenter") continue;
      if (whole.count(entry.name)) {
        with_hosts.push_back(host_folders_.at(ref));
      } else if (named.count(entry.name)) {
        clusters_only.push_back(host_folders_.at(ref));
      }
    }
    const std::vector<PropertySet> sets = {{"ComputeResource", kNameAndParent}};
    if (Status status = RetrieveReached(session_, clusters_only, {kFolderChildren}, sets, Outliner()); !status) {
      return status;
    }
    std::vector<PropertySet> hosts = sets;
    hosts.push_back({"HostSystem", kNameAndParent});
    return RetrieveReached(session_, with_hosts, {kFolderChildren, {"ComputeResource", "host"}}, hosts, Outliner());
  }

  // The hosts and resource pools of the selected clusters (and the pools of the named
  // standalone hosts); then the final selection.
  Status ReadClusterContents() {
    selected_ = SelectObjects(scope_, EngineOutline());
    std::vector<MoRef> roots;
    for (const auto& [ref, entry] : outlined_) {
      if (entry.type == "ClusterComputeResource" && selected_.clusters.count({DatacenterOf(ref), entry.name})) {
        roots.push_back({entry.type, ref});
        clusters_read_.insert(ref);
      }
    }
    // A named standalone host's pools and vApps, read in full as a cluster's.
    for (const auto& [ref, entry] : outlined_) {
      if (entry.type == "HostSystem" && scope_.hosts.count(entry.name) && entry.parent.type == "ComputeResource") {
        roots.push_back(entry.parent);
        clusters_read_.insert(entry.parent.value);
      }
    }
    // A container view per compute resource: one call for its hosts and every pool and
    // vApp below it, however deep, where a walk by ResourcePool.resourcePool would take
    // a call per level (and vcsim 0.24 answered that property of a vApp wrongly until
    // vcshift-sim mended it: tests/sim/vapps.go).
    for (const MoRef& root : roots) {
      const Status status =
          RetrieveAll(session_, root, {{"HostSystem", kNameAndParent}, {"ResourcePool", kNameAndParent}}, Outliner());
      if (!status) return status;
    }
    selected_ = SelectObjects(scope_, EngineOutline());
    return Done{};
  }

  // The parents of everything outlined, and theirs, up to what is known (every
  // datacenter and folder is): compute resources, pools and vApps.
  Status ReadParents() {
    for (int depth = 0; depth < 64; ++depth) {
      std::map<std::string, std::vector<MoRef>> unknown;  // by type
      for (const auto& [ref, entry] : outlined_) {
        if (!entry.parent.empty() && !outlined_.count(entry.parent.value) && asked_.insert(entry.parent.value).second) {
          unknown[entry.parent.type].push_back(entry.parent);
        }
      }
      if (unknown.empty()) return Done{};
      for (const auto& [type, objects] : unknown) {
        if (Status status = ReadByObject(objects, type, kNameAndParent, Outliner()); !status) return status;
      }
    }
    return Done{};
  }

  PropertySink Outliner() {
    return [this](const MoRef& object, const std::string& path, const xsd__anyType* value) {
      Outline(object, path, value);
    };
  }

  // Names, parents and folders are kept here and passed on; the switches' NIOC flag and
  // the datacenters' network folders are the outline's alone.
  void Outline(const MoRef& object, const std::string& path, const xsd__anyType* value) {
    if (path == kNiocEnabled) {
      const auto* flag = dynamic_cast<const xsd__boolean*>(value);
      outside_.nioc = outside_.nioc || (flag && flag->__item);
      return;
    }
    const auto* ref = dynamic_cast<const vim25__ManagedObjectReference*>(value);
    if (path == "networkFolder") {
      if (ref) network_folders_[object.value] = ToMoRef(ref);
      return;
    }
    if (path == "hostFolder" && ref) host_folders_[object.value] = ToMoRef(ref);
    Outlined& entry = outlined_[object.value];
    entry.type = object.type;
    if (const auto* name = dynamic_cast<const xsd__string*>(value); name && path == "name") entry.name = name->__item;
    if (ref && path == "parent") entry.parent = ToMoRef(ref);
    sink_(object, path, value);
  }

  // --- selecting ----------------------------------------------------------------------
  const Outlined* Find(const std::string& ref) const {
    const auto it = outlined_.find(ref);
    return it == outlined_.end() ? nullptr : &it->second;
  }

  std::string DatacenterOf(std::string ref) const {
    for (int depth = 0; depth < 64; ++depth) {
      const Outlined* entry = Find(ref);
      if (!entry) return "";
      if (entry->type == "Datacenter") return entry->name;
      ref = entry->parent.value;
    }
    return "";
  }

  InventoryOutline EngineOutline() const {
    InventoryOutline outline;
    for (const auto& [ref, entry] : outlined_) {
      if (entry.type == "ClusterComputeResource") outline.clusters.emplace_back(DatacenterOf(ref), entry.name);
      if (entry.type != "HostSystem") continue;
      const Outlined* parent = Find(entry.parent.value);
      const bool clustered = parent && parent->type == "ClusterComputeResource";
      outline.hosts.push_back({DatacenterOf(ref), clustered ? parent->name : "", entry.name});
    }
    return outline;
  }

  // The compute resource a pool belongs to (a cluster, or a standalone host's): its root
  // pool's parent.
  std::string OwnerOfPool(std::string ref) const {
    for (int depth = 0; depth < 64; ++depth) {
      const Outlined* entry = Find(ref);
      if (!entry) return "";
      if (!IsPool(entry->type)) return ref;
      ref = entry->parent.value;
    }
    return "";
  }

  bool Selected(Pick pick, const std::string& ref, const Outlined& entry) const {
    switch (pick) {
      case Pick::Clusters: return entry.type == "ClusterComputeResource" && clusters_read_.count(ref);
      case Pick::Hosts: return entry.type == "HostSystem" && selected_.hosts.count(entry.name);
      case Pick::Switches: return IsSwitch(entry.type) && SwitchSelected(ref, entry);
      // Every switch: on vCenter the VMware parts come for the VMware ones only.
      case Pick::VmwareSwitches: return IsSwitch(entry.type) && SwitchSelected(ref, entry);
      case Pick::Pools: return IsPool(entry.type) && clusters_read_.count(OwnerOfPool(ref));
      case Pick::VApps: return entry.type == "VirtualApp" && clusters_read_.count(OwnerOfPool(ref));
      case Pick::Vms:
      case Pick::PortGroups: return false;  // listed by the hosts and switches read
    }
    return false;
  }

  bool SwitchSelected(const std::string& ref, const Outlined& entry) const {
    return selected_.switch_datacenters.count(DatacenterOf(ref)) || selected_.switches.count(entry.name);
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

  // --- reading in full ----------------------------------------------------------------
  Status ReadByObject(const std::vector<MoRef>& objects, const std::string& type, const std::vector<std::string>& paths,
                      const PropertySink& sink) {
    for (size_t first = 0; first < objects.size(); first += kObjectsPerCall) {
      const auto begin = objects.begin() + static_cast<std::ptrdiff_t>(first);
      const auto end = objects.begin() + static_cast<std::ptrdiff_t>(std::min(objects.size(), first + kObjectsPerCall));
      if (Status status = RetrieveProperties(session_, std::vector<MoRef>(begin, end), type, paths, sink); !status) {
        return status;
      }
    }
    return Done{};
  }

  Status ReadAll(const Selection& row, const PropertySet& set) {
    std::vector<std::string> paths = set.paths;
    if (*row.lists) paths.push_back(row.lists);
    return ReadByObject(ObjectsOf(row.pick), set.type, paths,
                        [&](const MoRef& object, const std::string& path, const xsd__anyType* value) {
                          if (path == row.lists) {
                            List(row.pick, object, value);
                          } else if (path == "name" || path == "parent") {
                            Outline(object, path, value);
                          } else {
                            sink_(object, path, value);
                          }
                        });
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
  std::map<std::string, MoRef> host_folders_, network_folders_;  // datacenter -> its folder
  std::set<std::string> asked_;                                   // parents read by ReadParents
  ScopedObjects selected_;
  std::set<std::string> clusters_read_;  // and the compute resources of the named standalone hosts
  std::set<MoRef, ByValue> vms_, port_groups_;
  OutsideTheScope outside_;
};

// Each type discovery asks for is outlined with all its paths, or has a selection.
void CheckEveryTypeIsScoped(const std::vector<PropertySet>& sets) {
  for (const PropertySet& set : sets) {
    const bool selected = std::any_of(std::begin(kSelections), std::end(kSelections),
                                      [&](const Selection& row) { return set.type == row.type; });
    const auto& outline = OutlinedWhole();
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
