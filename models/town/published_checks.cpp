// The published statistics a town's baseline is checked against (`kyosei check`), each with
// its source in ../shared/data/parameters.md and a tolerance band. Levels are the first
// simulated year's mean over its samples (after the warm-up), so a check reads the town as
// the scenario describes it once its dynamics have settled.
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "kyosei/models/town_loader.hpp"
#include "kyosei/sim/results.hpp"
#include "population/population_metrics.hpp"

namespace kyosei::models {

namespace {

// [days] The samples that close the first simulated year.
std::vector<std::size_t> first_year(const sim::Results& r) {
  std::vector<std::size_t> out;
  for (std::size_t t = 1; t < r.times.size(); ++t)
    if (r.times[t] <= 366) out.push_back(t);
  return out;
}

// A level's mean over `samples` at the scenario-wide total, in replicate `rep` of arm 0.
double mean_level(const sim::Results& r, const std::string& metric, std::size_t rep,
                  const std::vector<std::size_t>& samples) {
  const int m = r.metric_index(metric);
  if (m < 0 || samples.empty()) return 0;
  double sum = 0;
  for (std::size_t t : samples) sum += r.series[static_cast<std::size_t>(m)][r.index(0, rep, t, 0)];
  return sum / static_cast<double>(samples.size());
}

struct Builder {
  const sim::Results& r;
  std::vector<std::size_t> year = first_year(r);
  std::vector<sim::PublishedCheck> out;

