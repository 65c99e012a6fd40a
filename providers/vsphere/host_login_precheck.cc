#include "providers/vsphere/host_login_precheck.h"

#include <algorithm>
#include <map>
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

// A host the plan adds to the target, and the datacenters it leaves and joins.
struct Arrival {
  std::string host;
  std::string thumbprint;
  std::string from;
  std::string to;
};

std::vector<Arrival> Arrivals(const Plan& plan) {
  std::map<std::string, std::string> left;  // host -> the source datacenter it leaves
  for (const auto& action : plan.actions) {
    if (action.kind == ActionKind::RemoveHost) left[NameOf(action.object)] = DatacenterOf(action.object);
  }
  std::vector<Arrival> arrivals;
  for (const auto& action : plan.actions) {
    if (action.kind != ActionKind::AddHost || action.side != Side::Target) continue;
    arrivals.push_back({action.object, ParamOf(action, "thumbprint"), left[action.object],
                        DatacenterOf(ParamOf(action, "cluster"))});
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

// The source's answer for a host it has: AlreadyConnected, as the reference lists for
// QueryConnectionInfo, or DuplicateName, which a real vCenter answers AddHost of a host
// it has with (vmware/vic#5278).
bool SaysItHasTheHost(const Fault& fault) { return fault.type == "AlreadyConnected" || fault.type == "DuplicateName"; }

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// Why the logins of `hosts` went unchecked, and how to have them checked.
std::string Unchecked(const std::vector<std::string>& hosts, const std::string& answer, const Session& source,
                      const Session& target) {
  return "the ESXi login and certificate of " + Join(hosts) + " were not checked before the run: the target (" +
         target.url() + ") has no datacenter to ask from yet, and the source (" + source.url() +
         ") does not answer for hosts it manages (" + answer + "). A wrong password or thumbprint would stop "
         "the run at AddHost_Task after the host left the source, and putting it back needs the same login. To "
         "have them checked first, create the target's datacenter (apply a desired state with the datacenter "
         "alone) and plan again.";
}

// One plan's precheck: where to ask, what was refused, what went unchecked.
class Precheck {
 public:
  Precheck(Session& source, Session& target, const EsxiLogins& logins, const std::string& desired_file)
      : source_(source), target_(target), logins_(logins), desired_file_(desired_file), source_address_(source) {}

  Diagnostics Run(Plan& plan) {
    const std::vector<Arrival> arrivals = Arrivals(plan);
    if (arrivals.empty() || !ChooseWhereToAsk()) return std::move(problems_);
    for (const Arrival& arrival : arrivals) Check(arrival);
    if (!unchecked_.empty()) Note(plan, Unchecked(unchecked_, answer_, source_, target_));
    return std::move(problems_);
  }

 private:
  // The target when it has a datacenter, else the source.
  bool ChooseWhereToAsk() {
    datacenters_ = Datacenters(target_);
    ask_target_ = !datacenters_ || !datacenters_->empty();
    asked_ = ask_target_ ? &target_ : &source_;
    if (!ask_target_) datacenters_ = Datacenters(source_);
    if (datacenters_ && !datacenters_->empty()) return true;
    Refuse(asked_->url(), "no datacenter to ask about the hosts the plan adds: " +
                              (datacenters_ ? std::string("there is none") : Describe(datacenters_.fault())));
    return false;
  }

  void Check(const Arrival& arrival) {
    const std::string would_not = "host '" + arrival.host + "' would not be added to the target: ";
    const Result<EsxiLogin> login = logins_.For(arrival.host);
    if (!login) return Refuse(desired_file_, would_not + Describe(login.fault()));
    const MoRef datacenter = Pick(*datacenters_, ask_target_ ? arrival.to : arrival.from);
    const auto info = QueryConnectionInfo(*asked_, datacenter, arrival.host, *login, arrival.thumbprint);
    if (!info && !ask_target_ && SaysItHasTheHost(info.fault())) {
      unchecked_.push_back(arrival.host);
      answer_ = info.fault().type;
    } else if (!info) {
      Refuse(asked_->url(), would_not + Describe(info.fault()));
    } else if (!info->server_ip.empty()) {
      CheckManager(arrival.host, info->server_ip);
    }
  }

  // The host must be the source's (a host no vCenter manages may be added too).
  void CheckManager(const std::string& host, const std::string& server_ip) {
    const std::string managed = "host '" + host + "' is managed by the vCenter at " + server_ip;
    const Result<bool> by_source = source_address_.Matches(server_ip, host);
    if (!by_source) {
      Refuse(source_.url(), managed + ", and the source could not be asked whether that is itself: " +
                                Describe(by_source.fault()));
    } else if (!*by_source) {
      Refuse(asked_->url(), managed + ", not by the source (" + source_.url() +
                                "); adding it to the target would take it from that vCenter: remove it there first");
    }
  }

  void Refuse(const std::string& where, const std::string& message) {
    problems_.push_back({Severity::Error, where, {}, "", message});
  }

  // Once: a saved plan applied later is checked again.
  void Note(Plan& plan, const std::string& note) const {
    const auto same = [&](const Diagnostic& d) { return d.message == note; };
    if (std::none_of(plan.notes.begin(), plan.notes.end(), same)) {
      plan.notes.push_back({Severity::Warning, target_.url(), {}, "", note});
    }
  }

  Session& source_;
  Session& target_;
  const EsxiLogins& logins_;
  const std::string& desired_file_;
  VCenterAddress source_address_;
  Result<std::map<std::string, MoRef>> datacenters_ = std::map<std::string, MoRef>{};
  bool ask_target_ = true;
  Session* asked_ = nullptr;
  Diagnostics problems_;
  std::vector<std::string> unchecked_;
  std::string answer_;  // the source's, for the unchecked hosts
};

}  // namespace

Diagnostics PrecheckHostLogins(Session& source, Session& target, const EsxiLogins& logins,
                               const std::string& desired_file, Plan& plan) {
  return Precheck(source, target, logins, desired_file).Run(plan);
}

}  // namespace vcshift::vsphere
