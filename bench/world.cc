#include "bench/world.h"

namespace vcshift::bench {
namespace {

InventoryHost Host(const std::string& dc, const std::string& cluster, const std::string& name, int number) {
  InventoryHost host;
  host.datacenter = dc;
  host.cluster = cluster;
  host.name = name;
  host.connection_state = "connected";
  host.version = "7.0.3";
  host.cpu_vendor = "intel";
  host.max_evc_mode = "intel-cascadelake";
  host.ssl_thumbprint = "5E:9A:3C:11:8B:07:42:D0:6F:A1:22:3B:90:CC:4E:17:08:B5:6D:" + std::to_string(number % 100);
  host.pnics = {{"vmnic0", 10000}, {"vmnic1", 10000}};
  host.vmkernel_nics = {{"vmk0", "pg-mgmt", "DSwitch-" + dc, "10.0.0.1", true}};
  host.proxy_switches = {{"DSwitch-" + dc, {{"vmnic0", "uplink1"}, {"vmnic1", "uplink2"}}}};
  return host;
}

}  // namespace

World MakeWorld(const WorldSize& size) {
  World world;
  world.source.vcenter = "https://source.bench/sdk";
  world.target.vcenter = "https://target.bench/sdk";
  world.desired.file = "bench.yaml";
  int host_number = 0;
  for (int d = 0; d < size.datacenters; ++d) {
    const std::string dc = "DC" + std::to_string(d);
    world.source.datacenters.push_back({dc, {}, {"Web"}});
    DatacenterSpec dc_spec;
    dc_spec.name = dc;
    dc_spec.vm_folders = {{"Web", {}}};
    dc_spec.vm_placement = {{{"Web", {}}, {{"web-*", {}}}, {}}};
    InventoryDvs dvs;
    dvs.datacenter = dc;
    dvs.name = "DSwitch-" + dc;
    dvs.version = "7.0.3";
    dvs.uplinks = {"uplink1", "uplink2"};
    dvs.port_groups = {{"pg-mgmt", 10, {}, 8, "static", "loadbalance_srcid", {}, {}},
                       {"pg-vm", 100, {}, 8, "static", "loadbalance_srcid", {}, {}}};
    for (int c = 0; c < size.clusters; ++c) {
      const std::string cluster = "Cluster" + std::to_string(c);
      InventoryCluster cluster_value;
      cluster_value.datacenter = dc;
      cluster_value.name = cluster;
      world.source.clusters.push_back(cluster_value);
      ClusterSpec spec;
      spec.name = cluster;
      spec.ha.mode = Managed<HaSettings>::Mode::Inherit;
      spec.drs.mode = Managed<DrsSettings>::Mode::Inherit;
      for (int h = 0; h < size.hosts; ++h, ++host_number) {
        const std::string name = "esx-" + std::to_string(host_number) + ".bench";
        world.source.hosts.push_back(Host(dc, cluster, name, host_number));
        dvs.members.push_back({name, {{"vmnic0", "uplink1"}, {"vmnic1", "uplink2"}}});
        spec.hosts.push_back({name, {}});
        for (int v = 0; v < size.vms; ++v) {
          const std::string vm = (v % 2 ? "web-" : "db-") + std::to_string(host_number) + "-" + std::to_string(v);
          world.source.vms.push_back({dc, "", vm, name, "poweredOn", {{"Network adapter 1", "pg-vm", dvs.name, true}}});
        }
      }
      dc_spec.clusters.push_back(std::move(spec));
    }
    DistributedSwitchSpec switch_spec;
    switch_spec.name = "DSwitch-" + dc + "-new";
    switch_spec.inherit = {dvs.name, {}};
    for (const auto& member : dvs.members) {
      switch_spec.hosts.push_back({member.host, {{{"vmnic0", {}}, {"uplink1", {}}}, {{"vmnic1", {}}, {"uplink2", {}}}}, {}, {}});
    }
    dc_spec.distributed_switches.push_back(std::move(switch_spec));
    world.source.switches.push_back(std::move(dvs));
    world.desired.datacenters.push_back(std::move(dc_spec));
  }
  return world;
}

}  // namespace vcshift::bench
