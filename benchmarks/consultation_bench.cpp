// The consultation step on its own: a year of needs arising, discovery, counters opening
// and closing cases in a town of 100,000, under each policy. Cost should follow events
// (needs and cases), not residents.
#include <benchmark/benchmark.h>

#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/scenario.hpp"
#include "support/consultation.hpp"
#include "town/town_model.hpp"

using namespace kyosei;

static void ConsultationYear(benchmark::State& state) {
  const bool jusou = state.range(0) == 1;
  static const models::TownModelLoader loader;
  const std::string yaml = std::string(R"(
name: bench
seed: 3
start_date: 2021-04-01
years: 1
replicates: 1
policy: {mode: )") + (jusou ? "jusou" : "siloed") +
                           R"(, adoption_year: 2021}
municipalities:
  - {name: town, population: 100000, age65_share: 0.3, age75_share: 0.16, areas: [{name: a, share: 1}]}
)";
  const sim::PreparedScenario scenario =
      sim::prepare_scenario(sim::resolve_scenario(sim::parse_yaml(yaml, "bench.yaml"), {}), loader);
  const auto& model = dynamic_cast<const models::TownModel&>(*scenario.arms[0].model);
  const sim::Clock clock(scenario.settings.start_date, scenario.settings.days);
  const sim::StreamKey key{3, 0, 0};
  std::int64_t needs = 0;
  for (auto _ : state) {
    state.PauseTiming();
    models::Town town = models::build_town(model.config(), model.town_regions(), key);
    sim::MetricRecorder recorder(model.metrics(), model.regions());
    const models::Organisations orgs =
        models::build_organisations(town, model.config(), model.town_regions());
    models::ConsultationSystem system(town, model.config(), model.consultation_ids(), orgs, key,
                                      clock, [](std::uint32_t, int) {});
    state.ResumeTiming();
    system.start(0);
    // About 3% of households a year bring a new need (the default town's rate).
    const std::uint64_t households = town.households.size();
    for (int day = 0; day < clock.days(); ++day) {
      sim::Stream draw(key, 0, static_cast<std::uint64_t>(day), 99);
      const std::uint64_t arriving = draw.poisson(0.03 * static_cast<double>(households) / 365.0);
      for (std::uint64_t k = 0; k < arriving; ++k) {
        const auto h = static_cast<std::uint32_t>(draw.below(households));
        // One of the four domains or the gap, alike.
        const std::uint64_t which = draw.below(models::domain_count + 1);
        const models::Needs need = which < models::domain_count
                                       ? models::Needs(models::all_domains[which])
                                       : models::gap_need;
        system.need_arises(h, need, day, recorder);
      }
      needs += static_cast<std::int64_t>(arriving);
      system.step(day, day % 7 < 5, recorder);
    }
  }
  state.counters["needs_per_s"] =
      benchmark::Counter(static_cast<double>(needs), benchmark::Counter::kIsRate);
}
BENCHMARK(ConsultationYear)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
