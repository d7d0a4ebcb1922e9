// Throughput of the engine's hot paths and of a whole default run, in the units of
// DESIGN.md §6: resident-days per second.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/random.hpp"
#include "kyosei/sim/runner.hpp"
#include "kyosei/sim/scenario.hpp"
#include "memory.hpp"

using namespace kyosei;

static void KeyedStreamBernoulli(benchmark::State& state) {
  const sim::StreamKey key{1, 0, 0};
  std::uint64_t entity = 0, hits = 0;
  for (auto _ : state) hits += sim::Stream(key, entity++, 17, 3).bernoulli(0.01);
  benchmark::DoNotOptimize(hits);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(KeyedStreamBernoulli);

// The embedded default (Hagi-like, two arms) with `years` simulated years and 2 replicates.
static void DefaultScenario(benchmark::State& state) {
  const models::TownModelLoader loader;
  const std::vector<sim::Assignment> sets{{"replicates=2", "bench"},
                                          {"years=" + std::to_string(state.range(0)), "bench"}};
  double resident_days = 0;
  for (auto _ : state) {
    const sim::PreparedScenario s = sim::prepare_scenario(
        sim::resolve_scenario(sim::parse_yaml(loader.default_scenario(), "default"), sets), loader);
    const sim::Results r = sim::run_scenario(s, {.threads = static_cast<int>(state.range(1))});
    benchmark::DoNotOptimize(r.series.data());
    resident_days +=
        48234.0 * s.settings.days * s.settings.replicates * static_cast<double>(s.arms.size());
  }
  state.counters["resident_days_per_s"] =
      benchmark::Counter(resident_days, benchmark::Counter::kIsRate);
}
BENCHMARK(DefaultScenario)
    ->Args({10, 1})
    ->Args({10, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// DESIGN.md §6 end to end: scenarios/city1m.yaml (a million residents, siloed and 重層, five
// years) from reading the file to the last sample. `make bench` runs it in a process of its
// own, so the peak RSS it reports is this run's alone. resident_days_per_s follows DESIGN.md
// (residents × the scenario's days ÷ wall seconds, its warm-up in the wall time);
// simulation_resident_days_per_s counts every day simulated: each arm and replicate, and each
// replicate's warm-up.
static void City1M(benchmark::State& state) {
  app::return_large_blocks_to_the_system();  // as the kyosei executable does
  const models::TownModelLoader loader;
  const std::string path = std::string(KYOSEI_SOURCE_DIR) + "/scenarios/city1m.yaml";
  double residents = 0, days = 0, simulated = 0;
  for (auto _ : state) {
    const sim::PreparedScenario s =
        sim::prepare_scenario(sim::resolve_scenario(sim::load_yaml_file(path), {}), loader);
    const sim::Results r = sim::run_scenario(s, {.threads = static_cast<int>(state.range(0))});
    residents = r.series[static_cast<std::size_t>(r.metric_index("population"))][0];
    days = s.settings.days;
    simulated = static_cast<double>(sim::workload(s).days);  // arms, replicates, warm-ups
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double work = residents * days * static_cast<double>(state.iterations());
  state.counters["residents"] = residents;
  state.counters["resident_days_per_s"] = benchmark::Counter(work, benchmark::Counter::kIsRate);
  state.counters["simulation_resident_days_per_s"] = benchmark::Counter(
      residents * simulated * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["peak_rss_bytes_per_resident"] =
      static_cast<double>(usage.ru_maxrss) * 1024.0 / residents;
}
BENCHMARK(City1M)->Arg(2)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
