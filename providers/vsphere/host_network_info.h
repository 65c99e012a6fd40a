#pragma once
// A host's networking as vSphere reports it (HostSystem `config.network`, a
// HostNetworkInfo), read in one place into the engine's model (engine/inventory.h):
// discovery keeps it in the inventory, and a host network step (ops/host_network.cc)
// reads the host afresh through it, then judges it with the engine's rules
// (engine/host_network.h), so that the plan and the run agree on where a NIC is.
// Internal to the provider.

#include <map>
#include <string>

#include "engine/inventory.h"

class vim25__HostNetworkInfo;

namespace vcshift::vsphere {

// What the model leaves out and a change of the host's networking sends back: a standard
// switch's ports and load-balancing policy, a distributed switch's uuid and the port key
// of each of its uplinks on the host.
struct HostNetworkKeys {
  struct Switch {
    int num_ports = 0;
    std::string teaming_policy;  // "" when unset
  };
  struct Proxy {
    std::string uuid;
    std::map<std::string, std::string> port_of_uplink;  // uplink name -> port key
  };
  std::map<std::string, Switch> switches;  // by standard switch name
  std::map<std::string, Proxy> proxies;    // by distributed switch name
};

// Fills `host`'s pnics, standard_switches, port_groups, vmkernel_nics and proxy_switches
// from `info`, each list in vSphere's order. A standard switch's teaming order is taken
// as given (a pNIC it lists neither active nor standby is unused); an unset one leaves
// the three lists empty. A VMkernel adapter on a distributed port group names the switch
// by uuid and the port group by key (the caller knows their names), and none is marked
// `management` (the host's VirtualNicManager says which are).
HostNetworkKeys ReadHostNetwork(const vim25__HostNetworkInfo& info, InventoryHost& host);

}  // namespace vcshift::vsphere
