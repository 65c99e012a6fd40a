// The semantic diagnostics: references and uniqueness the schema cannot express.

#include "engine/desired_state_checks.h"

#include <gtest/gtest.h>

#include "tests/engine/validation_test_support.h"

namespace vcshift::testing {
namespace {

// kHeader is lines 1-4; "datacenters:" is line 5 and "  - name: DC1" line 6.
std::string Datacenter(const std::string& body) { return kHeader + "datacenters:\n  - name: DC1\n" + body; }

TEST(DesiredStateChecks, DuplicateDatacenter) {
  EXPECT_EQ(Problems(kHeader + "datacenters:\n  - name: DC1\n  - name: DC1\n"),
            Lines{"7:5 datacenters[1].name: datacenter 'DC1' is declared twice (first at line 6)"});
}

TEST(DesiredStateChecks, DuplicateClusterSwitchPortGroupFolder) {
  EXPECT_EQ(Problems(Datacenter("    host_folders: [Prod, Prod]\n"
                                "    clusters:\n      - name: C1\n      - name: C1\n"
                                "    distributed_switches:\n"
                                "      - name: D1\n        port_groups: [{name: pg}]\n"
                                "      - name: D1\n        port_groups: [{name: pg}]\n")),
            (Lines{"7:26 datacenters[0].host_folders[1]: host folder 'Prod' is declared twice (first at line 7)",
                   "10:9 datacenters[0].clusters[1].name: cluster 'C1' is declared twice (first at line 9)",
                   "14:9 datacenters[0].distributed_switches[1].name: distributed switch 'D1' is declared twice "
                   "(first at line 12)",
                   "15:23 datacenters[0].distributed_switches[1].port_groups[0].name: port group 'pg' is declared "
                   "twice (first at line 13)"}));
}

TEST(DesiredStateChecks, HostInTwoClusters) {
  EXPECT_EQ(Problems(kHeader + "datacenters:\n  - name: DC1\n    clusters:\n      - {name: C1, hosts: [h1, h2]}\n"
                               "  - name: DC2\n    clusters:\n      - {name: C2, hosts: [h3, h2]}\n"),
            Lines{"11:32 datacenters[1].clusters[0].hosts[1]: host 'h2' is already listed in cluster 'DC1/C1'; "
                  "a host belongs to one cluster"});
}

// A standalone host is in one place, its folder declared; it may join a switch.
TEST(DesiredStateChecks, StandaloneHosts) {
  EXPECT_EQ(Problems(Datacenter("    host_folders: [Edge]\n"
                                "    clusters:\n      - {name: C1, hosts: [h1]}\n"
                                "    standalone_hosts:\n      - {name: h1}\n      - {name: h2, folder: Edg}\n"
                                "      - {name: h3, folder: Edge}\n      - {name: h3}\n"
                                "    distributed_switches:\n      - name: D1\n        uplinks: [u1]\n"
                                "        hosts:\n          - {name: h3, uplinks: {vmnic0: u1}}\n")),
            (Lines{"11:16 datacenters[0].standalone_hosts[0].name: host 'h1' is already listed in cluster 'DC1/C1'; "
                   "a host is in one cluster or standalone",
                   "12:28 datacenters[0].standalone_hosts[1].folder: unknown host folder 'Edg'; did you mean 'Edge'?",
                   "14:16 datacenters[0].standalone_hosts[3].name: host 'h3' is already listed in the standalone "
                   "hosts of datacenter 'DC1'; a host is in one cluster or standalone"}));
}

TEST(DesiredStateChecks, UnknownFolders) {
  EXPECT_EQ(Problems(Datacenter("    host_folders: [Prod/Tier1]\n    vm_folders: [Web]\n"
                                "    clusters:\n      - {name: C1, folder: Prod}\n      - {name: C2, folder: Prd}\n"
                                "    vm_placement:\n      - {folder: Webb, vms: [w1]}\n")),
            (Lines{"11:28 datacenters[0].clusters[1].folder: unknown host folder 'Prd'; did you mean 'Prod'?",
                   "13:18 datacenters[0].vm_placement[0].folder: unknown VM folder 'Webb'; did you mean 'Web'?"}));
}

TEST(DesiredStateChecks, GroupsAndRules) {
  EXPECT_EQ(Problems(Datacenter("    clusters:\n      - name: C1\n        hosts: [h1, h2]\n"
                                "        groups:\n"
                                "          - {name: vms, type: vm, members: [a, b]}\n"
                                "          - {name: rack, type: host, members: [h1, h9]}\n"
                                "          - {name: rack, type: host, members: [h2]}\n"
                                "        rules:\n"
                                "          - {name: r1, type: vm_host, vm_group: rack, host_group: rackk}\n"
                                "          - {name: r2, type: vm_anti_affinity, vms: [a]}\n"
                                "          - {name: r2, type: vm_host, vm_group: vms}\n")),
            (Lines{"12:52 datacenters[0].clusters[0].groups[1].members[1]: host 'h9' is not one of this cluster's "
                   "hosts; did you mean 'h1'?",
                   "13:13 datacenters[0].clusters[0].groups[2].name: group 'rack' is declared twice (first at line 12)",
                   "15:49 datacenters[0].clusters[0].rules[0].vm_group: 'rack' is a host group, not a VM group",
                   "15:67 datacenters[0].clusters[0].rules[0].host_group: rule 'r1' names unknown host group 'rackk'; "
                   "did you mean 'rack'?",
                   "16:13 datacenters[0].clusters[0].rules[1].vms: a vm_anti_affinity rule needs at least 2 VMs",
                   "17:13 datacenters[0].clusters[0].rules[2].name: rule 'r2' is declared twice (first at line 16)",
                   "17:13 datacenters[0].clusters[0].rules[2].host_group: a vm_host rule needs a host group"}));
}

TEST(DesiredStateChecks, AdmissionControlHosts) {
  EXPECT_EQ(Problems(Datacenter("    clusters:\n      - name: C1\n        hosts: [h1]\n"
                                "        ha: {admission_control: {policy: dedicated_hosts}}\n"
                                "      - name: C2\n        hosts: [h2]\n"
                                "        ha: {admission_control: {policy: dedicated_hosts, failover_hosts: [h1]}}\n")),
            (Lines{"8:9 datacenters[0].clusters[0].ha.admission_control: the dedicated_hosts policy needs "
                   "failover_hosts",
                   "13:76 datacenters[0].clusters[1].ha.admission_control.failover_hosts[0]: failover host 'h1' is not "
                   "one of this cluster's hosts; did you mean 'h2'?"}));
}

TEST(DesiredStateChecks, PortGroupVlansAndTeaming) {
  EXPECT_EQ(Problems(Datacenter("    distributed_switches:\n      - name: D1\n        uplinks: [up1, up2, up1]\n"
                                "        port_groups:\n"
                                "          - {name: a, vlan: 10, vlan_trunk: [{start: 1, end: 5}]}\n"
                                "          - {name: b, vlan_trunk: [{start: 300, end: 200}]}\n"
                                "          - {name: c, teaming: {active_uplinks: [up1, up3], standby_uplinks: [up1]}}\n")),
            (Lines{"9:29 datacenters[0].distributed_switches[0].uplinks[2]: uplink 'up1' is declared twice (first at "
                   "line 9)",
                   "11:13 datacenters[0].distributed_switches[0].port_groups[0]: vlan and vlan_trunk exclude each "
                   "other; a port group has one VLAN or a trunk",
                   "12:36 datacenters[0].distributed_switches[0].port_groups[1].vlan_trunk[0]: VLAN range 300-200 "
                   "ends before it starts",
                   "13:55 datacenters[0].distributed_switches[0].port_groups[2].teaming.active_uplinks[1]: 'up3' is "
                   "not an uplink of switch 'D1'; did you mean 'up1'? (its uplinks: up1, up2, up1)",
                   "13:79 datacenters[0].distributed_switches[0].port_groups[2].teaming.standby_uplinks[0]: uplink "
                   "'up1' is both active and standby"}));
}

TEST(DesiredStateChecks, DefaultUplinkNames) {
  EXPECT_EQ(Problems(Datacenter("    distributed_switches:\n      - name: D1\n"
                                "        port_groups: [{name: a, teaming: {active_uplinks: [Uplink 5]}}]\n")),
            Lines{"9:60 datacenters[0].distributed_switches[0].port_groups[0].teaming.active_uplinks[0]: 'Uplink 5' "
                  "is not an uplink of switch 'D1'; did you mean 'Uplink 1'? (its uplinks: Uplink 1, Uplink 2, "
                  "Uplink 3, Uplink 4)"});
}

TEST(DesiredStateChecks, SwitchMembers) {
  EXPECT_EQ(Problems(Datacenter("    clusters: [{name: C1, hosts: [h1]}]\n"
                                "    distributed_switches:\n"
                                "      - name: D1\n        uplinks: [u1, u2]\n        port_groups: [{name: mgmt}]\n"
                                "        hosts:\n"
                                "          - name: h1\n"
                                "            uplinks: {vmnic0: u1, vmnic1: u1, vmnic2: u9}\n"
                                "            vmkernel: {vmk0: mgmnt}\n"
                                "          - name: h2\n"
                                "      - name: D2\n        uplinks: [u1]\n"
                                "        hosts:\n          - {name: h1, uplinks: {vmnic0: u1}}\n")),
            (Lines{"14:43 datacenters[0].distributed_switches[0].hosts[0].uplinks.vmnic1: 'vmnic1' and 'vmnic0' are "
                   "both mapped to uplink 'u1'; an uplink takes one physical NIC per host",
                   "14:55 datacenters[0].distributed_switches[0].hosts[0].uplinks.vmnic2: 'u9' is not an uplink of "
                   "switch 'D1'; did you mean 'u1'? (its uplinks: u1, u2)",
                   "15:30 datacenters[0].distributed_switches[0].hosts[0].vmkernel.vmk0: port group 'mgmnt' is not on "
                   "switch 'D1'; did you mean 'mgmt'?",
                   "16:13 datacenters[0].distributed_switches[0].hosts[1].name: host 'h2' joins switch 'D1' but no "
                   "cluster of datacenter 'DC1' lists it; did you mean 'h1'?",
                   "20:34 datacenters[0].distributed_switches[1].hosts[0].uplinks.vmnic0: physical NIC 'vmnic0' of "
                   "host 'h1' is already an uplink of switch 'D1'; a NIC is in one switch"}));
}

TEST(DesiredStateChecks, NetworkMapping) {
  EXPECT_EQ(Problems(Datacenter("    distributed_switches:\n      - {name: DSwitch, port_groups: [{name: web}]}\n"
                                "    network_mapping:\n"
                                "      - {source: VM Network, switch: DSwich, port_group: web}\n"
                                "      - {source: Old Web, switch: DSwitch, port_group: wbe}\n"
                                "      - {source: VM Network, switch: DSwitch, port_group: web}\n")),
            (Lines{"10:38 datacenters[0].network_mapping[0].switch: port group 'web' is on unknown switch 'DSwich'; "
                   "did you mean 'DSwitch'?",
                   "11:56 datacenters[0].network_mapping[1].port_group: port group 'wbe' is not on switch 'DSwitch'; "
                   "did you mean 'web'?",
                   "12:9 datacenters[0].network_mapping[2].source: network 'VM Network' is mapped twice (first at "
                   "line 10)"}));
}

TEST(DesiredStateChecks, InheritedSwitchDefersPortGroupChecks) {
  EXPECT_EQ(Problems(Datacenter("    clusters: [{name: C1, hosts: [h1]}]\n"
                                "    distributed_switches:\n"
                                "      - name: D1\n        inherit: DSwitch-Old\n"
                                "        hosts: [{name: h1, uplinks: {vmnic0: anything}, vmkernel: {vmk0: pg-mgmt}}]\n"
                                "    network_mapping: [{source: VM Network, switch: D1, port_group: pg-vm}]\n")),
            Lines{});
}

// Names as vCenter keeps them (engine/entity_names.h): '/' would make another inventory
// path out of two names, A/B + C and A + B/C both being "A/B/C".
TEST(DesiredStateChecks, ASlashInANameIsWrittenAsVCenterEscapesIt) {
  const std::string escape = "; vCenter keeps '/' as %2f, '\\' as %5c and '%' as %25 in a name: write ";
  EXPECT_EQ(Problems(kHeader + "datacenters:\n  - name: A/B\n    clusters: [{name: C}]\n"
                               "  - name: A\n    clusters: [{name: B/C}]\n"),
            (Lines{"6:5 datacenters[0].name: 'A/B' has '/', which separates the names of an inventory path" + escape +
                       "'A%2fB', as vCenter shows it",
                   "9:16 datacenters[1].clusters[0].name: 'B/C' has '/', which separates the names of an inventory "
                   "path" + escape + "'B%2fC', as vCenter shows it"}));
  EXPECT_EQ(Problems(kHeader + "datacenters:\n  - name: A%2fB\n    clusters: [{name: C}]\n"
                               "  - name: A\n    clusters: [{name: B%2FC}]\n"),
            Lines{});
  EXPECT_EQ(Problems(Datacenter("    distributed_switches:\n      - name: 'D\\1'\n"
                                "        port_groups: [{name: 50%}]\n")),
            (Lines{"8:9 datacenters[0].distributed_switches[0].name: 'D\\1' has '\\'" + escape +
                       "'D%5c1', as vCenter shows it",
                   "9:23 datacenters[0].distributed_switches[0].port_groups[0].name: '50%' has a '%' that starts no "
                   "escape sequence" + escape + "'50%25', as vCenter shows it"}));
}

TEST(DesiredStateChecks, FolderPathsDoNotClimbOrHideControlCharacters) {
  EXPECT_EQ(Problems(Datacenter("    vm_folders: [\"../../etc\", \"Web/./x\"]\n    host_folders: [\"Pr\\tod\"]\n")),
            (Lines{"7:18 datacenters[0].vm_folders[0]: folder path '../../etc': '..' cannot be a name: in an "
                   "inventory path it means this folder or the one above",
                   "7:31 datacenters[0].vm_folders[1]: folder path 'Web/./x': '.' cannot be a name: in an inventory "
                   "path it means this folder or the one above",
                   "8:20 datacenters[0].host_folders[0]: folder path 'Pr\\x09od': 'Pr\\x09od' has a control "
                   "character; a name cannot"}));
}

TEST(DesiredStateChecks, ControlCharactersAndDotsInNames) {
  EXPECT_EQ(Problems(kHeader + "datacenters:\n  - name: \"D\\x01C\"\n    clusters:\n"
                               "      - {name: \"..\", hosts: [\"esx\\u0085-1\"]}\n"),
            (Lines{"6:5 datacenters[0].name: 'D\\x01C' has a control character; a name cannot",
                   "8:9 datacenters[0].clusters[0].name: '..' cannot be a name: in an inventory path it means this "
                   "folder or the one above",
                   "8:30 datacenters[0].clusters[0].hosts[0]: 'esx\\xc2\\x85-1' has a control character; a name "
                   "cannot"}));
}

// Host names are DNS names, which ignore case (RFC 4343).
TEST(DesiredStateChecks, HostsWhoseNamesDifferOnlyInCaseAreOneHost) {
  EXPECT_EQ(Problems(kHeader + "datacenters:\n  - name: DC1\n    clusters:\n      - {name: C1, hosts: [esx-01]}\n"
                               "  - name: DC2\n    clusters:\n      - {name: C2, hosts: [ESX-01]}\n"),
            Lines{"11:28 datacenters[1].clusters[0].hosts[0]: host 'ESX-01' is already listed in cluster 'DC1/C1' "
                  "as 'esx-01' (host names are DNS names: case does not matter); a host belongs to one cluster"});
}

TEST(DesiredStateChecks, DatacentersWhoseNamesDifferOnlyInCaseAreRefused) {
  EXPECT_EQ(Problems(kHeader + "datacenters:\n  - name: DC1\n  - name: dc1\n  - name: A%2fB\n  - name: a%2Fb\n"),
            (Lines{"7:5 datacenters[1].name: datacenter 'dc1' is declared twice (first at line 6, as 'DC1'; names "
                   "that differ only in case are one name here)",
                   "9:5 datacenters[3].name: datacenter 'a%2Fb' is declared twice (first at line 8, as 'A%2fB'; "
                   "names that differ only in case are one name here)"}));
}

TEST(DesiredStateChecks, Connections) {
  EXPECT_EQ(Problems("version: 1\nconnections:\n"
                     "  source: {url: http://vc1, user: a, insecure: true, ca_file: /ca.pem}\n"
                     "  target: {url: https://vc2, user: a, insecure: true}\n"),
            (Lines{"3:11 connections.source.insecure: insecure: true turns off the certificate check that ca_file "
                   "asks for; keep one of them",
                   "3:11 connections.source.url: plain HTTP would send the vCenter password unencrypted; vcshift "
                   "talks to vCenter over https:// only"}));
}

TEST(DesiredStateChecks, EsxiSettingsForUnlistedHost) {
  EXPECT_EQ(Problems(kHeader + "esxi:\n  hosts:\n    esx-9.example.com: {user: root}\n"),
            Lines{"warning 7:5 esxi.hosts[\"esx-9.example.com\"]: settings for host 'esx-9.example.com', which no "
                  "cluster lists"});
}

TEST(DesiredStateChecks, WarningsAloneStillLoad) {
  const auto result = LoadDesiredStateText(kHeader + "esxi:\n  hosts:\n    h: {user: root}\n", "t.yaml");
  EXPECT_TRUE(result.state.has_value());
  EXPECT_EQ(result.diagnostics.size(), 1u);
}

}  // namespace
}  // namespace vcshift::testing
