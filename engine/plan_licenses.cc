#include "engine/plan_licenses.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "engine/name_patterns.h"
#include "engine/plan_changes.h"
#include "engine/plan_host_moves.h"
#include "engine/plan_resources.h"

namespace vcshift::planning {
namespace {

// A leaving host's licence was released on the source.
std::string LicenseReleased(const std::string& host) { return "license-released@source:" + host; }

bool Read(const Inventory& inventory) {
  return std::find(inventory.checked.begin(), inventory.checked.end(), "licenses") != inventory.checked.end();
}

// A whole key (five groups of five) written where its last five characters belong.
bool LooksLikeKey(const std::string& text) {
  static const std::regex kKey("[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){4}");
  return std::regex_match(text, kKey);
}

// The params (or prior) naming `ref`; none for evaluation mode.
std::map<std::string, std::string> ParamsOf(const LicenseRef& ref) {
  if (ref.key_tail.empty()) return {};
  return {{"edition", ref.edition}, {"name", ref.name}, {"key_tail", ref.key_tail}};
}

class LicensePlanner {
 public:
  explicit LicensePlanner(PlanRecorder& plan) : plan_(plan), keys_(plan.target().license_keys) {}

  void Run() {
    bool declares = false;
    for (const auto& dc : plan_.desired().datacenters) declares = declares || !dc.host_licenses.empty();
    if (declares && !Read(plan_.target())) {
      plan_.Error({}, "the desired state declares host licences, and the target's LicenseManager could not be "
                      "read: see the warning above");
    } else if (declares) {
      for (const auto& dc : plan_.desired().datacenters) PlanTarget(dc);
    }
    if (!plan_.same_vcenter()) PlanSource();
  }

 private:
  void PlanTarget(const DatacenterSpec& dc) {
    for (const auto& [name, place] : HostsOf(dc)) {
      const LicenseRule* rule = nullptr;  // a later rule wins
      for (const auto& candidate : dc.host_licenses) {
        if (AnyNameMatches(candidate.hosts, name)) rule = &candidate;
      }
      if (rule) PlanHost(*rule, name, place);
    }
  }

  void PlanHost(const LicenseRule& rule, const std::string& name, const std::string& place) {
    const InventoryHost* there = plan_.target_index().Host(name);
    const InventoryHost* from = plan_.same_vcenter() ? nullptr : plan_.source_index().Host(name);
    const LicenseRef* wanted = nullptr;
    std::string asked = rule.license.value;
    if (rule.inherit) {
      if (there || !from || from->license.key_tail.empty()) return;  // it keeps what it has
      asked = from->license.edition + " ..." + from->license.key_tail;
      wanted = FindLicense(keys_, from->license.key_tail);
      if (!wanted) wanted = FindLicense(keys_, from->license.edition);
    } else if (LooksLikeKey(asked)) {
      plan_.Error(rule.license.location, "host '" + name + "': `license:` holds a whole licence key; write its "
                                         "edition or its last five characters (a key is a secret)");
      return;
    } else {
      wanted = FindLicense(keys_, asked);
    }
    if (!wanted) {
      plan_.Error(rule.license.location, UnknownLicenseMessage(name, asked, keys_));
      return;
    }
    const LicenseRef now = there ? there->license : LicenseRef{};  // a host arrives in evaluation mode
    if (now.key_tail == wanted->key_tail && now.edition == wanted->edition) return;
    Action& set = plan_.Add(ActionKind::SetHostLicense, Side::Target, place + "/" + name);
    set.params = ParamsOf(*wanted);
    set.prior = ParamsOf(now);
    set.changes = {{"license", LicenseLabel(now), LicenseLabel(*wanted)}};
    set.inputs = {HostReady(name)};
    set.expected_seconds = 1;
    carried_.insert(name);
  }

  // Each leaving host's licence is released just before it disconnects; the rollback
  // assigns it again.
  void PlanSource() {
    const std::set<std::string> leaving = plan_.LeavingHosts();
    if (!Read(plan_.source()) && !leaving.empty()) {
      plan_.Warn({"licenses", {leaving.begin(), leaving.end()},
                  "the licences of the moving hosts were not checked (the source's LicenseManager could not be "
                  "read): a licence they have is not carried, and not assigned again by a rollback"});
      return;
    }
    std::vector<std::string> lost;
    for (const auto& name : leaving) {
      const InventoryHost* host = plan_.source_index().Host(name);
      if (!host || host->license.key_tail.empty()) continue;
      const std::string path = PlacePath(host->datacenter, host->cluster, host->folder) + "/" + name;
      if (!carried_.contains(name)) lost.push_back(path + ": " + LicenseLabel(host->license));
      const auto& actions = plan_.actions();
      const auto disconnect = std::find_if(actions.begin(), actions.end(), [&](const Action& action) {
        return action.kind == ActionKind::DisconnectHost && action.side == Side::Source && action.object == path;
      });
      if (disconnect == actions.end()) continue;
      const size_t index = static_cast<size_t>(disconnect - actions.begin());
      Release(*host, path, actions[index].criticality);  // adds an action: `disconnect` is stale
      plan_.actions()[index].inputs.push_back(LicenseReleased(name));
    }
    if (!lost.empty()) {
      plan_.Warn({"licenses", lost,
                  std::to_string(lost.size()) + (lost.size() == 1 ? " host licence" : " host licences") +
                      " not carried to the target: " + FirstFew(lost) +
                      " (declare them in host_licenses, or license: inherit)"});
    }
  }

  void Release(const InventoryHost& host, const std::string& path, Criticality criticality) {
    Action& release = plan_.Add(ActionKind::SetHostLicense, Side::Source, path);
    release.prior = ParamsOf(host.license);
    release.changes = {{"license", LicenseLabel(host.license), "(leaves with the host)"}};
    release.outputs = {LicenseReleased(host.name)};
    release.criticality = criticality;
    release.expected_seconds = 1;
  }

  PlanRecorder& plan_;
  const std::vector<LicenseRef>& keys_;  // the target's
  std::set<std::string> carried_;        // hosts given a licence on the target
};

}  // namespace

void PlanLicenses(PlanRecorder& plan) { LicensePlanner(plan).Run(); }

}  // namespace vcshift::planning
