#include "providers/vsphere/pool_config.h"

#include "providers/vsphere/vim25_values.h"

namespace vcshift::vsphere {
namespace {

std::string Or(const std::string* text) { return text ? *text : ""; }

}  // namespace

PoolAllocation ReadAllocation(const vim25__ResourceAllocationInfo* info) {
  PoolAllocation allocation;
  if (!info) return allocation;
  if (info->shares) {
    allocation.shares = info->shares->level;
    if (allocation.shares == "custom") allocation.custom_shares = info->shares->shares;
  }
  if (info->reservation) allocation.reservation = *info->reservation;
  if (info->limit) allocation.limit = *info->limit;
  if (info->expandableReservation) allocation.expandable = *info->expandableReservation;
  return allocation;
}

vim25__ResourceAllocationInfo* NewAllocation(struct soap* soap, const PoolAllocation& allocation) {
  auto* info = soap_new_vim25__ResourceAllocationInfo(soap);
  info->reservation = soap_new_LONG64(soap);
  *info->reservation = allocation.reservation;
  info->limit = soap_new_LONG64(soap);
  *info->limit = allocation.limit;
  info->expandableReservation = soap_new_bool(soap);
  *info->expandableReservation = allocation.expandable;
  info->shares = soap_new_vim25__SharesInfo(soap);
  info->shares->level = allocation.shares;
  // vSphere reads the number only for a custom level; the others' numbers are its own.
  info->shares->shares = allocation.shares == "custom" ? allocation.custom_shares : 0;
  return info;
}

void ReadHaOverride(const vim25__ClusterDasVmConfigInfo& info, VmOverride& override) {
  if (const auto* settings = info.dasSettings) {
    override.restart_priority = Or(settings->restartPriority);
    override.isolation_response = Or(settings->isolationResponse);
    if (settings->vmToolsMonitoringSettings) override.vm_monitoring = Or(settings->vmToolsMonitoringSettings->vmMonitoring);
  } else {
    override.restart_priority = Or(info.restartPriority);
  }
}

void ReadDrsOverride(const vim25__ClusterDrsVmConfigInfo& info, VmOverride& override) {
  if (info.enabled) override.drs_enabled = *info.enabled;
  override.drs_automation_level = Or(info.behavior);
}

VAppMember ReadVAppEntry(const vim25__VAppEntityConfigInfo& info) {
  VAppMember member;
  if (info.startOrder) member.start_order = *info.startOrder;
  if (info.startDelay) member.start_delay = *info.startDelay;
  if (info.startAction) member.start_action = *info.startAction;
  if (info.waitingForGuest) member.wait_for_guest = *info.waitingForGuest;
  if (info.stopDelay) member.stop_delay = *info.stopDelay;
  if (info.stopAction) member.stop_action = *info.stopAction;
  return member;
}

vim25__VAppEntityConfigInfo* NewVAppEntry(struct soap* soap, const MoRef& vm,
                                          const VAppMember& member) {
  auto* entry = soap_new_vim25__VAppEntityConfigInfo(soap);
  entry->key = NewMor(soap, vm);
  entry->startOrder = soap_new_int(soap);
  *entry->startOrder = member.start_order;
  entry->startDelay = soap_new_int(soap);
  *entry->startDelay = member.start_delay;
  entry->startAction = soap_new_std__string(soap);
  *entry->startAction = member.start_action;
  entry->waitingForGuest = soap_new_bool(soap);
  *entry->waitingForGuest = member.wait_for_guest;
  entry->stopDelay = soap_new_int(soap);
  *entry->stopDelay = member.stop_delay;
  entry->stopAction = soap_new_std__string(soap);
  *entry->stopAction = member.stop_action;
  return entry;
}

}  // namespace vcshift::vsphere
