#include "engine/resource_pools.h"

#include <algorithm>
#include <cctype>
#include <exception>

namespace vcshift {
namespace {

std::string Get(const std::map<std::string, std::string>& params, const std::string& key) {
  const auto it = params.find(key);
  return it == params.end() ? "" : it->second;
}

long long Number(const std::string& text, long long fallback) {
  try {
    return text.empty() ? fallback : std::stoll(text);
  } catch (const std::exception&) {
    return fallback;
  }
}

}  // namespace

std::map<std::string, std::string> AllocationParams(const std::string& prefix, const PoolAllocation& allocation) {
  std::map<std::string, std::string> params = {
      {prefix + ".shares", allocation.shares == "custom" ? std::to_string(allocation.custom_shares) : allocation.shares},
      {prefix + ".reservation", std::to_string(allocation.reservation)},
      {prefix + ".limit", std::to_string(allocation.limit)},
      {prefix + ".expandable_reservation", allocation.expandable ? "true" : "false"},
  };
  return params;
}

PoolAllocation AllocationFromParams(const std::string& prefix, const std::map<std::string, std::string>& params) {
  PoolAllocation allocation;
  const std::string shares = Get(params, prefix + ".shares");
  if (!shares.empty() && std::isdigit(static_cast<unsigned char>(shares[0]))) {
    allocation.shares = "custom";
    allocation.custom_shares = static_cast<int>(Number(shares, 0));
  } else if (!shares.empty()) {
    allocation.shares = shares;
  }
  allocation.reservation = Number(Get(params, prefix + ".reservation"), allocation.reservation);
  allocation.limit = Number(Get(params, prefix + ".limit"), allocation.limit);
  const std::string expandable = Get(params, prefix + ".expandable_reservation");
  if (!expandable.empty()) allocation.expandable = expandable == "true";
  return allocation;
}

std::map<std::string, std::string> OverrideParams(const VmOverride& override) {
  std::map<std::string, std::string> params;
  if (!override.restart_priority.empty()) params["ha.restart_priority"] = override.restart_priority;
  if (!override.isolation_response.empty()) params["ha.isolation_response"] = override.isolation_response;
  if (!override.vm_monitoring.empty()) params["ha.vm_monitoring"] = override.vm_monitoring;
  if (override.drs_enabled) params["drs.enabled"] = *override.drs_enabled ? "true" : "false";
  if (!override.drs_automation_level.empty()) params["drs.automation_level"] = override.drs_automation_level;
  return params;
}

VmOverride OverrideFromParams(const std::map<std::string, std::string>& params) {
  VmOverride override;
  override.restart_priority = Get(params, "ha.restart_priority");
  override.isolation_response = Get(params, "ha.isolation_response");
  override.vm_monitoring = Get(params, "ha.vm_monitoring");
  if (const std::string enabled = Get(params, "drs.enabled"); !enabled.empty()) override.drs_enabled = enabled == "true";
  override.drs_automation_level = Get(params, "drs.automation_level");
  return override;
}

std::string ParamsText(const std::map<std::string, std::string>& params) {
  std::string text;
  for (const auto& [key, value] : params) text += (text.empty() ? "" : ";") + key + "=" + value;
  return text;
}

std::map<std::string, std::string> ParamsFromText(const std::string& text) {
  std::map<std::string, std::string> params;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find(';', start), text.size());
    const std::string pair = text.substr(start, end - start);
    if (const size_t eq = pair.find('='); eq != std::string::npos) params[pair.substr(0, eq)] = pair.substr(eq + 1);
    start = end + 1;
  }
  return params;
}

std::string ParentPool(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

std::string PoolName(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace vcshift
