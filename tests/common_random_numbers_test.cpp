// Common random numbers across arms: within a replicate every arm draws the same numbers for
// the same resident, household, organisation and purpose, so identical arms are identical and
// the differences `kyosei compare` shows pair replicate by replicate.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/runner.hpp"
#include "kyosei/sim/scenario.hpp"
#include "kyosei/sim/statistics.hpp"
#include "scenario_runs.hpp"
#include "summary.hpp"

namespace {

using namespace kyosei;

constexpr const char* three_arms = R"(
name: crn
seed: 5
start_date: 2021-04-01
years: 2
replicates: 3
municipalities:
  - name: town
    population: 12000
    age65_share: 0.3
    age75_share: 0.16
    areas: [{name: a1, share: 0.5}, {name: a2, share: 0.5}]
arms:
  - name: a
  - name: b
  - name: c
    overrides: {policy.mode: jusou}
)";

sim::Results run(const char* yaml, const std::vector<std::string>& sets = {}) {
  return runs::run_yaml(yaml, sets);
}

// Arm `a`'s block of a series: [replicate, time, region].
std::vector<double> block(const sim::Results& r, std::size_t metric, std::size_t arm) {
  const auto first = r.series[metric].begin() + static_cast<std::ptrdiff_t>(r.index(arm, 0, 0, 0));
  const auto size = static_cast<std::ptrdiff_t>(r.values_per_metric() / r.arms.size());
  return {first, first + size};
}

TEST(CommonRandomNumbers, TwoIdenticalArmsAreBitIdenticalAndAPolicyMakesTheOnlyDifference) {
  const sim::Results r = run(three_arms);
  EXPECT_TRUE(r.common_random_numbers);
  std::size_t differing = 0;
  for (std::size_t m = 0; m < r.metrics.size(); ++m) {
    EXPECT_EQ(block(r, m, 0), block(r, m, 1)) << r.metrics[m].name;
    differing += block(r, m, 0) != block(r, m, 2);
  }
  // The third arm adopts 重層 and differs where its mechanisms act.
  EXPECT_GT(differing, 10u);
}

TEST(CommonRandomNumbers, PairedDifferencesAreNarrowerThanUnpairedOnTheDefaultTown) {
  // The default town, siloed beside 重層 over four replicates: residents' lives (births,
  // deaths, moves) are the same draws in both arms, so the replicates' spread cancels.
  static const models::TownModelLoader loader;
  const sim::Results r =
      run(std::string(loader.default_scenario()).c_str(), {"years=2", "replicates=4"});
  ASSERT_TRUE(app::paired(r));
  const std::size_t total = 0;
  int narrower = 0, compared = 0;
  for (const char* name :
       {"population", "households", "care_certified", "deaths", "births", "consultations_new"}) {
    const int m = r.metric_index(name);
    ASSERT_GE(m, 0) << name;
    const std::vector<double> a = app::per_replicate(r, m, 0, total);
    const std::vector<double> b = app::per_replicate(r, m, 1, total);
    const sim::Interval paired = sim::paired_difference(a, b);
    const sim::Interval unpaired = sim::welch_difference(a, b);
    ++compared;
    narrower += paired.half_width() < unpaired.half_width();
  }
  EXPECT_EQ(narrower, compared);
}

TEST(Precision, ReplicatesToHalveTheIntervalsFollowTheTQuantiles) {
  // t(0.975, n - 1) / sqrt(n): 2 replicates 8.98, 3 2.48; 4 replicates 1.591, 9 0.769.
  EXPECT_EQ(app::replicates_to_halve(2), 3);
  EXPECT_EQ(app::replicates_to_halve(4), 9);
  EXPECT_EQ(app::replicates_to_halve(1), 0);      // no interval to halve
  EXPECT_GT(app::replicates_to_halve(100), 390);  // about four times as many, far from t's tail
  EXPECT_LT(app::replicates_to_halve(100), 410);
}

}  // namespace
