// Hot paths of one simulated day and month, each alone: residents' competing hazards, a
// month of coordinators, councils and resources, the metric roll-up at a sample, and the
// HDF5 write of a result. Their sizes follow a town of 100,000 (the consultation step is in
// consultation_bench.cpp, the town and graph build in population_bench.cpp).
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <filesystem>

#include "community/community.hpp"
#include "community/organisations.hpp"
#include "kyosei/io/hdf5.hpp"
#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/runner.hpp"
#include "kyosei/sim/scenario.hpp"
#include "population/dynamics.hpp"
#include "support/consultation.hpp"
#include "town/town_model.hpp"

using namespace kyosei;

namespace {

const sim::PreparedScenario& town_of_100k() {
  static const models::TownModelLoader loader;
  static const sim::PreparedScenario scenario =
      sim::prepare_scenario(sim::resolve_scenario(sim::parse_yaml(R"(
name: bench
seed: 5
start_date: 2021-04-01
years: 1
replicates: 1
policy: {mode: jusou, adoption_year: 2021}
municipalities:
  - name: town
    population: 100000
    age65_share: 0.3
    age75_share: 0.16
    areas: [{name: a, share: 0.25}, {name: b, share: 0.25}, {name: c, share: 0.25}, {name: d, share: 0.25}]
)",
                                                                  "bench.yaml"),
                                                  {}),
                            loader);
  return scenario;
}

const models::TownModel& model_of(const sim::PreparedScenario& s) {
  return dynamic_cast<const models::TownModel&>(*s.arms[0].model);
}

}  // namespace

// Every resident's hazards, as each yearly redraw and each event's redraw computes them.
static void NeedHazards(benchmark::State& state) {
  const models::TownModel& model = model_of(town_of_100k());
  const models::Town town = models::build_town(model.config(), model.town_regions(), {5, 0, 0});
  double sum = 0;
  for (auto _ : state)
    for (std::uint32_t i = 0; i < town.residents.size(); ++i)
      sum += models::hazards_of(town, model.config(), i)[0];
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(town.residents.size()));
  state.counters["ns_per_resident"] = benchmark::Counter(
      static_cast<double>(state.iterations() * town.residents.size()),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert, benchmark::Counter::kIs1000);
}
BENCHMARK(NeedHazards)->Unit(benchmark::kMillisecond);

// Twelve months of coordinators' hours, council meetings and resource churn in four areas.
static void CoordinatorYear(benchmark::State& state) {
  const sim::PreparedScenario& scenario = town_of_100k();
  const models::TownModel& model = model_of(scenario);
  const sim::Clock clock(scenario.settings.start_date, scenario.settings.days);
  const sim::StreamKey key{5, 0, 0};
  for (auto _ : state) {
    state.PauseTiming();
    models::Town town = models::build_town(model.config(), model.town_regions(), key);
    sim::MetricRecorder recorder(model.metrics(), model.regions());
    models::Organisations orgs =
        models::build_organisations(town, model.config(), model.town_regions());
    models::ConsultationSystem consultation(town, model.config(), model.consultation_ids(), orgs,
                                            key, clock, [](std::uint32_t, int) {});
    models::CommunitySystem community(
        town, model.config(), model.town_regions(), model.community_ids(), orgs, consultation, key,
        [](std::uint32_t, int) {},
        [&town](std::uint32_t a, std::uint32_t b, int, sim::MetricRecorder&) {
          models::tie(town, a, b);
        });
    consultation.start(0);
    community.start(0);
    state.ResumeTiming();
    for (int month = 0; month < 12; ++month) community.month(month * 30, recorder);
    benchmark::DoNotOptimize(community.resources().size());
  }
}
BENCHMARK(CoordinatorYear)->Unit(benchmark::kMillisecond)->UseRealTime();

// Closing an output interval: every metric rolled up the region tree (a nation's 1,741
// municipalities and their areas) and ratios computed.
static void MetricSample(benchmark::State& state) {
  sim::RegionTable regions;
  const int total = regions.add("total", "total", sim::RegionTable::no_parent);
  for (int m = 0; m < 1741; ++m) {
    const int muni = regions.add("m" + std::to_string(m), "municipality", total);
    for (int a = 0; a < 3; ++a)
      regions.add("m" + std::to_string(m) + "/" + std::to_string(a), "area", muni);
  }
  const models::TownModel& model = model_of(town_of_100k());
  sim::MetricRecorder recorder(model.metrics(), regions);
  for (auto _ : state) {
    for (std::size_t m = 0; m < model.metrics().size(); ++m)
      for (int r = 1; r < static_cast<int>(regions.size()); ++r)
        if (model.metrics().infos()[m].kind != sim::MetricKind::ratio)
          recorder.add(sim::MetricId{static_cast<std::uint32_t>(m)}, r, 1.0);
    recorder.sample();
  }
  state.counters["region_metrics_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * regions.size() * model.metrics().size()),
      benchmark::Counter::kIsRate);
}
BENCHMARK(MetricSample)->Unit(benchmark::kMicrosecond);

// Writing a result: the 100,000-person town, 2 arms × 4 replicates, 13 samples.
static void Hdf5Write(benchmark::State& state) {
  const sim::PreparedScenario& scenario = town_of_100k();
  sim::Results results = sim::empty_results(scenario, 1);
  results.arms = {"a", "b"};
  results.counterfactual_of = {-1, -1};
  results.replicates = 4;
  for (std::vector<double>& values : results.trait_values) {  // arm 0's traits for both
    const std::vector<double> first(
        values.begin(), values.begin() + static_cast<std::ptrdiff_t>(results.regions.size()));
    values = first;
    values.insert(values.end(), first.begin(), first.end());
  }
  results.series.assign(results.metrics.size(), std::vector<double>(results.values_per_metric()));
  results.ledger.assign(results.ledger.size() * 8, 1.0);
  const std::filesystem::path out =
      std::filesystem::temp_directory_path() / ("kyosei-bench-" + std::to_string(getpid()) + ".h5");
  std::size_t bytes = 0;
  for (auto _ : state) {
    io::write_hdf5(results, out);
    bytes = std::filesystem::file_size(out);
  }
  std::filesystem::remove(out);
  state.counters["file_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(Hdf5Write)->Unit(benchmark::kMillisecond)->UseRealTime();
