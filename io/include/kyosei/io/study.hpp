#pragma once
// A sensitivity study (`kyosei sensitivity`) as one HDF5 file: the design, every point's
// outcome per arm and replicate, and the indices with their intervals. Layout in
// docs/sensitivity.md; like the result file, it is written atomically.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace kyosei::io {

struct StudyParameter {
  std::string path;          // key path as `--set` writes it; `*` stands for every list item
  std::string distribution;  // uniform | loguniform | triangular | normal
  double low = 0, high = 0;  // the range every distribution is bounded by
  double mode = 0;           // triangular
  double mean = 0, sd = 0;   // normal (truncated to [low, high])
  std::string reason;        // why it is uncertain, from the scenario
};

struct Study {
  std::string kyosei_version, created_utc, scenario_name, scenario_yaml;
  std::uint64_t seed = 0;
  std::uint64_t digest = 0;  // of everything that fixes the points' outcomes (resume)
  std::string method;        // morris | sobol
  int points = 0;            // --points: trajectories (morris) or base sample size (sobol)
  std::string metric, units, reduction;
  std::string arm;         // the arm whose metric is the outcome
  std::string difference;  // non-empty: the outcome is `arm` minus this baseline arm
  std::vector<StudyParameter> parameters;
  std::vector<std::int32_t> groups;  // [point] trajectory (morris) or block (sobol)
  std::vector<double> design;        // [point × parameter] values simulated
  std::vector<std::string> arms;
  int replicates = 0;
  std::vector<double> values;   // [point × arm × replicate] the metric, reduced as compare does
  std::vector<double> outcome;  // [point] mean over replicates of the outcome
  std::vector<std::string> index_columns;  // mu_star, mu_star_low, ... (first: the index)
  std::vector<double> indices;             // [parameter × index column]

  std::size_t point_count() const { return groups.size(); }
};

// Whether `path` is a study file (its root attribute `kind`); false for anything else.
bool is_study(const std::filesystem::path& path);
void write_study(const Study& study, const std::filesystem::path& out);
// InputError when the file is missing, not HDF5 or not a study.
Study read_study(const std::filesystem::path& in);

}  // namespace kyosei::io
