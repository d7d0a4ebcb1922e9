// The estimators of `kyosei evaluate` on synthetic panels whose true effects are known:
// exact cases against hand computation, and Monte Carlo over many worlds for bias and
// coverage (each world's noise drawn from its own Philox stream, so the test is fixed).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "evaluation.hpp"
#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/errors.hpp"
#include "kyosei/sim/random.hpp"
#include "kyosei/sim/results.hpp"

namespace kyosei::app {
using namespace kyosei::sim;
namespace {

// y_it = unit_i + 0.5 t + trend · x_i · t + effect(t - g) · [t >= g] + noise · e_it, with
// adoption years 2020-2022 or never over fiscal years 2018-2023.
struct World {
  int units = 80;
  double trend = 0;  // slope of the outcome's trend in the trait x
  double noise = 1;
  bool select_on_trait = false;  // the highest x adopt first (plus some luck), else at random
  std::function<double(int)> effect = [](int) { return 2.0; };  // by years since adoption
  int anticipation = 0;  // years before adoption already affected (at the year-0 effect)
};

Panel synthetic(const World& w, std::uint64_t world) {
  const StreamKey key{20211, 7, static_cast<std::uint32_t>(world)};
  Panel p;
  for (int y = 2018; y <= 2023; ++y) p.years.push_back(y);
  const std::size_t t = p.years.size();
  std::vector<double> x(static_cast<std::size_t>(w.units)), luck(x.size()), level(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    Stream draw(key, i, 0, 1);
    x[i] = draw.normal();
    luck[i] = draw.normal();
    level[i] = draw.normal(0, 2);
  }
  const int cohorts[4] = {2020, 2021, 2022, 0};
  std::vector<std::size_t> order(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) order[i] = i;
  if (w.select_on_trait)
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return x[a] + 0.5 * luck[a] > x[b] + 0.5 * luck[b];
    });
  else
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return luck[a] > luck[b]; });
  p.adoption.assign(x.size(), 0);
  for (std::size_t k = 0; k < order.size(); ++k)
    p.adoption[order[k]] = cohorts[k * 4 / order.size()];
  p.effect = std::vector<double>(x.size() * t, 0.0);
  for (std::size_t i = 0; i < x.size(); ++i) {
    p.units.push_back("m" + std::to_string(i));
    for (std::size_t s = 0; s < t; ++s) {
      const int year = p.years[s], g = p.adoption[i];
      double tau = 0;
      if (g != 0 && year >= g - w.anticipation) tau = w.effect(std::max(0, year - g));
      (*p.effect)[i * t + s] = tau;
      Stream draw(key, i, s + 1, 2);
      p.y.push_back(level[i] + 0.5 * static_cast<double>(s) +
                    w.trend * x[i] * static_cast<double>(s) + tau + w.noise * draw.normal());
    }
  }
  p.covariate_names = {"x"};
  p.covariates = {x};
  return p;
}

struct MonteCarlo {
  double mean_bias = 0;   // mean of estimate - truth
  double bias_error = 0;  // its Monte Carlo standard error
  double coverage = 0;    // share of 95% intervals holding the truth
};

MonteCarlo over_worlds(const World& w, int worlds,
                       const std::function<EffectEstimate(const Panel&)>& estimator) {
  std::vector<double> bias;
  int covered = 0;
  for (int k = 0; k < worlds; ++k) {
    const EffectEstimate e = estimator(synthetic(w, static_cast<std::uint64_t>(k)));
    EXPECT_TRUE(e.ok()) << e.problem;
    bias.push_back(e.estimate - e.truth);
    covered += e.covers_truth();
  }
  MonteCarlo m;
  for (double b : bias) m.mean_bias += b / static_cast<double>(worlds);
  double square = 0;
  for (double b : bias) square += (b - m.mean_bias) * (b - m.mean_bias);
  m.bias_error = std::sqrt(square / (worlds - 1) / worlds);
  m.coverage = static_cast<double>(covered) / worlds;
  return m;
}

EffectEstimate naive(const Panel& p) {
  return naive_difference(p);
}
EffectEstimate twfe(const Panel& p) {
  return twfe_difference_in_differences(p);
}
EffectEstimate cs(const Panel& p) {
  return callaway_santanna(p, {}).overall;
}
EffectEstimate cs_with_trait(Panel p) {
  return callaway_santanna(p, {}).overall;
}
EffectEstimate cs_without_trait(Panel p) {
  p.covariates.clear();
  p.covariate_names.clear();
  return callaway_santanna(p, {}).overall;
}