  // numerator / denominator over the first year, × scale, per replicate.
  std::vector<double> ratio(const std::string& num, const std::string& den, double scale) const {
    std::vector<double> values;
    for (std::size_t rep = 0; rep < static_cast<std::size_t>(r.replicates); ++rep) {
      const double d = mean_level(r, den, rep, year);
      values.push_back(d > 0 ? scale * mean_level(r, num, rep, year) / d : 0);
    }
    return values;
  }
  // Relative tolerance: published ± share.
  void relative(std::string figure, std::string units, std::vector<double> values, double published,
                double share, std::string source) {
    out.push_back({std::move(figure), std::move(units), std::move(values), published,
                   published * (1 - share), published * (1 + share),
                   "±" + std::to_string(static_cast<int>(std::lround(share * 100))) + "%",
                   std::move(source)});
  }
  void band(std::string figure, std::string units, std::vector<double> values, double published,
            double low, double high, std::string tolerance, std::string source) {
    out.push_back({std::move(figure), std::move(units), std::move(values), published, low, high,
                   std::move(tolerance), std::move(source)});
  }
};

// The value of a level at `date` in each replicate, if the run has a sample on that day.
std::vector<double> at_date(const sim::Results& r, const std::string& metric,
                            const std::string& date) {
  const auto start = sim::parse_date(r.start_date), when = sim::parse_date(date);
  const int m = r.metric_index(metric);
  if (!start || !when || m < 0) return {};
  const auto day = (std::chrono::sys_days{*when} - std::chrono::sys_days{*start}).count();
  for (std::size_t t = 0; t < r.times.size(); ++t)
    if (r.times[t] == day) {
      std::vector<double> values;
      for (std::size_t rep = 0; rep < static_cast<std::size_t>(r.replicates); ++rep)
        values.push_back(r.series[static_cast<std::size_t>(m)][r.index(0, rep, t, 0)]);
      return values;
    }
  return {};
}

}  // namespace

std::vector<sim::PublishedCheck> TownModelLoader::published_checks(const sim::Results& r) const {
  Builder b{r};
  const std::string certification = "介護保険事業状況報告 FY2022";
  b.band("care certification rate, 65+", "%", b.ratio("care_certified65", "age65", 100), 19.0, 15.8,
         23.1, "prefectures' range", certification);
  const auto& bands = validation_band_names;
  const char* spans[] = {"65-69", "70-74", "75-79", "80-84", "85-89", "90+"};
  const double by_age[] = {2.8, 5.5, 12.4, 26.4, 48.1, 72.7};
  for (std::size_t k = 0; k < 6; ++k)
    b.relative(
        std::string("certified, ") + spans[k], "%",
        b.ratio(std::string("certified_") + bands[k], std::string("residents_") + bands[k], 100),
        by_age[k], 0.2, "介護保険部会 materials, Sep 2020");
  const auto& groups = care_group_names;
  const char* group_spans[] = {"65-74", "75-84", "85+"};
  const double support[] = {1.4, 6.0, 14.0}, care[] = {3.0, 11.6, 44.5};
  for (std::size_t g = 0; g < 3; ++g) {
    const std::string residents = std::string("residents_") + groups[g];
    b.relative(std::string("要支援 1-2, ") + group_spans[g], "% of residents",
               b.ratio(std::string("support_") + groups[g], residents, 100), support[g], 0.25,
               "高齢社会白書 2025, FY2022");
    b.relative(std::string("要介護 1-5, ") + group_spans[g], "% of residents",
               b.ratio(std::string("care_") + groups[g], residents, 100), care[g], 0.25,
               "高齢社会白書 2025, FY2022");
  }
  // Monthly benefits over residents 65+ (the first-category insured), a year of them.
  b.relative("care benefit per first-category insured", "thousand yen / year",
             b.ratio("care_benefit_cost", "age65", 12.0 / 1000), 278, 0.15, certification);
  b.relative("withdrawal (ひきこもり), 15-39", "%",
             b.ratio("withdrawn_15_39", "residents_15_39", 100), 2.05, 0.25,
             "こども家庭庁 survey 2022 (Mar 2023)");
  b.relative("withdrawal (ひきこもり), 40-64", "%",
             b.ratio("withdrawn_40_64", "residents_40_64", 100), 2.02, 0.25,
             "こども家庭庁 survey 2022 (Mar 2023)");
  b.band("livelihood (生活困窮) new consultations", "per 100,000 residents / month",
         b.ratio("cases_opened_livelihood", "population", 1e5), 15, 10, 25,
         "15 nationally, 20 the national benchmark", "MHLW 支援状況調査 FY2015-17");
  b.relative("salon (通いの場) participation, 65+", "%",
             b.ratio("salon_participants_65", "age65", 100), 6.2, 0.3,
             "MHLW 介護予防 survey FY2022");
  b.relative("men 65+ living alone", "%", b.ratio("men65_alone", "men65", 100), 15.0, 0.25,
             "census 2020, 高齢社会白書 2024");
  b.relative("women 65+ living alone", "%", b.ratio("women65_alone", "women65", 100), 22.1, 0.25,
             "census 2020, 高齢社会白書 2024");
  // 民生委員: households over posts at the start (posts are fixed, so replicate 0 speaks for all).
  for (const sim::Annotation& a : r.annotations)
    if (a.group == "graph" && a.name == "organisations_minsei_iin" && a.value > 0) {
      std::vector<double> per_post;
      for (std::size_t rep = 0; rep < static_cast<std::size_t>(r.replicates); ++rep)
        per_post.push_back(r.series[static_cast<std::size_t>(r.metric_index("households"))]
                                   [r.index(0, rep, 0, 0)] /
                           a.value);
      // Published: the nation's 54.3 m households (27.47 m with a 65+ member are 50.6% of all,
      // 2022) over 240,971 posts.
      b.band("households per 民生委員", "households", per_post, 225, 70, 440,
             "70-200 in towns, 220-440 in cities", "全民児連, Dec 2025; 高齢社会白書 2024");
    }
  // Hagi's register population in 2025, when the run is Hagi's and reaches April 2025.
  if (r.regions.size() > 1 && r.regions[1].name == "萩市") {
    std::vector<double> hagi = at_date(r, "population", "2025-04-01");
    if (!hagi.empty())
      b.relative("萩市 residents, April 2025", "persons", std::move(hagi), 41156, 0.05,
                 "city register (parameters.md)");
  }
  return b.out;
}

}  // namespace kyosei::models
