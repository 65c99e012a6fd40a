#pragma once
// The few whole-vCenter reads discovery makes about state vcshift does not carry yet
// (engine/uncarried.h), so that a plan can say what it leaves behind: the alarms defined,
// the host profiles attached. A handful of calls whatever the number of hosts
// (docs/performance.md).

#include <map>
#include <string>
#include <vector>

#include "engine/inventory.h"
#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class Session;

// The alarms defined on each entity, by the entity's managed object id: their names
// (GetAlarm without an entity: every alarm of the vCenter; then their info.name and
// info.entity in one read).
// An alarm is listed under the entity it is defined on, not under those below it.
Result<std::map<std::string, std::vector<std::string>>> AlarmsByEntity(Session& session);

// The host profile attached to each host or cluster, by its managed object id: the
// profile's name (HostProfileManager.profile, then each profile's name and entity in
// one read).
Result<std::map<std::string, std::string>> HostProfilesByEntity(Session& session);

// Whether a fault means this vCenter will not tell (no such object or method, no
// privilege to read it): the kind is left unchecked, and the plan says so.
bool WillNotTell(const Fault& fault);

}  // namespace vcshift::vsphere
