// HA and DRS between vim25's ClusterConfigInfoEx / ClusterConfigSpecEx and the planner's
// flat keys, without a vCenter (the simulator does not keep these settings).

#include "providers/vsphere/ops/cluster_settings.h"

#include <gtest/gtest.h>

#include <set>

#include "engine/action_kinds.h"
#include "providers/vsphere/ops/rule_text.h"

namespace vcshift::vsphere {
namespace {

class ClusterSettingsTest : public ::testing::Test {
 protected:
  void TearDown() override {
    soap_destroy(soap_);
    soap_end(soap_);
    soap_free(soap_);
  }

  vim25__ClusterConfigInfoEx* Config() {
    auto* config = soap_new_vim25__ClusterConfigInfoEx(soap_);
    config->dasConfig = soap_new_vim25__ClusterDasConfigInfo(soap_);
    config->drsConfig = soap_new_vim25__ClusterDrsConfigInfo(soap_);
    return config;
  }

  struct soap* soap_ = soap_new();
};

TEST_F(ClusterSettingsTest, ReadsTheVSphereVocabularyAsThePlannersKeys) {
  auto* config = Config();
  config->dasConfig->enabled = soap_new_bool(soap_);
  *config->dasConfig->enabled = true;
  config->dasConfig->hostMonitoring = soap_new_std__string(soap_);
  *config->dasConfig->hostMonitoring = "disabled";
  auto* dedicated = soap_new_vim25__ClusterFailoverHostAdmissionControlPolicy(soap_);
  auto* host = soap_new_vim25__ManagedObjectReference(soap_);
  host->type = "HostSystem";
  host->__item = "host-21";
  dedicated->failoverHosts.push_back(host);
  config->dasConfig->admissionControlPolicy = dedicated;
  config->drsConfig->enabled = soap_new_bool(soap_);
  *config->drsConfig->enabled = true;
  config->drsConfig->vmotionRate = soap_new_int(soap_);
  *config->drsConfig->vmotionRate = 1;
  HostNames names;
  names.name_of["host-21"] = "esx-01";

  const Settings settings = SettingsOf(*config, names);
  EXPECT_EQ(settings.at("ha.enabled"), "true");
  EXPECT_EQ(settings.at("ha.host_monitoring"), "false");
  EXPECT_EQ(settings.at("ha.restart_priority"), "medium") << "unset: vSphere's default";
  EXPECT_EQ(settings.at("ha.admission_control.enabled"), "true");
  EXPECT_EQ(settings.at("ha.admission_control.policy"), "dedicated_hosts");
  EXPECT_EQ(settings.at("ha.admission_control.failover_hosts"), "esx-01");
  EXPECT_EQ(settings.at("drs.enabled"), "true");
  EXPECT_EQ(settings.at("drs.automation_level"), "fullyAutomated");
  EXPECT_EQ(settings.at("drs.migration_threshold"), "5") << "vmotionRate 1 is the most aggressive threshold";
}

TEST_F(ClusterSettingsTest, WritesOnlyTheHalvesAskedFor) {
  Settings wanted = {{"drs.enabled", "true"}, {"drs.automation_level", "manual"}, {"drs.migration_threshold", "2"}};
  const auto* spec = SpecOf(soap_, wanted, false, true, {});
  EXPECT_EQ(spec->dasConfig, nullptr) << "HA left as it is";
  ASSERT_NE(spec->drsConfig, nullptr);
  EXPECT_EQ(*spec->drsConfig->defaultVmBehavior, "manual");
  EXPECT_EQ(*spec->drsConfig->vmotionRate, 4);
}

TEST_F(ClusterSettingsTest, WhatIsWrittenReadsBackTheSame) {
  HostNames hosts;
  hosts.name_of["host-7"] = "esx-07";
  hosts.ref_of["esx-07"] = {"HostSystem", "host-7"};
  Settings wanted = {{"ha.enabled", "true"},
                     {"ha.host_monitoring", "true"},
                     {"ha.isolation_response", "shutdown"},
                     {"ha.restart_priority", "low"},
                     {"ha.admission_control.enabled", "false"},
                     {"ha.admission_control.policy", "percentage"},
                     {"ha.admission_control.host_failures_tolerated", "1"},
                     {"ha.admission_control.cpu_percent", "15"},
                     {"ha.admission_control.memory_percent", "20"},
                     {"ha.admission_control.failover_hosts", ""},
                     {"drs.enabled", "false"},
                     {"drs.automation_level", "partiallyAutomated"},
                     {"drs.migration_threshold", "3"}};
  const auto* spec = SpecOf(soap_, wanted, true, true, hosts);
  auto* config = Config();
  config->dasConfig = spec->dasConfig;
  config->drsConfig = spec->drsConfig;
  EXPECT_EQ(SettingsOf(*config, hosts), wanted);

  wanted["ha.admission_control.policy"] = "dedicated_hosts";
  wanted["ha.admission_control.failover_hosts"] = "esx-07";
  wanted["ha.admission_control.cpu_percent"] = "25";  // not part of this policy: the default reads back
  wanted["ha.admission_control.memory_percent"] = "25";
  config->dasConfig = SpecOf(soap_, wanted, true, false, hosts)->dasConfig;
  EXPECT_EQ(SettingsOf(*config, hosts), wanted);
}

// The keys read and written here are the params engine/action_kinds.cc declares for
// configure_cluster (create_cluster's too): each one, and no other, with EVC apart.
TEST_F(ClusterSettingsTest, TheKeysAreTheClusterKindsDeclaredParams) {
  std::set<std::string> read, declared;
  for (const auto& [key, value] : SettingsOf(*Config(), {})) read.insert(key);
  for (const auto& key : Traits(ActionKind::ConfigureCluster).params) declared.insert(std::string(key.name));
  declared.erase("evc_mode");  // set through the EVC manager, read from the cluster's summary
  EXPECT_EQ(read, declared);
  for (const auto& key : read) EXPECT_TRUE(Declares(ActionKind::CreateCluster, key)) << key;
}

TEST(RuleTextTest, ParsesAndFormatsThePlannersForms) {
  const auto group = ParseGroup("vm: vm-2,vm-1");
  ASSERT_TRUE(group);
  EXPECT_EQ(group->type, "vm");
  EXPECT_EQ(Format(*group), "vm: vm-1,vm-2") << "members sorted, as the planner writes them";
  EXPECT_FALSE(ParseGroup("datastore: ds1"));

  const auto off = ParseRule("vm_affinity (disabled): b,a");
  ASSERT_TRUE(off);
  EXPECT_FALSE(off->enabled);
  EXPECT_EQ(Format(*off), "vm_affinity (disabled): a,b");

  const auto vm_host = ParseRule("vm_host: web vms must_not_run_on rack 1");
  ASSERT_TRUE(vm_host);
  EXPECT_EQ(vm_host->vm_group, "web vms") << "group names may hold spaces";
  EXPECT_EQ(vm_host->policy, "must_not_run_on");
  EXPECT_EQ(vm_host->host_group, "rack 1");
  EXPECT_EQ(Format(*vm_host), "vm_host: web vms must_not_run_on rack 1");
  EXPECT_FALSE(ParseRule("vm_host: a b"));
  EXPECT_FALSE(ParseRule("nonsense"));
}

}  // namespace
}  // namespace vcshift::vsphere
