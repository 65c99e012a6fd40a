#include "providers/vsphere/uncarried_reads.h"

#include "providers/vsphere/properties.h"
#include "providers/vsphere/session.h"
#include "providers/vsphere/vim25_values.h"

namespace vcshift::vsphere {
namespace {

// The one property of one managed object, or nothing when it is unset.
template <typename T, typename Take>
Status ReadOne(Session& session, const MoRef& object, const std::string& path, Take take) {
  return RetrieveProperties(session, {object}, object.type, {path},
                            [&](const MoRef&, const std::string&, const xsd__anyType* value) {
                              if (const auto* typed = dynamic_cast<const T*>(value)) take(*typed);
                            });
}

// A vCenter whose ServiceContent names no such manager (an ESXi host answering for
// itself) cannot tell.
Fault NoManager(const std::string& manager) {
  return Fault{"NotSupported", "this server has no " + manager, manager, "", ""};
}

}  // namespace

Result<std::map<std::string, std::vector<std::string>>> AlarmsByEntity(Session& session) {
  const MoRef manager = session.content().alarm_manager;
  if (manager.empty()) return NoManager("AlarmManager");
  std::vector<MoRef> alarms;
  const Status status = session.Invoke("GetAlarm", Effect::ReadOnly, "", [&](Channel& channel) {
    _vim25__GetAlarm request;  // no entity: every alarm
    request._USCOREthis = NewMor(channel.soap(), manager);
    _vim25__GetAlarmResponse response;
    const int rc = soap_call___vim25__GetAlarm(channel.soap(), channel.endpoint(), channel.action(), &request, response);
    for (const auto* alarm : response.returnval) {
      if (alarm) alarms.push_back(ToMoRef(alarm));
    }
    return rc;
  });
  if (!status) return status.fault();
  std::map<std::string, std::vector<std::string>> found;
  if (alarms.empty()) return found;
  // The name and entity alone: the whole info holds the alarm's expression and actions,
  // of types vcshift has no use for.
  std::map<std::string, std::string> names, entities;  // alarm -> its name, its entity
  const Status read = RetrieveProperties(
      session, alarms, "Alarm", {"info.name", "info.entity"},
      [&](const MoRef& alarm, const std::string&, const xsd__anyType* value) {
        if (const auto* name = dynamic_cast<const xsd__string*>(value)) names[alarm.value] = name->__item;
        if (const auto* ref = dynamic_cast<const vim25__ManagedObjectReference*>(value)) {
          entities[alarm.value] = ref->__item;
        }
      });
  if (!read) return read.fault();
  for (const auto& [alarm, entity] : entities) found[entity].push_back(names[alarm]);
  return found;
}

Result<std::map<std::string, std::string>> HostProfilesByEntity(Session& session) {
  const MoRef manager = session.content().host_profile_manager;
  if (manager.empty()) return NoManager("HostProfileManager");
  std::vector<MoRef> profiles;
  Status status = ReadOne<vim25__ArrayOfManagedObjectReference>(
      session, manager, "profile", [&](const vim25__ArrayOfManagedObjectReference& refs) {
        for (const auto* ref : refs.ManagedObjectReference) profiles.push_back(ToMoRef(ref));
      });
  if (!status) return status.fault();
  std::map<std::string, std::string> names;  // profile -> name
  std::map<std::string, std::vector<std::string>> attached;  // profile -> entities
  if (!profiles.empty()) {
    status = RetrieveProperties(session, profiles, "HostProfile", {"name", "entity"},
                                [&](const MoRef& profile, const std::string&, const xsd__anyType* value) {
                                  if (const auto* name = dynamic_cast<const xsd__string*>(value)) {
                                    names[profile.value] = name->__item;
                                  } else if (const auto* refs =
                                                 dynamic_cast<const vim25__ArrayOfManagedObjectReference*>(value)) {
                                    for (const auto* ref : refs->ManagedObjectReference) {
                                      attached[profile.value].push_back(ref->__item);
                                    }
                                  }
                                });
  }
  if (!status) return status.fault();
  std::map<std::string, std::string> found;
  for (const auto& [profile, entities] : attached) {
    for (const auto& entity : entities) found[entity] = names[profile];
  }
  return found;
}

bool WillNotTell(const Fault& fault) {
  return fault.type == "NoPermission" || fault.type == "ManagedObjectNotFound" || fault.type == "MethodNotFound" ||
         fault.type == "NotSupported" || fault.type == "NotImplemented";
}

}  // namespace vcshift::vsphere
