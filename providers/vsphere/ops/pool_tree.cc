#include "providers/vsphere/ops/pool_tree.h"

#include "providers/vsphere/ops/calls.h"
#include "providers/vsphere/ops/values.h"
#include "providers/vsphere/ops/vm_pools.h"
#include "providers/vsphere/pool_config.h"
#include "providers/vsphere/properties.h"
#include "providers/vsphere/session.h"

namespace vcshift::vsphere {
namespace {

// The pools and vApps below `pool`, depth first, into `tree` by path.
Status ReadBelow(Session& session, const MoRef& pool, const std::string& path,
                 std::map<std::string, std::string>& tree) {
  auto children = ReadRefs(session, pool, "resourcePool");
  if (!children) return children.fault();
  for (const MoRef& child : *children) {
    std::string name;
    auto status = RetrieveProperties(session, {child}, child.type, {"name"},
                                     [&](const MoRef&, const std::string&, const xsd__anyType* value) {
                                       name = TextOf(value);
                                     });
    if (!status) return status;
    auto allocations = AllocationsOf(session, child);
    if (!allocations) return allocations.fault();
    auto params = ParamsOf(*allocations);
    params["type"] = child.type == "VirtualApp" ? "vapp" : "pool";
    const std::string child_path = path.empty() ? name : path + "/" + name;
    tree[kPoolTreePrefix + child_path] = ParamsText(params);
    if (auto below = ReadBelow(session, child, child_path, tree); !below) return below;
  }
  return Done{};
}

}  // namespace

vim25__ResourceConfigSpec* NewResourceSpec(struct soap* soap, const Allocations& allocations) {
  auto* spec = soap_new_vim25__ResourceConfigSpec(soap);
  spec->cpuAllocation = NewAllocation(soap, allocations.cpu);
  spec->memoryAllocation = NewAllocation(soap, allocations.memory);
  return spec;
}

Result<Allocations> AllocationsOf(Session& session, const MoRef& pool) {
  Allocations read;
  auto status = RetrieveProperties(session, {pool}, pool.type, {"config"},
                                   [&](const MoRef&, const std::string&, const xsd__anyType* value) {
                                     if (const auto* config = dynamic_cast<const vim25__ResourceConfigSpec*>(value)) {
                                       read.cpu = ReadAllocation(config->cpuAllocation);
                                       read.memory = ReadAllocation(config->memoryAllocation);
                                     }
                                   });
  if (!status) return status.fault();
  return read;
}

std::map<std::string, std::string> ParamsOf(const Allocations& allocations) {
  auto params = AllocationParams("cpu", allocations.cpu);
  const auto memory = AllocationParams("memory", allocations.memory);
  params.insert(memory.begin(), memory.end());
  return params;
}

Status CreatePoolIn(Session& session, const MoRef& parent, const std::string& name, const Allocations& allocations,
                    const std::string& object) {
  return session.Invoke("CreateResourcePool", Effect::Changes, object, [&](Channel& channel) {
    _vim25__CreateResourcePool request;
    request._USCOREthis = NewMor(channel.soap(), parent);
    request.name = name;
    request.spec = NewResourceSpec(channel.soap(), allocations);
    _vim25__CreateResourcePoolResponse response;
    return soap_call___vim25__CreateResourcePool(channel.soap(), channel.endpoint(), channel.action(), &request,
                                                 response);
  });
}

Status CreateVAppIn(Session& session, const MoRef& parent, const std::string& name, const Allocations& allocations,
                    const MoRef& vm_folder, const std::string& object) {
  return session.Invoke("CreateVApp", Effect::Changes, object, [&](Channel& channel) {
    _vim25__CreateVApp request;
    request._USCOREthis = NewMor(channel.soap(), parent);
    request.name = name;
    request.resSpec = NewResourceSpec(channel.soap(), allocations);
    request.configSpec = soap_new_vim25__VAppConfigSpec(channel.soap());
    if (!vm_folder.empty()) request.vmFolder = NewMor(channel.soap(), vm_folder);
    _vim25__CreateVAppResponse response;
    return soap_call___vim25__CreateVApp(channel.soap(), channel.endpoint(), channel.action(), &request, response);
  });
}

Result<std::map<std::string, std::string>> PoolTreeOf(Session& session, const MoRef& owner) {
  std::map<std::string, std::string> tree;
  auto root = FindPool(session, owner, "");
  if (!root) return root.fault();
  if (root->empty()) return tree;
  if (auto status = ReadBelow(session, *root, "", tree); !status) return status.fault();
  return tree;
}

Status RecreatePoolTree(Session& session, const MoRef& owner, const MoRef& vm_folder,
                        const std::map<std::string, std::string>& captured, const std::string& object) {
  for (const auto& [key, text] : captured) {
    if (!key.starts_with(kPoolTreePrefix)) continue;
    const std::string path = key.substr(sizeof(kPoolTreePrefix) - 1);
    auto there = FindPool(session, owner, path);
    if (!there) return there.fault();
    if (!there->empty()) continue;
    auto parent = FindPool(session, owner, ParentPool(path));
    if (!parent) return parent.fault();
    if (parent->empty()) return Fault{"NotFound", "no resource pool '" + ParentPool(path) + "'", object, "", ""};
    const auto params = ParamsFromText(text);
    const Allocations allocations{AllocationFromParams("cpu", params), AllocationFromParams("memory", params)};
    const std::string name = PoolName(path);
    const bool vapp = params.count("type") && params.at("type") == "vapp";
    auto made = vapp ? CreateVAppIn(session, *parent, name, allocations,
                                    parent->type == "VirtualApp" ? MoRef{} : vm_folder, object)
                     : CreatePoolIn(session, *parent, name, allocations, object);
    if (!made) return made;
  }
  return Done{};
}

}  // namespace vcshift::vsphere
