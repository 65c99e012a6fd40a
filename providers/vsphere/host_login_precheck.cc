#include "providers/vsphere/host_login_precheck.h"

#include <map>
#include <set>
#include <vector>

#include "engine/action_kinds.h"
#include "providers/vsphere/host_login.h"
#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/ops/values.h"
#include "providers/vsphere/properties.h"
#include "providers/vsphere/session.h"
#include "providers/vsphere/vcenter_address.h"

namespace vcshift::vsphere {
namespace {

// A host the plan adds to the target, and the datacenter it joins.
struct Arrival {
  std::string host;
  std::string thumbprint;
  std::string to;
};

// The hosts the plan adds that no check_host_login step of it asks about.
std::vector<Arrival> Arrivals(const Plan& plan) {
  std::set<std::string> checked;
  for (const auto& action : plan.actions) {
    if (action.kind == ActionKind::CheckHostLogin) checked.insert(action.object);
  }
  std::vector<Arrival> arrivals;
  for (const auto& action : plan.actions) {
    if (action.kind != ActionKind::AddHost || action.side != Side::Target || checked.count(action.object)) continue;
    arrivals.push_back({action.object, ParamOf(action, "thumbprint"), DatacenterOf(ParamOf(action, "cluster"))});
  }
  return arrivals;
}

// A vCenter's datacenters by name.
Result<std::map<std::string, MoRef>> Datacenters(Session& vcenter) {
  std::map<std::string, MoRef> found;
  const Status read = RetrieveAll(vcenter, vcenter.content().root_folder, "Datacenter", {"name"},
                                  [&](const MoRef& dc, const std::string&, const xsd__anyType* value) {
                                    found[TextOf(value)] = dc;
                                  });
  if (!read) return read.fault();
  return found;
}

// `name` when the vCenter has it, else its first datacenter by name: QueryConnectionInfo
// answers the same in any datacenter of a vCenter.
MoRef Pick(const std::map<std::string, MoRef>& datacenters, const std::string& name) {
  const auto it = datacenters.find(name);
  return it != datacenters.end() ? it->second : datacenters.begin()->second;
}

void Refuse(Diagnostics& problems, const std::string& where, const std::string& message) {
  problems.push_back({Severity::Error, where, {}, "", message});
}

}  // namespace

Diagnostics PrecheckHostLogins(Session& source, Session& target, const EsxiLogins& logins,
                               const std::string& desired_file, const Plan& plan) {
  Diagnostics problems;
  const std::vector<Arrival> arrivals = Arrivals(plan);
  if (arrivals.empty()) return problems;
  const auto datacenters = Datacenters(target);
  if (!datacenters || datacenters->empty()) {
    Refuse(problems, target.url(), "no datacenter to ask about the hosts the plan adds: " +
                                       (datacenters ? std::string("there is none") : Describe(datacenters.fault())));
    return problems;
  }
  VCenterAddress source_address(source);
  for (const Arrival& arrival : arrivals) {
    const auto refusal =
        CheckArrival(target, Pick(*datacenters, arrival.to), arrival.host, logins, arrival.thumbprint, source_address);
    // A login the desired state does not give is the desired state's to fix.
    if (refusal) Refuse(problems, refusal->vcenter.empty() ? desired_file : refusal->vcenter, refusal->message);
  }
  return problems;
}

}  // namespace vcshift::vsphere
