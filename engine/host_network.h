#pragma once
// One host's networking as a value, and the small steps that change it while the host
// moves between vCenters (issue 8): a pNIC, a VMkernel adapter or a VM NIC from one
// switch to another, a standard switch or port group created or deleted, a distributed
// switch joined or left. Everything here is pure: `Apply` computes the next state,
// `CheckInvariants` says what a step broke, `Inverse` undoes a step. How the steps are
// chosen is in host_network_plan.h; docs/host-networking.md explains both for users.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/inventory.h"

namespace vcshift {

// A distributed switch as one host sees it: what the host can join and use. Steps never
// change it; the host's membership is in HostNetwork::proxy_switches.
struct HostDvs {
  std::string name;
  int mtu = 1500;
  std::vector<std::string> uplinks;
  std::vector<std::string> lacp_groups;
  std::vector<DvsPortGroup> port_groups;
  bool nioc = false;  // network I/O control on
  bool operator==(const HostDvs&) const = default;
};

struct HostVmNic {
  std::string vm;
  std::string label;    // "Network adapter 1"
  std::string network;  // port group name
  std::string dvs;      // its distributed switch, or "" for a standard port group
  bool connected = true;
  bool powered_on = true;  // the VM's: a powered-off VM loses nothing while it is unplugged
  bool operator==(const HostVmNic&) const = default;
};

// Every list is kept sorted by name, so two states of the same networking compare equal.
// On a standard switch, the teaming order is explicit (never "empty means all"): a pNIC
// is active, standby, or unused (also when no list names it). A provider reads a live host
// into this model as well, so that the plan and the run judge where a NIC is by the same
// rules.
struct HostNetwork {
  std::string host;
  std::vector<PhysicalNic> pnics;
  std::vector<StandardSwitch> standard_switches;
  std::vector<StandardPortGroup> port_groups;
  std::vector<VmkernelNic> vmkernel_nics;
  std::vector<ProxySwitch> proxy_switches;  // the distributed switches the host is a member of
  std::vector<HostVmNic> vm_nics;           // of the VMs registered on the host
  std::vector<HostDvs> distributed_switches;
  // Net.IOControlPnicOptOut, exactly as set: the pNICs network I/O control leaves alone.
  std::string nioc_pnic_opt_out;
  bool operator==(const HostNetwork&) const = default;
};

// The state of `host` from an inventory: its VMs are those of `vms` on it, and
// `switches` are the distributed switches it is on or may join (of its vCenter).
HostNetwork HostNetworkOf(const InventoryHost& host, const std::vector<InventoryVm>& vms,
                          const std::vector<InventoryDvs>& switches);
// The same for a caller that has the host's VMs and switches at hand (a planner's index).
HostNetwork HostNetworkFrom(const InventoryHost& host, const std::vector<const InventoryVm*>& vms,
                            const std::vector<const InventoryDvs*>& switches);

HostDvs HostDvsOf(const InventoryDvs& dvs);

// The host's networking as it arrives in another vCenter, once ToStandardSwitch's steps
// have taken it off every distributed switch: what is on the host travels, the
// distributed switches it may join are `switches` (of the target).
HostNetwork ArrivedAt(HostNetwork state, const std::vector<InventoryDvs>& switches);
HostNetwork ArrivedAt(HostNetwork state, const std::vector<const InventoryDvs*>& switches);

// Where a NIC is. For a VMkernel adapter or VM NIC: a port group of a switch. For a pNIC:
// an uplink of a distributed switch, or its teaming role on a standard switch ("active",
// "standby", "unused"); a pNIC on no switch has an empty `switch_name`.
struct NetworkPlace {
  std::string switch_name;
  bool distributed = false;
  std::string port_group;  // VMkernel adapters and VM NICs
  std::string uplink;      // pNICs
  bool operator==(const NetworkPlace&) const = default;
};

enum class StepKind {
  CreateStandardSwitch,  // object: the switch; mtu
  DeleteStandardSwitch,  // object: the switch; mtu; it must hold nothing
  CreatePortGroup,       // object: the port group; to.switch_name; vlan
  DeletePortGroup,       // object: the port group; from.switch_name; vlan; nothing on it
  JoinDvs,               // object: the distributed switch; no pNIC yet
  LeaveDvs,              // object: the distributed switch; nothing left on it
  MovePnic,              // object: the pNIC; from, to
  MoveVmknic,            // object: the VMkernel adapter; from, to
  MoveVmNic,             // object: the VM; nic: its label; from, to
  // A pNIC and VMkernel adapters in one host update (UpdateNetworkConfig): how a host
  // whose traffic can use only one pNIC moves without losing its management network.
  MovePnicWithVmknics,  // object: the pNIC; from, to; vmknics
  // The host's Net.IOControlPnicOptOut set from `value_from` to `value_to`: pNICs taken
  // out of network I/O control for the move, and the exact value put back after it.
  TakeOutOfNioc,  // object: kNiocOption; value_to lists more pNICs than value_from
  RestoreNioc,    // object: kNiocOption; the inverse
};

// The pNICs a value of kNiocOption lists, blanks around each name dropped.
std::vector<std::string> NiocOptOutPnics(const std::string& value);

struct VmknicMove {
  std::string device;
  NetworkPlace from;
  NetworkPlace to;
  bool operator==(const VmknicMove&) const = default;
};

// One step, small enough to become one plan action. Fields a kind does not use stay empty.
struct NetworkStep {
  StepKind kind = StepKind::MovePnic;
  std::string object;
  std::string nic;
  NetworkPlace from;
  NetworkPlace to;
  int vlan = 0;
  int mtu = 0;
  std::vector<VmknicMove> vmknics;
  std::string value_from;  // TakeOutOfNioc, RestoreNioc: the option before and after
  std::string value_to;
  bool operator==(const NetworkStep&) const = default;
};

// The stable name of a kind, as saved plans spell it ("move_pnic").
const char* StepKindName(StepKind kind);
std::optional<StepKind> StepKindFromName(const std::string& name);

// For the plan: "move vmnic1 from DSwitch1 (uplink2) to vSwitch-vcshift (active)".
std::string Describe(const NetworkStep& step);

// The step that undoes `step`: the paired kind, from and to swapped.
NetworkStep Inverse(const NetworkStep& step);

// --- questions about a state --------------------------------------------------------

// Lookups by name; nullptr when there is none.
const HostDvs* FindDvs(const HostNetwork& state, const std::string& name);
const ProxySwitch* FindProxy(const HostNetwork& state, const std::string& dvs);
const StandardSwitch* FindStandardSwitch(const HostNetwork& state, const std::string& name);
const StandardPortGroup* FindStandardPortGroup(const HostNetwork& state, const std::string& name);
const DvsPortGroup* FindDvsPortGroup(const HostDvs& dvs, const std::string& name);

// The pNIC exists and has link (speed above 0).
bool HasLink(const HostNetwork& state, const std::string& pnic);

// Where a pNIC is; an empty switch name when it is on none.
NetworkPlace PnicPlace(const HostNetwork& state, const std::string& pnic);
// A pNIC's place as plans and refusals name it: "DSwitch1 (uplink2)", "vSwitch0 (active)",
// or "no switch".
std::string PnicText(const NetworkPlace& place);
// Where a VMkernel adapter or VM NIC on `port_group` of `dvs` ("" for standard) is.
NetworkPlace NicPlace(const HostNetwork& state, const std::string& port_group, const std::string& dvs);

// The network at `place` has a pNIC with link among its active uplinks.
bool HasActiveUplink(const HostNetwork& state, const NetworkPlace& place);

// The VLANs a network carries: one VLAN, or trunk ranges. A standard port group can only
// trunk all of them (VLAN 4095).
struct Vlans {
  int vlan = 0;
  std::vector<std::pair<int, int>> trunk;
  bool operator==(const Vlans&) const = default;
};

inline constexpr int kAllVlans = 4095;

Vlans VlansOf(const StandardPortGroup& group);
Vlans VlansOf(const DvsPortGroup& group);
// Equal, or both trunks of which one carries every VLAN: a trunk moving onto a standard
// switch widens, moving back narrows; any other change cuts traffic off.
bool SameVlans(const Vlans& a, const Vlans& b);
std::string VlanText(const Vlans& vlans);  // "VLAN 10", "trunk 200-299"

// A step or state refused, naming the host, the step (its description; empty for a
// precheck), the rule broken, and what to change.
struct NetworkProblem {
  std::string host;
  std::string step;
  std::string rule;  // e.g. "management-uplink", "same-vlan", "lacp"
  std::string message;
  bool operator==(const NetworkProblem&) const = default;
};

// "host esx-01: move vmk0 ...: management-uplink: ..."
std::string Format(const NetworkProblem& problem);

struct AppliedStep {
  std::optional<HostNetwork> state;
  std::vector<NetworkProblem> problems;  // why there is no state
};

// The state after `step`, or why the step does not fit `state` (rule "fit": what it
// moves is not where the step says, what it needs is missing). Checks no invariant.
AppliedStep Apply(const HostNetwork& state, const NetworkStep& step);

// Every invariant that held in `before` and not in `after`:
//   management-uplink  a management VMkernel adapter has a connected active uplink (a pNIC
//                      with link on the switch that carries its port group);
//   uplink             a VMkernel adapter, or a connected NIC of a powered-on VM, that
//                      reached the network through a connected uplink (active or standby)
//                      still does;
//   same-vlan          every VMkernel adapter and VM NIC is on an existing network with the
//                      same VLAN as before (a trunk may widen to all VLANs or back);
//   one-switch         a pNIC is on at most one switch, an uplink holds at most one pNIC;
//   nioc               a pNIC joins or leaves a distributed switch with network I/O
//                      control on only while kNiocOption lists it.
// `step` is left empty in the problems: the caller names it.
std::vector<NetworkProblem> CheckInvariants(const HostNetwork& before, const HostNetwork& after);

// Apply, then refuse the step when it breaks an invariant: the problems name the step.
AppliedStep ApplyChecked(const HostNetwork& state, const NetworkStep& step);
// The same into `next`, whose storage is reused (a planner applies thousands of steps):
// `next` is the state after the step when there are no problems, else unspecified.
std::vector<NetworkProblem> ApplyChecked(const HostNetwork& state, const NetworkStep& step, HostNetwork& next);

// A step as one string map and back, for plan actions and the journal. An action carries
// ToParams(step) as its params and ToParams(Inverse(step)) as its prior, so the action's
// inverse (params and prior swapped) reads back as the step's inverse.
std::map<std::string, std::string> ToParams(const NetworkStep& step);
// Nothing, with `error` saying which key is wrong, when `params` is not a step.
std::optional<NetworkStep> FromParams(const std::map<std::string, std::string>& params, std::string& error);

}  // namespace vcshift
