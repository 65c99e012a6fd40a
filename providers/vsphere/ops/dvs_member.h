#pragma once
// A host's membership of a distributed switch, shared by the switch operations (dvs.cc)
// and the host-network steps (host_network.cc): what the switch says about the host,
// and ReconfigureDvs_Task on one member.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/ops/context.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere::ops {

struct SwitchState {
  std::string uuid;
  std::string config_version;        // ReconfigureDvs must name the version it changes
  std::string uplink_portgroup;      // the uplink port group's object id
  std::vector<std::string> uplinks;  // the switch's uplink names, in order
  bool member = false;
  std::vector<std::pair<std::string, std::string>> backing;  // pNIC -> uplink port key
};

Result<SwitchState> ReadSwitch(Session& session, const MoRef& dvs, const MoRef& host);

struct PnicTo {
  std::string pnic;
  std::string port_key;  // "" lets vCenter pick a free uplink port
};

// ReconfigureDvs_Task with one host member spec (`operation` add, edit or remove) whose
// pNIC backing is `pnics`, awaited.
Status ReconfigureMember(const OpContext& op, const MoRef& dvs, const SwitchState& state, const MoRef& host,
                         const std::string& operation, const std::vector<PnicTo>& pnics,
                         const std::string& portgroup_key);

struct PortGroupRef {
  MoRef ref;
  std::string name;
  std::string key;  // what a port connection names
};

// The switch's port groups (its uplink port group too), by name.
Result<std::map<std::string, PortGroupRef>> PortGroupsOf(Session& session, const MoRef& dvs);

// The switch's port group named `name`, empty when it has none.
Result<MoRef> PortGroupOf(Session& session, const MoRef& dvs, const std::string& name);

}  // namespace vcshift::vsphere::ops
