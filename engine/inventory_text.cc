#include "engine/inventory_text.h"

#include <sstream>

namespace vcshift {
namespace {

std::string OnOff(bool on) { return on ? "on" : "off"; }

std::string Join(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

void Cluster(std::ostream& out, const InventoryCluster& cluster) {
  out << "  cluster " << (cluster.folder.empty() ? "" : cluster.folder + "/") << cluster.name << " (HA "
      << OnOff(cluster.ha.enabled) << ", DRS " << (cluster.drs.enabled ? cluster.drs.automation_level : "off")
      << ", EVC " << cluster.evc_mode << (cluster.vsan ? ", vSAN" : "") << ")\n";
  for (const auto& group : cluster.groups) out << "    " << group.type << " group " << group.name << ": " << Join(group.members) << "\n";
  for (const auto& rule : cluster.rules) out << "    rule " << rule.name << " (" << rule.type << (rule.enabled ? "" : ", disabled") << ")\n";
}

void Host(std::ostream& out, const Inventory& inventory, const InventoryHost& host, const std::string& indent) {
  out << indent << "host " << host.name << " (" << host.connection_state << (host.maintenance_mode ? ", maintenance mode" : "")
      << ", ESXi " << host.version << ", " << host.pnics.size() << " pNICs)\n";
  for (const auto& vswitch : host.standard_switches) {
    out << indent << "  standard switch " << vswitch.name << ": " << Join(vswitch.pnics) << "\n";
  }
  for (const auto& proxy : host.proxy_switches) {
    std::vector<std::string> uplinks;
    for (const auto& [pnic, uplink] : proxy.uplinks) uplinks.push_back(pnic + "=" + uplink);
    out << indent << "  on distributed switch " << proxy.dvs << ": " << Join(uplinks) << "\n";
  }
  for (const auto& nic : host.vmkernel_nics) {
    out << indent << "  " << nic.device << " " << nic.ip << " on " << (nic.dvs.empty() ? "" : nic.dvs + "/") << nic.port_group
        << (nic.management ? " (management)" : "") << "\n";
  }
  for (const auto& vm : inventory.vms) {
    if (vm.host != host.name) continue;
    std::vector<std::string> networks;
    for (const auto& nic : vm.nics) networks.push_back((nic.dvs.empty() ? "" : nic.dvs + "/") + nic.network);
    out << indent << "  vm " << (vm.folder.empty() ? "" : vm.folder + "/") << vm.name << " (" << vm.power_state << ", "
        << Join(networks) << ")\n";
  }
}

void Datacenter(std::ostream& out, const Inventory& inventory, const InventoryDatacenter& dc) {
  out << "datacenter " << dc.name << "\n";
  if (!dc.host_folders.empty()) out << "  host folders: " << Join(dc.host_folders) << "\n";
  if (!dc.vm_folders.empty()) out << "  vm folders: " << Join(dc.vm_folders) << "\n";
  for (const auto& cluster : inventory.clusters) {
    if (cluster.datacenter != dc.name) continue;
    Cluster(out, cluster);
    for (const auto& host : inventory.hosts) {
      if (host.datacenter == dc.name && host.cluster == cluster.name) Host(out, inventory, host, "    ");
    }
  }
  for (const auto& host : inventory.hosts) {
    if (host.datacenter == dc.name && host.cluster.empty()) Host(out, inventory, host, "  ");
  }
  for (const auto& dvs : inventory.switches) {
    if (dvs.datacenter != dc.name) continue;
    out << "  distributed switch " << dvs.name << " (" << dvs.version << ", MTU " << dvs.mtu << ", uplinks "
        << Join(dvs.uplinks) << ")\n";
    for (const auto& group : dvs.port_groups) {
      out << "    port group " << group.name << " (VLAN ";
      if (group.vlan_trunk.empty()) {
        out << group.vlan;
      } else {
        std::vector<std::string> ranges;
        for (const auto& [first, last] : group.vlan_trunk) ranges.push_back(std::to_string(first) + "-" + std::to_string(last));
        out << "trunk " << Join(ranges);
      }
      out << ")\n";
    }
  }
}

}  // namespace

std::string InventoryToText(const Inventory& inventory) {
  std::ostringstream out;
  out << "vCenter " << inventory.vcenter << " (API " << inventory.api_version << ")\n";
  for (const auto& dc : inventory.datacenters) Datacenter(out, inventory, dc);
  out << inventory.datacenters.size() << " datacenters, " << inventory.clusters.size() << " clusters, "
      << inventory.hosts.size() << " hosts, " << inventory.vms.size() << " VMs, " << inventory.switches.size()
      << " distributed switches\n";
  return out.str();
}

}  // namespace vcshift
