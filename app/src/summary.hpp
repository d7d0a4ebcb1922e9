#pragma once
// Arms side by side: each metric reduced to one number per replicate (counts summed over
// the run, levels at the end, ratios of those reductions), then a mean and a 95% interval
// over replicates, and each arm's difference from the first arm.

#include <optional>
#include <string>
#include <vector>

#include "kyosei/sim/model.hpp"
#include "kyosei/sim/results.hpp"
#include "kyosei/sim/statistics.hpp"

namespace kyosei::app {

// An arm's mean over replicates, or a difference between arms, with its 95% interval.
using Estimate = sim::Interval;

// Differences between arms: paired by replicate when the arms drew common random numbers
// (sim::paired_difference), else Welch's (sim::welch_difference).
bool paired(const sim::Results& results);

// One value per replicate of `metric` in `region` of `arm`.
std::vector<double> per_replicate(const sim::Results& results, int metric, std::size_t arm,
                                  std::size_t region);

// How per_replicate reduces a metric over time, in words ("sum over run", "at end", ...).
std::string reduction_of(const sim::Results& results, int metric);

struct ComparisonRow {
  std::string metric;
  std::string units;
  std::string reduction;
  std::size_t baseline = 0;           // the arm the others are compared with
  std::vector<Estimate> arms;         // one per arm
  std::vector<Estimate> differences;  // per arm: it minus the baseline (paired() says how);
                                      // the baseline's own entry is zero
};

// Rows for `metrics` at the scenario-wide total, each arm against `baseline` (an arm's index;
// the file's baseline when none); an unknown name throws InputError.
std::vector<ComparisonRow> compare_arms(const sim::Results& results,
                                        const std::vector<std::string>& metrics,
                                        std::optional<std::size_t> baseline = std::nullopt);
// The index of the arm named `name`, given as `flag NAME` (`--baseline`, `--arm`); InputError
// naming the flag if there is none.
std::size_t arm_index(const sim::Results& results, const std::string& name,
                      const std::string& flag = "--baseline");

// About how many replicates would halve the intervals of the differences, the spread per
// replicate staying what it is: the least m with t(m - 1) / sqrt(m) <= t(n - 1) / sqrt(n) / 2.
int replicates_to_halve(int replicates);

std::string format_comparison(const sim::Results& results, const std::vector<ComparisonRow>& rows);
// The same as CSV: one row per metric and arm, with the difference from the first arm.
std::string format_comparison_csv(const sim::Results& results,
                                  const std::vector<ComparisonRow>& rows);

// Every sample of `metrics`, for every region, as CSV: each arm's mean over replicates at that
// time with its interval, and its difference from the baseline (paired when the arms drew
// common random numbers). What the report's bands and kyosei_analysis's summary() show.
std::string format_over_time_csv(const sim::Results& results,
                                 const std::vector<std::string>& metrics,
                                 std::optional<std::size_t> baseline = std::nullopt);

// The budget: per arm and accounting year, programs × funders at the scenario-wide total
// (mean over replicates, in the ledger's currency), with totals and the cost per resident of
// the funder the model names. `csv` gives one row per arm, year, program and funder. Throws
// InputError when the file has no ledger.
std::string format_budget(const sim::Results& results, const sim::ModelDescription& model,
                          bool csv);

// Text helpers shared by the tables: a number with three significant figures or one decimal,
// terminal columns of UTF-8 text (CJK counts two), padding to a width, a CSV field, and a
// table with its first column left-aligned, the others right-aligned.
std::string number(double x);
std::size_t columns_of(const std::string& s);
std::string pad(const std::string& s, std::size_t width);
std::string csv_field(const std::string& text);
std::string format_table(const std::vector<std::vector<std::string>>& rows);

// What a result file holds: provenance, dimensions and metrics.
std::string format_info(const sim::Results& results);

}  // namespace kyosei::app
