// A sensitivity study in words: its indices, its outcome's bands, and what the file holds.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "kyosei/sim/statistics.hpp"
#include "sensitivity.hpp"
#include "summary.hpp"

namespace kyosei::app {
namespace {

std::string method_in_words(const io::Study& s) {
  const std::size_t k = s.parameters.size();
  if (s.method == "morris")
    return "Morris screening, " + std::to_string(s.points) + " trajectories of " +
           std::to_string(k + 1) + " points";
  return "Sobol indices (Saltelli), " + std::to_string(s.points) + " × " + std::to_string(k + 2) +
         " points";
}

std::string outcome_in_words(const io::Study& s) {
  return s.metric + " [" + s.units + "] (" + s.reduction + ") in " + s.arm +
         (s.difference.empty() ? "" : " − " + s.difference);
}

double quantile(std::vector<double> v, double q) {  // linear between order statistics
  std::sort(v.begin(), v.end());
  const double at = q * double(v.size() - 1);
  const std::size_t i = static_cast<std::size_t>(at);
  return i + 1 < v.size() ? v[i] + (at - double(i)) * (v[i + 1] - v[i]) : v[i];
}

}  // namespace

std::string format_study_indices(const io::Study& s) {
  const std::size_t k = s.parameters.size(), columns = s.index_columns.size();
  std::vector<std::size_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::abs(s.indices[a * columns]) > std::abs(s.indices[b * columns]);
  });
  const bool morris = s.method == "morris";
  std::vector<std::vector<std::string>> rows;
  if (morris)
    rows.push_back({"parameter", "index (μ*)", "low", "high", "μ", "σ", "range"});
  else
    rows.push_back({"parameter", "index (total)", "low", "high", "first", "low", "high", "range"});
  for (std::size_t i : order) {
    const double* x = &s.indices[i * columns];
    const io::StudyParameter& p = s.parameters[i];
    std::vector<std::string> row{p.path};
    for (std::size_t c = 0; c < columns; ++c) row.push_back(number(x[c]));
    row.push_back(p.distribution + " [" + number(p.low) + ", " + number(p.high) + "]");
    rows.push_back(std::move(row));
  }
  std::ostringstream out;
  out << "Sensitivity of " << outcome_in_words(s) << ": " << method_in_words(s) << ", each "
      << s.arms.size() << " arm(s) × " << s.replicates << " replicate(s) with the same random "
      << "numbers (seed " << s.seed << ")\n"
      << (morris ? "μ*: mean absolute change of the outcome as the parameter crosses its range; "
                   "low, high: its 95% bootstrap interval over trajectories; σ: spread "
                   "(interactions, nonlinearity)\n"
                 : "total and first-order Sobol indices, each with its 95% bootstrap interval\n")
      << format_table(rows);
  return out.str();
}

std::string format_study_bands(const io::Study& s) {
  const std::size_t points = s.point_count(), reps = std::size_t(s.replicates);
  const std::size_t width = s.arms.size() * reps;
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"arm", "mean over points", "2.5%", "97.5%", "replicate 95% ±"});
  const auto add = [&](const std::string& name, auto value_of) {
    std::vector<double> means;
    double half = 0;
    for (std::size_t p = 0; p < points; ++p) {
      std::vector<double> v;
      for (std::size_t r = 0; r < reps; ++r) v.push_back(value_of(p, r));
      means.push_back(sim::mean_of(v));
      if (reps > 1) half += sim::mean_interval(v).half_width() / double(points);
    }
    rows.push_back({name, number(sim::mean_of(means)), number(quantile(means, 0.025)),
                    number(quantile(means, 0.975)), reps > 1 ? number(half) : "(1 replicate)"});
  };
  for (std::size_t a = 0; a < s.arms.size(); ++a)
    add(s.arms[a],
        [&](std::size_t p, std::size_t r) { return s.values[p * width + a * reps + r]; });
  if (!s.difference.empty()) {
    const auto index = [&](const std::string& name) {
      return std::size_t(std::find(s.arms.begin(), s.arms.end(), name) - s.arms.begin());
    };
    const std::size_t a = index(s.arm), b = index(s.difference);
    add(s.arm + " − " + s.difference, [&](std::size_t p, std::size_t r) {
      return s.values[p * width + a * reps + r] - s.values[p * width + b * reps + r];
    });
  }
  std::ostringstream out;
  out << s.metric << " [" << s.units << "] (" << s.reduction << ") under parameter uncertainty, "
      << "over the design's " << points << " points"
      << (s.method == "morris" ? " (a grid: a rough sketch of the distribution)" : "")
      << ", beside replicate uncertainty (the mean half-width of a point's 95% interval over "
      << "its replicates):\n"
      << format_table(rows);
  return out.str();
}

std::string format_study_info(const io::Study& s) {
  std::ostringstream out;
  out << "sensitivity study of scenario " << s.scenario_name << "\n"
      << "kyosei        " << s.kyosei_version << "\n"
      << "created       " << s.created_utc << "\n"
      << "seed          " << s.seed << " (every point's random numbers)\n"
      << "method        " << method_in_words(s) << "\n"
      << "outcome       " << outcome_in_words(s) << "\n"
      << "arms          ";
  for (std::size_t a = 0; a < s.arms.size(); ++a) out << (a ? ", " : "") << s.arms[a];
  out << "\nreplicates    " << s.replicates << "\n"
      << "parameters    " << s.parameters.size() << "\n";
  for (const io::StudyParameter& p : s.parameters)
    out << "  " << pad(p.path, 44) << pad(p.distribution, 12) << "[" << number(p.low) << ", "
        << number(p.high) << "]  " << p.reason << "\n";
  out << "/design/values    [point, parameter] " << s.point_count() << " × " << s.parameters.size()
      << "\n"
      << "/outputs/values   [point, arm, replicate] " << s.point_count() << " × " << s.arms.size()
      << " × " << s.replicates << "\n"
      << "/outputs/outcome  [point]\n"
      << "/indices/values   [parameter, column] columns:";
  for (const std::string& c : s.index_columns) out << " " << c;
  out << "\n";
  return out.str();
}

}  // namespace kyosei::app
