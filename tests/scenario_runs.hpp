#pragma once
// Running a tiny scenario written in a test, and reading totals back: shared by the model
// tests so each defines only its town.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/runner.hpp"
#include "kyosei/sim/scenario.hpp"

namespace kyosei::runs {

// Runs `yaml` with `key=value` assignments (as `--set` would), on two threads.
inline sim::Results run_yaml(const char* yaml, const std::vector<std::string>& sets) {
  static const models::TownModelLoader loader;
  std::vector<sim::Assignment> assignments;
  for (const std::string& s : sets) assignments.push_back({s, "--set " + s});
  return sim::run_scenario(
      sim::prepare_scenario(sim::resolve_scenario(sim::parse_yaml(yaml, "test.yaml"), assignments),
                            loader),
      {.threads = 2});
}

// A metric at the scenario-wide total (region 0), summed over samples and replicates of arm 0.
inline double total(const sim::Results& r, const std::string& metric) {
  const int m = r.metric_index(metric);
  EXPECT_GE(m, 0) << metric;
  if (m < 0) return 0;
  double sum = 0;
  for (std::size_t rep = 0; rep < static_cast<std::size_t>(r.replicates); ++rep)
    for (std::size_t t = 0; t < r.times.size(); ++t) sum += r.series[m][r.index(0, rep, t, 0)];
  return sum;
}

}  // namespace kyosei::runs
