// Building a town with its social graph: DESIGN.md §6 asks for a city of 1,000,000 in about
// 2 s on 2 cores and at most 150 bytes per resident including the graph.
#include <benchmark/benchmark.h>

#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/config_reader.hpp"
#include "population/population.hpp"

using namespace kyosei;

static models::TownConfig city(long population) {
  const std::string yaml = R"(
policy: {mode: siloed}
municipalities:
  - name: city
    population: )" + std::to_string(population) +
                           R"(
    age65_share: 0.287
    age75_share: 0.148
    school_districts_per_area: 8
    areas: [{name: a, share: 0.2}, {name: b, share: 0.2}, {name: c, share: 0.2}, {name: d, share: 0.2}, {name: e, share: 0.2}]
)";
  const sim::ConfigNode tree = sim::parse_yaml(yaml, "city.yaml");
  sim::KeyTracker tracker;
  sim::RunSettings settings;
  settings.start_date = *sim::parse_date("2021-04-01");
  return models::read_town_config(sim::ConfigReader(tree, "", tracker), settings);
}

static void BuildTown(benchmark::State& state) {
  const models::TownConfig config = city(state.range(0));
  const models::TownRegions regions = models::build_regions(config);
  std::size_t bytes = 0;
  std::uint64_t seed = 1;
  for (auto _ : state) {
    const models::Town town = models::build_town(config, regions, sim::StreamKey{seed++, 0, 0});
    bytes = models::memory_bytes(town);
    benchmark::DoNotOptimize(town.residents.age.data());
  }
  // Bytes the town holds; the peak of a whole run is City1M's (engine_bench.cpp), measured
  // in a process of its own.
  const double n = static_cast<double>(state.range(0));
  state.counters["bytes_per_resident"] = static_cast<double>(bytes) / n;
  state.counters["residents_per_s"] =
      benchmark::Counter(n * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BuildTown)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
