// The fault matrix (docs/testing.md, "Fault matrix"): the migration of the simulated
// default world (a two-host cluster on a distributed switch, whose hosts' networking moves
// step by step to the target's copy of the switch), applied once per cell with one thing going wrong, judged by the
// simulator's own snapshots (govmomi, not vcshift) and by vcshift's journal. Cells named
// "standalone: " migrate worlds/standalone-host.json's standalone host with its pool tree
// and vApp instead: the calls on its pools, and those the default world does not make.
//
// Fault cells: every distinct call (vCenter, method, object) a clean migration makes, from
// the simulator's call log, times each fault kind that applies to it. The fault fires on
// the first such call. A cell passes when either the run completed (exit 0) and planning
// again changes nothing; or only a cleanup or finishing step failed (exit 5, a warning) and
// a second apply finishes the run; or it rolled back (exit 3) or stopped before changing
// anything (exit 1) with both vCenters snapshot-identical to before; and `vcshift runs`
// agrees.
//
// Kill cells: vcshift killed with SIGKILL as an action starts and as it ends (one action at
// a time, --parallelism 1). From there `vcshift resume` must complete the run and plan no
// changes, and, from the same point on a fresh world, `vcshift rollback` must restore
// both vCenters.
//
// Usage: fault_matrix [--sample N] [--kill-sample N] [--jobs N] [--list]
//   --sample N       run N fault cells spread evenly over the matrix (0: none; default all)
//   --kill-sample N  the same for kill cells, and for hook cells (a failing, a hanging and a
//                    killed hook in each phase)
//   --jobs N         run N cells at once (default 1)
//   --only TEXT      run only the cells whose name holds TEXT

#include <signal.h>
#include <stdlib.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "tests/support/command.h"
#include "tests/support/simulator.h"

namespace vcshift::testing {
namespace {

constexpr const char* kEsxiPassword = "esxi-root";
// vcshift gives up one call after this; a hang cell holds the call longer.
constexpr int kCallTimeoutSeconds = 5;

struct Call {
  std::string vcenter, method, object;
  bool operator<(const Call& other) const {
    return std::tie(vcenter, method, object) < std::tie(other.vcenter, other.method, other.object);
  }
};

// The migration a cell runs: the default world's cluster, or a standalone host with a
// pool tree and a vApp (World, StandaloneDesired); the latter's cells are named so.
enum class Scenario { Default, Standalone };
std::string Prefix(Scenario scenario) { return scenario == Scenario::Standalone ? "standalone: " : ""; }

struct FaultCell {
  Call call;
  std::string kind;  // soap_fault, task_error, drop, drop_after, offline, hang
  Scenario scenario = Scenario::Default;
  std::string Name() const {
    return Prefix(scenario) + call.vcenter + " " + call.method + (call.object.empty() ? "" : "(" + call.object + ")") +
           " " + kind;
  }
};

struct KillCell {
  std::string action;
  std::string event;  // start, done
  Scenario scenario = Scenario::Default;
  std::string Name() const { return Prefix(scenario) + "kill -9 at " + event + " of " + action; }
};

// A hook in one phase that fails (exit 7), hangs past its 2 s timeout, or is running when
// vcshift is killed (then resumed): critical before the hosts leave (the run rolls
// back), not after (a warning; a second apply has nothing to do, since the hosts have moved).
struct HookCell {
  std::string phase;  // before_hosts_leave, after_hosts_arrive, after_cleanup
  std::string mode;   // failing, hanging, killed
  std::string Name() const { return "hook " + mode + " " + phase; }
  std::string Action() const { return std::string("run_hook:") + (phase == "before_hosts_leave" ? "source" : "target") + ":cell"; }
  std::string Yaml() const {
    const std::string run = mode == "failing" ? "echo failing; exit 7" : mode == "hanging" ? "exec sleep 600" : "sleep 2";
    return "hooks:\n  - name: cell\n    phase: " + phase + "\n    run: [/bin/sh, -c, \"" + run +
           "\"]\n    undo: [/bin/sh, -c, \"echo undone >> hook-undone\"]\n    timeout_seconds: 2\n";
  }
};

// A fresh directory for one world, removed with it.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "vcshift-matrix-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

std::string Quote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// One fresh simulated world with a desired state that moves its cluster to the target,
// with a resource pool, a vApp and a per-VM override there; or (Scenario::Standalone)
// worlds/standalone-host.json's standalone host with the pools and vApp pyVmomi makes
// below its root pool (retarget_standalone_pools.py), inherited.
class World {
 public:
  explicit World(Scenario scenario = Scenario::Default)
      : sim_(scenario == Scenario::Standalone ? VCSHIFT_SOURCE_DIR "/tests/e2e/worlds/standalone-host.json" : ""),
        scenario_(scenario) {}
  bool ok() const { return sim_.running(); }
  const std::string& error() const { return sim_.error(); }

