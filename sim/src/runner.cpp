#include "kyosei/sim/runner.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include "kyosei/sim/config.hpp"
#include "kyosei/sim/parallel.hpp"
#include "kyosei/sim/simulation.hpp"

namespace kyosei::sim {

namespace {

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

}  // namespace

std::vector<int> sample_days(const PreparedScenario& scenario) {
  const RunSettings& s = scenario.settings;
  const HasLedger* ledger = capability<HasLedger>(*scenario.arms.front().model);
  const unsigned first_month = ledger ? ledger->ledger_layout().year_first_month : 1;
  return sample_days(Clock(s.start_date, s.days), s.sampling, first_month);
}

Results empty_results(const PreparedScenario& scenario, int threads) {
  const RunSettings& s = scenario.settings;
  const ArmModel& first = *scenario.arms.front().model;
  Results r;
  r.kyosei_version = KYOSEI_VERSION;
  r.scenario_name = s.name;
  r.scenario_yaml = to_yaml(scenario.source.resolved);
  r.start_date = format_date(s.start_date);
  r.created_utc = utc_now();
  r.seed = s.seed;
  r.threads = threads;
  r.common_random_numbers = true;  // run_scenario keys every arm alike
  for (const PreparedArm& arm : scenario.arms) {
    r.arms.push_back(arm.name);
    r.counterfactual_of.push_back(arm.counterfactual_of);
  }
  r.baseline = scenario.baseline;
  r.replicates = s.replicates;
  for (int day : sample_days(scenario)) r.times.push_back(day);
  r.sampling = to_string(s.sampling);
  r.regions = first.regions().infos();
  r.metrics = first.metrics().infos();
  r.series.assign(r.metrics.size(), std::vector<double>(r.values_per_metric(), 0.0));
  for (const PreparedArm& arm : scenario.arms) {
    const HasTraits* has = capability<HasTraits>(*arm.model);
    const std::vector<Trait> traits = has ? has->traits() : std::vector<Trait>{};
    if (r.traits.empty())
      for (const Trait& t : traits) {
        r.traits.push_back(t.info);
        r.trait_values.emplace_back();
      }
    for (std::size_t k = 0; k < traits.size() && k < r.traits.size(); ++k)
      r.trait_values[k].insert(r.trait_values[k].end(), traits[k].values.begin(),
                               traits[k].values.end());
  }
  if (const HasLedger* ledger = capability<HasLedger>(first); ledger) {
    r.ledger_layout = ledger->ledger_layout();
    if (!r.ledger_layout.empty()) {
      for (int y : accounting_years(Clock(s.start_date, s.days), r.ledger_layout.year_first_month))
        r.ledger_years.push_back(y);
      r.ledger.assign(r.arms.size() * static_cast<std::size_t>(r.replicates) *
                          r.ledger_years.size() * r.regions.size() *
                          r.ledger_layout.programs.size() * r.ledger_layout.funders.size(),
                      0.0);
    }
  }
  return r;
}

Results run_scenario(const PreparedScenario& scenario, const RunOptions& options) {
  const int threads = std::max(1, options.threads);
  Results results = empty_results(scenario, threads);
  const RunSettings& s = scenario.settings;
  const Clock clock(s.start_date, s.days);
  const std::size_t replicates = static_cast<std::size_t>(s.replicates);
  const std::size_t runs = scenario.arms.size() * replicates;
  const std::size_t block = results.times.size() * results.regions.size();
  const std::vector<int> samples(results.times.begin(), results.times.end());

  // Each simulation writes only its own [arm][replicate] block of every series.
  auto simulate = [&](std::size_t run) {
    const std::size_t arm = run / replicates, replicate = run % replicates;
    // Every arm of a replicate, twins included, draws the same numbers (common random numbers):
    // arms differ only where their settings make them differ, and differences pair.
    const StreamKey key{s.seed, 0, static_cast<std::uint32_t>(replicate)};
    Simulation simulation(*scenario.arms[arm].model, key, clock, samples);
    if (run == 0) {
      if (const Annotates* a = capability<Annotates>(simulation.state()))
        a->annotate(results.annotations);
      if (!options.export_graph.empty()) {
        const ExportsGraph* graph = capability<ExportsGraph>(simulation.state());
        if (!graph) throw InputError(options.export_graph + ": this model has no graph to export");
        graph->export_graph(options.export_graph);
      }
    }
    const CheckpointDirectory* checkpoint = options.checkpoint;
    if (checkpoint && options.resume && checkpoint->load(simulation, arm, replicate) &&
        options.progress)
      options.progress->fetch_add(simulation.day(), std::memory_order_relaxed);
    const int end =
        options.stop_after_days > 0 ? std::min(s.days, options.stop_after_days) : s.days;
    try {
      if (checkpoint)
        for (int year = 1; days_in_years(s.start_date, year) < end; ++year)
          if (const int boundary = days_in_years(s.start_date, year); boundary > simulation.day()) {
            simulation.run_until(boundary, options.stop, options.progress);
            checkpoint->save(simulation, arm, replicate);
          }
      simulation.run_until(end, options.stop, options.progress);
    } catch (const Interrupted&) {
      if (checkpoint) checkpoint->save(simulation, arm, replicate);
      throw;
    }
    if (checkpoint && simulation.day() > 0) checkpoint->save(simulation, arm, replicate);
    if (end < s.days) return;  // stopped early: the checkpoint holds it
    if (!results.ledger.empty()) {
      const KeepsLedger* book = capability<KeepsLedger>(simulation.state());
      if (!book) throw std::logic_error("the model lays out a ledger its replicates do not keep");
      const std::vector<double> values = book->ledger().rolled_up();
      if (values.size() != results.ledger.size() / runs)
        throw std::logic_error("a replicate's ledger does not cover the run's accounting years");
      std::copy(values.begin(), values.end(),
                results.ledger.begin() +
                    static_cast<std::ptrdiff_t>(results.ledger_index(arm, replicate, 0, 0, 0, 0)));
    }
    const std::size_t offset = results.index(arm, replicate, 0, 0);
    for (std::size_t m = 0; m < results.metrics.size(); ++m) {
      const std::vector<double>& history =
          simulation.recorder().history(MetricId{static_cast<std::uint32_t>(m)});
      std::copy_n(history.begin(), block,
                  results.series[m].begin() + static_cast<std::ptrdiff_t>(offset));
    }
  };

  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  // This rank's simulations, in waves of at most `concurrent` when memory asks for it; the
  // threads a wave leaves idle serve the loops inside each simulation.
  std::vector<std::size_t> mine;
  for (std::size_t run = 0; run < runs; ++run)
    if (owner_of(run, options.ranks) == options.rank) mine.push_back(run);
  const std::size_t wave =
      options.concurrent > 0 ? static_cast<std::size_t>(options.concurrent) : mine.size();
  arena.execute([&] {
    for (std::size_t first = 0; first < mine.size(); first += wave) {
      const HandOver hand_over;
      tbb::parallel_for(
          tbb::blocked_range<std::size_t>(first, std::min(mine.size(), first + wave), 1),
          [&](const tbb::blocked_range<std::size_t>& range) {
            const HandOver::Task task(hand_over);
            for (std::size_t k = range.begin(); k != range.end(); ++k) simulate(mine[k]);
          },
          tbb::simple_partitioner{});
    }
  });
  return results;
}

}  // namespace kyosei::sim
