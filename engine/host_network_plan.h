#pragma once
// Which steps move one host's networking off its distributed switches onto standard
// switches before it leaves its vCenter, and from a standard switch onto a distributed
// switch of the target after it arrives. Both are computed from the state as it is now,
// so computing again after a failure gives only the steps that remain; every step keeps
// the invariants of host_network.h. docs/host-networking.md explains the order.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/host_network.h"

namespace vcshift {

// The desired state's default for `migration_standard_switch`.
inline constexpr char kMigrationSwitch[] = "vSwitch-vcshift";
// Appended to a port group's name when the host already has a standard port group of that
// name for another network.
inline constexpr char kRenamedSuffix[] = "-vcshift";

struct ToStandardOptions {
  // The standard switch that takes each distributed switch's networking, by the
  // distributed switch's name; kMigrationSwitch for one not listed. Each distributed
  // switch needs its own: their pNICs may reach different networks.
  std::map<std::string, std::string> standard_switches;
};

struct NetworkPlan {
  std::vector<NetworkStep> steps;
  std::vector<NetworkProblem> problems;  // when not empty there are no steps
  HostNetwork state;  // once the steps have run (none: as it was); empty when refused
};

// Every distributed switch the host is on (by name), in turn: a standard switch (the one
// named, else one already holding this switch's networking, else created) with port
// groups mirroring the distributed port groups in use; one pNIC moved over when none
// with link is there yet; VMkernel adapters (management last) and VM NICs moved; the
// other pNICs; then the host leaves the distributed switch. When no single pNIC can move
// first without cutting a VMkernel adapter off, a pNIC and the adapters move in one step.
// Refused, with the reason and what to change, for layouts it cannot move without an
// outage (see docs/host-networking.md).
NetworkPlan ToStandardSwitch(const HostNetwork& state, const ToStandardOptions& options = {});

// Where a host's networking goes on a distributed switch of the target; empty lists
// fall back to the rules of ToDistributedSwitch.
struct DvsMapping {
  std::string standard_switch = kMigrationSwitch;           // whose networking moves
  std::vector<std::pair<std::string, std::string>> uplinks;   // pNIC -> uplink
  std::vector<std::pair<std::string, std::string>> vmkernel;  // VMkernel adapter -> port group
  std::vector<std::pair<std::string, std::string>> networks;  // source network -> port group
};

// The networking on `mapping.standard_switch` onto distributed switch `dvs` (one of
// state.distributed_switches): join it; one pNIC to its uplink when none with link is
// there yet; VMkernel adapters (management last) and VM NICs to their port groups; the
// other pNICs; then delete the standard switch's port groups and the switch (cleanup).
// Uplinks: `mapping.uplinks`, which must cover every pNIC on the standard switch, else the
// pNICs by name onto the free uplinks in order. A port group: `mapping.vmkernel` for a
// VMkernel adapter, else `mapping.networks` (by the standard port group's name, or that
// name without kRenamedSuffix), else the port group of that name, which must have the
// same VLAN, else the only port group with the same VLAN.
NetworkPlan ToDistributedSwitch(const HostNetwork& state, const std::string& dvs, const DvsMapping& mapping);

// The host's pNICs on distributed switches with network I/O control on.
std::vector<std::string> PnicsUnderNioc(const HostNetwork& state);

// The step that takes `pnics` out of network I/O control before they move: kNiocOption
// from its value now to that value with the pNICs it does not list yet appended
// ("vmnic9" -> "vmnic9,vmnic0,vmnic1"); nothing when it lists them all. Its inverse puts
// the exact value back.
std::optional<NetworkStep> TakeOutOfNioc(const HostNetwork& state, const std::vector<std::string>& pnics);

}  // namespace vcshift
