// Throughput of the engine's hot paths and of a whole default run, in the units of
// DESIGN.md §6: resident-days per second.
#include <benchmark/benchmark.h>

#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/random.hpp"
#include "kyosei/sim/runner.hpp"
#include "kyosei/sim/scenario.hpp"

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
