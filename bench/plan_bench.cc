// Benchmark: diff + DAG + render for a generated world in which every host moves to an
// empty target vCenter. One size per process, so peak RSS belongs to that size.
//
//   plan_bench HOSTS_PER_CLUSTER [DATACENTERS CLUSTERS VMS_PER_HOST]
//
// Prints one line of JSON: the world's size, the baseline (copy and canonically sort
// both inventories: one pass over every object, the least any planner must do), the
// plan's CPU time, its ratio to the baseline, and peak RSS. With VCSHIFT_PLAN_BENCH_OUT
// set to a directory, it also writes the plan there (plan.txt, plan.json), so that a
// change to the planner can be shown to leave the plans of every size byte-identical.

#include <sys/resource.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>

#include "bench/world.h"
#include "engine/planner.h"
#include "engine/render_json.h"
#include "engine/render_text.h"

namespace {

double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace vcshift;
  bench::WorldSize size;
  if (argc > 1) size.hosts = std::atoi(argv[1]);
  if (argc > 4) {
    size.datacenters = std::atoi(argv[2]);
    size.clusters = std::atoi(argv[3]);
    size.vms = std::atoi(argv[4]);
  }
  const bench::World world = bench::MakeWorld(size);
  const long rss_world = PeakRssKb();

  double start = CpuSeconds();
  Inventory source = world.source;
  Inventory target = world.target;
  Canonicalize(source);
  Canonicalize(target);
  const double baseline = CpuSeconds() - start;

  start = CpuSeconds();
  const PlanResult result = MakePlan(world.desired, world.source, world.target);
  if (!result.plan) {
    std::cerr << "no plan: " << (result.diagnostics.empty() ? "" : Format(result.diagnostics.front())) << "\n";
    return 1;
  }
  const std::string text = RenderText(*result.plan);
  const std::string json = RenderJson(*result.plan);
  const double plan = CpuSeconds() - start;

  if (const char* out = std::getenv("VCSHIFT_PLAN_BENCH_OUT")) {
    std::ofstream(std::string(out) + "/plan.txt", std::ios::binary) << text;
    std::ofstream(std::string(out) + "/plan.json", std::ios::binary) << json;
  }

  const int hosts = size.datacenters * size.clusters * size.hosts;
  std::cout << "{\"hosts\":" << hosts << ",\"vms\":" << hosts * size.vms
            << ",\"clusters\":" << size.datacenters * size.clusters << ",\"actions\":" << result.plan->actions.size()
            << ",\"baseline_cpu_s\":" << baseline << ",\"plan_cpu_s\":" << plan
            << ",\"ratio_to_baseline\":" << (baseline > 0 ? plan / baseline : 0)
            << ",\"peak_rss_mb\":" << PeakRssKb() / 1024 << ",\"world_rss_mb\":" << rss_world / 1024
            << ",\"text_bytes\":" << text.size() << ",\"json_bytes\":" << json.size() << "}\n";
  return 0;
}