  // The default world's migration, and `hooks` (a `hooks:` block) when given. Custom
  // attributes on the source's hosts, VMs and cluster, made by pyVmomi
  // (tests/e2e/retarget_attributes.py), tags through the REST API (retarget_tags.py), host
  // licences (retarget_licences.py) and a custom role with permissions
  // (retarget_permissions.py, last: it moves vm-3 into folder Web); the desired state
  // inherits them, so that their calls (AddCustomFieldDef, SetField, the REST calls,
  // UpdateAssignedLicense, AddAuthorizationRole, RetrieveEntityPermissions,
  // SetEntityPermissions, RemoveEntityPermission on both sides) are cells too. A REST
  // call's cells fault it as the simulator names it ("REST POST
  // /rest/com/vmware/cis/tagging/tag": a soap_fault there is a vAPI error, HTTP 500).
  std::string Desired(const std::string& hooks = "") {
    if (scenario_ == Scenario::Standalone) return StandaloneDesired();
    const auto& source = sim_.vcenter("source");
    for (const char* script :
         {"retarget_attributes.py", "retarget_tags.py", "retarget_licences.py", "retarget_permissions.py"}) {
      const CommandResult made = RunCommand("VCSHIFT_SOURCE_PASSWORD=" + Quote(source.password) +
                                            " /usr/bin/python3 " VCSHIFT_SOURCE_DIR "/tests/e2e/" + script + " " +
                                            source.url + " " + Quote(source.user));
      if (made.exit_code != 0) std::cerr << script << " failed: " << made.out << "\n";
    }
    const std::string path = dir_ / "desired.yaml";
    std::ofstream(path) << Connections()
                        << "datacenters:\n  - name: DC1\n    vm_folders: [Web]\n    clusters:\n"
                        << "      - {name: Cluster1, ha: inherit, drs: inherit, attributes: inherit, tags: inherit, "
                        << "permissions: inherit, "
                        << "hosts: [esx-01.sim.local, esx-02.sim.local],\n"
                        // A pool, an override and a vApp: their calls (CreateResourcePool,
                        // MoveIntoResourcePool, the overrides' reconfigure, CreateVApp,
                        // UpdateVAppConfig) are cells too; and the vApp Inner inside the
                        // vApp Bundle, with sections (UpdateVAppConfig on Inner) and its
                        // entry in Bundle (UpdateVAppConfig on Bundle): cells of their own,
                        // not Shop's, whose first UpdateVAppConfig stays a member's entry.
                        << "         resource_pools: [{name: Tier1, cpu: {shares: high}, vms: [vm-1]}],\n"
                        << "         vapps: [{name: Shop, members: [{vms: [vm-3], start_order: 2}]}, {name: Bundle},\n"
                        << "                 {name: Inner, resource_pool: Bundle, start: {start_order: 2},\n"
                        << "                  products: [{key: 0, name: Inner, version: '1.0'}],\n"
                        << "                  properties: [{key: 1, id: ip, type: string, value: '10.0.0.9'}]}],\n"
                        << "         vm_overrides: [{vms: [vm-2], ha: {restart_priority: high}}]}\n"
                        << "    host_attributes: inherit\n    vm_attributes: inherit\n"
                        << "    host_permissions: inherit\n    vm_permissions: inherit\n    folder_permissions: inherit\n"
                        << "    host_tags: [{hosts: ['*'], tags: inherit}]\n    vm_tags: [{vms: ['*'], tags: inherit}]\n"
                        << "    host_licenses: [{hosts: ['*'], license: inherit}]\n"
                        << "    distributed_switches:\n      - name: DSwitch1\n        inherit: DSwitch1\n"
                        << "        permissions: inherit\n"
                        << "        hosts:\n"
                        << "          - {name: esx-01.sim.local, uplinks: {vmnic0: uplink1, vmnic1: uplink2}}\n"
                        << "          - {name: esx-02.sim.local, uplinks: {vmnic0: uplink1, vmnic1: uplink2}}\n"
                        << "custom_attributes: inherit\nroles: inherit\ntag_categories: inherit\ntags: inherit\n"
                        << "permissions: inherit\n" << hooks;
    return path;
  }

