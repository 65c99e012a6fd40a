// The model built from a desired state: values as written, defaults where omitted.

#include "engine/desired_state_loader.h"

#include <fstream>

#include <gtest/gtest.h>

#include "engine/validation.h"
#include "tests/engine/validation_test_support.h"

namespace vcshift::testing {
namespace {

DesiredState Load(const std::string& yaml) {
  LoadResult result = LoadDesiredStateText(yaml, "t.yaml");
  EXPECT_TRUE(result.state.has_value()) << (result.diagnostics.empty() ? "" : Format(result.diagnostics.front()));
  return result.state.value_or(DesiredState{});
}

TEST(DesiredStateLoader, ConnectionDefaults) {
  const DesiredState state = Load(kHeader);
  EXPECT_EQ(state.connections.source.url, "https://vc1.example.com");
  EXPECT_EQ(state.connections.source.password.env, "VCSHIFT_SOURCE_PASSWORD");
  EXPECT_EQ(state.connections.target.password.env, "VCSHIFT_TARGET_PASSWORD");
  EXPECT_FALSE(state.connections.source.insecure);
  EXPECT_FALSE(state.connections.target_is_source);
  EXPECT_EQ(state.esxi.user, "root");
  EXPECT_EQ(state.esxi.password.env, "VCSHIFT_ESXI_PASSWORD");
  EXPECT_FALSE(state.esxi.trust_on_first_use);
  EXPECT_FALSE(state.cleanup.remove_empty_clusters);
  EXPECT_FALSE(state.cleanup.remove_empty_datacenters);
  EXPECT_FALSE(state.cleanup.remove_unused_distributed_switches);
}

TEST(DesiredStateLoader, SameVCenter) {
  const DesiredState state = Load("version: 1\nconnections:\n  source: {url: https://vc, user: u, "
                                  "password: {file: /c.yaml, key: vc}}\n  target: {same_as: source}\n");
  EXPECT_TRUE(state.connections.target_is_source);
  EXPECT_EQ(state.connections.target.url, "https://vc");
  EXPECT_EQ(state.connections.target.password.file, "/c.yaml");
  EXPECT_EQ(state.connections.target.password.key, "vc");
}

TEST(DesiredStateLoader, ClusterSettingsAndDefaults) {
  const DesiredState state = Load(kHeader +
                                  "datacenters:\n  - name: DC1\n    clusters:\n"
                                  "      - {name: Plain}\n"
                                  "      - {name: Copy, ha: inherit, drs: inherit, evc_mode: inherit}\n"
                                  "      - name: Set\n        ha: {isolation_response: powerOff}\n"
                                  "        drs: {automation_level: manual}\n        evc_mode: intel-skylake\n");
  const auto& clusters = state.datacenters.at(0).clusters;
  ASSERT_EQ(clusters.size(), 3u);
  using HaMode = Managed<HaSettings>::Mode;
  EXPECT_EQ(clusters[0].ha.mode, HaMode::Unmanaged);
  EXPECT_EQ(clusters[0].evc_mode.mode, Managed<std::string>::Mode::Unmanaged);
  EXPECT_EQ(clusters[1].ha.mode, HaMode::Inherit);
  EXPECT_EQ(clusters[1].drs.mode, Managed<DrsSettings>::Mode::Inherit);
  EXPECT_EQ(clusters[1].evc_mode.mode, Managed<std::string>::Mode::Inherit);
  const HaSettings& ha = clusters[2].ha.value;
  EXPECT_EQ(clusters[2].ha.mode, HaMode::Set);
  EXPECT_TRUE(ha.enabled);
  EXPECT_TRUE(ha.host_monitoring);
  EXPECT_EQ(ha.isolation_response, "powerOff");
  EXPECT_EQ(ha.restart_priority, "medium");
  EXPECT_TRUE(ha.admission_control.enabled);
  EXPECT_EQ(ha.admission_control.policy, "host_failures");
  EXPECT_EQ(ha.admission_control.host_failures_tolerated, 1);
  const DrsSettings& drs = clusters[2].drs.value;
  EXPECT_TRUE(drs.enabled);
  EXPECT_EQ(drs.automation_level, "manual");
  EXPECT_EQ(drs.migration_threshold, 3);
  EXPECT_EQ(clusters[2].evc_mode.value, "intel-skylake");
  EXPECT_EQ(clusters[2].location.line, 10);
}

TEST(DesiredStateLoader, ExampleWithDistributedSwitch) {
  const DesiredState state = Load([] {
    std::ifstream in(VCSHIFT_SOURCE_DIR "/examples/distributed-switch-cluster.yaml");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }());
  const DatacenterSpec& dc = state.datacenters.at(0);
  EXPECT_EQ(dc.name, "DC-East");
  ASSERT_EQ(dc.distributed_switches.size(), 1u);
  const DistributedSwitchSpec& dvs = dc.distributed_switches[0];
  EXPECT_EQ(dvs.inherit.value, "DSwitch-Old");
  EXPECT_EQ(dvs.version.value_or(""), "7.0.3");
  EXPECT_EQ(dvs.mtu.value_or(0), 9000);
  EXPECT_EQ(dvs.migration_standard_switch, "vSwitch-vcshift");
  ASSERT_EQ(dvs.port_groups.size(), 4u);
  EXPECT_EQ(dvs.port_groups[0].vlan, 10);
  EXPECT_EQ(dvs.port_groups[0].ports, 8);
  EXPECT_EQ(dvs.port_groups[0].port_binding, "static");
  EXPECT_EQ(dvs.port_groups[0].teaming.standby_uplinks.at(0).value, "uplink2");
  EXPECT_EQ(dvs.port_groups[3].vlan_trunk.at(0).start, 200);
  EXPECT_EQ(dvs.port_groups[3].vlan_trunk.at(0).end, 299);
  ASSERT_EQ(dvs.hosts.size(), 2u);
  EXPECT_EQ(dvs.hosts[1].uplinks.at(1).first.value, "vmnic1");
  EXPECT_EQ(dvs.hosts[1].uplinks.at(1).second.value, "uplink2");
  EXPECT_EQ(dvs.hosts[1].vmkernel.at(0).second.value, "pg-mgmt");
  EXPECT_EQ(dc.network_mapping.at(0).source, "Web (old)");
  EXPECT_EQ(state.esxi.hosts.at(0).thumbprint.substr(0, 5), "3B:19");
  EXPECT_TRUE(state.cleanup.remove_unused_distributed_switches);
}

TEST(DesiredStateLoader, SwitchDefaultsAreUnsetUntilResolved) {
  const DesiredState state = Load(kHeader + "datacenters:\n  - name: DC1\n    distributed_switches: [{name: D1}]\n");
  const DistributedSwitchSpec& dvs = state.datacenters.at(0).distributed_switches.at(0);
  EXPECT_FALSE(dvs.version.has_value());
  EXPECT_FALSE(dvs.mtu.has_value());
  EXPECT_FALSE(dvs.uplinks.has_value());
}

TEST(DesiredStateLoader, WrongShapesAreSkippedNotFatal) {
  // The schema reports these; building the model must still succeed for the checks.
  const DesiredState state = BuildDesiredState(
      YAML::Load("datacenters: [{name: DC1, clusters: {a: 1}}, 7, {name: [x]}]\nesxi: [1]\n"), "t.yaml");
  ASSERT_EQ(state.datacenters.size(), 3u);
  EXPECT_TRUE(state.datacenters[0].clusters.empty());
  EXPECT_EQ(state.datacenters[2].name, "");
}

}  // namespace
}  // namespace vcshift::testing
