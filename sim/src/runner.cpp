#include "kyosei/sim/runner.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include "kyosei/sim/config.hpp"
#include "kyosei/sim/parallel.hpp"
#include "kyosei/sim/simulation.hpp"

namespace kyosei::sim {

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

std::vector<int> sample_days(const PreparedScenario& scenario) {
  const RunSettings& s = scenario.settings;
  const HasLedger* ledger = capability<HasLedger>(*scenario.arms.front().model);
  const unsigned first_month = ledger ? ledger->ledger_layout().year_first_month : 1;
  return sample_days(s.output_clock(), s.sampling, first_month);
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
  r.warmup_years = s.warmup_years;
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
      for (int y : accounting_years(s.output_clock(), r.ledger_layout.year_first_month))
        r.ledger_years.push_back(y);
      r.ledger.assign(r.arms.size() * static_cast<std::size_t>(r.replicates) *
                          r.ledger_years.size() * r.regions.size() *
                          r.ledger_layout.programs.size() * r.ledger_layout.funders.size(),
                      0.0);
    }
  }
  return r;
}

namespace {

// The simulations of one replicate that start from one warm-up (or, without warm-ups, one
// simulation alone): runs are arm × replicates + replicate, as owner_of counts them.
struct Unit {
  std::size_t replicate = 0;
  int warmup = -1;
  std::vector<std::size_t> runs;  // this rank's
};

std::vector<Unit> units_of(const PreparedScenario& scenario, const RunOptions& options) {
  const std::size_t replicates = static_cast<std::size_t>(scenario.settings.replicates);
  std::vector<Unit> units;
  for (std::size_t replicate = 0; replicate < replicates; ++replicate) {
    const std::size_t first = units.size();
    for (std::size_t arm = 0; arm < scenario.arms.size(); ++arm) {
      const std::size_t run = arm * replicates + replicate;
      if (!options.placement.runs(run)) continue;
      const int warmup = scenario.arms[arm].warmup;
      auto same = std::find_if(units.begin() + static_cast<std::ptrdiff_t>(first), units.end(),
                               [&](const Unit& u) { return warmup >= 0 && u.warmup == warmup; });
      if (same == units.end()) same = units.insert(units.end(), Unit{replicate, warmup, {}});
      same->runs.push_back(run);
    }
  }
  return units;
}

}  // namespace

Workload workload(const PreparedScenario& scenario, const Placement& placement) {
  RunOptions options;
  options.placement = placement;
  Workload w;
  for (const Unit& unit : units_of(scenario, options)) {
    w.simulations += unit.runs.size();
    w.warmups += unit.warmup >= 0;
    w.days += (unit.warmup >= 0 ? scenario.settings.warmup_days : 0) +
              static_cast<long>(unit.runs.size()) * scenario.settings.days;
  }
  return w;
}