  // The standalone host esx-02 with its pools and vApp (made by pyVmomi), inherited, and
  // the permission and tag on Gold: its pools' and vApp's calls on the target, the
  // permission set there, and the removal's capture of the tree, the permission and the
  // tag (undone by a rollback that makes them again on the source) are cells too.
  std::string StandaloneDesired() {
    const auto& source = sim_.vcenter("source");
    const CommandResult made = RunCommand("VCSHIFT_SOURCE_PASSWORD=" + Quote(source.password) +
                                          " /usr/bin/python3 " VCSHIFT_SOURCE_DIR
                                          "/tests/e2e/retarget_standalone_pools.py " +
                                          source.url + " " + Quote(source.user));
    if (made.exit_code != 0) std::cerr << "retarget_standalone_pools.py failed: " << made.out << "\n";
    const std::string path = dir_ / "desired.yaml";
    std::ofstream(path) << Connections() << "datacenters:\n  - name: DC1\n    standalone_hosts:\n"
                        << "      - {name: esx-02.example.com, resource_pools: inherit, vapps: inherit}\n";
    return path;
  }

  // The desired state's version and connections: this world's vCenters, calls timing out
  // after kCallTimeoutSeconds.
  std::string Connections() const {
    std::string yaml = "version: 1\nconnections:\n";
    for (const char* name : {"source", "target"}) {
      const auto& vc = sim_.vcenter(name);
      yaml += std::string("  ") + name + ": {url: " + vc.url + ", user: " + vc.user + ", thumbprint: \"" +
              vc.thumbprint + "\", timeout_seconds: " + std::to_string(kCallTimeoutSeconds) + "}\n";
    }
    return yaml;
  }

  // `vcshift ARGUMENTS` as a user runs it, passwords in the environment; the journal in
  // this world's directory for the commands that keep one.
  std::string Command(const std::string& arguments) const {
    const bool journaled = arguments.rfind("plan", 0) != 0;
    const std::string password = sim_.vcenter("source").password;
    return "VCSHIFT_SOURCE_PASSWORD=" + Quote(password) + " VCSHIFT_TARGET_PASSWORD=" + Quote(password) +
           " VCSHIFT_ESXI_PASSWORD=" + kEsxiPassword + " " VCSHIFT_BINARY " " + arguments +
           (journaled ? " --state-dir " + (dir_ / "state") : "");
  }
  CommandResult Vcshift(const std::string& arguments) const {
    return RunCommand(Command(arguments), dir_ / "stderr");
  }

  std::string Snapshot(const std::string& name) const {
    const auto& vc = sim_.vcenter(name);
    return RunCommand(Simulator::Binary() + " snapshot --url " + vc.url + " --user " + Quote(vc.user) +
                      " --password " + Quote(vc.password) + " --insecure")
        .out;
  }

  std::string Control(const std::string& vcenter, const std::string& method, const std::string& path,
                      const std::string& body = "") const {
    const std::string data = body.empty() ? "" : " --data " + Quote(body);
    return RunCommand("curl -s -X " + method + data + " " + sim_.vcenter(vcenter).control + path).out;
  }

