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

namespace {

std::string TextOf(const std::string* value) { return value ? *value : std::string(); }

std::string* NewText(struct soap* soap, const std::string& value) {
  if (value.empty()) return nullptr;
  auto* text = soap_new_std__string(soap);
  *text = value;
  return text;
}

VAppProduct ReadProduct(const vim25__VAppProductInfo& info) {
  return {info.key,          TextOf(info.classId),   TextOf(info.instanceId), TextOf(info.name),
          TextOf(info.vendor), TextOf(info.version), TextOf(info.fullVersion), TextOf(info.vendorUrl),
          TextOf(info.productUrl), TextOf(info.appUrl)};
}

VAppProperty ReadProperty(const vim25__VAppPropertyInfo& info) {
  return {info.key,
          TextOf(info.classId),
          TextOf(info.instanceId),
          TextOf(info.id),
          TextOf(info.category),
          TextOf(info.label),
          TextOf(info.type),
          TextOf(info.typeReference),
          info.userConfigurable && *info.userConfigurable,
          TextOf(info.defaultValue),
          TextOf(info.value),
          TextOf(info.description)};
}

vim25__VAppProductInfo* NewInfo(struct soap* soap, const VAppProduct& product) {
  auto* info = soap_new_vim25__VAppProductInfo(soap);
  info->key = product.key;
  info->classId = NewText(soap, product.class_id);
  info->instanceId = NewText(soap, product.instance_id);
  info->name = NewText(soap, product.name);
  info->vendor = NewText(soap, product.vendor);
  info->version = NewText(soap, product.version);
  info->fullVersion = NewText(soap, product.full_version);
  info->vendorUrl = NewText(soap, product.vendor_url);
  info->productUrl = NewText(soap, product.product_url);
  info->appUrl = NewText(soap, product.app_url);
  return info;
}

vim25__VAppPropertyInfo* NewInfo(struct soap* soap, const VAppProperty& property) {
  auto* info = soap_new_vim25__VAppPropertyInfo(soap);
  info->key = property.key;
  info->classId = NewText(soap, property.class_id);
  info->instanceId = NewText(soap, property.instance_id);
  info->id = NewText(soap, property.id);
  info->category = NewText(soap, property.category);
  info->label = NewText(soap, property.label);
  info->type = NewText(soap, property.type);
  info->typeReference = NewText(soap, property.type_reference);
  info->userConfigurable = soap_new_bool(soap);
  *info->userConfigurable = property.user_configurable;
  info->defaultValue = NewText(soap, property.default_value);
  info->value = NewText(soap, property.value);
  info->description = NewText(soap, property.description);
  return info;
}

template <typename Section>
const Section* WithKey(const std::vector<Section>& sections, int key) {
  for (const auto& section : sections) {
    if (section.key == key) return &section;
  }
  return nullptr;
}

// One list's changes; Spec is VAppProductSpec or VAppPropertySpec, made by `make`.
template <typename Section, typename Spec, typename Make>
void AddChanges(struct soap* soap, std::vector<Spec*>& specs, const std::vector<Section>& from,
                const std::vector<Section>& to, Make make) {
  for (const auto& section : to) {
    const Section* had = WithKey(from, section.key);
    if (had && *had == section) continue;
    Spec* spec = make(soap);
    spec->operation = had ? "edit" : "add";
    spec->info = NewInfo(soap, section);
    specs.push_back(spec);
  }
  for (const auto& section : from) {
    if (WithKey(to, section.key)) continue;
    Spec* spec = make(soap);
    spec->operation = "remove";
    auto* key = soap_new_xsd__int(soap);
    key->__item = section.key;
    spec->removeKey = key;
    specs.push_back(spec);
  }
}

}  // namespace

VAppSections ReadVAppSections(const vim25__VmConfigInfo& config) {
  VAppSections sections;
  for (const auto* product : config.product) {
    if (product) sections.products.push_back(ReadProduct(*product));
  }
  for (const auto* property : config.property) {
    if (property) sections.properties.push_back(ReadProperty(*property));
  }
  return sections;
}

void AddSectionChanges(struct soap* soap, vim25__VmConfigSpec& spec, const VAppSections& from,
                       const VAppSections& to) {
  AddChanges(soap, spec.product, from.products, to.products,
             [](struct soap* s) { return soap_new_vim25__VAppProductSpec(s); });
  AddChanges(soap, spec.property, from.properties, to.properties,
             [](struct soap* s) { return soap_new_vim25__VAppPropertySpec(s); });
}

}  // namespace vcshift::vsphere
