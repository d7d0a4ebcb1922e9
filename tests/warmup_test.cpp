// The warm-up (`warmup_years`): simulated before start_date without output or ledger, with
// the population held still, once per replicate under the baseline's settings, and shared by
// every arm of the same town.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/config.hpp"
#include "kyosei/sim/runner.hpp"
#include "kyosei/sim/scenario.hpp"
#include "population/population.hpp"
#include "scenario_runs.hpp"

namespace {

using namespace kyosei;

constexpr const char* two_arms = R"(
name: warm
seed: 11
start_date: 2021-04-01
years: 2
replicates: 2
municipalities:
  - name: town
    population: 12000
    age65_share: 0.3
    age75_share: 0.16
    areas: [{name: a1, share: 0.5}, {name: a2, share: 0.5}]
arms:
  - name: siloed
  - name: jusou
    overrides: {policy.mode: jusou}
)";

// A metric's scenario-wide total at sample t, averaged over the replicates of `arm`.
double at(const sim::Results& r, const std::string& metric, std::size_t arm, std::size_t t) {
  const int m = r.metric_index(metric);
  EXPECT_GE(m, 0) << metric;
  double sum = 0;
  for (std::size_t rep = 0; rep < static_cast<std::size_t>(r.replicates); ++rep)
    sum += r.series[static_cast<std::size_t>(m)][r.index(arm, rep, t, 0)];
  return sum / r.replicates;
}

// The mean of a metric over the samples whose time lies in [from, to) years, for `arm`.
double mean_over(const sim::Results& r, const std::string& metric, std::size_t arm, double from,
                 double to) {
  double sum = 0;
  int n = 0;
  for (std::size_t t = 1; t < r.times.size(); ++t) {
    const double year = r.times[t] / 365.25;
    if (year < from || year >= to) continue;
    sum += at(r, metric, arm, t);
    ++n;
  }
  return n ? sum / n : 0;
}

sim::Results run_default(const std::vector<std::string>& sets) {
  static const models::TownModelLoader loader;
  const std::string yaml(loader.default_scenario());
  return runs::run_yaml(yaml.c_str(), sets);
}

// The metrics whose first year's mean lies outside ×0.67-1.5 of the last two years' (with one
// unit of slack for small counts), in the first arm: a start-up transient.
std::vector<std::string> jumps(const sim::Results& r) {
  std::vector<std::string> out;
  const double end = r.times.back() / 365.25;
  for (const char* m : {"cases_open", "queue_waiting", "wait_days_mean", "hidden_households"}) {
    const double first = mean_over(r, m, 0, 0, 1), later = mean_over(r, m, 0, end - 2, end);
    if (first < later / 1.5 - 1 || first > later * 1.5 + 1) out.push_back(m);
  }
  return out;
}

TEST(Warmup, TheDefaultTownStartsWithoutATransient) {
  const std::vector<std::string> with = jumps(run_default({"years=6", "replicates=2"}));
  EXPECT_TRUE(with.empty()) << "start-up transient in " << with.front();
  // Without it the counters start empty: the queue and the waits climb, then fall.
  const std::vector<std::string> without =
      jumps(run_default({"years=6", "replicates=2", "warmup_years=0"}));
  EXPECT_NE(std::find(without.begin(), without.end(), "queue_waiting"), without.end());
  EXPECT_NE(std::find(without.begin(), without.end(), "wait_days_mean"), without.end());
}

TEST(Warmup, ThePopulationAndItsCareLevelsHoldStillWhileCountersFillUp) {
  const sim::Results warm = runs::run_yaml(two_arms, {"warmup_years=3"});
  const sim::Results cold = runs::run_yaml(two_arms, {"warmup_years=0"});
  EXPECT_EQ(warm.warmup_years, 3);
  for (const char* m : {"population", "households", "age65", "age75", "care_certified",
                        "certified_care3", "disabled", "in_facility"})
    EXPECT_EQ(at(warm, m, 0, 0), at(cold, m, 0, 0)) << m;
  // The counters are at work on the start date, not empty.
  EXPECT_EQ(at(cold, "cases_open", 0, 0), 0);
  EXPECT_GT(at(warm, "cases_open", 0, 0), 10);
  EXPECT_LT(at(warm, "hidden_households", 0, 0), at(cold, "hidden_households", 0, 0));
}