 private:
  Simulator sim_;
  Scenario scenario_;
  ScratchDir dir_;
};

// The calls of a clean migration and the actions it ran, in order.
struct CleanRun {
  std::vector<Call> calls;
  std::vector<std::string> actions;
  std::string error;
};

CleanRun Observe(Scenario scenario) {
  CleanRun run;
  World world(scenario);
  if (!world.ok()) return {{}, {}, world.error()};
  const std::string desired = world.Desired();
  for (const char* vc : {"source", "target"}) world.Control(vc, "DELETE", "/calls");
  const CommandResult applied = world.Vcshift("apply -f " + desired + " --auto-approve --json --parallelism 1");
  if (applied.exit_code != 0) return {{}, {}, "the clean migration failed: " + applied.out + applied.err};
  std::set<Call> seen;
  for (const char* vc : {"source", "target"}) {
    const YAML::Node log = YAML::Load(world.Control(vc, "GET", "/calls"));
    for (const auto& record : log["calls"]) {
      Call call{vc, record["method"].as<std::string>(), record["object"].as<std::string>("")};
      if (seen.insert(call).second) run.calls.push_back(call);
    }
  }
  std::set<std::string> actions;
  std::istringstream lines(applied.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("{\"event\"", 0) != 0) continue;  // the plan and the closing line are text
    const YAML::Node event = YAML::Load(line);
    if (event["event"].as<std::string>("") != "start") continue;
    if (actions.insert(event["action"].as<std::string>()).second) run.actions.push_back(event["action"].as<std::string>());
  }
  return run;
}

bool IsTask(const std::string& method) { return method.size() > 5 && method.ends_with("_Task"); }

std::vector<FaultCell> FaultCells(const std::vector<Call>& calls, Scenario scenario = Scenario::Default) {
  std::vector<FaultCell> cells;
  for (const auto& call : calls) {
    for (const char* kind : {"soap_fault", "task_error", "drop", "drop_after", "offline", "hang"}) {
      const std::string k = kind;
      if (k == "task_error" && !IsTask(call.method)) continue;
      cells.push_back({call, k, scenario});
    }
  }
  return cells;
}

// The standalone world's calls worth cells of their own: those on its pools and vApp, on
// the permission and tag on Gold (REST calls name no object: each tag association call),
// and any method the default world's migration does not make.
std::vector<Call> StandaloneCalls(const CleanRun& standalone, const CleanRun& base) {
  const std::set<std::string> pools = {"CreateResourcePool", "CreateVApp",           "MoveIntoResourcePool",
                                       "UpdateVAppConfig",   "UpdateConfig",         "Destroy_Task",
                                       "SetEntityPermissions", "RemoveEntityPermission"};
  std::set<std::string> known;
  for (const auto& call : base.calls) known.insert(call.method);
  std::vector<Call> calls;
  for (const auto& call : standalone.calls) {
    const bool tagging = call.method.find("tag-association") != std::string::npos;
    if (pools.count(call.method) || tagging || !known.count(call.method)) calls.push_back(call);
  }
  return calls;
}

std::string Rule(const FaultCell& cell) {
  std::string rule = "{\"id\":\"matrix\",\"method\":\"" + cell.call.method + "\"";
  if (!cell.call.object.empty()) rule += ",\"object\":\"" + cell.call.object + "\"";
  if (cell.kind == "soap_fault") return rule + ",\"kind\":\"soap_fault\",\"fault\":\"SystemError\"}";
  if (cell.kind == "task_error") return rule + ",\"kind\":\"task_error\",\"fault\":\"SystemError\"}";
  if (cell.kind == "drop") return rule + ",\"kind\":\"drop\"}";
  if (cell.kind == "drop_after") return rule + ",\"kind\":\"drop\",\"execute\":true}";
  if (cell.kind == "offline") return rule + ",\"kind\":\"offline\",\"seconds\":3}";
  return rule + ",\"kind\":\"hang\",\"seconds\":" + std::to_string(kCallTimeoutSeconds + 2) + "}";
}

// The outcome `vcshift runs` shows for run 1, "" when there is none.
std::string RunOutcome(const World& world) {
  const CommandResult runs = world.Vcshift("runs");
  std::istringstream lines(runs.out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string run, kind, started, outcome;
    words >> run >> kind >> started >> outcome;
    if (run == "1") return outcome;
  }
  return "";
}

// Why the world is not as it was before, "" when it is.
std::string Unchanged(const World& world, const std::map<std::string, std::string>& before) {
  for (const auto& [name, snapshot] : before) {
    if (world.Snapshot(name) != snapshot) return "the " + name + " vCenter differs from its snapshot before the run";
  }
  return "";
}

// The simulator's record of outages its rules caused (a host that lost its management
// network, a VM NIC cut off or put on another VLAN), on every host: none is allowed at any
// moment of a cell, whatever the outcome. "" when there was none.
std::string Incidents(const World& world) {
  const YAML::Node record = YAML::Load(world.Control("source", "GET", "/incidents"));
  if (record["count"].as<int>(0) == 0) return "";
  YAML::Emitter out;
  out << record["incidents"];
  return "the simulator recorded outages: " + std::string(out.c_str());
}

std::map<std::string, std::string> Snapshots(const World& world) {
  return {{"source", world.Snapshot("source")}, {"target", world.Snapshot("target")}};
}

// Judges a finished apply: "" when it passed, else why not.
std::string Judge(const World& world, const std::string& desired, int exit_code,
                  const std::map<std::string, std::string>& before, std::string& verdict) {
  const std::string outcome = RunOutcome(world);
  switch (exit_code) {
    case 0: {
      verdict = "completed";
      if (outcome != "applied") return "exit 0 but the journal says '" + outcome + "'";
      const CommandResult plan = world.Vcshift("plan -f " + desired);
      return plan.out == "No changes.\n" ? "" : "completed, but planning again: " + plan.out + plan.err;
    }
    case 5: {
      // A cleanup or finishing step failed: a warning, no rollback. Applying again finishes it.
      verdict = "completed with warnings, finished by a second apply";
      if (outcome != "applied_with_warnings") return "exit 5 but the journal says '" + outcome + "'";
      const CommandResult again = world.Vcshift("apply -f " + desired + " --auto-approve");
      if (again.exit_code != 0) return "the second apply: exit " + std::to_string(again.exit_code) + "\n" + again.out + again.err;
      const CommandResult plan = world.Vcshift("plan -f " + desired);
      return plan.out == "No changes.\n" ? "" : "after the second apply, planning again: " + plan.out + plan.err;
    }
    case 1:
      verdict = "refused before any change";
      if (!outcome.empty()) return "exit 1 but the journal has run 1: '" + outcome + "'";
      return Unchanged(world, before);
    case 3:
      verdict = "rolled back";
      if (outcome != "rolled_back") return "exit 3 but the journal says '" + outcome + "'";
      return Unchanged(world, before);
    default:
      verdict = "exit " + std::to_string(exit_code);
      return "unexpected exit code " + std::to_string(exit_code) + " (journal: '" + outcome + "')";
  }
}

std::string RunFaultCell(const FaultCell& cell, std::string& verdict) {
  World world(cell.scenario);
  if (!world.ok()) return world.error();
  const std::string desired = world.Desired();
  const auto before = Snapshots(world);
  const std::string added = world.Control(cell.call.vcenter, "POST", "/faults", Rule(cell));
  if (added.find("\"matrix\"") == std::string::npos) return "the simulator refused the rule: " + added;
  const CommandResult applied = world.Vcshift("apply -f " + desired + " --auto-approve");
  // An offline window may outlast the run; the vCenters are judged once they answer.
  for (const char* vc : {"source", "target"}) world.Control(vc, "DELETE", "/offline");
  const YAML::Node rule = YAML::Load(world.Control(cell.call.vcenter, "GET", "/faults/matrix"));
  if (rule["fired"].as<int>(0) == 0) {
    verdict = "not reached";  // the call happens only in a clean run (e.g. after a retry)
  }
  std::string judged;
  std::string why = Judge(world, desired, applied.exit_code, before, judged);
  if (why.empty()) why = Incidents(world);
  if (verdict.empty()) verdict = judged;
  return why.empty() ? "" : why + "\n" + applied.out + applied.err;
}

// Runs apply and kills it with SIGKILL when the event for `action` arrives. Returns whether
// the kill happened.
bool ApplyAndKill(const World& world, const std::string& desired, const KillCell& cell) {
  // The shell prints its pid and becomes vcshift, so that pid is vcshift's.
  const std::string command =
      "sh -c " + Quote("echo $$; exec env " + world.Command("apply -f " + desired + " --auto-approve --json --parallelism 1")) +
      " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return false;
  std::array<char, 8192> line;
  pid_t pid = -1;
  bool killed = false;
  const std::string wanted = "\"event\":\"" + cell.event + "\",\"action\":\"" + cell.action + "\"";
  while (fgets(line.data(), line.size(), pipe)) {
    if (pid < 0) {
      pid = std::atoi(line.data());
      continue;
    }
    if (!killed && pid > 0 && std::strstr(line.data(), wanted.c_str())) {
      kill(pid, SIGKILL);
      killed = true;
    }
  }
  pclose(pipe);
  return killed;
}

std::string RunKillCell(const KillCell& cell, bool then_rollback, std::string& verdict) {
  World world(cell.scenario);
  if (!world.ok()) return world.error();
  const std::string desired = world.Desired();
  const auto before = Snapshots(world);
  if (!ApplyAndKill(world, desired, cell)) return "the run ended before the event";
  if (then_rollback) {
    verdict = "rolled back";
    const CommandResult rolled = world.Vcshift("rollback --auto-approve");
    if (rolled.exit_code != 0) return "rollback: exit " + std::to_string(rolled.exit_code) + "\n" + rolled.out + rolled.err;
    const std::string why = Unchanged(world, before);
    return why.empty() ? Incidents(world) : why;
  }
  verdict = "resumed";
  const CommandResult resumed = world.Vcshift("resume");
  if (resumed.exit_code != 0) return "resume: exit " + std::to_string(resumed.exit_code) + "\n" + resumed.out + resumed.err;
  const CommandResult plan = world.Vcshift("plan -f " + desired);
  return plan.out == "No changes.\n" ? Incidents(world) : "resumed, but planning again: " + plan.out + plan.err;
}

std::string RunHookCell(const HookCell& cell, std::string& verdict) {
  World world;
  if (!world.ok()) return world.error();
  const std::string desired = world.Desired(cell.Yaml());
  const auto before = Snapshots(world);
  CommandResult ended;
  if (cell.mode == "killed") {
    if (!ApplyAndKill(world, desired, {cell.Action(), "start"})) return "the run ended before the hook started";
    ended = world.Vcshift("resume");  // the hook in flight is reported, not run again
    if (ended.out.find("HookInterrupted") == std::string::npos) return "resume does not report the hook\n" + ended.out;
  } else {
    ended = world.Vcshift("apply -f " + desired + " --auto-approve");
  }
  const int expected = cell.phase == "before_hosts_leave" ? 3 : 5;
  if (ended.exit_code != expected) {
    return "exit " + std::to_string(ended.exit_code) + ", expected " + std::to_string(expected) + "\n" + ended.out + ended.err;
  }
  std::string why = Judge(world, desired, ended.exit_code, before, verdict);
  if (why.empty()) why = Incidents(world);
  return why.empty() ? "" : why + "\n" + ended.out + ended.err;
}

// `count` items spread evenly over `all` (all of them for a negative count).
template <typename T>
std::vector<T> Sample(const std::vector<T>& all, int count) {
  if (count < 0 || static_cast<size_t>(count) >= all.size()) return all;
  std::vector<T> picked;
  for (int i = 0; i < count; ++i) picked.push_back(all[i * all.size() / count]);
  return picked;
}

// One cell to run: its name, and how to run it (returns why it failed, "" when it passed).
struct Job {
  std::string name;
  std::function<std::string(std::string& verdict)> run;
};

int Main(int argc, char** argv) {
  int sample = -1, kill_sample = -1, jobs = 1;
  bool list = false;
  std::string only;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--sample" && i + 1 < argc) {
      sample = std::atoi(argv[++i]);
    } else if (arg == "--kill-sample" && i + 1 < argc) {
      kill_sample = std::atoi(argv[++i]);
    } else if (arg == "--jobs" && i + 1 < argc) {
      jobs = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--only" && i + 1 < argc) {
      only = argv[++i];
    } else if (arg == "--list") {
      list = true;
    } else {
      std::cerr << "usage: fault_matrix [--sample N] [--kill-sample N] [--jobs N] [--only TEXT] [--list]\n";
      return 64;
    }
  }
  if (!Simulator::Built()) {
    std::cout << "fault matrix skipped: " << Simulator::Binary() << " is not built\n";
    return 0;
  }
  const CleanRun clean = Observe(Scenario::Default);
  const CleanRun standalone = Observe(Scenario::Standalone);
  for (const CleanRun* run : {&clean, &standalone}) {
    if (run->error.empty()) continue;
    std::cerr << run->error << "\n";
    return 1;
  }
  auto all_faults = FaultCells(clean.calls);
  for (auto& cell : FaultCells(StandaloneCalls(standalone, clean), Scenario::Standalone)) all_faults.push_back(cell);
  std::vector<KillCell> all_kills;
  for (const auto& [run, scenario] : {std::pair{&clean, Scenario::Default}, std::pair{&standalone, Scenario::Standalone}}) {
    for (const auto& action : run->actions) {
      for (const char* event : {"start", "done"}) all_kills.push_back({action, event, scenario});
    }
  }
  std::vector<Job> work;
  for (const auto& cell : Sample(all_faults, sample)) {
    work.push_back({cell.Name(), [cell](std::string& verdict) { return RunFaultCell(cell, verdict); }});
  }
  for (const auto& cell : Sample(all_kills, kill_sample)) {
    for (const bool rollback : {false, true}) {
      work.push_back({cell.Name() + (rollback ? ", then rollback" : ", then resume"),
                      [cell, rollback](std::string& verdict) { return RunKillCell(cell, rollback, verdict); }});
    }
  }
  std::vector<HookCell> all_hooks;
  for (const char* phase : {"before_hosts_leave", "after_hosts_arrive", "after_cleanup"}) {
    for (const char* mode : {"failing", "hanging", "killed"}) all_hooks.push_back({phase, mode});
  }
  for (const auto& cell : Sample(all_hooks, kill_sample)) {
    work.push_back({cell.Name(), [cell](std::string& verdict) { return RunHookCell(cell, verdict); }});
  }
  if (!only.empty()) {
    std::erase_if(work, [&](const Job& job) { return job.name.find(only) == std::string::npos; });
  }
  std::cout << "The clean migration makes " << clean.calls.size() << " distinct calls and runs " << clean.actions.size()
            << " actions (the standalone host's " << standalone.calls.size() << " and " << standalone.actions.size()
            << "): " << all_faults.size() << " fault cells, " << all_kills.size() * 2
            << " kill cells (each kill point resumed, and rolled back) and " << all_hooks.size() << " hook cells. Running " << work.size()
            << ".\n";
  if (list) {
    for (const auto& job : work) std::cout << job.name << "\n";
    return 0;
  }
  // Cells are independent (each its own simulated world and journal), so they may run at
  // once: most of a cell's time is spent waiting on a hang, an offline window or a retry.
  std::mutex lock;
  size_t next = 0;
  int passed = 0, failed = 0;
  std::map<std::string, int> verdicts;
  const auto worker = [&] {
    while (true) {
      size_t mine;
      {
        std::lock_guard<std::mutex> guard(lock);
        if (next == work.size()) return;
        mine = next++;
      }
      std::string verdict;
      const std::string why = work[mine].run(verdict);
      std::lock_guard<std::mutex> guard(lock);
      ++verdicts[verdict];
      (why.empty() ? passed : failed)++;
      std::cout << (why.empty() ? "pass  " : "FAIL  ") << work[mine].name << ": " << (why.empty() ? verdict : why)
                << "\n" << std::flush;
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < jobs; ++i) threads.emplace_back(worker);
  for (auto& thread : threads) thread.join();
  std::cout << "Fault matrix: " << passed + failed << " cells, " << passed << " passed, " << failed << " failed (";
  bool first = true;
  for (const auto& [verdict, count] : verdicts) {
    std::cout << (first ? "" : ", ") << verdict << ": " << count;
    first = false;
  }
  std::cout << ").\n";
  return failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace vcshift::testing

int main(int argc, char** argv) { return vcshift::testing::Main(argc, argv); }
