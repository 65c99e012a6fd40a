#pragma once
// One step of a plan: a value saying what to change, on which object, what it needs
// before it can run, and how to undo it.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vcshift {

enum class ActionKind {
  CreateDatacenter,
  DestroyDatacenter,
  CreateFolder,
  DestroyFolder,
  CreateCluster,
  DestroyCluster,
  ConfigureCluster,       // HA, DRS, EVC
  ConfigureClusterRules,  // DRS groups and rules
  EnterMaintenanceMode,
  ExitMaintenanceMode,
  DisconnectHost,
  ReconnectHost,
  RemoveHost,             // from a vCenter's inventory
  AddHost,                // to a cluster, with its VMs
  MoveHost,               // between clusters of one vCenter
  // Asks the target whether it would add a host (the ESXi login and certificate, and who
  // manages it) before the host leaves the source: changes nothing, so nothing to undo.
  CheckHostLogin,
  CreateDvs,
  DestroyDvs,
  ConfigureDvs,           // MTU, uplink names, network I/O control
  UpgradeDvs,             // the switch's version, upward only: not undone
  CreateDvsPortGroup,
  DestroyDvsPortGroup,
  ConfigureDvsPortGroup,  // VLAN or trunk, ports, binding, teaming
  JoinHostToDvs,
  RemoveHostFromDvs,
  // One step of a host's networking (host_network.h): params = ToParams(step), prior =
  // ToParams(Inverse(step)), so the inverse is this kind again, reading back as the
  // step's inverse. The object is the host's inventory path.
  HostNetworkStep,
  MoveVmToFolder,
  // A user's command at a point of the move (engine/hooks.h), run as a process by the
  // executor's side (engine/hook_runner.h), not by a provider; undone by its `undo:`.
  RunHook,
  UndoHook,
  // Resource pools and per-VM HA/DRS overrides (engine/resource_pools.h).
  CreateResourcePool,
  DestroyResourcePool,    // only when empty
  ConfigureResourcePool,  // CPU and memory allocations
  MoveVmToResourcePool,
  ConfigureVmOverrides,   // the cluster's dasVmConfig and drsVmConfig entries of one VM
  AddCustomField,     // a custom attribute definition (engine/plan_attributes.cc)
  RemoveCustomField,
  // Custom attribute values on a host, VM or cluster: params the values set, prior those
  // before, so the inverse is this kind again. "" clears a value.
  SetCustomValues,
  // Tags (the vSphere Automation API, engine/tags.h): a category and a tag by name, an
  // attachment as "<object path>#Category/Tag".
  CreateTagCategory,
  DeleteTagCategory,
  CreateTag,
  DeleteTag,
  AttachTag,
  DetachTag,
  // Roles and permissions (engine/plan_permissions.cc): a custom role by name (never a
  // system one), made, removed, or its privileges changed; the permissions of one object,
  // params those set ("": none) and prior those before, so the inverse is this kind again.
  AddRole,
  RemoveRole,
  UpdateRole,
  SetPermissions,
  // vApps (engine/vapps.h): a resource pool with a start order. Its members are moved in
  // by MoveVmToResourcePool; their start order entries set by ConfigureVApp.
  CreateVApp,
  DestroyVApp,    // only when empty
  ConfigureVApp,  // allocations and the members' start order entries
  // The licence assigned to a host (engine/licenses.h), by edition and the key's last
  // five characters, never the key; none: evaluation mode. Its own inverse (the prior).
  SetHostLicense,
  // Not a kind: how many there are. A kind added above needs its row in
  // action_kinds.cc (and its operation in a provider), or the build fails.
  Count,
};

// What a failure means for the run.
enum class Criticality {
  Critical,   // rolls the whole run back
  Finishing,  // optional finishing step: warns, the run carries on
  Cleanup,    // cleaning up the source: warns, the run carries on
};

// Which vCenter an action talks to.
enum class Side { Source, Target };

// A field an action changes, for review: `~ drs.automation_level: manual -> fullyAutomated`.
struct FieldChange {
  std::string field;
  std::string before;
  std::string after;
  bool operator==(const FieldChange&) const = default;
};

struct Action {
  std::string id;  // stable and unique within a plan: "<kind>:<side>:<object>"
  ActionKind kind = ActionKind::CreateDatacenter;
  Side side = Side::Target;
  std::string object;  // inventory path: DC1, DC1/Cluster1, DC1/Cluster1/esx-01.example.com
  std::map<std::string, std::string> params;  // what to set (new values); keys per kind: action_kinds.cc
  std::map<std::string, std::string> prior;   // what was there, for the inverse
  std::vector<FieldChange> changes;           // shown in the plan
  // Dependencies are resources: an action runs after every action whose outputs it
  // takes as inputs (ninja's rule). Resources name objects and states, e.g.
  // "cluster@target:DC1/Cluster1", "host@source-released:esx-01".
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  Criticality criticality = Criticality::Critical;
  bool reversible = true;  // false: the plan says what cannot be undone
  int expected_seconds = 1;
  bool operator==(const Action&) const = default;
};

// The stable name of a kind, as plans and journals spell it ("create_cluster").
const char* KindName(ActionKind kind);
const char* SideName(Side side);
const char* CriticalityName(Criticality criticality);

// The reverse of the names above, for reading saved plans; nothing when unknown.
std::optional<ActionKind> KindFromName(const std::string& name);
std::optional<Side> SideFromName(const std::string& name);
std::optional<Criticality> CriticalityFromName(const std::string& name);

// The action that undoes `action`, built from its captured prior values. Only valid for
// a reversible action.
Action Inverse(const Action& action);

}  // namespace vcshift
