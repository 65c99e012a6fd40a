#pragma once
// One operation per action kind. Each re-reads the live state it needs, answers
// AlreadyDone when the effect already holds (a re-run after a crash or a transient
// failure does nothing twice), otherwise makes the change once, awaits its task and
// captures what the inverse needs. Families: datacenter.cc (datacenters and folders),
// cluster.cc, cluster_rules.cc, host.cc (state), host_move.cc (between clusters and
// vCenters), dvs.cc, host_network.cc, vm.cc.

#include "engine/action_runner.h"
#include "providers/vsphere/ops/context.h"

namespace vcshift::vsphere::ops {

ActionResult CreateDatacenter(const OpContext& op);
ActionResult DestroyDatacenter(const OpContext& op);
ActionResult CreateFolder(const OpContext& op);
ActionResult DestroyFolder(const OpContext& op);
ActionResult CreateCluster(const OpContext& op);
ActionResult DestroyCluster(const OpContext& op);
ActionResult ConfigureCluster(const OpContext& op);
ActionResult ConfigureClusterRules(const OpContext& op);
ActionResult EnterMaintenanceMode(const OpContext& op);
ActionResult ExitMaintenanceMode(const OpContext& op);
ActionResult DisconnectHost(const OpContext& op);
ActionResult ReconnectHost(const OpContext& op);
ActionResult RemoveHost(const OpContext& op);
ActionResult AddHost(const OpContext& op);
ActionResult MoveHost(const OpContext& op);
ActionResult CheckHostLogin(const OpContext& op);
ActionResult CreateDvs(const OpContext& op);
ActionResult DestroyDvs(const OpContext& op);
ActionResult ConfigureDvs(const OpContext& op);
ActionResult UpgradeDvs(const OpContext& op);
ActionResult CreateDvsPortGroup(const OpContext& op);
ActionResult DestroyDvsPortGroup(const OpContext& op);
ActionResult ConfigureDvsPortGroup(const OpContext& op);
ActionResult JoinHostToDvs(const OpContext& op);
ActionResult RemoveHostFromDvs(const OpContext& op);
ActionResult MoveVmToFolder(const OpContext& op);
ActionResult CreateResourcePool(const OpContext& op);
ActionResult DestroyResourcePool(const OpContext& op);
ActionResult ConfigureResourcePool(const OpContext& op);
ActionResult MoveVmToResourcePool(const OpContext& op);
ActionResult ConfigureVmOverrides(const OpContext& op);

// Custom attributes (ops/attributes.cc): definitions; values on a host, VM or cluster.
ActionResult AddCustomField(const OpContext& op);
ActionResult RemoveCustomField(const OpContext& op);
ActionResult SetCustomValues(const OpContext& op);
ActionResult AddRole(const OpContext& op);
ActionResult RemoveRole(const OpContext& op);
ActionResult UpdateRole(const OpContext& op);
ActionResult SetPermissions(const OpContext& op);
// One step of a host's networking (engine/host_network.h), whichever kind (host_network.cc).
ActionResult HostNetworkStep(const OpContext& op);
// Tags, on the REST session of the action's side (tags.cc).
ActionResult CreateTagCategory(const OpContext& op);
ActionResult DeleteTagCategory(const OpContext& op);
ActionResult CreateTag(const OpContext& op);
ActionResult DeleteTag(const OpContext& op);
ActionResult AttachTag(const OpContext& op);
ActionResult DetachTag(const OpContext& op);
ActionResult CreateVApp(const OpContext& op);
ActionResult DestroyVApp(const OpContext& op);
ActionResult ConfigureVApp(const OpContext& op);
// A host's licence, by edition and the key's last five characters (licenses.cc).
ActionResult SetHostLicense(const OpContext& op);

}  // namespace vcshift::vsphere::ops