TEST(Estimators, ConstantEffectAndRandomAdoptionAllRecoverIt) {
  World w;
  for (const auto& [name, estimator] :
       std::vector<std::pair<const char*, std::function<EffectEstimate(const Panel&)>>>{
           {"naive", naive}, {"twfe", twfe}, {"callaway_santanna", cs_without_trait}}) {
    const MonteCarlo m = over_worlds(w, 300, estimator);
    EXPECT_LT(std::fabs(m.mean_bias), 4 * m.bias_error) << name;
    EXPECT_GE(m.coverage, 0.90) << name;
    EXPECT_LE(m.coverage, 0.99) << name;
  }
  const Panel p = synthetic(w, 0);
  EXPECT_DOUBLE_EQ(naive(p).truth, 2.0);
  EXPECT_DOUBLE_EQ(twfe(p).truth, 2.0);
  EXPECT_DOUBLE_EQ(cs(p).truth, 2.0);
}

TEST(Estimators, SelectionOnATrendTraitBiasesTheNaiveComparisonNotAdjustedCallawaySantAnna) {
  World w;
  w.trend = 0.6;
  w.select_on_trait = true;
  const MonteCarlo naive_mc = over_worlds(w, 300, naive);
  EXPECT_GT(naive_mc.mean_bias, 10 * naive_mc.bias_error);
  EXPECT_GT(naive_mc.mean_bias, 1.0);  // half the true effect
  EXPECT_LT(naive_mc.coverage, 0.5);
  const MonteCarlo adjusted = over_worlds(w, 300, cs_with_trait);
  EXPECT_LT(std::fabs(adjusted.mean_bias), 4 * adjusted.bias_error);
  EXPECT_GE(adjusted.coverage, 0.88);
  // Without the trait, parallel trends fail and so does the unadjusted estimator.
  const MonteCarlo unadjusted = over_worlds(w, 300, cs_without_trait);
  EXPECT_GT(unadjusted.mean_bias, 10 * unadjusted.bias_error);
}

TEST(Estimators, EffectsGrowingWithTimeBiasTwoWayFixedEffectsNotCallawaySantAnna) {
  World w;
  w.effect = [](int e) { return 1.0 + 1.5 * e; };
  const MonteCarlo twfe_mc = over_worlds(w, 200, twfe);
  EXPECT_LT(twfe_mc.mean_bias, -10 * twfe_mc.bias_error);  // already-adopted as controls
  const MonteCarlo cs_mc = over_worlds(w, 200, cs_without_trait);
  EXPECT_LT(std::fabs(cs_mc.mean_bias), 4 * cs_mc.bias_error);
  EXPECT_GE(cs_mc.coverage, 0.88);
}

TEST(Estimators, WithoutNoiseCallawaySantAnnaIsExactInEveryEventYear) {
  World w;
  w.noise = 0;
  w.trend = 0.6;
  w.select_on_trait = true;
  w.effect = [](int e) { return 3.0 - e; };
  const StaggeredResult r = callaway_santanna(synthetic(w, 1), {});
  EXPECT_NEAR(r.overall.estimate, r.overall.truth, 1e-9);
  EXPECT_NEAR(r.overall.se, 0.0, 1e-9);
  ASSERT_FALSE(r.event.empty());
  for (const EventTimeEstimate& e : r.event) {
    EXPECT_NEAR(e.estimate.estimate, e.estimate.truth, 1e-9) << e.event_time;
    const double truth = e.event_time < 0 ? 0.0 : 3.0 - e.event_time;
    EXPECT_DOUBLE_EQ(e.estimate.truth, truth) << e.event_time;
  }
  // Base year g-1 is omitted; pre-adoption years reach back to 2018 for the 2022 cohort.
  EXPECT_EQ(r.event.front().event_time, -4);
  for (const EventTimeEstimate& e : r.event) EXPECT_NE(e.event_time, -1);
}

TEST(Estimators, AnticipationMovesTheBaseYearBeforeIt) {
  World w;
  w.noise = 0;
  w.anticipation = 1;
  Panel p = synthetic(w, 2);
  p.covariates.clear();
  p.covariate_names.clear();
  const StaggeredResult naive_base = callaway_santanna(p, {.anticipation = 0});
  EXPECT_GT(std::fabs(naive_base.overall.estimate - naive_base.overall.truth), 0.5);
  const StaggeredResult moved = callaway_santanna(p, {.anticipation = 1});
  EXPECT_NEAR(moved.overall.estimate, moved.overall.truth, 1e-9);
  for (const EventTimeEstimate& e : moved.event) {
    EXPECT_NE(e.event_time, -2);  // the base
    if (e.event_time == -1) {
      EXPECT_NEAR(e.estimate.estimate, 2.0, 1e-9);  // anticipation shows
    }
  }
}

