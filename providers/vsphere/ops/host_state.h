#pragma once
// What the host operations read of a host before acting: its connection, maintenance
// mode, where it is (as the planner names places) and the certificate vCenter trusts.

#include <string>
#include <vector>

#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class Session;

struct HostState {
  std::string connection;  // connected, disconnected, notResponding
  bool maintenance = false;
  MoRef parent;            // its cluster, or the ComputeResource of a standalone host
  std::string thumbprint;  // summary.config.sslThumbprint
};

Result<HostState> ReadHost(Session& session, const MoRef& host);

struct LocatedHost {
  MoRef ref;
  HostState state;
};

// The host `name`, looked for in `places` first (lookup.h FindHost), and read; a Fault
// "NotFound" naming `object` when the vCenter has no such host.
Result<LocatedHost> LocateHost(Session& session, const std::string& name, const std::vector<std::string>& places,
                               const std::string& object);

// Where a host's parent is, as the planner writes it: "DC1/Cluster1" for a cluster
// (in whatever folder), "DC1/Prod/Web" for a standalone host in host folder Prod/Web,
// "DC1" in the datacenter's host folder itself.
Result<std::string> PlaceOf(Session& session, const MoRef& parent);

}  // namespace vcshift::vsphere
