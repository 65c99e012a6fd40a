#include "providers/vsphere/licenses.h"

#include <functional>

#include "providers/vsphere/properties.h"
#include "providers/vsphere/session.h"
#include "providers/vsphere/vim25_values.h"

namespace vcshift::vsphere {
namespace {

// The licence key vSphere shows for evaluation mode: nothing to carry.
constexpr char kEvaluationKey[] = "00000-00000-00000-00000-00000";

// Up to this many hosts, ReadLicences asks for each one's assignment (an answer that
// follows the hosts read); above, for every entity's in one call.
constexpr size_t kHostsQueriedOneByOne = 16;

LicenseRef RefOf(const vim25__LicenseManagerLicenseInfo& info) {
  return {info.editionKey, info.name, KeyTail(info.licenseKey)};
}

bool Evaluation(const vim25__LicenseManagerLicenseInfo* info) { return !info || info->licenseKey == kEvaluationKey; }

// LicenseManager.licenseAssignmentManager; empty when there is none (an ESXi host).
Result<MoRef> AssignmentManager(Session& session) {
  MoRef manager;
  const Status status = RetrieveProperties(
      session, {session.content().license_manager}, "LicenseManager", {"licenseAssignmentManager"},
      [&](const MoRef&, const std::string&, const xsd__anyType* value) {
        if (const auto* ref = dynamic_cast<const vim25__ManagedObjectReference*>(value)) manager = ToMoRef(ref);
      });
  if (!status) return status.fault();
  return manager;
}

// Every key LicenseManager holds, whole: for HeldKey and ReadLicences only.
Status ForEachKey(Session& session, const std::function<void(const vim25__LicenseManagerLicenseInfo&)>& take) {
  return RetrieveProperties(session, {session.content().license_manager}, "LicenseManager", {"licenses"},
                            [&](const MoRef&, const std::string&, const xsd__anyType* value) {
                              const auto* infos = dynamic_cast<const vim25__ArrayOfLicenseManagerLicenseInfo*>(value);
                              if (!infos) return;
                              for (const auto* info : infos->LicenseManagerLicenseInfo) {
                                if (!Evaluation(info)) take(*info);
                              }
                            });
}

// QueryAssignedLicenses for each of `entities` ("" for every one): host id -> licence.
Result<std::map<std::string, LicenseRef>> Assigned(Session& session, const std::vector<std::string>& entities) {
  std::map<std::string, LicenseRef> found;
  if (entities.empty()) return found;
  auto manager = AssignmentManager(session);
  if (!manager) return manager.fault();
  if (manager->empty()) return found;
  for (const std::string& entity : entities) {
    const Status status = session.Invoke("QueryAssignedLicenses", Effect::ReadOnly, entity, [&](Channel& channel) {
      _vim25__QueryAssignedLicenses request;
      request._USCOREthis = NewMor(channel.soap(), *manager);
      std::string id = entity;
      if (!id.empty()) request.entityId = &id;
      _vim25__QueryAssignedLicensesResponse response;
      const int rc = soap_call___vim25__QueryAssignedLicenses(channel.soap(), channel.endpoint(), channel.action(),
                                                              &request, response);
      for (const auto* assignment : response.returnval) {
        if (!assignment || assignment->entityId.empty() || Evaluation(assignment->assignedLicense)) continue;
        found[assignment->entityId] = RefOf(*assignment->assignedLicense);
      }
      return rc;
    });
    if (!status) return status.fault();
  }
  return found;
}

}  // namespace

Result<Licences> ReadLicences(Session& session, const std::vector<MoRef>& hosts, bool every) {
  Licences licences;
  const Status keys = ForEachKey(session, [&](const vim25__LicenseManagerLicenseInfo& info) {
    licences.keys.push_back(RefOf(info));
  });
  if (!keys) return keys.fault();
  std::vector<std::string> entities;
  if (!hosts.empty() && (every || hosts.size() > kHostsQueriedOneByOne)) {
    entities.push_back("");
  } else {
    for (const MoRef& host : hosts) entities.push_back(host.value);
  }
  auto assigned = Assigned(session, entities);
  if (!assigned) return assigned.fault();
  licences.hosts = std::move(*assigned);
  return licences;
}

Result<LicenseRef> HostLicence(Session& session, const MoRef& host) {
  auto assigned = Assigned(session, {host.value});
  if (!assigned) return assigned.fault();
  const auto found = assigned->find(host.value);
  return found == assigned->end() ? LicenseRef{} : found->second;
}

Result<std::optional<std::string>> HeldKey(Session& session, const LicenseRef& ref) {
  std::optional<std::string> key;
  const Status status = ForEachKey(session, [&](const vim25__LicenseManagerLicenseInfo& info) {
    if (!key && info.editionKey == ref.edition && KeyTail(info.licenseKey) == ref.key_tail) key = info.licenseKey;
  });
  if (!status) return status.fault();
  return key;
}

Status AssignLicence(Session& session, const MoRef& host, const std::string& key, const std::string& object) {
  auto manager = AssignmentManager(session);
  if (!manager) return manager.fault();
  // A fault naming the key (InvalidLicense) would carry it into the log and the journal.
  session.Conceal(key, "..." + KeyTail(key));
  return session.Invoke("UpdateAssignedLicense", Effect::Changes, object, [&](Channel& channel) {
    _vim25__UpdateAssignedLicense request;
    request._USCOREthis = NewMor(channel.soap(), *manager);
    request.entity = host.value;
    request.licenseKey = key;
    _vim25__UpdateAssignedLicenseResponse response;
    return soap_call___vim25__UpdateAssignedLicense(channel.soap(), channel.endpoint(), channel.action(), &request,
                                                    response);
  });
}

Status RemoveLicence(Session& session, const MoRef& host, const std::string& object) {
  auto manager = AssignmentManager(session);
  if (!manager) return manager.fault();
  return session.Invoke("RemoveAssignedLicense", Effect::Changes, object, [&](Channel& channel) {
    _vim25__RemoveAssignedLicense request;
    request._USCOREthis = NewMor(channel.soap(), *manager);
    request.entityId = host.value;
    _vim25__RemoveAssignedLicenseResponse response;
    return soap_call___vim25__RemoveAssignedLicense(channel.soap(), channel.endpoint(), channel.action(), &request,
                                                    response);
  });
}

}  // namespace vcshift::vsphere