// Two years, one cohort and never-adopters: every estimator reduces to textbook formulas.
TEST(Estimators, TwoByTwoReducesToDifferencesOfMeans) {
  Panel p;
  p.years = {2020, 2021};
  const std::vector<std::vector<double>> rows{{1, 4}, {2, 6}, {0, 5}, {3, 3}, {1, 2}, {2, 2.5}};
  p.adoption = {2021, 2021, 2021, 0, 0, 0};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    p.units.push_back("m" + std::to_string(i));
    p.y.insert(p.y.end(), rows[i].begin(), rows[i].end());
  }
  const std::vector<double> treated{3, 4, 5}, control{0, 1, 0.5};  // changes
  auto mean = [](const std::vector<double>& v) { return (v[0] + v[1] + v[2]) / 3; };
  auto var = [&](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += (x - mean(v)) * (x - mean(v));
    return s / 2;
  };
  const double did = mean(treated) - mean(control);
  const double welch = std::sqrt(var(treated) / 3 + var(control) / 3);
  const StaggeredResult cs_result = callaway_santanna(p, {.comparison = Comparison::never_adopted});
  EXPECT_NEAR(cs_result.overall.estimate, did, 1e-12);
  EXPECT_NEAR(cs_result.overall.se, welch, 1e-12);
  EXPECT_NEAR(twfe_difference_in_differences(p).estimate, did, 1e-12);
  const EffectEstimate n = naive_difference(p);
  EXPECT_NEAR(n.estimate, 5.0 - 2.5, 1e-12);  // last-year means
  EXPECT_NEAR(n.se, std::sqrt(1.0 / 3 + 0.25 / 3), 1e-12);
}

TEST(Estimators, SayWhyThereIsNoEstimate) {
  Panel p;
  p.years = {2020, 2021};
  p.units = {"a", "b", "c"};
  p.y = {1, 2, 1, 2, 1, 2};
  p.adoption = {0, 0, 0};
  EXPECT_FALSE(naive_difference(p).ok());
  EXPECT_FALSE(twfe_difference_in_differences(p).ok());
  EXPECT_FALSE(callaway_santanna(p, {}).overall.ok());
  EXPECT_FALSE(callaway_santanna(p, {}).overall.problem.empty());
}

// Panels from a hand-made file: two municipalities, samples every half year from April 2021.
TEST(EvaluationPanels, CountsSumLevelsAverageAndBothArePerThousandResidents) {
  Results r;
  r.start_date = "2021-04-01";
  r.arms = {"rollout", "rollout~twin"};
  r.counterfactual_of = {-1, 0};
  r.replicates = 1;
  r.times = {0, 183, 365, 548, 730};  // FY2021 ends on day 364, FY2022 on day 729
  r.regions = {{"all", "total", ""}, {"a", "municipality", "all"}, {"b", "municipality", "all"}};
  r.metrics = {{"population", "persons", "", MetricKind::level, "", ""},
               {"cases", "1", "", MetricKind::count, "", ""}};
  // [arm][time][region]
  const std::vector<double> population{3000, 1000, 2000, 3000, 1000, 2000, 3000, 1000,
                                       2000, 3000, 1000, 2000, 3000, 1000, 2000};
  const std::vector<double> cases{0, 0, 0, 3, 1, 2, 6, 2, 4, 9, 3, 6, 12, 4, 8};
  std::vector<double> both_populations = population, both_cases = cases;
  both_populations.insert(both_populations.end(), population.begin(), population.end());
  for (double c : cases) both_cases.push_back(c / 2);  // the twin: half the cases
  r.series = {both_populations, both_cases};
  r.traits = {{"adoption_year", "1", ""}};
  r.trait_values = {{std::nan(""), 2022, 0, std::nan(""), 0, 0}};

  EvaluationOptions options;  // the welfare model's design: municipalities adopt by fiscal year
  const ModelDescription model = models::TownModelLoader().description();
  options.treatment = model.treatment;
  options.size_metric = model.size_metric;
  options.metric = "cases";
  const PanelSet set = build_panels(r, 0, 1, options);
  ASSERT_EQ(set.replicates.size(), 1u);
  const Panel& p = set.replicates[0];
  EXPECT_EQ(p.units, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(p.years, (std::vector<int>{2021, 2022}));
  EXPECT_EQ(p.adoption, (std::vector<int>{2022, 0}));
  // a: FY2021 holds the intervals ending on days 183 and 365 (1 + 2 cases), FY2022 the next two
  // (3 + 4), per 1,000 of its 1,000 residents; b has twice the cases and twice the residents.
  EXPECT_EQ(p.y, (std::vector<double>{3, 7, 3, 7}));
  ASSERT_TRUE(p.effect.has_value());
  EXPECT_EQ(*p.effect, (std::vector<double>{1.5, 3.5, 1.5, 3.5}));
  EXPECT_NE(set.outcome.find("per 1,000 residents, sum over the fiscal year"), std::string::npos);

  options.per_1000 = false;
  EXPECT_EQ(build_panels(r, 0, -1, options).replicates[0].y, (std::vector<double>{3, 7, 6, 14}));
  options.metric = "population";  // a level: the mean of the year's samples, never per 1,000
  EXPECT_EQ(build_panels(r, 0, -1, options).replicates[0].y,
            (std::vector<double>{1000, 1000, 2000, 2000}));
  options.metric = "nope";
  EXPECT_THROW(build_panels(r, 0, -1, options), InputError);
}

}  // namespace
}  // namespace kyosei::app