Results run_scenario(const PreparedScenario& scenario, const RunOptions& options) {
  const int threads = std::max(1, options.threads);
  Results results = empty_results(scenario, threads);
  const RunSettings& s = scenario.settings;
  const Clock clock = s.clock();
  const int offset = s.warmup_days;  // [days] of the clock before start_date
  const std::size_t replicates = static_cast<std::size_t>(s.replicates);
  const std::size_t runs = scenario.arms.size() * replicates;
  const std::size_t block = results.times.size() * results.regions.size();
  std::vector<int> samples;
  for (std::int32_t t : results.times) samples.push_back(offset + t);
  const CheckpointDirectory* checkpoint = options.checkpoint;
  auto resumes = [&](std::size_t run) {
    return checkpoint && options.resume &&
           std::filesystem::exists(checkpoint->file(run / replicates, run % replicates));
  };

  // A simulation at the start date: constructed, then continued from its checkpoint file or
  // from `warm`, the state its warm-up left (null: none).
  auto begin = [&](std::size_t run, const std::string* warm) {
    const std::size_t arm = run / replicates, replicate = run % replicates;
    // Every arm of a replicate, twins included, draws the same numbers (common random numbers):
    // arms differ only where their settings make them differ, and differences pair.
    const StreamKey key{s.seed, 0, static_cast<std::uint32_t>(replicate)};
    auto simulation = std::make_unique<Simulation>(*scenario.arms[arm].model, key, clock, samples,
                                                   options.spread);
    if (checkpoint && options.resume && checkpoint->load(*simulation, arm, replicate)) {
      if (options.progress)
        options.progress->fetch_add(simulation->day() - offset, std::memory_order_relaxed);
    } else if (warm) {
      simulation->continue_from(*warm);
    }
    if (run == 0) {
      if (const Annotates* a = capability<Annotates>(simulation->state()))
        a->annotate(results.annotations);
      if (!options.export_graph.empty() && !capability<ExportsGraph>(simulation->state()))
        throw InputError(options.export_graph + ": this model has no graph to export");
    }
    return simulation;
  };

  // Runs a begun simulation to its end (checkpointed at year boundaries when asked) and writes
  // only its own [arm][replicate] block of every series and of the ledger.
  auto finish = [&](std::size_t run, std::unique_ptr<Simulation> owned) {
    Simulation& simulation = *owned;
    const std::size_t arm = run / replicates, replicate = run % replicates;
    const int end =
        offset + (options.stop_after_days > 0 ? std::min(s.days, options.stop_after_days) : s.days);
    // The first simulation's graph is exported on its day (the end unless told otherwise).
    const int export_at =
        run == 0 && !options.export_graph.empty()
            ? (options.export_graph_day < 0 ? end
                                            : std::min(end, offset + options.export_graph_day))
            : -1;
    const auto export_if_due = [&] {
      if (export_at == simulation.day())
        capability<ExportsGraph>(simulation.state())->export_graph(options.export_graph);
    };
    try {
      export_if_due();  // at the start: before any day runs
      if (checkpoint)
        for (int year = 1; offset + days_in_years(s.start_date, year) < end; ++year)
          if (const int boundary = offset + days_in_years(s.start_date, year);
              boundary > simulation.day()) {
            if (export_at > simulation.day() && export_at < boundary) {
              simulation.run_until(export_at, options.stop, options.progress);
              export_if_due();
            }
            simulation.run_until(boundary, options.stop, options.progress);
            checkpoint->save(simulation, arm, replicate);
            export_if_due();
          }
      if (export_at > simulation.day() && export_at < end) {
        simulation.run_until(export_at, options.stop, options.progress);
        export_if_due();
      }
      simulation.run_until(end, options.stop, options.progress);
      if (export_at == end && end > offset) export_if_due();
    } catch (const Interrupted&) {
      if (checkpoint) checkpoint->save(simulation, arm, replicate);
      throw;
    }
    if (checkpoint && simulation.day() > offset) checkpoint->save(simulation, arm, replicate);
    if (end < offset + s.days) return;  // stopped early: the checkpoint holds it
    // Spread over a group, every rank adds up the ledger (together) and the first keeps it.
    const bool holds = !options.spread || options.spread->rank() == 0;
    if (!results.ledger.empty()) {
      const KeepsLedger* book = capability<KeepsLedger>(simulation.state());
      if (!book) throw std::logic_error("the model lays out a ledger its replicates do not keep");
      const std::vector<double> values = book->ledger().rolled_up();
      if (values.size() != results.ledger.size() / runs)
        throw std::logic_error("a replicate's ledger does not cover the run's accounting years");
      if (holds)
        std::copy(values.begin(), values.end(),
                  results.ledger.begin() + static_cast<std::ptrdiff_t>(
                                               results.ledger_index(arm, replicate, 0, 0, 0, 0)));
    }
    if (!holds) return;
    const std::size_t at = results.index(arm, replicate, 0, 0);
    for (std::size_t m = 0; m < results.metrics.size(); ++m) {
      const std::vector<double>& history =
          simulation.recorder().history(MetricId{static_cast<std::uint32_t>(m)});
      std::copy_n(history.begin(), block,
                  results.series[m].begin() + static_cast<std::ptrdiff_t>(at));
    }
  };

  // A unit warms up once, under its warm-up model, unless every run in it resumes from a
  // checkpoint; then its arms continue from that state. With `parallel_arms` the arms are
  // begun one after another (each town's build is itself parallel, and only one is at its
  // build's peak at a time), the warm-up's state is let go, and they run at once; otherwise
  // each arm begins and finishes before the next.
  auto run_unit = [&](const Unit& unit, bool parallel_arms) {
    std::string warm;
    std::shared_ptr<const void> built;  // what the warm-up built and its arms share
    const bool needs_warmup =
        unit.warmup >= 0 && !std::all_of(unit.runs.begin(), unit.runs.end(), resumes);
    if (needs_warmup) {
      const StreamKey key{s.seed, 0, static_cast<std::uint32_t>(unit.replicate)};
      Simulation warmup(*scenario.warmups[static_cast<std::size_t>(unit.warmup)], key, clock,
                        {offset}, options.spread);
      warmup.run_until(offset, options.stop, options.progress);
      warm = warmup.snapshot();
      if (const SharesBuilt* shares = capability<SharesBuilt>(warmup.state()))
        built = shares->built();
    } else if (unit.warmup >= 0 && options.progress) {
      options.progress->fetch_add(offset, std::memory_order_relaxed);
    }
    const std::string* from = needs_warmup ? &warm : nullptr;
    if (!parallel_arms) {
      for (std::size_t run : unit.runs) finish(run, begin(run, from));
      return;
    }
    std::vector<std::unique_ptr<Simulation>> begun;
    for (std::size_t run : unit.runs) begun.push_back(begin(run, from));
    std::string().swap(warm);  // every arm has its copy of the state
    built.reset();             // and holds what it shares
    for_each_block(
        unit.runs.size(),
        [&](std::size_t b, std::size_t e) {
          for (std::size_t k = b; k < e; ++k) finish(unit.runs[k], std::move(begun[k]));
        },
        1);
  };

  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  // This rank's units, in waves when memory limits the states held at once (`concurrent`
  // simulations, a warm-up's copied state counting as one); the threads a wave leaves idle
  // serve the loops inside each simulation.
  const std::vector<Unit> units = units_of(scenario, options);
  std::size_t unit_size = 1;
  for (const Unit& u : units) unit_size = std::max(unit_size, u.runs.size());
  const std::size_t copy = s.warmup_years > 0 ? 1 : 0;
  const std::size_t concurrent = static_cast<std::size_t>(std::max(0, options.concurrent));
  const bool parallel_arms = concurrent == 0 || concurrent >= unit_size + copy;
  const std::size_t wave =
      concurrent == 0
          ? std::max<std::size_t>(units.size(), 1)
          : std::max<std::size_t>(1, concurrent / (parallel_arms ? unit_size + copy : 1 + copy));
  arena.execute([&] {
    // Spread over ranks, simulations step in lockstep with the group's other ranks and call
    // it from this thread (MPI's funnelled threading): one after another, each parallel inside.
    if (options.spread && options.spread->size() > 1) {
      for (const Unit& unit : units) run_unit(unit, false);
      return;
    }
    for (std::size_t first = 0; first < units.size(); first += wave)
      for_each_block(
          std::min(wave, units.size() - first),
          [&](std::size_t b, std::size_t e) {
            for (std::size_t k = b; k < e; ++k) run_unit(units[first + k], parallel_arms);
          },
          1);
  });
  return results;
}

}  // namespace kyosei::sim
