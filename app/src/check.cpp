// `kyosei check [SCENARIO]`: runs the scenario's first arm alone (after its warm-up) and
// compares what the model's ChecksAgainstPublished capability computes from it with the
// published figures: the model's mean with its interval over replicates, the published value,
// its tolerance band and source, and a verdict. Exit 0 when every figure is within its band,
// 1 when one is not, 2 for bad input.
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/runner.hpp"
#include "kyosei/sim/statistics.hpp"
#include "summary.hpp"

namespace kyosei::app {

namespace {

// The scenario with its first arm alone, which is then its baseline.
sim::ScenarioSource first_arm_only(sim::ScenarioSource source) {
  source.arms.resize(1);
  sim::set_path(source.arms[0].tree, "baseline",
                sim::ConfigNode(sim::ConfigNode::Kind::scalar, {}, source.arms[0].name));
  return source;
}

}  // namespace

std::vector<sim::PublishedCheck> run_checks(const std::string& path,
                                            const std::vector<sim::Assignment>& assignments,
                                            int threads, const sim::ModelLoader& loader,
                                            std::string* heading) {
  const auto* checks = sim::capability<sim::ChecksAgainstPublished>(loader);
  if (!checks) throw sim::InputError("check: this model has no published figures to compare with");
  const sim::PreparedScenario scenario =
      sim::prepare_scenario(first_arm_only(load_source(path, assignments, loader)), loader);
  const sim::Results results = sim::run_scenario(scenario, {.threads = threads});
  if (heading) {
    const sim::RunSettings& s = scenario.settings;
    *heading = "kyosei check: scenario '" + s.name + "', arm '" + scenario.arms[0].name + "', " +
               std::to_string(s.replicates) + " replicates from " + sim::format_date(s.start_date) +
               (s.warmup_years > 0 ? " after a " + std::to_string(s.warmup_years) + "-year warm-up"
                                   : std::string()) +
               "; levels are the first year's mean, the interval 95% over replicates";
  }
  return checks->published_checks(results);
}

bool within(const sim::PublishedCheck& c) {
  const double mean = sim::mean_interval(c.replicates).mean;
  return mean >= c.low && mean <= c.high;
}

std::string format_checks(const std::string& heading,
                          const std::vector<sim::PublishedCheck>& checks, bool csv) {
  std::string out;
  if (csv) {
    out = "figure,units,model,low,high,published,band_low,band_high,tolerance,source,verdict\n";
    for (const sim::PublishedCheck& c : checks) {
      const sim::Interval i = sim::mean_interval(c.replicates);
      out += csv_field(c.figure) + "," + csv_field(c.units) + "," + number(i.mean) + "," +
             number(i.low) + "," + number(i.high) + "," + number(c.published) + "," +
             number(c.low) + "," + number(c.high) + "," + csv_field(c.tolerance) + "," +
             csv_field(c.source) + "," + (within(c) ? "ok" : "outside") + "\n";
    }
    return out;
  }
  std::vector<std::vector<std::string>> rows{{"figure", "units", "model [95% interval]",
                                              "published", "band", "tolerance", "verdict",
                                              "source"}};
  int outside = 0;
  for (const sim::PublishedCheck& c : checks) {
    const sim::Interval i = sim::mean_interval(c.replicates);
    const bool ok = within(c);
    outside += !ok;
    rows.push_back({c.figure, c.units,
                    c.replicates.size() > 1
                        ? number(i.mean) + " [" + number(i.low) + ", " + number(i.high) + "]"
                        : number(i.mean),
                    number(c.published), number(c.low) + "-" + number(c.high), c.tolerance,
                    ok ? "ok" : "OUTSIDE", c.source});
  }
  out = heading + "\n" + format_table(rows);
  out += outside == 0
             ? "every figure within its tolerance (" + std::to_string(checks.size()) + " figures)\n"
             : std::to_string(outside) + " of " + std::to_string(checks.size()) +
                   " figures outside their tolerance\n";
  return out;
}

int command_check(const std::string& path, const std::vector<std::string>& sets, int threads,
                  bool csv, const sim::ModelLoader& loader) {
  std::vector<sim::Assignment> assignments;
  for (const std::string& set : sets) assignments.push_back({set, "--set " + set});
  std::string heading;
  const std::vector<sim::PublishedCheck> checks =
      run_checks(path, assignments, threads, loader, &heading);
  std::cout << format_checks(heading, checks, csv);
  for (const sim::PublishedCheck& c : checks)
    if (!within(c)) return 1;
  return 0;
}

}  // namespace kyosei::app
