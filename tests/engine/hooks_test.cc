// Hooks (issue 19): the desired state's `hooks:` checked, planned as run_hook actions
// ordered by their phase, and run as processes by the HookRunner in front of the
// vCenters' runner.

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "engine/hook_process.h"
#include "engine/hook_runner.h"
#include "engine/hooks.h"
#include "engine/planner.h"
#include "engine/render_json.h"
#include "engine/render_text.h"
#include "tests/engine/inventory_fixtures.h"
#include "tests/engine/validation_test_support.h"

namespace vcshift::testing {
namespace {

const std::string kMigrate = kHeader +
                             "datacenters:\n  - name: DC1\n    clusters:\n"
                             "      - name: Cluster1\n        ha: inherit\n        drs: inherit\n"
                             "        hosts: [esx-01.sim.local, esx-02.sim.local]\n"
                             "cleanup: {remove_empty_clusters: true}\n";

std::string WithHooks(const std::string& hooks) { return kMigrate + "hooks:\n" + hooks; }

const std::string kOff =
    "  - name: off\n    phase: before_hosts_leave\n    scope: {cluster: DC1/Cluster1}\n"
    "    run: [/usr/bin/python3, provider.py, unregister]\n    undo: [/usr/bin/python3, provider.py, register]\n"
    "    env: {VC_PASSWORD: {env: VCSHIFT_SOURCE_PASSWORD}}\n";
const std::string kOn =
    "  - name: on\n    phase: after_hosts_arrive\n    run: [/usr/bin/python3, provider.py, register]\n"
    "    undo: [/usr/bin/python3, provider.py, unregister]\n";
const std::string kCmdb = "  - name: cmdb\n    phase: after_cleanup\n    run: [/usr/local/bin/cmdb-update]\n";

// --- checks ---

TEST(HookChecks, ACriticalHookNeedsAnUndoOrUndoNone) {
  const std::string no_undo = "  - name: off\n    phase: before_hosts_leave\n    run: [/bin/true]\n";
  EXPECT_EQ(Problems(WithHooks(no_undo)),
            Lines({"14:5 hooks[0].undo: critical hook 'off' has no undo: a failure rolls the run back, and a "
                   "rollback must undo it too; write undo: [...], or undo: none if nothing undoes it"}));
  EXPECT_EQ(Problems(WithHooks(no_undo + "    undo: none\n")), Lines{});
  EXPECT_EQ(Problems(WithHooks(kOff + kOn + kCmdb)), Lines{});  // after the move: not critical by default
  const std::string critical_after = "  - name: on\n    phase: after_hosts_arrive\n    run: [/bin/true]\n"
                                     "    critical: true\n";
  EXPECT_EQ(Problems(WithHooks(critical_after)).size(), 1u);
}

TEST(HookChecks, NamesScopesAndPhasesAreChecked) {
  EXPECT_EQ(Problems(WithHooks(kCmdb + kCmdb)),
            Lines({"17:11 hooks[1].name: hook 'cmdb' is named twice (first at line 14)"}));
  const std::string scoped = "  - name: x\n    phase: after_cleanup\n    run: [/bin/true]\n"
                             "    scope: {cluster: Cluster1}\n  - name: y\n    phase: after_cleanup\n"
                             "    run: [/bin/true]\n    scope: {hosts: [esx-09]}\n";
  EXPECT_EQ(Problems(WithHooks(scoped)),
            Lines({"17:22 hooks[0].scope.cluster: hook 'x' is scoped to cluster 'Cluster1', which no datacenter "
                   "of this file lists (write it DC/Cluster)",
                   "21:21 hooks[1].scope.hosts: hook 'y' is scoped to host 'esx-09', which no cluster or "
                   "standalone_hosts of this file lists"}));
  const auto bad_phase = Problems(WithHooks("  - name: x\n    phase: before_move\n    run: [/bin/true]\n"));
  ASSERT_EQ(bad_phase.size(), 1u);
  EXPECT_NE(bad_phase[0].find("is not one of: before_hosts_leave, after_hosts_arrive, after_cleanup"),
            std::string::npos);
  EXPECT_EQ(Problems(WithHooks("  - name: x\n    phase: after_cleanup\n    run: []\n")).size(), 1u);
}

// --- planning ---

Plan Planned(const std::string& yaml, const Inventory& target = EmptyTarget()) {
  LoadResult loaded = LoadDesiredStateText(yaml, "desired.yaml");
  EXPECT_TRUE(loaded.state) << (loaded.diagnostics.empty() ? "" : Format(loaded.diagnostics.front()));
  PlanResult result = MakePlan(loaded.state.value_or(DesiredState{}), SampleSource(), target);
  EXPECT_TRUE(result.plan) << (result.diagnostics.empty() ? "" : Format(result.diagnostics.front()));
  return result.plan.value_or(Plan{});
}

size_t IndexOf(const Plan& plan, const std::string& id) {
  for (size_t i = 0; i < plan.actions.size(); ++i) {
    if (plan.actions[i].id == id) return i;
  }
  ADD_FAILURE() << "no action " << id << " in\n" << RenderText(plan);
  return 0;
}

// Whether the plan's edges order `before` ahead of `after`.
bool Precedes(const Plan& plan, const std::string& before, const std::string& after) {
  const size_t from = IndexOf(plan, before), to = IndexOf(plan, after);
  std::set<size_t> seen{from};
  std::vector<size_t> stack{from};
  while (!stack.empty()) {
    const size_t at = stack.back();
    stack.pop_back();
    if (at == to) return true;
    for (const auto& [a, b] : plan.edges) {
      if (a == at && seen.insert(b).second) stack.push_back(b);
    }
  }
  return false;
}

std::vector<std::string> IdsOf(const Plan& plan, const std::string& prefix) {
  std::vector<std::string> ids;
  for (const auto& action : plan.actions) {
    if (action.id.starts_with(prefix)) ids.push_back(action.id);
  }
  return ids;
}

const char* kOffId = "run_hook:source:off@DC1/Cluster1";

TEST(HookPlanning, BeforeHostsLeaveComesBeforeEveryStepOfItsHostsLeaving) {
  const Plan plan = Planned(WithHooks(kOff));
  const Action& off = plan.actions[IndexOf(plan, kOffId)];
  EXPECT_EQ(off.criticality, Criticality::Critical);
  EXPECT_TRUE(off.reversible);
  EXPECT_EQ(off.params.at("run"), R"(["/usr/bin/python3","provider.py","unregister"])");
  EXPECT_EQ(off.prior.at("run"), R"(["/usr/bin/python3","provider.py","register"])");
  EXPECT_EQ(off.params.at("hosts"), "esx-01.sim.local,esx-02.sim.local");
  EXPECT_EQ(off.params.at("cluster"), "DC1/Cluster1");
  EXPECT_EQ(off.params.at("env.VC_PASSWORD"), "{env: VCSHIFT_SOURCE_PASSWORD}");
  // The hosts keep their VMs: no maintenance mode; the network steps come first.
  for (const std::string prefix : {"host_network_step:source:", "disconnect_host:source:", "remove_host:source:"}) {
    const auto steps = IdsOf(plan, prefix);
    EXPECT_FALSE(steps.empty()) << prefix;
    for (const auto& id : steps) EXPECT_TRUE(Precedes(plan, kOffId, id)) << id;
  }
  EXPECT_FALSE(Precedes(plan, kOffId, "create_datacenter:target:DC1"));  // preparing the target need not wait
}

TEST(HookPlanning, AfterHostsArriveFollowsTheirStepsAndAfterCleanupTheCleanup) {
  const Plan plan = Planned(WithHooks(kOn + kCmdb));
  const std::string on = "run_hook:target:on", cmdb = "run_hook:target:cmdb";
  EXPECT_EQ(plan.actions[IndexOf(plan, on)].criticality, Criticality::Finishing);
  for (const auto& id : IdsOf(plan, "add_host:target:")) EXPECT_TRUE(Precedes(plan, id, on)) << id;
  for (const auto& id : IdsOf(plan, "host_network_step:target:")) EXPECT_TRUE(Precedes(plan, id, on)) << id;
  EXPECT_TRUE(Precedes(plan, "destroy_cluster:source:DC1/Cluster1", cmdb));
  EXPECT_FALSE(Precedes(plan, "destroy_cluster:source:DC1/Cluster1", on));
  EXPECT_TRUE(Precedes(plan, on, cmdb));  // one after another, phase by phase
  EXPECT_FALSE(plan.actions[IndexOf(plan, cmdb)].reversible);
}

TEST(HookPlanning, OneClustersHooksRunInTheFileOrderAndRollBackInReverse) {
  const std::string second = "  - name: off2\n    phase: before_hosts_leave\n    scope: {hosts: [esx-02.sim.local]}\n"
                             "    run: [/bin/true]\n    undo: [/bin/false]\n";
  const Plan plan = Planned(WithHooks(kOff + second));
  const std::string off2 = "run_hook:source:off2@DC1/Cluster1";
  EXPECT_EQ(plan.actions[IndexOf(plan, off2)].params.at("hosts"), "esx-02.sim.local");
  EXPECT_TRUE(Precedes(plan, kOffId, off2));
  const Plan rollback = RollbackPlan(plan);
  EXPECT_TRUE(Precedes(rollback, "undo:" + off2, std::string("undo:") + kOffId));
  EXPECT_EQ(rollback.actions[IndexOf(rollback, "undo:" + off2)].params.at("run"), R"(["/bin/false"])");
}

// Within one vCenter a host leaves its cluster by maintenance mode and a move.
TEST(HookPlanning, WithinOneVCenterTheHostsLeaveByMaintenanceModeAndTheMove) {
  Inventory inventory = SampleSource();
  InventoryCluster gold = inventory.clusters[0];
  gold.name = "Gold";
  inventory.clusters.push_back(gold);
  const std::string yaml =
      "version: 1\nconnections:\n  source: {url: https://vc, user: u}\n  target: {same_as: source}\n"
      "datacenters:\n  - name: DC1\n    clusters:\n      - {name: Cluster1, hosts: [esx-01.sim.local]}\n"
      "      - {name: Gold, hosts: [esx-02.sim.local]}\nhooks:\n"
      "  - {name: off, phase: before_hosts_leave, scope: {cluster: DC1/Gold}, run: [/bin/true], undo: none}\n"
      "  - {name: on, phase: after_hosts_arrive, scope: {hosts: [esx-02.sim.local]}, run: [/bin/true]}\n";
  LoadResult loaded = LoadDesiredStateText(yaml, "desired.yaml");
  ASSERT_TRUE(loaded.state) << Format(loaded.diagnostics.front());
  const PlanResult result = MakePlan(*loaded.state, inventory, inventory);
  ASSERT_TRUE(result.plan) << Format(result.diagnostics.front());
  const Plan& plan = *result.plan;
  const std::string off = "run_hook:source:off@DC1/Gold", on = "run_hook:target:on@DC1/Gold";
  EXPECT_TRUE(Precedes(plan, off, "enter_maintenance_mode:target:DC1/Cluster1/esx-02.sim.local"));
  EXPECT_TRUE(Precedes(plan, off, "move_host:target:esx-02.sim.local"));
  EXPECT_TRUE(Precedes(plan, "exit_maintenance_mode:target:DC1/Gold/esx-02.sim.local", on));
  EXPECT_EQ(plan.actions.size(), 5u) << RenderText(plan);
}

TEST(HookPlanning, NoMovingHostNoHook) {
  Inventory target = SampleSource();
  target.vcenter = "https://127.0.0.1:8990/sdk";
  const Plan plan = Planned(WithHooks(kOff + kOn + kCmdb), target);
  EXPECT_TRUE(plan.Empty()) << RenderText(plan);
}

TEST(HookPlanning, TheCallReadsBackAndNoValueIsInThePlan) {
  ::setenv("VCSHIFT_SOURCE_PASSWORD", "hook-secret-4711", 1);
  const Plan plan = Planned(WithHooks(kOff));
  EXPECT_EQ(RenderJson(plan).find("hook-secret-4711"), std::string::npos);
  std::string error;
  const auto call = HookCallOf(plan.actions[IndexOf(plan, kOffId)], error);
  ASSERT_TRUE(call) << error;
  EXPECT_EQ(call->argv, (std::vector<std::string>{"/usr/bin/python3", "provider.py", "unregister"}));
  EXPECT_EQ(call->timeout_seconds, 600);
  ASSERT_EQ(call->env.size(), 1u);
  EXPECT_EQ(call->env[0].first, "VC_PASSWORD");
  EXPECT_EQ(call->env[0].second.env, "VCSHIFT_SOURCE_PASSWORD");
  EXPECT_EQ(ArgvFromParam(ArgvParam({"a \"quoted\"", "b\\c", "ünï"})),
            (std::vector<std::string>{"a \"quoted\"", "b\\c", "ünï"}));
  ::unsetenv("VCSHIFT_SOURCE_PASSWORD");
}

// --- processes ---

ProcessOutcome Spawn(std::vector<std::string> argv, int timeout_seconds = 20, std::vector<std::string> env = {},
                   std::vector<std::string>* lines = nullptr) {
  ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.env = env.empty() ? std::vector<std::string>{"PATH=/usr/bin:/bin"} : std::move(env);
  spec.timeout = std::chrono::seconds(timeout_seconds);
  if (lines) spec.on_line = [lines](const std::string& line) { lines->push_back(line); };
  return RunProcess(spec);
}

TEST(HookProcess, ExitStatusAndOutputLines) {
  std::vector<std::string> lines;
  const auto outcome = Spawn({"sh", "-c", "for i in $(seq 1 12); do echo line $i; done; echo err >&2; exit 3"}, 20,
                           {}, &lines);
  EXPECT_EQ(outcome.end, ProcessOutcome::End::Exited);
  EXPECT_EQ(outcome.code, 3);
  EXPECT_FALSE(outcome.ok());
  EXPECT_EQ(lines.size(), 13u);
  ASSERT_EQ(outcome.last_lines.size(), kLastLines);
  EXPECT_EQ(outcome.last_lines.front(), "line 4");
  EXPECT_EQ(outcome.last_lines.back(), "err");
  EXPECT_TRUE(Spawn({"/bin/true"}).ok());
  EXPECT_EQ(Spawn({"no-such-program-vcshift"}).end, ProcessOutcome::End::NotStarted);
  EXPECT_EQ(Spawn({"sh", "-c", "kill -9 $$"}).end, ProcessOutcome::End::Signalled);
}

TEST(HookProcess, TheEnvironmentIsExactlyTheOneGiven) {
  const auto outcome = Spawn({"/usr/bin/env"}, 20, {"PATH=/usr/bin", "ONLY=this"});
  EXPECT_EQ(outcome.last_lines, (std::vector<std::string>{"PATH=/usr/bin", "ONLY=this"}));
}

TEST(HookProcess, ATimeoutKillsTheWholeProcessGroup) {
  const auto dir = std::filesystem::temp_directory_path() / ("vcshift-hook-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string pid_file = (dir / "pid").string();
  const auto start = std::chrono::steady_clock::now();
  const auto outcome = Spawn({"sh", "-c", "sleep 60 & echo $! > " + pid_file + "; wait"}, 1);
  EXPECT_EQ(outcome.end, ProcessOutcome::End::TimedOut);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  pid_t background = 0;
  std::ifstream(pid_file) >> background;
  ASSERT_GT(background, 0);
  usleep(200 * 1000);
  // Gone, or a zombie waiting for whoever adopted it: killed either way.
  std::string stat;
  std::getline(std::ifstream("/proc/" + std::to_string(background) + "/stat"), stat);
  const size_t state = stat.rfind(") ");
  EXPECT_TRUE(stat.empty() || stat.substr(state + 2, 1) == "Z") << "the hook's background child outlived it: " << stat;
  std::filesystem::remove_all(dir);
}

// --- the runner ---

class Vcenters : public ActionRunner {
 public:
  ActionResult Run(const Action& action) override {
    ran.push_back(action.id);
    return {};
  }
  std::vector<std::string> ran;
};

Action Hook(const std::string& run, bool idempotent) {
  Action action;
  action.kind = ActionKind::RunHook;
  action.id = "run_hook:source:h";
  action.params = {{"name", "h"},         {"phase", kBeforeHostsLeave}, {"run", run},
                   {"timeout_seconds", "20"}, {"idempotent", idempotent ? "true" : "false"},
                   {"hosts", "esx-01,esx-02"}, {"env.TOKEN", "{env: VCSHIFT_TEST_HOOK_TOKEN}"}};
  return action;
}

TEST(HookRunner, RunsHooksAndPassesTheRestOn) {
  Vcenters vcenters;
  std::vector<std::string> logged;
  HookContext context{"https://src/sdk", "https://dst/sdk", "/", "", nullptr,
                      [&](const std::string& id, const std::string& line) { logged.push_back(id + ": " + line); }};
  HookRunner runner(vcenters, context);
  Action other;
  other.id = "add_host:target:esx-01";
  other.kind = ActionKind::AddHost;
  runner.Run(other);
  EXPECT_EQ(vcenters.ran, std::vector<std::string>{"add_host:target:esx-01"});

  const Action hook = Hook(R"(["/bin/sh","-c","echo $VCSHIFT_PHASE $VCSHIFT_HOSTS $VCSHIFT_SOURCE_URL $TOKEN"])", false);
  const ActionResult missing = runner.Run(hook);
  EXPECT_EQ(missing.fault, "HookEnvironment");
  ::setenv("VCSHIFT_TEST_HOOK_TOKEN", "t0ken", 1);
  const ActionResult done = runner.Run(hook);
  EXPECT_EQ(done.status, ActionResult::Status::Done) << done.message;
  EXPECT_EQ(done.captured.at("exit_status"), "0");
  EXPECT_EQ(done.captured.at("output"), "before_hosts_leave esx-01,esx-02 https://src/sdk t0ken");
  EXPECT_NE(std::find(logged.begin(), logged.end(),
                      "run_hook:source:h: before_hosts_leave esx-01,esx-02 https://src/sdk t0ken"),
            logged.end());
  EXPECT_EQ(vcenters.ran.size(), 1u);

  const ActionResult failed = runner.Run(Hook(R"(["/bin/sh","-c","echo no; exit 4"])", false));
  EXPECT_EQ(failed.status, ActionResult::Status::Failed);
  EXPECT_EQ(failed.fault, "HookFailed");
  EXPECT_EQ(failed.message, "exit status 4; last output:\nno");
  ::unsetenv("VCSHIFT_TEST_HOOK_TOKEN");
}

TEST(HookRunner, AHookInFlightWhenVcshiftDiedRunsAgainOnlyWhenIdempotent) {
  const auto marker = std::filesystem::temp_directory_path() / ("vcshift-hook-ran-" + std::to_string(::getpid()));
  const std::string run = R"(["/bin/sh","-c","echo x >> )" + marker.string() + R"("])";
  Vcenters vcenters;
  HookRunner runner(vcenters, HookContext{});
  ::setenv("VCSHIFT_TEST_HOOK_TOKEN", "t", 1);
  runner.SetInFlight({"run_hook:source:h"});
  const ActionResult refused = runner.Run(Hook(run, false));
  EXPECT_EQ(refused.status, ActionResult::Status::Failed);
  EXPECT_EQ(refused.fault, "HookInterrupted");
  EXPECT_TRUE(refused.outcome_unknown);
  EXPECT_FALSE(refused.transient);
  EXPECT_FALSE(std::filesystem::exists(marker));
  runner.SetInFlight({"run_hook:source:h"});
  EXPECT_EQ(runner.Run(Hook(run, true)).status, ActionResult::Status::Done);
  EXPECT_TRUE(std::filesystem::exists(marker));
  ::unsetenv("VCSHIFT_TEST_HOOK_TOKEN");
  std::filesystem::remove(marker);
}

}  // namespace
}  // namespace vcshift::testing