TEST(Warmup, EveryArmStartsFromTheSameStateAndNothingBeforeItIsCounted) {
  const sim::Results r = runs::run_yaml(two_arms, {"warmup_years=2"});
  std::size_t differing_later = 0;
  for (std::size_t m = 0; m < r.metrics.size(); ++m) {
    for (std::size_t rep = 0; rep < 2; ++rep) {
      EXPECT_EQ(r.series[m][r.index(0, rep, 0, 0)], r.series[m][r.index(1, rep, 0, 0)])
          << r.metrics[m].name << " at the start date";
      if (r.metrics[m].kind == sim::MetricKind::count) {
        EXPECT_EQ(r.series[m][r.index(0, rep, 0, 0)], 0) << r.metrics[m].name;
      }
    }
    differing_later += at(r, r.metrics[m].name, 0, 12) != at(r, r.metrics[m].name, 1, 12);
  }
  EXPECT_GT(differing_later, 5u) << "the arms should diverge once 重層 acts";
}

TEST(Warmup, BooksNothingBeforeTheStartDate) {
  // A start in October: the warm-up's April to September lie in the run's first fiscal year,
  // so a warm-up that booked would double that year.
  const std::vector<std::string> october{"start_date=2021-10-01", "years=1", "replicates=1"};
  std::vector<std::string> warm_sets = october, cold_sets = october;
  warm_sets.push_back("warmup_years=2");
  cold_sets.push_back("warmup_years=0");
  const sim::Results warm = runs::run_yaml(two_arms, warm_sets);
  const sim::Results cold = runs::run_yaml(two_arms, cold_sets);
  ASSERT_EQ(warm.ledger_years, cold.ledger_years);
  EXPECT_EQ(warm.ledger_years.front(), 2021);
  const std::size_t per_year = warm.ledger.size() / (warm.arms.size() * warm.ledger_years.size());
  double first_warm = 0, first_cold = 0;
  for (std::size_t k = 0; k < per_year; ++k) {  // arm 0, replicate 0, fiscal 2021: every cell
    first_warm += warm.ledger[k];
    first_cold += cold.ledger[k];
  }
  ASSERT_GT(first_cold, 0);
  EXPECT_NEAR(first_warm / first_cold, 1.0, 0.2);
}

constexpr const char* coordinator_arms = R"(
name: posts
seed: 3
start_date: 2021-04-01
years: 2
replicates: 1
community: {coordinators: {layer1: 0, layer2_per_area: 0}}
municipalities:
  - name: town
    population: 12000
    age65_share: 0.3
    age75_share: 0.16
    areas: [{name: a1, share: 0.5}, {name: a2, share: 0.5}]
arms:
  - name: none
  - name: two_per_area
    overrides: {community.coordinators.layer2_per_area: 2}
  - name: larger_town
    overrides: {municipalities.0.population: 15000}
)";

TEST(Warmup, ArmsOfOneTownShareTheBaselinesPastAndTakeUpTheirOwnPosts) {
  static const models::TownModelLoader loader;
  const sim::PreparedScenario s = sim::prepare_scenario(
      sim::resolve_scenario(sim::parse_yaml(coordinator_arms, "posts.yaml"), {}), loader);
  ASSERT_EQ(s.warmups.size(), 2u) << "one for the town, one for the larger town";
  EXPECT_EQ(s.arms[0].warmup, s.arms[1].warmup);
  EXPECT_NE(s.arms[0].warmup, s.arms[2].warmup);
  EXPECT_EQ(sim::workload(s).warmups, 2u);

  const sim::Results r = sim::run_scenario(s, {.threads = 2});
  // Both start from the past without coordinators: the same resources on the start date.
  EXPECT_EQ(at(r, "resources_active", 0, 0), at(r, "resources_active", 1, 0));
  // From then on only the arm with coordinators has their hours, and what they develop.
  EXPECT_EQ(runs::total(r, "sc_hours"), 0);
  double hours = 0, created_with = 0, created_without = 0;
  for (std::size_t t = 0; t < r.times.size(); ++t) {
    hours += at(r, "sc_hours", 1, t);
    created_with += at(r, "resources_created", 1, t);
    created_without += at(r, "resources_created", 0, t);
  }
  EXPECT_GT(hours, 0);
  EXPECT_GT(created_with, created_without);

  // Alone, the arm with coordinators warms up with them: its town starts with more resources.
  const sim::Results alone =
      runs::run_yaml(coordinator_arms, {"community.coordinators.layer2_per_area=2"});
  EXPECT_GT(at(alone, "resources_active", 1, 0), at(r, "resources_active", 1, 0));
}

}  // namespace

// The arms continue from the warm-up's state and build the same town: they share the social
// graph the warm-up built (the engine holds it while they begin) instead of building it again.
TEST(Warmup, ItsArmsShareTheGraphItBuilt) {
  const std::size_t before = models::social_graphs_built();
  runs::run_yaml(two_arms, {"replicates=1"});
  EXPECT_EQ(models::social_graphs_built() - before, 1u) << "a warm-up and two arms";
  runs::run_yaml(two_arms, {"replicates=2"});
  EXPECT_EQ(models::social_graphs_built() - before, 3u) << "a graph for each replicate";
}
