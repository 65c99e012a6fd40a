// The schema-level diagnostics of a desired state, through the real embedded schema.

#include "engine/schema_validator.h"

#include <gtest/gtest.h>

#include "tests/engine/validation_test_support.h"

namespace vcshift::testing {
namespace {

TEST(SchemaValidator, AcceptsAMinimalDesiredState) {
  EXPECT_EQ(Problems(kHeader), Lines{});
}

TEST(SchemaValidator, TopLevelMustBeAMapping) {
  EXPECT_EQ(Problems("- a\n- b\n"), Lines{"1:1 : a desired state is a YAML mapping that starts with 'version: 1'"});
}

TEST(SchemaValidator, MissingRequiredKeys) {
  EXPECT_EQ(Problems("datacenters: []\n"),
            (Lines{"1:1 : missing required key 'version'", "1:1 : missing required key 'connections'"}));
}

TEST(SchemaValidator, UnsupportedVersion) {
  EXPECT_EQ(Problems("version: 2\n" + kHeader.substr(11)),
            Lines{"1:10 version: this vcshift reads format version 1"});
}

TEST(SchemaValidator, UnknownKeyWithSuggestion) {
  EXPECT_EQ(Problems(kHeader + "datacenter:\n  - name: DC1\n"),
            Lines{"5:1 datacenter: unknown key 'datacenter'; did you mean 'datacenters'?"});
  EXPECT_EQ(Problems(kHeader + "datacenters:\n  - name: DC1\n    clusters:\n      - name: C1\n        hots: [h1]\n"),
            Lines{"9:9 datacenters[0].clusters[0].hots: unknown key 'hots'; did you mean 'hosts'?"});
}

TEST(SchemaValidator, UnknownKeyWithoutPlausibleSuggestion) {
  EXPECT_EQ(Problems(kHeader + "colour: blue\n"), Lines{"5:1 colour: unknown key 'colour'"});
}

TEST(SchemaValidator, DuplicateKey) {
  EXPECT_EQ(Problems(kHeader + "cleanup:\n  remove_empty_clusters: true\n  remove_empty_clusters: false\n"),
            Lines{"7:3 cleanup.remove_empty_clusters: duplicate key 'remove_empty_clusters' (first at line 6)"});
}

TEST(SchemaValidator, WrongType) {
  EXPECT_EQ(Problems(kHeader + "datacenters: DC1\n"), Lines{"5:14 datacenters: expected a list, found a string"});
  EXPECT_EQ(Problems(kHeader + "cleanup: {remove_empty_clusters: yes}\n"),
            Lines{"5:34 cleanup.remove_empty_clusters: expected true or false, found a string"});
}

TEST(SchemaValidator, EnumWithSuggestion) {
  EXPECT_EQ(Problems(kHeader + "datacenters:\n  - name: DC1\n    clusters:\n      - name: C1\n"
                               "        drs: {automation_level: fullyautomated}\n"),
            Lines{"9:33 datacenters[0].clusters[0].drs.automation_level: 'fullyautomated' is not one of: "
                  "manual, partiallyAutomated, fullyAutomated; did you mean 'fullyAutomated'?"});
}

TEST(SchemaValidator, VlanOutOfRange) {
  EXPECT_EQ(Problems(kHeader + "datacenters:\n  - name: DC1\n    distributed_switches:\n      - name: D1\n"
                               "        port_groups:\n          - {name: pg, vlan: 4095}\n"
                               "          - {name: pg2, vlan: -1}\n"),
            (Lines{"10:30 datacenters[0].distributed_switches[0].port_groups[0].vlan: 4095 is out of range 0-4094",
                   "11:31 datacenters[0].distributed_switches[0].port_groups[1].vlan: -1 is out of range 0-4094"}));
}

TEST(SchemaValidator, QuotedNumberIsNotAnInteger) {
  EXPECT_EQ(Problems(kHeader + "datacenters:\n  - name: DC1\n    distributed_switches:\n      - name: D1\n"
                               "        mtu: \"9000\"\n"),
            Lines{"9:14 datacenters[0].distributed_switches[0].mtu: expected an integer, found a string"});
}

TEST(SchemaValidator, PasswordIsNeverLiteral) {
  const auto problems = Problems(
      "version: 1\nconnections:\n  source: {url: https://vc1, user: admin, password: s3cret-pw}\n"
      "  target: {same_as: source}\n");
  EXPECT_EQ(problems, Lines{"3:53 connections.source.password: a password is never written in the desired state; "
                            "use {env: VARIABLE} or {file: PATH, key: KEY}"});
  EXPECT_EQ(problems.front().find("s3cret-pw"), std::string::npos);
}

TEST(SchemaValidator, PasswordReferenceOfTheWrongShape) {
  EXPECT_EQ(Problems("version: 1\nconnections:\n  source: {url: https://vc1, user: a, password: {env: 1X}}\n"
                     "  target: {same_as: source}\n"),
            Lines{"3:55 connections.source.password.env: an environment variable name is letters, digits and _"});
  EXPECT_EQ(Problems("version: 1\nconnections:\n  source: {url: https://vc1, user: a, password: {file: f}}\n"
                     "  target: {same_as: source}\n"),
            Lines{"3:49 connections.source.password: missing required key 'key'"});
}

TEST(SchemaValidator, ThumbprintAndUrlForms) {
  EXPECT_EQ(Problems("version: 1\nconnections:\n  source: {url: vc1.example.com, user: a, thumbprint: 'AB:CD'}\n"
                     "  target: {same_as: source}\n"),
            (Lines{"3:17 connections.source.url: a vCenter URL looks like https://vcenter.example.com",
                   "3:55 connections.source.thumbprint: a thumbprint is 20 (SHA-1) or 32 (SHA-256) colon-separated "
                   "hex bytes, e.g. 5E:9A:...:C1"}));
}

TEST(SchemaValidator, InheritOrSettings) {
  EXPECT_EQ(Problems(kHeader + "datacenters:\n  - name: DC1\n    clusters:\n      - {name: C1, ha: inhert}\n"),
            Lines{"8:24 datacenters[0].clusters[0].ha: 'inhert' is not one of: inherit; did you mean 'inherit'?"});
  EXPECT_EQ(Problems(kHeader + "datacenters:\n  - name: DC1\n    clusters:\n      - {name: C1, ha: [1]}\n"),
            Lines{"8:24 datacenters[0].clusters[0].ha: expected 'inherit' or a mapping, found a list"});
}

TEST(SchemaValidator, EmptyNameAndEmptyList) {
  EXPECT_EQ(Problems(kHeader + "datacenters:\n  - name: ''\n    vm_placement:\n      - {folder: F, vms: []}\n"),
            (Lines{"6:11 datacenters[0].name: must not be empty",
                   "8:18 datacenters[0].vm_placement[0].folder: unknown VM folder 'F'; declare it in vm_folders",
                   "8:26 datacenters[0].vm_placement[0].vms: needs at least 1 entry"}));
}

TEST(SchemaValidator, ReportsEveryProblemNotOnlyTheFirst) {
  EXPECT_EQ(Problems(kHeader + "cleanup: {remove_empty_clusters: 1, remove_empty_folders: true}\ncolour: red\n").size(),
            3u);
}

TEST(SchemaPaths, QuoteKeysThatAreNotIdentifiers) {
  EXPECT_EQ(ChildPath("", "esxi"), "esxi");
  EXPECT_EQ(ChildPath("esxi.hosts", "esx-01.example.com"), "esxi.hosts[\"esx-01.example.com\"]");
  EXPECT_EQ(IndexPath("datacenters", 3), "datacenters[3]");
}

}  // namespace
}  // namespace vcshift::testing
