// Throughput of the engine's hot paths and of a whole default run, in the units of
// DESIGN.md §6: resident-days per second.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdlib>

#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/random.hpp"
#include "kyosei/sim/runner.hpp"
#include "kyosei/sim/scenario.hpp"
#include "memory.hpp"
#include "town/town_model.hpp"

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

// One simulation of the nation (scenarios/nation.yaml: 1,741 municipalities, 121 million
// residents, one year), from reading the file to the last sample, on 1 thread (/1) or 2 (/2):
// partitions (a municipality each) step in parallel, so the second thread should nearly halve
// it (issue #22: ≥ 1.8×, ≤ 130 s on 2 threads, ≤ 100 bytes per resident at peak). The table's
// first municipalities up to KYOSEI_BENCH_NATION_RESIDENTS residents (`make bench`: 20
// million, so that it stays within ten minutes; 0: the whole nation, about 9 minutes for both),
// and up to 20 million where the machine has not the memory for the nation (130 bytes per
// resident). `make bench` runs each in a process of its own, so neither reuses the other's
// memory and each peak RSS is its own.
static void NationYear(benchmark::State& state) {
  app::return_large_blocks_to_the_system();
  const models::TownModelLoader loader;
  const std::string path = std::string(KYOSEI_SOURCE_DIR) + "/scenarios/nation.yaml";
  std::vector<sim::Assignment> sets{{"years=1", "bench"}};
  {
    const sim::PreparedScenario whole =
        sim::prepare_scenario(sim::resolve_scenario(sim::load_yaml_file(path), sets), loader);
    const char* asked = std::getenv("KYOSEI_BENCH_NATION_RESIDENTS");
    double wanted = asked ? std::atof(asked) : 0;  // [residents] 0: all
    const auto* estimates = sim::capability<sim::EstimatesMemory>(*whole.arms[0].model);
    if (estimates && estimates->estimated_bytes(whole.settings.days) > app::available_memory())
      wanted = wanted > 0 ? std::min(wanted, 20e6) : 20e6;
    if (wanted > 0) {  // the table's first rows up to `wanted` residents
      const auto& town = dynamic_cast<const models::TownModel&>(*whole.arms[0].model);
      double sum = 0;
      std::size_t rows = 0;
      for (const models::MunicipalityConfig& m : town.config().municipalities) {
        if (sum >= wanted) break;
        sum += static_cast<double>(m.population);
        ++rows;
      }
      sets.push_back({"municipalities_from.limit=" + std::to_string(rows), "bench"});
      state.SetLabel(std::to_string(rows) + " municipalities of the table");
    }
  }
  double residents = 0;
  for (auto _ : state) {
    const sim::PreparedScenario s =
        sim::prepare_scenario(sim::resolve_scenario(sim::load_yaml_file(path), sets), loader);
    const sim::Results r = sim::run_scenario(s, {.threads = static_cast<int>(state.range(0))});
    residents = r.series[static_cast<std::size_t>(r.metric_index("population"))][0];
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["residents"] = residents;
  state.counters["resident_days_per_s"] = benchmark::Counter(
      residents * 365 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["peak_rss_bytes_per_resident"] =
      static_cast<double>(usage.ru_maxrss) * 1024.0 / residents;
}
BENCHMARK(NationYear)->Arg(1)->Arg(2)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
