#pragma once
// Cluster settings as both the desired state and a discovered inventory express them,
// so the diff compares like with like. Values use the desired-state vocabulary; the
// provider translates to and from vSphere's (e.g. DRS vmotionRate = 6 - threshold).

#include <string>
#include <vector>

namespace vcshift {

struct AdmissionControl {
  bool enabled = true;
  std::string policy = "host_failures";  // host_failures, percentage, dedicated_hosts
  int host_failures_tolerated = 1;
  int cpu_percent = 25;
  int memory_percent = 25;
  std::vector<std::string> failover_hosts;

  bool operator==(const AdmissionControl&) const = default;
};

struct HaSettings {
  bool enabled = true;
  bool host_monitoring = true;
  std::string isolation_response = "none";  // none, powerOff, shutdown
  std::string restart_priority = "medium";  // disabled, lowest, low, medium, high, highest
  AdmissionControl admission_control;

  bool operator==(const HaSettings&) const = default;
};

struct DrsSettings {
  bool enabled = true;
  std::string automation_level = "fullyAutomated";  // manual, partiallyAutomated, fullyAutomated
  int migration_threshold = 3;  // as the vSphere Client shows it: 1 conservative .. 5 aggressive

  bool operator==(const DrsSettings&) const = default;
};

}  // namespace vcshift
